"""unclear-decision: a no, a pause or a cancellation that never says what happens next."""

from __future__ import annotations

from collections.abc import Iterator

from bowout.checker import evidence
from bowout.checker import intent as cues
from bowout.checker.rulebase import Draft, Example, Flag, rule
from bowout.model import Intent, Severity


@rule(
    "unclear-decision",
    Severity.ERROR,
    summary="A decline or cancellation that never states the decision.",
    message="This never says what you decided, so it reads as a maybe.",
    suggestion='Say it in one sentence: "I\'ve decided to withdraw from the process."',
    fires=(
        Example(
            "Hi Lea, thanks for reaching out. I'm not sure this is the right time for me, I'll "
            "think about it and let you know.",
            span="thanks for reaching out.",
        ),
        "I can't attend the interview on Friday, my car has broken down.",
        "Woke up with the worst migraine. The 9am isn't happening.",
        "Sorry for the short notice, I woke up with a fever and can't make today's interview.",
    ),
    passes=(
        "Hi Lea, thanks for reaching out. I've decided not to move forward with the role.",
        "Thank you for the offer. I'll be declining it, and I wish you luck with the search.",
        "hey thanks for reaching out!! i'm happy where i am so gonna pass, good luck",
        "Thank you for the offer! Could I take until Monday to think it over with my family?",
        "Sorry for the short notice, I woke up with a fever and can't make today's interview. "
        "Could we do Thursday at 10am instead?",
    ),
)
def unclear_decision(msg: Draft) -> Iterator[Flag]:
    """The one sentence a no cannot do without is the decision. Polite messages that only
    circle it ("timing is tricky", "I'll think about it"), and excuses that cancel without
    withdrawing or asking for a new time, leave the recruiter guessing and get a follow-up;
    the guide remembers them as strung along. A pause with a stated horizon ("until Monday")
    is a clear plan."""
    if msg.decided:
        return
    if msg.intent is Intent.DEFERRAL:
        if evidence.horizon(msg):
            return
    elif msg.intent is Intent.SAME_DAY_CANCEL:
        if evidence.asks_new_time(msg):
            return
    elif msg.intent is Intent.DECLINE:
        if not msg.stated and not msg.has(cues.HEDGE):
            return  # read as a decline from its words: the decision is there, phrased our way
    else:
        return
    yield msg.body.first_sentence()


RULE = unclear_decision
