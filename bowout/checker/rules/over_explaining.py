"""over-explaining: a decline that argues its case at length."""

from __future__ import annotations

from collections.abc import Iterator

from bowout.checker import evidence
from bowout.checker.phrases import phrases
from bowout.checker.rulebase import Draft, Example, Flag, rule
from bowout.model import Intent, Severity

_OFFER_DETAIL = phrases("offer_detail")


@rule(
    "over-explaining",
    Severity.WARNING,
    summary="A decline that justifies itself at length.",
    message="This explains more than a decline needs; the details invite debate.",
    suggestion='Keep one short reason at most ("I\'ve accepted another offer"); leave out why '
    "the other offer is better and the personal backstory.",
    fires=(
        Example(
            "Thank you for your time. I have accepted another offer: they offered a higher base "
            "salary, more equity and a senior title, so I'm withdrawing.",
            span="higher base salary",
        ),
        "Thank you for the offer. I've accepted a role elsewhere: they came back with a base "
        "about fifteen thousand higher and a team-lead title.",
    ),
    passes=(
        "Thank you for your time. I have accepted another offer, so I'm withdrawing from the "
        "process. I hope our paths cross again.",
        "Thanks for the invite. I can't make Tuesday because of a conflict; could we move the "
        "interview to Wednesday at 2pm or Thursday after 10am?",
    ),
)
def over_explaining(msg: Draft) -> Iterator[Flag]:
    """A decline needs a decision, not a case for it. Listing what the other offer pays, stacking
        reasons or telling the backstory turns a short administrative note into something to argue
        with, and reads as a comparison of their offer. Length alone does not decide: a formal
        letter's courtesies are not a case. A learned score, fitted on declines that argue and
        declines that are merely long, judges whether the reasons read as a case; a count of reasons
    or bullets does not, since formal letters and negotiations list things too."""
    if msg.intent is not Intent.DECLINE:
        return
    body = msg.body
    for match in msg.find(_OFFER_DETAIL):
        yield msg.sentence(match.start())
        return
    if evidence.explanation_words(msg) < evidence.EXPLANATION_WORDS:
        return
    if msg.learned.get("over-explaining", 0.0) > 0:
        first, last = (
            body.first_sentence()[0],
            body.sentences[-1][1] if body.sentences else body.end,
        )
        yield first, last


RULE = over_explaining
