"""vague-reschedule: a request to move an interview that proposes no time."""

from __future__ import annotations

from collections.abc import Iterator

from bowout.checker import evidence
from bowout.checker import intent as cues
from bowout.checker.rulebase import Draft, Example, Flag, rule
from bowout.model import Intent, Severity


@rule(
    "vague-reschedule",
    Severity.WARNING,
    summary="A request to move an interview that proposes no concrete alternative.",
    message="This hands the scheduling work back to them instead of proposing a time.",
    suggestion='Propose two or three concrete windows ("Monday 8 December 14:00-17:00 CET, or '
    'Thursday 11 December before noon").',
    fires=(
        Example(
            "Hi Sam, I have a conflict and need to reschedule our interview. Let me know when "
            "else works for you. Thanks, Kim",
            span="Let me know when else works",
        ),
        "Hi Sam, I've been asked to travel on Wednesday, so I need to move our interview. Happy "
        "to go with whatever your team can offer.",
        "Dear Sir, the interview on Friday is not possible for me because I have exam. Please can "
        "you give me other date, any date is ok for me.",
        "Hi Sam, I can no longer make Tuesday's interview. Could you send your availability?",
        "Could we reschedule?",
        Example(
            "I'm so sorry for missing our interview this morning at 9:30; I was taken ill on the "
            "way. I would be grateful for the chance to reschedule it.",
            span="reschedule",
        ),
    ),
    passes=(
        "Hi Sam, I have a conflict and need to reschedule our interview. Would Tuesday after "
        "2pm or Dec 9, 9-12 CET work? Or let me know if another time suits you better.",
        "Dear Sir, the interview on Friday is not possible for me because I have exam. Is "
        "possible Monday 17 or Tuesday 18, any time after 11:00?",
        "I'm so sorry for missing our interview this morning at 9:30. Could we reschedule it "
        "for Friday at 11:00?",
        "Unfortunately I have a clash on [date]. I'm available on [two or three alternative "
        "times]. Thank you for understanding.",
    ),
)
def vague_reschedule(msg: Draft) -> Iterator[Flag]:
    """A reschedule request is only half done without alternatives: "let me know when else works"
    makes the recruiter do the scheduling, costs another round of messages and reads as a
    soft deferral. Concrete days and windows make the move easy to accept; in a template, a
    placeholder for them ("[two or three times]") counts."""
    wants_new_time = msg.intent is Intent.RESCHEDULE or (
        msg.intent is Intent.SAME_DAY_CANCEL and evidence.asks_new_time(msg)
    )
    if not wants_new_time or evidence.proposes_time(msg) or evidence.offers_slot_placeholder(msg):
        return
    if not msg.stated and not evidence.asks_new_time(msg):
        return  # read as a move, but nothing in it asks for one ("I'm flexible.")
    handback = next(msg.find(cues.HANDBACK), None)
    if handback is not None:
        yield handback.span()
        return
    move = next(msg.find(cues.MOVE), None)
    yield msg.sentence(move.start()) if move else msg.body.first_sentence()


RULE = vague_reschedule
