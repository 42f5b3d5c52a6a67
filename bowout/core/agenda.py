"""What is due, most urgent first: the pure part of `bowout status`.

The tracker reads a few facts per open process from the store (``Facts``), with set-based
queries; this module turns them and ``now`` into to-do items. Nothing here reads a clock or a
database, so every rule about ages and notice classes is tested with plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bowout.core import timing
from bowout.model import (
    FollowupKind,
    InterviewStatus,
    NextAction,
    NoticeClass,
    ProcessIntent,
    StatusKind,
)

REPLY_WARNING = timedelta(hours=24)
REPLY_OVERDUE = timedelta(hours=72)
PAY_NUDGE = timedelta(days=5)
WITHDRAWAL_OVERDUE = timedelta(hours=24)
UPCOMING = timedelta(days=14)  # interviews this close are shown, with their choice still open

KINDS = tuple(kind.value for kind in StatusKind)
_RANK = {"overdue": 0, "warning": 1, "info": 2}
_NOTICE_SEVERITY = {
    NoticeClass.AMPLE: "info",
    NoticeClass.SHORT: "warning",
    NoticeClass.LATE: "overdue",
    NoticeClass.SAME_DAY: "overdue",
    NoticeClass.PAST: "overdue",
}
# What a "no" costs at each notice, said to someone who has not decided yet.
_UPCOMING_HINT = {
    NoticeClass.AMPLE: "if you will not go, saying so now is a simple change for them",
    NoticeClass.SHORT: "if you will not go, say so today: it is still a simple change",
    NoticeClass.LATE: "if you will not go, say so now and apologise for the timing",
    NoticeClass.SAME_DAY: "it is today: if you cannot go, say so now, with an apology",
}


def upcoming_hint(cls: NoticeClass) -> str | None:
    """What saying no would cost at this notice, said to someone who has not decided yet."""
    return _UPCOMING_HINT.get(cls)


@dataclass(frozen=True)
class ProcessFacts:
    """An open process and the times of its latest messages.

    ``last_in`` is the latest message received and logged by hand; ``mail_owed`` the oldest
    message read from mail that asks something and has no answer yet (its thread decides);
    ``heard`` the latest message received either way (it answers a pay question).
    """

    id: int
    company: str
    intent: str | None = None
    last_in: datetime | None = None
    last_out: datetime | None = None
    last_pay_question: datetime | None = None
    mail_owed: datetime | None = None
    heard: datetime | None = None
    pay_source: str = "manual"


@dataclass(frozen=True)
class InterviewFacts:
    """A live interview of an open process, soon; ``intent`` is what the user means to do."""

    id: int
    process: int
    company: str
    intent: str | None
    start: datetime  # aware, in the interview's own zone
    source: str = "manual"  # "calendar" when it came in as an invitation
    status: str = InterviewStatus.SCHEDULED.value  # confirmed: the user said they will go


@dataclass(frozen=True)
class FollowupFacts:
    id: int
    process: int
    company: str
    kind: str
    due: datetime
    interview: datetime | None = None  # the process's next interview, for withdrawals


@dataclass(frozen=True)
class Facts:
    processes: tuple[ProcessFacts, ...] = ()
    interviews: tuple[InterviewFacts, ...] = ()
    followups: tuple[FollowupFacts, ...] = ()


def items(facts: Facts, now: datetime) -> list[dict[str, Any]]:
    """Every to-do item, most urgent first: overdue, then warnings, then the rest, by due time."""
    found: list[dict[str, Any]] = []
    # A process owed a withdrawal is answered by sending it: one item, not two.
    withdrawing = {f.process for f in facts.followups if f.kind == FollowupKind.WITHDRAWAL}
    for process in facts.processes:
        if process.id not in withdrawing:
            found.extend(_message_items(process, now))
    for interview in facts.interviews:
        if interview.process in withdrawing:
            continue
        item = _interview_item(interview, now)
        if item is not None:
            found.append(item)
    for followup in facts.followups:
        item = _followup_item(followup, now)
        if item is not None:
            found.append(item)
    found.sort(key=_urgency)
    return found


def _urgency(item: dict[str, Any]) -> tuple[int, str, int]:
    due = item["due"] or "9999"
    return (_RANK[item["severity"]], due, item["process"])


def _next(action: NextAction, process: int, **ids: int) -> dict[str, Any]:
    return {"action": action.value, "process": process, **ids}


def _item(
    kind: StatusKind,
    process: int,
    company: str,
    *,
    due: datetime | None,
    age: timedelta | None,
    severity: str,
    next_action: dict[str, Any],
    summary: str,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "kind": kind.value,
        "process": process,
        "company": company,
        "due": due.astimezone(UTC).isoformat() if due else None,
        "age_hours": round(age.total_seconds() / 3600, 1) if age is not None else None,
        "severity": severity,
        "next": next_action,
        "summary": summary,
        **extra,
    }


def _message_items(process: ProcessFacts, now: datetime) -> list[dict[str, Any]]:
    found = []
    last_out = process.last_out
    owed: list[tuple[datetime, str]] = []
    if process.last_in is not None and (last_out is None or last_out < process.last_in):
        owed.append((process.last_in, "manual"))
    if process.mail_owed is not None:
        owed.append((process.mail_owed, "mail"))
    if owed:
        last_in, source = min(owed)  # the one waiting longest
        age = max(now - last_in, timedelta())
        severity = (
            "overdue" if age >= REPLY_OVERDUE else "warning" if age >= REPLY_WARNING else "info"
        )
        action = {
            ProcessIntent.DECLINE.value: NextAction.DECLINE,
            ProcessIntent.RESCHEDULE.value: NextAction.RESCHEDULE,
        }.get(process.intent or "", NextAction.WRITE_REPLY)
        found.append(
            _item(
                StatusKind.REPLY_OWED,
                process.id,
                process.company,
                due=last_in + REPLY_WARNING,
                age=age,
                severity=severity,
                next_action=_next(action, process.id),
                summary=f"{process.company} wrote {_ago(age)} and has no answer yet",
                source=source,
            )
        )
    asked = process.last_pay_question
    heard = process.heard or process.last_in
    if asked is not None and (heard is None or heard < asked):
        age = max(now - asked, timedelta())
        found.append(
            _item(
                StatusKind.PAY_ANSWER_AWAITED,
                process.id,
                process.company,
                due=asked + PAY_NUDGE,
                age=age,
                severity="warning" if age >= PAY_NUDGE else "info",
                next_action=_next(NextAction.LOG_ANSWER, process.id),
                summary=f"you asked {process.company} about pay {_ago(age)}; no answer yet",
                source=process.pay_source,
            )
        )
    return found


def _interview_item(interview: InterviewFacts, now: datetime) -> dict[str, Any] | None:
    notice = timing.notice(interview.start, now)
    when = timing.describe(interview.start)
    if interview.intent in (ProcessIntent.DECLINE.value, ProcessIntent.RESCHEDULE.value):
        due = timing.send_by(interview.start, now, within=timedelta(hours=24))
        verb = "decline" if interview.intent == ProcessIntent.DECLINE.value else "move"
        action = NextAction(interview.intent)
        return _item(
            StatusKind.DECIDE_BEFORE_INTERVIEW,
            interview.process,
            interview.company,
            due=due,
            age=None,
            severity=_NOTICE_SEVERITY.get(notice.cls, "info"),
            next_action=_next(action, interview.process, interview=interview.id),
            summary=(
                f"you mean to {verb} the {interview.company} interview on {when} "
                f"({notice.cls.value.replace('_', ' ')} notice)"
            ),
            interview=interview.id,
            notice=notice.to_json(),
        )
    hint = _UPCOMING_HINT.get(notice.cls)
    if hint is None or interview.start - now > UPCOMING:
        return None  # started already, or too far ahead to show
    going = interview.status == InterviewStatus.CONFIRMED.value
    if going:
        hint = "you said you will go"
    return _item(
        StatusKind.UPCOMING,
        interview.process,
        interview.company,
        due=interview.start,
        age=None,
        severity="info",
        next_action=_next(NextAction.DECIDE_INTERVIEW, interview.process, interview=interview.id),
        summary=f"{interview.company} interview {_until(interview.start - now)}, {when}: {hint}",
        interview=interview.id,
        notice=notice.to_json(),
        source=interview.source,
        going=going,
    )


def _followup_item(followup: FollowupFacts, now: datetime) -> dict[str, Any] | None:
    age = max(now - followup.due, timedelta())
    if followup.kind == FollowupKind.WITHDRAWAL:
        late = followup.interview is not None and timing.notice(followup.interview, now).cls in (
            NoticeClass.LATE,
            NoticeClass.SAME_DAY,
            NoticeClass.PAST,
        )
        return _item(
            StatusKind.WITHDRAWAL_OWED,
            followup.process,
            followup.company,
            due=followup.due,
            age=age,
            severity="overdue" if late or age >= WITHDRAWAL_OVERDUE else "warning",
            next_action=_next(NextAction.SEND_WITHDRAWAL, followup.process, followup=followup.id),
            summary=f"withdraw from {followup.company}: the message is drafted, send it",
            followup=followup.id,
            source="followup",
        )
    if followup.kind in (FollowupKind.LINKEDIN_NOTE, FollowupKind.RECONNECT):
        if followup.due > now:
            return None
        what = (
            "a LinkedIn note" if followup.kind == FollowupKind.LINKEDIN_NOTE else "a reconnection"
        )
        return _item(
            StatusKind.RECONNECT_DUE,
            followup.process,
            followup.company,
            due=followup.due,
            age=age,
            severity="info",
            next_action=_next(NextAction.SEND_NOTE, followup.process, followup=followup.id),
            summary=f"{what} to {followup.company} is due",
            followup=followup.id,
            source="followup",
        )
    return None


def _ago(age: timedelta) -> str:
    hours = age.total_seconds() / 3600
    if hours < 1:
        return "under an hour ago"
    if hours < 48:
        return f"{hours:.0f} h ago"
    return f"{hours / 24:.0f} days ago"


def _until(left: timedelta) -> str:
    hours = left.total_seconds() / 3600
    if hours < 1:
        return "in under an hour"
    if hours < 48:
        return f"in {hours:.0f} h"
    return f"in {hours / 24:.0f} days"
