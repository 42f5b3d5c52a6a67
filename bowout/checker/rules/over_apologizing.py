"""over-apologizing: apologising for the decision itself, or again and again."""

from __future__ import annotations

from collections.abc import Iterator

from bowout.checker import evidence
from bowout.checker import intent as cues
from bowout.checker.phrases import Lazy, phrases
from bowout.checker.rulebase import Draft, Example, Flag, rule
from bowout.model import Intent, Severity

_APOLOGY = phrases("apology")
_FOR_DECISION = phrases("apology_for_decision")
# self-reproach counts as an apology: "I feel awful", "I really hate asking"
_REPROACH = Lazy(
    r"\bi (?:feel|felt) (?:\w+ )?(?:terrible|awful|horrible|guilty|dreadful)\b"
    r"|\bi (?:\w+ )?hate (?:asking|to ask|doing this|to do this)\b"
)
_SCOPE = (Intent.DECLINE, Intent.DEFERRAL, Intent.RESCHEDULE, Intent.SAME_DAY_CANCEL)


@rule(
    "over-apologizing",
    Severity.WARNING,
    summary="Apologising for the decision itself, or again and again.",
    message="This apologises for the decision; a decision needs no apology.",
    suggestion="Thank them instead and state the decision; keep one apology, for the timing "
    "only, when you cancel late.",
    fires=(
        Example(
            "Hi Sam, I'm so sorry to have to say no, I feel terrible. I have accepted another "
            "offer.",
            span="so sorry to",
        ),
        "I'm so sorry. I can't apologise enough for this, and I'm truly sorry to let you down: "
        "I have to withdraw from the process.",
        Example(
            "Hi Noor, I'm so sorry, I really hate asking, but could we move Friday's interview to "
            "Monday at 3pm? I feel awful about the hassle.",
            span="feel awful",
        ),
    ),
    passes=(
        "Hi Sam, I'm sorry for the short notice: I need to cancel today's interview. Apologies "
        "for any disruption. Could we do Thursday at 10am instead?",
        "I'm very sorry I haven't been in touch for so long. I hope you're well!",
        "Sorry for the late notice, I feel awful: I'm ill and can't make today's interview. Could "
        "we do Thursday at 10am?",
        "I apologise for any inconvenience. I have accepted another offer and am withdrawing my "
        "application. Thank you for your time.",
    ),
)
def over_apologizing(msg: Draft) -> Iterator[Flag]:
    """Warm but decisive: the guide's tone thanks people and owns the decision. Apologising for
    having decided, or for having a life, makes the decline heavier than it is and invites
    reassurance. The one apology a late cancellation needs is for its timing, and one
    apology for the trouble in a formal letter is courtesy, not excess."""
    if msg.intent not in _SCOPE:
        return
    timing = msg.late or msg.intent is Intent.SAME_DAY_CANCEL
    if msg.intent is Intent.DECLINE:
        for match in msg.find(_FOR_DECISION):
            start, end = msg.sentence(match.start())
            text = msg.body.masked
            if timing and (
                evidence.TIMING_COST.search(text, start, end) or cues.TODAY.search(text, start, end)
            ):
                continue
            yield match.span()
            return
    apologies = [
        m
        for m in msg.find(_APOLOGY)
        if not evidence.SORRY_TO_HEAR.match(msg.body.masked, m.start())
    ]
    if len(apologies) in (1, 2):
        body = msg.body
        apologies.extend(_REPROACH.finditer(body.masked, body.start, body.end))
        apologies.sort(key=lambda hit: hit.start())
    if len(apologies) >= 3:
        yield apologies[2].span()


RULE = over_apologizing
