"""The calendar feed: interviews, send-by deadlines and follow-ups, one event each, with UIDs
that never change, so a calendar app subscribed to it updates events instead of duplicating them.

An interview that is cancelled (declined, rescheduled, or dropped when an offer was accepted)
stays in the feed as STATUS:CANCELLED with a raised SEQUENCE, which is how calendar apps learn
of a cancellation. ``cancellation`` writes the METHOD:CANCEL file to attach to a message.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bowout.errors import Conflict
from bowout.model import LIVE_INTERVIEWS
from bowout.pipeline import due
from bowout.pipeline.interviews import get_interview
from bowout.pipeline.schema import Followup, Interview, Process

PRODID = "-//bowout//interviews and deadlines//EN"
HISTORY = timedelta(days=60)  # interviews this far back stay in the feed
_FOLLOWUP_TITLES = {
    "withdrawal": "Send your withdrawal to {company}",
    "reply": "Answer {company}",
    "linkedin_note": "LinkedIn note to {company}",
    "reconnect": "Reconnect with {company}",
}


def interview_uid(interview_id: int) -> str:
    return f"interview-{interview_id}@bowout"


def sequence_of(interview: Interview) -> int:
    """The invitation's own SEQUENCE, raised once more when the interview is off."""
    base = interview.sequence or 0
    return base + (0 if interview.status in (*LIVE_INTERVIEWS, "done") else 1)


def feed(session: Session, *, now: datetime, name: str = "bowout") -> bytes:
    """The whole feed as an .ics document."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    rows = session.execute(
        select(Interview, Process.company, Process.role)
        .join(Process)
        .where(Interview.start >= now - HISTORY)
        .order_by(Interview.start, Interview.id)
    ).all()
    for interview, company, role in rows:
        calendar.add_component(_interview_event(interview, company, role, now))
    for item in due.status(session, now=now)["items"]:
        if item["kind"] == "decide_before_interview" and item["due"]:
            calendar.add_component(_send_by_event(item, now))
    followups = session.execute(
        select(Followup, Process.company)
        .join(Process)
        .where(Followup.done_at.is_(None))
        .order_by(Followup.due, Followup.id)
    ).all()
    for followup, company in followups:
        calendar.add_component(_followup_event(followup, company, now))
    _zones(calendar, now)
    return bytes(calendar.to_ical())


def events(data: bytes) -> list[dict[str, Any]]:
    """The feed's events as JSON-ready dicts (what a calendar app will show)."""
    from icalendar import Calendar

    found = []
    for event in Calendar.from_ical(data).walk("VEVENT"):
        start = event.decoded("DTSTART")
        found.append(
            {
                "uid": str(event["UID"]),
                "summary": str(event.get("SUMMARY", "")),
                "start": start.isoformat(),
                "zone": str(event["DTSTART"].params.get("TZID", "UTC")),
                "status": str(event.get("STATUS", "")),
                "sequence": int(event.get("SEQUENCE", 0)),
            }
        )
    return found


def _zones(calendar: Any, now: datetime) -> None:
    """VTIMEZONE definitions for the zones used, over the years around now (not since 1970)."""
    calendar.add_missing_timezones(
        first_date=date(now.year - 1, 1, 1), last_date=date(now.year + 3, 1, 1)
    )


def _event(uid: str, now: datetime) -> Any:
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now.astimezone(UTC))
    return event


def _interview_event(interview: Interview, company: str, role: str | None, now: datetime) -> Any:
    event = _event(interview_uid(interview.id), now)
    start = interview.start.astimezone(ZoneInfo(interview.zone))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=interview.minutes))
    title = f"Interview: {company}" + (f" ({role})" if role else "")
    live = interview.status in (*LIVE_INTERVIEWS, "done")
    event.add("summary", title if live else f"Cancelled: {title}")
    event.add("sequence", sequence_of(interview))
    event.add("status", "CONFIRMED" if live else "CANCELLED")
    if interview.place:
        event.add("location", interview.place)
    event.add("description", f"bowout process {interview.process_id}, interview {interview.id}")
    return event


def _send_by_event(item: dict[str, Any], now: datetime) -> Any:
    event = _event(f"sendby-{item['interview']}@bowout", now)
    due_at = datetime.fromisoformat(item["due"])
    event.add("dtstart", due_at)
    event.add("dtend", due_at + timedelta(minutes=15))
    event.add("summary", f"Send by now: {item['summary']}")
    event.add("description", f"Next: {item['next']}")
    event.add("status", "CONFIRMED")
    return event


def _followup_event(followup: Followup, company: str, now: datetime) -> Any:
    event = _event(f"followup-{followup.id}@bowout", now)
    event.add("dtstart", followup.due)
    event.add("dtend", followup.due + timedelta(minutes=15))
    title = _FOLLOWUP_TITLES.get(followup.kind, "Follow up with {company}")
    event.add("summary", title.format(company=company))
    if followup.note:
        event.add("description", followup.note)
    event.add("status", "CONFIRMED")
    return event


def cancellation(session: Session, interview_id: int, *, now: datetime) -> bytes:
    """A METHOD:CANCEL .ics under the invitation's own UID, for an interview being cancelled
    (attached to the message that says so) or already cancelled."""
    from icalendar import Calendar

    interview = get_interview(session, interview_id)
    if interview.status == "done":
        raise Conflict(
            f"interview {interview_id} took place: there is nothing to cancel", "interview"
        )
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL")
    event = _event(interview.uid or interview_uid(interview.id), now)
    start = interview.start.astimezone(ZoneInfo(interview.zone))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=interview.minutes))
    event.add("sequence", (interview.sequence or 0) + 1)
    event.add("status", "CANCELLED")
    event.add("summary", f"Cancelled: interview with {interview.process.company}")
    for contact in interview.process.contacts:
        if contact.email:
            event.add("attendee", f"mailto:{contact.email}", parameters={"CN": contact.name})
    calendar.add_component(event)
    _zones(calendar, now)
    return bytes(calendar.to_ical())


def attach_cancellation(message: EmailMessage, ics: bytes) -> EmailMessage:
    """The drafted message with the cancellation attached, as calendar apps expect it."""
    message.add_attachment(
        ics,
        maintype="text",
        subtype="calendar",
        filename="cancel.ics",
        params={"method": "CANCEL"},
    )
    return message
