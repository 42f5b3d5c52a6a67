"""no-gratitude: a no that never thanks them or acknowledges their time."""

from __future__ import annotations

from collections.abc import Iterator

from bowout.checker import evidence
from bowout.checker.rulebase import Draft, Flag, rule
from bowout.model import Intent, Severity

_SCOPE = (Intent.DECLINE, Intent.DEFERRAL, Intent.SAME_DAY_CANCEL, Intent.RESCHEDULE)


@rule(
    "no-gratitude",
    Severity.SUGGESTION,
    summary="A decline or cancellation with no thanks for their time.",
    message="Nothing here thanks them or acknowledges the time they have put in.",
    suggestion='Add one line of thanks: "Thank you for the time you and the team gave me."',
    fires=(
        "Hi Sam, I have accepted another offer and am withdrawing from the process. Best, Kim",
        "Could we reschedule?",
        "I can't come to the interview, my car has broken down.",
        "Please remove me from consideration. No need to apologise for moving the interview "
        "four times.",
        "Hi Sam, I mailed a thank-you card after our interview in May. I've since accepted a "
        "role elsewhere, so I'm withdrawing.",
    ),
    passes=(
        "Hi Sam, I have accepted another offer and am withdrawing from the process. Thank you "
        "for your time. Best, Kim",
        "Hi Sam, I need to reschedule our interview. Sorry for the trouble. Could we do Tuesday "
        "at 2pm?",
        "Hi Ana, we worked together at Brightline years ago. How have you been?",
        "could i get back to you on friday? want to talk it over at home first",
        "can we do it another day? got a work thing that clashes. ty",
    ),
)
def no_gratitude(msg: Draft) -> Iterator[Flag]:
    """Acknowledging their investment is one of the three parts of a good decline (thanks,
    decision, goodwill). A no, a cancellation or a request to move with no thanks and no word
    for the trouble reads as curt. An apology for the inconvenience counts as that word; a
    connection or reconnection note is not a no and needs none, nor is a request for time
    with a stated horizon ("can I let you know by Monday?")."""
    if msg.intent not in _SCOPE or evidence.acknowledges(msg):
        return
    if msg.intent is Intent.DEFERRAL and evidence.horizon(msg):
        return  # asks for time until a stated day: a plan, not a no (the conventions)
    if msg.intent is Intent.RESCHEDULE and not msg.stated and not evidence.asks_new_time(msg):
        return  # read as a move, but nothing in it asks for one: not a no to judge
    end = msg.body.first_sentence()[1]
    yield end, end  # where the thanks belongs: after the first sentence


RULE = no_gratitude
