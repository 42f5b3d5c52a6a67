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
from bowout.model import NoticeClass

REPLY_WARNING = timedelta(hours=24)
REPLY_OVERDUE = timedelta(hours=72)
PAY_NUDGE = timedelta(days=5)
WITHDRAWAL_OVERDUE = timedelta(hours=24)

KINDS = (
    "reply_owed",
    "decide_before_interview",
    "withdrawal_owed",
    "pay_answer_awaited",
    "reconnect_due",
)
_RANK = {"overdue": 0, "warning": 1, "info": 2}
_NOTICE_SEVERITY = {
    NoticeClass.AMPLE: "info",
    NoticeClass.SHORT: "warning",
    NoticeClass.LATE: "overdue",
    NoticeClass.SAME_DAY: "overdue",
    NoticeClass.PAST: "overdue",
}


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
    """A scheduled interview of a process the user means to decline or move."""

    id: int
    process: int
    company: str
    intent: str
    start: datetime  # aware, in the interview's own zone
    source: str = "manual"  # "calendar" when it came in as an invitation


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
    withdrawing = {f.process for f in facts.followups if f.kind == "withdrawal"}
    for process in facts.processes:
        if process.id not in withdrawing:
            found.extend(_message_items(process, now))
    found.extend(_interview_item(interview, now) for interview in facts.interviews)
    for followup in facts.followups:
        item = _followup_item(followup, now)
        if item is not None:
            found.append(item)
    found.sort(key=_urgency)
    return found


def _urgency(item: dict[str, Any]) -> tuple[int, str, int]:
    due = item["due"] or "9999"
    return (_RANK[item["severity"]], due, item["process"])


def _item(
    kind: str,
    process: int,
    company: str,
    *,
    due: datetime | None,
    age: timedelta | None,
    severity: str,
    next_command: str,
    summary: str,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "kind": kind,
        "process": process,
        "company": company,
        "due": due.astimezone(UTC).isoformat() if due else None,
        "age_hours": round(age.total_seconds() / 3600, 1) if age is not None else None,
        "severity": severity,
        "next": next_command,
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
        if process.intent in ("decline", "reschedule"):
            command = f"bowout {process.intent} {process.id}"
        else:
            command = f'bowout log out {process.id} --text "..."'
        found.append(
            _item(
                "reply_owed",
                process.id,
                process.company,
                due=last_in + REPLY_WARNING,
                age=age,
                severity=severity,
                next_command=command,
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
                "pay_answer_awaited",
                process.id,
                process.company,
                due=asked + PAY_NUDGE,
                age=age,
                severity="warning" if age >= PAY_NUDGE else "info",
                next_command=f'bowout log in {process.id} --text "..."',
                summary=f"you asked {process.company} about pay {_ago(age)}; no answer yet",
                source=process.pay_source,
            )
        )
    return found


def _interview_item(interview: InterviewFacts, now: datetime) -> dict[str, Any]:
    notice = timing.notice(interview.start, now)
    due = timing.send_by(interview.start, now, within=timedelta(hours=24))
    verb = "decline" if interview.intent == "decline" else "move"
    return _item(
        "decide_before_interview",
        interview.process,
        interview.company,
        due=due,
        age=None,
        severity=_NOTICE_SEVERITY.get(notice.cls, "info"),
        next_command=f"bowout {interview.intent} {interview.process}",
        summary=(
            f"you mean to {verb} the {interview.company} interview on "
            f"{timing.describe(interview.start)} ({notice.cls.value.replace('_', ' ')} notice)"
        ),
        interview=interview.id,
        notice=notice.to_json(),
        source=interview.source,
    )


def _followup_item(followup: FollowupFacts, now: datetime) -> dict[str, Any] | None:
    age = max(now - followup.due, timedelta())
    if followup.kind == "withdrawal":
        late = followup.interview is not None and timing.notice(followup.interview, now).cls in (
            NoticeClass.LATE,
            NoticeClass.SAME_DAY,
            NoticeClass.PAST,
        )
        return _item(
            "withdrawal_owed",
            followup.process,
            followup.company,
            due=followup.due,
            age=age,
            severity="overdue" if late or age >= WITHDRAWAL_OVERDUE else "warning",
            next_command=f"bowout followup done {followup.id}",
            summary=(
                f"withdraw from {followup.company}: send the drafted message "
                f"(bowout followup show {followup.id}), then mark it sent"
            ),
            followup=followup.id,
            source="followup",
        )
    if followup.kind in ("linkedin_note", "reconnect"):
        if followup.due > now:
            return None
        what = "a LinkedIn note" if followup.kind == "linkedin_note" else "a reconnection note"
        return _item(
            "reconnect_due",
            followup.process,
            followup.company,
            due=followup.due,
            age=age,
            severity="info",
            next_command=f"bowout reconnect --process {followup.process}",
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
