"""vague-deferral: a no that leaves the door open and invites a follow-up."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bowout.checker import evidence
from bowout.checker import intent as cues
from bowout.checker.phrases import phrases
from bowout.checker.rulebase import Draft, Example, Flag, rule
from bowout.model import Intent, Severity

_HEDGE_WEAK = phrases("hedge_weak")
_GOODWILL = phrases("goodwill")
_STOPPING = (Intent.DECLINE, Intent.DEFERRAL)
# hedges that put the decision itself off, even after a no: "decline for now", "revisit"
_DEFERS = re.compile(
    r"revisit|for now|for the moment|for the time being|keep me (?:posted|updated|in the loop)"
    r"|check back|circle back|on hold|hold off|pick (?:this|it) up"
    r"|(?:maybe|perhaps|possibly) (?:later|another time|some ?day|down the|in a few|next)"
)


@rule(
    "vague-deferral",
    Severity.ERROR,
    summary="A decline that leaves the door open and invites a follow-up.",
    message="This leaves the decision open, so the recruiter will follow up and ask again.",
    suggestion='State the decision plainly ("I\'m withdrawing from the process"); a goodwill '
    'line such as "I wish you and the team every success" keeps the relationship without a maybe.',
    fires=(
        Example(
            "Hi Lea, I'm not sure this is the right time for me. Maybe later. Thanks, Tom",
            span="not sure this is the right time",
        ),
        "Thanks for the invitation. I've decided to withdraw for now, but let's revisit this in "
        "a few months.",
        "Thank you for the offer. I'm going to decline for the moment, so do keep me posted.",
        "Thanks for the update. I'm not sure the timing lines up for me.",
    ),
    passes=(
        "Hi Lea, I'm withdrawing from the process at this time. Thank you for your time, "
        "and I hope our paths cross again.",
        "Thank you for the call. I have accepted another offer, so I'll step back from the "
        "process. I'll keep Acme in mind.",
        "Thank you for the offer! Could I take until Monday to think it over with my family?",
    ),
)
def vague_deferral(msg: Draft) -> Iterator[Flag]:
    """A maybe is not a no. "Not sure it's the right time" or "let's revisit in a few months"
    reads as a deferral, so the recruiter keeps the slot warm and checks in again; the guide
    remembers this as being strung along. A clear decision with goodwill costs nothing, and a
    soft closing after a clear no ("when the timing is better") is goodwill. A pause with a
    stated horizon ("until Monday") is a plan, not a maybe."""
    if msg.intent not in _STOPPING or evidence.horizon(msg):
        return
    for match in msg.find(cues.HEDGE):
        if msg.decided and not _DEFERS.search(match.group(0)):
            continue  # a soft closing after a clear no ("perhaps when the timing is better")
        yield match.span()
    for match in msg.find(_HEDGE_WEAK):
        if not msg.in_sentence(match.start(), _GOODWILL):
            yield match.span()


RULE = vague_deferral
