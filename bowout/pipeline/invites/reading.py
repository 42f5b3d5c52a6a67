"""An .ics file's events as plain records: when, in which zone, who organises, what changed.

Google Calendar and Apple Calendar name IANA zones; Outlook names Windows zones ("W. Europe
Standard Time"), mapped to their IANA names so the interview keeps its real zone. A time given
in UTC or without a zone is read in the user's zone. All-day events are not interviews.
"""

from __future__ import annotations

import warnings
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
    from icalendar.error import GloballyUniqueTZIDGuessed

    with warnings.catch_warnings():
        # icalendar warns when it reads "/vendor/Europe/Berlin" as Europe/Berlin; so do we
        # (``_iana``), and a warning on a user's terminal would only alarm them.
        warnings.simplefilter("ignore", GloballyUniqueTZIDGuessed)
        return _read(data, zone, name)


def _read(data: bytes, zone: str, name: str) -> list[Invite | Unusable]:
    import icalendar

    if len(data) > MAX_BYTES:
        raise UnreadableInput(f"{name}: {len(data) // 1024} KB is too large for an invitation")
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError, TypeError, AttributeError) as exc:
        # AttributeError: icalendar's answer to a component it cannot name (BEGIN:garbage)
        raise UnreadableInput(f"{name}: not an iCalendar (.ics) file ({exc})") from None
    method = str(calendar.get("METHOD", "")).strip().upper()
    zones = _own_zones(calendar)
    found: list[Invite | Unusable] = []
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", "")).strip()
        if not uid:
            found.append(Unusable("", "the event has no UID"))
            continue
        try:
            found.append(_invite(event, uid, method, zone, zones))
        except (ValueError, TypeError, KeyError, OverflowError, AttributeError) as exc:
            found.append(Unusable(uid, f"cannot be read ({exc})"))
    if not found:
        raise UnreadableInput(f"{name}: the calendar holds no event")
    return found


def _invite(
    event: object, uid: str, method: str, zone: str, zones: dict[str, tzinfo]
) -> Invite | Unusable:
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
        start, zone_name = _moment(raw, zones, zone)
        if "DTEND" in event and isinstance(event.decoded("DTEND"), datetime):
            end, _ = _moment(event.get("DTEND"), zones, zone)
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


def _own_zones(calendar: object) -> dict[str, tzinfo]:
    """The zones this file defines itself, by TZID.

    icalendar keeps the first definition of a TZID it sees for the rest of the process; a
    long-running server reading files from many senders must not let one file's definition
    decide another's times, so each file's times are read against its own definitions.
    """
    from icalendar import Component, Timezone

    zones: dict[str, tzinfo] = {}
    if not isinstance(calendar, Component):  # what icalendar made of a file that is no calendar
        return zones
    for component in calendar.walk("VTIMEZONE"):
        if not isinstance(component, Timezone):
            continue
        tzid = str(component.get("TZID", "")).strip()
        if tzid and tzid not in zones:
            try:
                zones[tzid] = component.to_tz(lookup_tzid=False)
            except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
                continue  # a broken definition: the time is read as if it named no zone
    return zones


def _moment(prop: object, zones: dict[str, tzinfo], fallback: str) -> tuple[datetime, str]:
    """A DTSTART or DTEND as an aware time in a real IANA zone, keeping its wall-clock time."""
    value = getattr(prop, "dt", None)
    if not isinstance(value, datetime):
        raise ValueError("the time is not a date and time")
    params = getattr(prop, "params", {})
    tzid = str(params.get("TZID", "")).strip()
    wall = value.replace(tzinfo=None)
    user = ZoneInfo(fallback)
    if tzid:
        name = _iana(None, tzid)
        if name is not None:
            return wall.replace(tzinfo=ZoneInfo(name)), name
        own = zones.get(tzid)
        if own is not None:
            return wall.replace(tzinfo=own).astimezone(user), fallback
        return wall.replace(tzinfo=user), fallback  # a zone nobody defined: the user's clock
    if value.tzinfo is None:  # a floating time: the user's wall clock
        return wall.replace(tzinfo=user), fallback
    name = _iana(value.tzinfo, "")
    if name is not None:
        return value.astimezone(ZoneInfo(name)), name
    return value.astimezone(user), fallback


def _iana(zone: tzinfo | None, tzid: str) -> str | None:
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    if isinstance(zone, ZoneInfo) and zone.key not in ("UTC", "Etc/UTC"):
        return zone.key
    # A globally unique TZID ("/mozilla.org/20050126_1/America/New_York") ends in an IANA name.
    parts = tzid.strip('"/').split("/")
    tails = ("/".join(parts[-3:]), "/".join(parts[-2:]))
    for name in (tzid, WINDOWS_TO_OLSON.get(tzid, ""), *tails):
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
