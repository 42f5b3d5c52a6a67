"""missing-timing-apology: cancelling on the day without apologising for the timing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from bowout.checker import evidence
from bowout.checker import intent as cues
from bowout.checker.rulebase import Draft, Example, Flag, rule
from bowout.model import CheckContext, Intent, Severity

_AT = datetime(2026, 3, 3, 14, 0, tzinfo=UTC)
_LATE_CONTEXT = CheckContext(interview_at=_AT, sent_at=datetime(2026, 3, 3, 9, 0, tzinfo=UTC))


@rule(
    "missing-timing-apology",
    Severity.ERROR,
    summary="A same-day or late cancellation without an apology for the timing.",
    message="This cancels on the day (or under 24 hours ahead) without acknowledging the cost.",
    suggestion="Apologise for the timing itself: \"I'm sorry to cancel this late; I know the "
    'team had set the time aside."',
    fires=(
        "Hi Sam, something urgent came up and I need to cancel today's interview. Could we do "
        "Thursday at 10am instead?",
        "Dear Mrs Lind, today I have fever and I cannot come to interview at 14:00. Is possible "
        "to move it to next Tuesday?",
        "Hi Sam, I won't be able to make our interview in a couple of hours. Could we do Friday "
        "at 11am instead?",
        Example(
            "Hi Sam, my car broke down, so I can't make the interview. Could we do Friday at 11am "
            "instead?",
            context=_LATE_CONTEXT,
            span="my car broke down",
        ),
    ),
    passes=(
        "Hi Sam, something urgent came up and I need to cancel today's interview. I apologise "
        "for the short notice. Could we do Thursday at 10am instead?",
        Example(
            "Hi Sam, I have a conflict on Thursday; could we move the interview to Friday at "
            "11am? Thanks!",
            context=CheckContext(interview_at=_AT, sent_at=datetime(2026, 2, 20, tzinfo=UTC)),
        ),
    ),
)
def missing_timing_apology(msg: Draft) -> Iterator[Flag]:
    """Cancelling hours before an interview costs the people who prepared and held the time.
    The apology for the timing is what turns it into "inconvenient, but handled" rather than a
    cost nobody acknowledged. It is about the timing, not about the decision; in a short
    note, any apology next to the cancellation does the job. A decline or a move is held to it
    when the context says the interview is less than a day away."""
    if msg.intent is not Intent.SAME_DAY_CANCEL and not (
        msg.late_by_context and msg.intent in (Intent.DECLINE, Intent.RESCHEDULE, Intent.DEFERRAL)
    ):
        return
    if evidence.timing_apologies(msg) or evidence.apologises(msg):
        return
    for pattern in (cues.TODAY, cues.TOMORROW, cues.CANCEL, cues.DECISION, cues.MOVE):
        match = next(msg.find(pattern), None)
        if match is not None:
            yield msg.sentence(match.start())
            return
    yield msg.body.first_sentence()


RULE = missing_timing_apology
