"""Time: parsing aware instants, notice classes, and concrete alternative slots.

Pure: the current time is always an argument. Every datetime here carries a time zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from bowout.errors import InvalidInput
from bowout.model import Notice, NoticeClass

AMPLE_HOURS = 72
SHORT_HOURS = 24

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DAY_KEYS = {name[:3].lower(): i for i, name in enumerate(_WEEKDAYS)}
WORKING_HOURS = tuple(f"{day[:3]} 09:00-17:00" for day in _WEEKDAYS[:5])


# Instants outside these years are typos or probes, never an interview; refusing them here
# keeps date arithmetic (and the store) away from the calendar's edges.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200
EXAMPLE_INSTANT = "2026-12-03T14:00+01:00"


def parse_instant(value: str | datetime, field: str, *, zone: tzinfo | None = None) -> datetime:
    """An ISO-8601 date and time. One without an offset is read in ``zone`` when given, and is
    an error otherwise. The error names the field and says what to write instead."""
    if isinstance(value, datetime):
        parsed = value
    else:
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput(
                f"a date and time is needed here (example: {EXAMPLE_INSTANT})", field=field
            )
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            shown = text if len(text) <= 60 else text[:57] + "..."
            raise InvalidInput(
                f"{shown!r} is not a date and time (example: {EXAMPLE_INSTANT})", field=field
            ) from None
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise InvalidInput(
            f"{parsed.year} is outside the years {EARLIEST_YEAR}-{LATEST_YEAR}; check the date",
            field=field,
        )
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        if zone is None:
            raise InvalidInput(
                f"{value!s} has no time zone; add an offset such as +01:00 or Z", field=field
            )
        parsed = parsed.replace(tzinfo=zone)
    return parsed


def notice(interview_at: datetime | None, now: datetime) -> Notice:
    """How much notice a message sent at `now` gives, judged in the interview's own zone."""
    if interview_at is None:
        return Notice(None, NoticeClass.NONE)
    # Arithmetic in UTC: Python subtracts datetimes sharing a tzinfo as wall-clock times,
    # which would hide the hour a DST change adds or removes.
    at, current = _utc(interview_at), _utc(now)
    hours = round((at - current).total_seconds() / 3600, 2)
    if current >= at:
        cls = NoticeClass.PAST
    elif now.astimezone(interview_at.tzinfo).date() == interview_at.date():
        cls = NoticeClass.SAME_DAY
    elif hours < SHORT_HOURS:
        cls = NoticeClass.LATE
    elif hours < AMPLE_HOURS:
        cls = NoticeClass.SHORT
    else:
        cls = NoticeClass.AMPLE
    return Notice(hours, cls)


def send_by(interview_at: datetime | None, now: datetime, *, within: timedelta) -> datetime:
    """When to send: promptly, before the notice gets a class worse, never after the interview."""
    current_time = _utc(now)
    deadline = current_time + within
    if interview_at is None:
        return deadline.astimezone(now.tzinfo)
    at = _utc(interview_at)
    current = notice(interview_at, now).cls
    boundary = {
        NoticeClass.AMPLE: at - timedelta(hours=AMPLE_HOURS),
        NoticeClass.SHORT: at - timedelta(hours=SHORT_HOURS),
        NoticeClass.LATE: _utc(datetime.combine(interview_at.date(), time(), interview_at.tzinfo)),
    }.get(current, at)
    chosen = max(current_time, min(deadline, boundary, at)) if current_time < at else current_time
    return chosen.astimezone(interview_at.tzinfo)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


# --- availability windows and proposed slots -------------------------------------------------

_WINDOW = re.compile(
    r"^\s*(?:(?P<day>[A-Za-z]{3})[a-z]*|(?P<date>\d{4}-\d{2}-\d{2}))\s+"
    r"(?P<start>\d{1,2}(?::\d{2})?)\s*[-–]\s*(?P<end>\d{1,2}(?::\d{2})?)\s*$"
)


@dataclass(frozen=True)
class Window:
    """A recurring weekday window or a window on one date, in the user's zone."""

    weekday: int | None
    on: date | None
    start: time
    end: time


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime


def _clock(text: str, window: str) -> time:
    hour, _, minute = text.partition(":")
    try:
        return time(int(hour), int(minute or 0))
    except ValueError:
        raise InvalidInput(
            f"availability {window!r}: {text!r} is not a time of day", field="available"
        ) from None


def parse_window(text: str) -> Window:
    match = _WINDOW.match(text)
    if not match:
        raise InvalidInput(
            f"availability {text!r} not understood; write a weekday or a date and a time range, "
            "e.g. 'Tue 12:00-17:00' or '2026-12-09 09:00-12:00'",
            field="available",
        )
    start, end = _clock(match["start"], text), _clock(match["end"], text)
    if end <= start:
        raise InvalidInput(
            f"availability {text!r}: the window must end after it starts", field="available"
        )
    if match["date"]:
        try:
            on = date.fromisoformat(match["date"])
        except ValueError:
            raise InvalidInput(
                f"availability {text!r}: {match['date']} is not a date", field="available"
            ) from None
        return Window(None, on, start, end)
    weekday = _DAY_KEYS.get(match["day"].lower())
    if weekday is None:
        raise InvalidInput(f"availability {text!r}: unknown weekday", field="available")
    return Window(weekday, None, start, end)


def _local(day: date, clock: time, zone: tzinfo) -> datetime:
    """A wall-clock time in `zone`; a time skipped by a DST change moves forward, not back."""
    naive_guess = datetime.combine(day, clock, zone)
    return naive_guess.astimezone(ZoneInfo("UTC")).astimezone(zone)


def propose(
    availability: tuple[str, ...] | list[str],
    *,
    now: datetime,
    zone: tzinfo,
    original: datetime | None = None,
    count: int = 3,
    lead: timedelta = timedelta(hours=48),
    horizon_days: int = 21,
    minimum: timedelta = timedelta(hours=1),
    their_zone: tzinfo | None = None,
    their_day: tuple[time, time] = (time(8, 0), time(18, 0)),
) -> list[Slot]:
    """Two or three concrete windows on different days, far enough ahead, not the original day.

    With `their_zone`, each window is also cut to the recruiter's working day, so nobody is
    offered a slot at four in the morning.
    """
    windows = [parse_window(w) for w in (availability or WORKING_HOURS)]
    earliest = _utc(now) + lead
    skip_day = original.astimezone(zone).date() if original else None
    found: list[Slot] = []
    first_day = now.astimezone(zone).date()
    for offset in range(horizon_days + 1):
        day = first_day + timedelta(days=offset)
        if day == skip_day:
            continue
        for window in windows:
            if window.on is not None and window.on != day:
                continue
            if window.weekday is not None and window.weekday != day.weekday():
                continue
            start = _local(day, window.start, zone)
            end = _local(day, window.end, zone)
            if _utc(start) < earliest:  # clipped: start at the next whole hour after `earliest`
                start = earliest.astimezone(zone)
                if start.minute or start.second or start.microsecond:
                    start = start.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
            if their_zone is not None:
                start, end = _within_their_day(start, end, their_zone, their_day)
            if _utc(end) - _utc(start) >= minimum:
                found.append(Slot(start, end))
                break  # one window a day: alternatives on different days
        if len(found) >= count:
            break
    return found


def _within_their_day(
    start: datetime, end: datetime, zone: tzinfo, day: tuple[time, time]
) -> tuple[datetime, datetime]:
    their_date = start.astimezone(zone).date()
    opens, closes = _local(their_date, day[0], zone), _local(their_date, day[1], zone)
    return max(start, opens).astimezone(start.tzinfo), min(end, closes).astimezone(start.tzinfo)


def hours_text(hours: float) -> str:
    """'3.5 h', '25 h': one decimal only where it matters."""
    return f"{hours:.1f} h" if hours < 10 and hours != int(hours) else f"{hours:.0f} h"


def _hm(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"  # strftime("%H:%M"), at a third of the cost


def _zone_label(moment: datetime) -> str:
    return moment.tzname() or moment.strftime("%z")


def render_slot(slot: Slot, recruiter_zone: tzinfo, user_zone: tzinfo | None = None) -> str:
    """'Tuesday 8 December, 12:00–17:00 CET', with the user's time added when it differs."""
    start, end = slot.start.astimezone(recruiter_zone), slot.end.astimezone(recruiter_zone)
    day = f"{_WEEKDAYS[start.weekday()]} {start.day} {_MONTHS[start.month - 1]}"
    text = f"{day}, {_hm(start)}–{_hm(end)} {_zone_label(start)}"
    if user_zone is not None:
        mine_start, mine_end = slot.start.astimezone(user_zone), slot.end.astimezone(user_zone)
        if mine_start.utcoffset() != start.utcoffset():
            text += f" ({_hm(mine_start)}–{_hm(mine_end)} {_zone_label(mine_start)} for me)"
    return text


def describe(moment: datetime) -> str:
    """A readable instant for messages and notes: 'Thursday 3 December at 14:00 CET'."""
    day = f"{_WEEKDAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1]}"
    return f"{day} at {_hm(moment)} {_zone_label(moment)}"
