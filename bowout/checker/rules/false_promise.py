"""false-promise: a promise of future contact that a decline rarely keeps."""

from __future__ import annotations

from collections.abc import Iterator

from bowout.checker import evidence
from bowout.checker.phrases import Lazy, phrases
from bowout.checker.rulebase import Draft, Example, Flag, rule
from bowout.model import Intent, Severity

_PROMISE = phrases("promise")
_PROMISE_GUARD = Lazy(
    lambda: (
        phrases("hedger").pattern
        + r"|(?<!\w)(?:hope|wish|would love|['’]d love|glad|happy|would like|['’]d like)(?!\w)"
    )
)


@rule(
    "false-promise",
    Severity.WARNING,
    summary="A promise of future contact that a decline rarely keeps.",
    message="This promises future contact you probably will not make.",
    suggestion='Close with goodwill that promises nothing: "All the best with the search."',
    fires=(
        Example(
            "Thank you for your time. I've accepted another offer, but I'll definitely be in "
            "touch soon.",
            span="definitely be in touch",
        ),
        Example(
            "Thank you. I have decided not to proceed with the offer, and I will be sending "
            "several strong candidates your way shortly.",
            span="will be sending several strong candidates your way",
        ),
        "I've decided not to proceed with the offer. I will of course contact you personally "
        "next week to explain.",
    ),
    passes=(
        "Thank you for your time. I've accepted another offer. I hope our paths cross again, and "
        "I'll keep following your work.",
        "Thank you so much for the offer. Could I take a couple of days to discuss it at home? "
        "I'll get back to you soon.",
    ),
)
def false_promise(msg: Draft) -> Iterator[Flag]:
    """ "I'll definitely be in touch" sounds kind, but in a decline it is usually not kept, and
    the recruiter may wait for it. A wish ("I hope our paths cross") closes warmly without
    creating an expectation. A pause that promises an answer is a plan, not a false promise."""
    if msg.intent not in (Intent.DECLINE, Intent.DEFERRAL):
        return
    if msg.intent is Intent.DEFERRAL and evidence.horizon(msg):
        return  # "may I answer by Friday? I'll get back to you soon": the answer is the plan
    for match in msg.find(_PROMISE):
        if not msg.just_before(match.start(), _PROMISE_GUARD, 50):
            yield match.span()


RULE = false_promise
