"""Check a message: its intent, what the recipient will remember badly and where, and how it
will be perceived. Pure: no I/O, no clock (the send time comes in the context).

Inline marker: ``bowout: ignore=critique,over-explaining`` anywhere in a message turns those
rules off for that message only (the marker itself is never judged).
"""

from __future__ import annotations

from bowout.checker import intent as intents
from bowout.checker import rules
from bowout.checker.rulebase import Message
from bowout.checker.text import split
from bowout.core.timing import notice
from bowout.model import (
    PERCEPTION,
    CheckContext,
    CheckReport,
    Finding,
    Impact,
    Intent,
    NoticeClass,
    Outcome,
    PerceptionRow,
)

_LATE = frozenset({NoticeClass.LATE, NoticeClass.SAME_DAY, NoticeClass.PAST})
_UNACKNOWLEDGED = PerceptionRow(
    Outcome.SAME_DAY_WITH_APOLOGY,
    "Cancelled at the last minute and never acknowledged what it cost us.",
    Impact.SLIGHTLY_NEGATIVE,
)


def notice_class(context: CheckContext) -> NoticeClass:
    """The notice the message gives, when the context has both times; else NONE."""
    if context.interview_at is None or context.sent_at is None:
        return NoticeClass.NONE
    return notice(context.interview_at, context.sent_at).cls


def check(text: str, context: CheckContext | None = None) -> CheckReport:
    """Findings, intent and predicted perception for one message."""
    context = context or CheckContext()
    body = split(text)
    cls = notice_class(context)
    same_day = cls in (NoticeClass.SAME_DAY, NoticeClass.PAST)
    decided = bool(intents.decisions(body))
    intent = context.intent or intents.classify(body, same_day=same_day, decided=decided)
    late = cls in _LATE if cls is not NoticeClass.NONE else intents.late_in_text(body)
    message = Message(body, intent, late, decided, context.history)
    ignored = context.ignore | body.ignored
    findings: list[Finding] = []
    for rule in rules.REGISTRY:
        if rule.id in ignored:
            continue
        for start, end in dict.fromkeys(rule.check(message)):
            findings.append(
                Finding(
                    rule.id,
                    rule.severity,
                    start,
                    end,
                    text[start:end],
                    rule.message,
                    rule.suggestion,
                )
            )
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    fired = {f.rule for f in findings}
    return CheckReport(
        intent=intent,
        findings=tuple(findings),
        perception=_perception(fired, message),
        words=body.words,
        sentences=len(body.sentences),
    )


def _perception(fired: set[str], message: Message) -> PerceptionRow:
    if "critique" in fired:
        return PERCEPTION[Outcome.PARTING_SHOT]
    if fired & {"vague-deferral", "unclear-decision"}:
        return PERCEPTION[Outcome.VAGUE_DELAY]
    if "missing-timing-apology" in fired:
        return _UNACKNOWLEDGED
    owed = message.history.acknowledge_in(message.intent) if message.history else None
    if owed in ("unanswered", "late"):  # a silence: owned, it was handled late; ignored, it stays
        ignored = "unacknowledged-history" in fired
        return PERCEPTION[Outcome.GHOSTING if ignored else Outcome.SAME_DAY_WITH_APOLOGY]
    cancels = message.intent in (Intent.SAME_DAY_CANCEL, Intent.DECLINE)
    if message.late and (cancels or message.intent is Intent.RESCHEDULE):
        return PERCEPTION[Outcome.SAME_DAY_WITH_APOLOGY]
    return PERCEPTION[Outcome.PROMPT_WARM]
