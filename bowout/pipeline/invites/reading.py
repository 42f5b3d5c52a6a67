"""An .ics file's events as plain records: when, in which zone, who organises, what changed.

Google Calendar and Apple Calendar name IANA zones; Outlook names Windows zones ("W. Europe
Standard Time"), mapped to their IANA names so the interview keeps its real zone. A time given
in UTC or without a zone is read in the user's zone. All-day events are not interviews.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bowout.errors import UnreadableInput

MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Invite:
    uid: str
    sequence: int
    method: str  # REQUEST, CANCEL, PUBLISH... ("" when the file names none)
    cancelled: bool
    start: datetime | None  # aware, in ``zone``; None for an all-day event
    zone: str
    minutes: int
    summary: str
    place: str | None
    organizer: str | None
    attendees: tuple[str, ...]


@dataclass(frozen=True)
class Unusable:
    uid: str
    reason: str


def read(data: bytes, *, zone: str = "UTC", name: str = "calendar") -> list[Invite | Unusable]:
    """Every event in ``data``; raises UnreadableInput when it is not iCalendar at all."""
    import icalendar

    if len(data) > MAX_BYTES:
        raise UnreadableInput(f"{name}: {len(data) // 1024} KB is too large for an invitation")
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError, TypeError) as exc:
        raise UnreadableInput(f"{name}: not an iCalendar (.ics) file ({exc})") from None
    method = str(calendar.get("METHOD", "")).strip().upper()
    found: list[Invite | Unusable] = []
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", "")).strip()
        if not uid:
            found.append(Unusable("", "the event has no UID"))
            continue
        try:
            found.append(_invite(event, uid, method, zone))
        except (ValueError, TypeError, KeyError, OverflowError) as exc:
            found.append(Unusable(uid, f"cannot be read ({exc})"))
    if not found:
        raise UnreadableInput(f"{name}: the calendar holds no event")
    return found


def _invite(event: object, uid: str, method: str, zone: str) -> Invite | Unusable:
    from icalendar import Event

    assert isinstance(event, Event)
    status = str(event.get("STATUS", "")).strip().upper()
    cancelled = method == "CANCEL" or status == "CANCELLED"
    sequence = int(event.get("SEQUENCE", 0) or 0)
    if "DTSTART" not in event:
        return Unusable(uid, "the event has no start time")
    raw = event.get("DTSTART")
    start = event.decoded("DTSTART")
    if not isinstance(start, datetime):
        if cancelled and isinstance(start, date):
            start = None
        else:
            return Unusable(uid, "an all-day event, not an interview at a time")
    zone_name = zone
    minutes = 60
    if start is not None:
        start, zone_name = _in_zone(start, str(raw.params.get("TZID", "")), zone)
        end = event.decoded("DTEND") if "DTEND" in event else None
        if isinstance(end, datetime):
            end = end if end.tzinfo else end.replace(tzinfo=start.tzinfo)
            minutes = round((end - start).total_seconds() / 60)
        elif "DURATION" in event:
            duration = event.decoded("DURATION")
            if isinstance(duration, timedelta):
                minutes = round(duration.total_seconds() / 60)
        minutes = min(max(minutes, 5), 24 * 60)
    return Invite(
        uid=uid[:500],
        sequence=sequence,
        method=method,
        cancelled=cancelled,
        start=start,
        zone=zone_name,
        minutes=minutes,
        summary=" ".join(str(event.get("SUMMARY", "")).split())[:500],
        place=_place(event),
        organizer=_address(event.get("ORGANIZER")),
        attendees=tuple(
            a for a in (_address(v) for v in _as_list(event.get("ATTENDEE"))) if a is not None
        ),
    )


def _in_zone(start: datetime, tzid: str, fallback: str) -> tuple[datetime, str]:
    """The start in a real IANA zone, keeping its wall-clock time."""
    zone = _iana(start.tzinfo, tzid)
    if zone is not None:
        return start.replace(tzinfo=ZoneInfo(zone)) if tzid else start.astimezone(
            ZoneInfo(zone)
        ), zone
    user = ZoneInfo(fallback)
    if start.tzinfo is None:  # a floating time: the user's wall clock
        return start.replace(tzinfo=user), fallback
    return start.astimezone(user), fallback


def _iana(zone: tzinfo | None, tzid: str) -> str | None:
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    if isinstance(zone, ZoneInfo) and zone.key not in ("UTC", "Etc/UTC"):
        return zone.key
    for name in (tzid, WINDOWS_TO_OLSON.get(tzid, ""), tzid.strip('"').split("/", 1)[-1]):
        if name and "/" in name:
            try:
                ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
            return name
    return None


def _place(event: object) -> str | None:
    from icalendar import Event

    assert isinstance(event, Event)
    for key in ("LOCATION", "X-GOOGLE-CONFERENCE", "URL"):
        value = " ".join(str(event.get(key, "")).split())
        if value:
            return value[:2000]
    return None


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _address(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.lower() if "@" in text else None
