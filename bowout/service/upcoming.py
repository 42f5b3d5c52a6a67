"""What is coming, by day: every live interview and every deadline (a reply owed, a decision
to send, a withdrawal, a note) in the next weeks, in the user's time zone; and the one-click
answer to an upcoming interview, "I will go"."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from bowout.core import agenda, timing
from bowout.errors import InvalidInput
from bowout.model import InterviewStatus, StatusKind
from bowout.service.context import Context

HORIZON_DAYS = 28
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def going(ctx: Context, interview_id: int) -> dict[str, Any]:
    """The user will go: the interview is confirmed and any plan to decline or move it dropped."""
    from bowout.pipeline import editing

    with ctx.write() as session:
        return editing.going(session, interview_id, now=ctx.now)


def upcoming(ctx: Context, *, days: int = HORIZON_DAYS) -> dict[str, Any]:
    """Interviews and deadlines from now to ``days`` ahead, grouped by the user's calendar day;
    deadlines already passed are listed under today, marked overdue."""
    from bowout.pipeline import coming, due
    from bowout.pipeline.serialize import iso

    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 366:
        raise InvalidInput("look between 1 and 366 days ahead", field="days")
    now, zone = ctx.now, ctx.zone
    until = now + timedelta(days=days)
    entries: list[dict[str, Any]] = []
    with ctx.read() as session:
        for interview in coming.interviews_between(session, now, until):
            process = interview.process
            start = interview.local_start
            notice = timing.notice(start, now)
            confirmed = interview.status == InterviewStatus.CONFIRMED.value
            entries.append(
                {
                    "kind": "interview",
                    "at": iso(start),
                    "process": process.id,
                    "company": process.company,
                    "role": process.role,
                    "interview": interview.id,
                    "status": interview.status,
                    "zone": interview.zone,
                    "local": start.isoformat(),
                    "minutes": interview.minutes,
                    "place": interview.place,
                    "intent": process.intent,
                    "notice": notice.to_json(),
                    "summary": "you said you will go"
                    if confirmed
                    else agenda.upcoming_hint(notice.cls) or "",
                }
            )
        items = due.status(session, now=now)["items"]
        for item in items:
            if item["kind"] == StatusKind.UPCOMING.value or not item["due"]:
                continue
            entries.append(
                {
                    "kind": "deadline",
                    "at": item["due"],
                    "process": item["process"],
                    "company": item["company"],
                    "status_kind": item["kind"],
                    "severity": item["severity"],
                    "summary": item["summary"],
                    "next": item["next"],
                }
            )
        listed = {item.get("followup") for item in items if item.get("followup")}
        for followup in coming.followups_between(session, now, until):
            if followup.id in listed:
                continue
            company = followup.process.company
            entries.append(
                {
                    "kind": "deadline",
                    "at": iso(followup.due),
                    "process": followup.process_id,
                    "company": company,
                    "status_kind": StatusKind.RECONNECT_DUE.value,
                    "severity": "info",
                    "summary": _followup_summary(followup.kind, company),
                    "next": {"action": "send_note", "process": followup.process_id},
                }
            )
    today = now.astimezone(zone).date()
    by_day: dict[date, list[dict[str, Any]]] = {}
    for entry in entries:
        moment = datetime.fromisoformat(entry["at"]).astimezone(zone)
        entry["overdue"] = moment < now
        entry["time"] = moment.strftime("%H:%M")
        day = max(moment.date(), today)
        by_day.setdefault(day, []).append(entry)
    return {
        "now": now.isoformat(),
        "days": [
            {
                "date": day.isoformat(),
                "label": _day_label(day, today),
                "entries": sorted(by_day[day], key=lambda e: (not e["overdue"], e["at"])),
            }
            for day in sorted(by_day)
        ],
    }


def _followup_summary(kind: str, company: str) -> str:
    if kind == "linkedin_note":
        return f"a LinkedIn note to {company} falls due"
    if kind == "reconnect":
        return f"a reconnection with {company} falls due"
    return f"a follow-up for {company} falls due"


def _day_label(day: date, today: date) -> str:
    if day == today:
        return "Today"
    if day == today + timedelta(days=1):
        return "Tomorrow"
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
