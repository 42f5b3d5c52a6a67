"""second-chance-ask: coming back after a no to ask for the role."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bowout.checker import intent as cues
from bowout.checker.rulebase import Draft, Example, Flag, rule
from bowout.model import Intent, Severity

# their advice recalled: "you told me to come back once...", "appreciated your advice to..."
_THEIR_ADVICE = re.compile(
    r"\b(?:told|advised|suggested|encouraged|recommended) (?:me to|me that|that i|i)\b"
    r"|\byour (?:advice|suggestion|recommendation|feedback) (?:to|that|about)\b"
)


@rule(
    "second-chance-ask",
    Severity.ERROR,
    summary="A reconnection after a decline that asks for the role back.",
    message="Asking for the role back turns a relationship touch into a second-chance ask.",
    suggestion="Reconnect without asking: congratulate them on something concrete, or say you "
    "keep following their work.",
    fires=(
        Example(
            "Hi Ana, we spoke about the data role earlier this year. Is the role still open? "
            "I'd love to be considered again.",
            span="Is the role still open",
        ),
        "Hi Ana, we spoke about the data role in the spring. Would there be any way to pick "
        "things back up?",
        "Hi Ana, I withdrew last year, but I'd like to know if the door is still open.",
        "Hi Ana, we last spoke in March. Would you have any similar openings on the team now?",
        Example(
            "Dear Ms. Ferro, it has been six months since I declined the offer. I was wondering "
            "whether the position might still be open.",
            span="position might still be open",
        ),
        "Hi Ana, since I turned the offer down my plans have changed. Would you consider me for "
        "it again?",
    ),
    passes=(
        "Hi Ana, we spoke earlier this year about the data role. I saw your launch "
        "announcement, congratulations! It looks like an exciting direction.",
        "Hi Ana, we spoke about the data role last year. I saw your team open-sourced its deploy "
        "tool; congratulations, it's really well done.",
        "Hi Ana, when we met in March you suggested I get a year of on-call work behind me. I "
        "have, and I'd like to be considered for your next opening.",
    ),
)
def second_chance_ask(msg: Draft) -> Iterator[Flag]:
    """Months after declining, "is the role still open?" tells them you regret the decision
    and are testing whether they would take you back; it makes the earlier no look careless.
    A reconnection that asks for nothing keeps the relationship."""
    if msg.intent not in (Intent.RECONNECT, Intent.CONNECTION_NOTE):
        return
    if _THEIR_ADVICE.search(msg.body.active):
        return  # the earlier no was theirs: coming back as they advised is a new application
    for match in msg.find(cues.SECOND_CHANCE):
        yield match.span()


RULE = second_chance_ask
