"""Check a message: its intent, what the recipient will remember badly and where, and how it
will be perceived. Pure: no I/O, no clock (the send time comes in the context); the learned
weights are data read once.

Inline marker: ``bowout: ignore=critique,over-explaining`` anywhere in a message turns those
rules off for that message only (the marker itself is never judged).
"""

from __future__ import annotations

from bowout.checker import features, learned
from bowout.checker import intent as intents
from bowout.checker.language import is_english
from bowout.checker.rulebase import Draft
from bowout.checker.rules import REGISTRY
from bowout.checker.text import own_words, split
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
_TIMED = frozenset({Intent.SAME_DAY_CANCEL, Intent.DECLINE, Intent.RESCHEDULE, Intent.DEFERRAL})
_UNACKNOWLEDGED = PerceptionRow(
    Outcome.SAME_DAY_WITH_APOLOGY,
    "Cancelled at the last minute and never acknowledged what it cost us.",
    Impact.SLIGHTLY_NEGATIVE,
)
_AS_STRANGERS = PerceptionRow(
    Outcome.PROMPT_WARM,
    "Polite, but wrote as if we had never been in touch before.",
    Impact.NEUTRAL,
)
_VAGUE_MOVE = PerceptionRow(
    Outcome.VAGUE_DELAY,
    "Wants to move it but left us to find the time; we'll chase them for a date.",
    Impact.SLIGHTLY_NEGATIVE,
)
# what a recipient takes from a message whose only findings are of these kinds: never
# "Professional" while a rule fired
_MINOR = {
    "second-chance-ask": "Came back asking for the role they turned down.",
    "over-explaining": "Clear enough, but it argued its case; the details invite a reply.",
    "false-promise": "Friendly, but promised a follow-up we will probably never get.",
    "over-apologizing": "Decided, but so apologetic that it felt heavier than it was.",
    "no-gratitude": "Clear, but a little curt: no word for the time we put in.",
}
NOT_ENGLISH = (
    "This does not look like English. The checker reads English only, so it judged nothing "
    "here: no findings does not mean nothing to fix."
)
_NOT_READ = PerceptionRow(Outcome.PROMPT_WARM, "Not judged: the checker reads English only.",
                          Impact.NEUTRAL)  # fmt: skip


def notice_class(context: CheckContext) -> NoticeClass:
    """The notice the message gives, when the context has both times; else NONE."""
    if context.interview_at is None or context.sent_at is None:
        return NoticeClass.NONE
    return notice(context.interview_at, context.sent_at).cls


def check(
    text: str, context: CheckContext | None = None, *, models: learned.Models | None = None
) -> CheckReport:
    """Findings, intent and predicted perception for one message. ``models``: learned weights
    other than the shipped ones (cross-validation fits its own)."""
    context = context or CheckContext()
    body = split(text)
    own = own_words(body)
    tokens = features.words(own)
    if not is_english(own, tokens):
        return CheckReport(
            intent=context.intent or Intent.OTHER,
            findings=(),
            perception=_NOT_READ,
            words=body.words,
            sentences=len(body.sentences),
            language="other",
            note=NOT_ENGLISH,
        )
    active = models or learned.load()
    cls = notice_class(context)
    same_day = cls in (NoticeClass.SAME_DAY, NoticeClass.PAST)
    decided = bool(intents.decisions(body))
    bag = features.bag_of(own, tokens)
    bag.update(features.cues(body))
    label, scores = active.read(bag)
    intent = context.intent or intents.infer(
        body, label, same_day, decided, notice_known=cls is not NoticeClass.NONE
    )
    if cls is not NoticeClass.NONE:
        late = cls in _LATE
    else:  # only these intents are judged on their timing
        late = intent in _TIMED and intents.late_in_text(body)
    message = Draft(
        body,
        intent,
        late,
        decided,
        scores,
        models,
        cls in _LATE,
        context.intent is not None,
        context.history,
    )
    ignored = context.ignore | body.ignored
    findings: list[Finding] = []
    for rule in REGISTRY:
        if rule.id in ignored:
            continue
        seen: set[tuple[int, int]] = set()
        for flag in rule.check(message):
            start, end = flag[0], flag[1]
            if (start, end) in seen:
                continue
            seen.add((start, end))
            suggestion = flag[2] if len(flag) == 3 else rule.suggestion
            findings.append(
                Finding(
                    rule.id,
                    rule.severity,
                    start,
                    end,
                    text[start:end],
                    rule.message,
                    suggestion,
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


def _perception(fired: set[str], message: Draft) -> PerceptionRow:
    if "critique" in fired:
        return PERCEPTION[Outcome.PARTING_SHOT]
    if fired & {"vague-deferral", "unclear-decision"}:
        return PERCEPTION[Outcome.VAGUE_DELAY]
    if "missing-timing-apology" in fired:
        return _UNACKNOWLEDGED
    if "vague-reschedule" in fired:
        return _VAGUE_MOVE
    owed = message.history.acknowledge_in(message.intent) if message.history else None
    ignored = "unacknowledged-history" in fired
    if owed in ("unanswered", "late"):  # a silence: owned, it was handled late; ignored, it stays
        return PERCEPTION[Outcome.GHOSTING if ignored else Outcome.SAME_DAY_WITH_APOLOGY]
    if ignored:
        return _AS_STRANGERS
    for rule, remembered in _MINOR.items():
        if rule in fired:
            return PerceptionRow(Outcome.PROMPT_WARM, remembered, Impact.NEUTRAL)
    cancels = message.intent in (Intent.SAME_DAY_CANCEL, Intent.DECLINE)
    if message.late and (cancels or message.intent is Intent.RESCHEDULE):
        return PERCEPTION[Outcome.SAME_DAY_WITH_APOLOGY]
    return PERCEPTION[Outcome.PROMPT_WARM]
