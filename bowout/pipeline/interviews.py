"""A process's interviews over the store: schedule, confirm, cancel, move, find the next one.

A time written without an offset is read in the interview's own zone (or the user's, by
default): the zone is stored with the interview, so its calendar day is judged where it happens.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bowout.config import zone_named
from bowout.core import timing
from bowout.errors import Conflict, InvalidInput, NotFound
from bowout.model import InterviewStatus, Stage
from bowout.pipeline.fields import clean_text, parse_enum
from bowout.pipeline.processes import by_id, resolve
from bowout.pipeline.schema import Interview, Process, StageChange
from bowout.pipeline.serialize import interview_json

MINUTES = (5, 24 * 60)


def new_interview(
    at: str | datetime,
    *,
    zone: str,
    minutes: int,
    place: str | None,
    now: datetime,
    field: str = "interview_at",
) -> Interview:
    """An interview row (not yet attached), checked: a future time, a sane length. ``field``
    names the time in errors."""
    where = zone_named(zone, "zone")
    start = timing.parse_instant(at, field, zone=where)
    if start <= now:
        raise InvalidInput(
            f"{timing.describe(start.astimezone(where))} is in the past; give a future time",
            field=field,
        )
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise InvalidInput("the length is a number of minutes", field="minutes")
    if not MINUTES[0] <= minutes <= MINUTES[1]:
        raise InvalidInput(
            f"an interview lasts between {MINUTES[0]} and {MINUTES[1]} minutes", field="minutes"
        )
    return Interview(
        start=start,
        zone=zone,
        minutes=minutes,
        place=clean_text(place, "place", 2000),
        status=InterviewStatus.SCHEDULED.value,
    )


def schedule(process: Process, interview: Interview, *, now: datetime) -> Interview:
    """Attach ``interview`` to ``process``; an early-stage process moves to interviewing."""
    if not Stage(process.stage).is_open:
        raise Conflict(
            f"process {process.id} is {process.stage}; reopen it before adding an interview",
            field="process",
        )
    live = [i for i in process.interviews if i.is_live]
    if any(i.start == interview.start for i in live):
        raise Conflict(
            f"process {process.id} already has an interview at that time", field="interview_at"
        )
    process.interviews.append(interview)
    if process.stage in (Stage.APPLIED.value, Stage.SCREENING.value):
        process.stage = Stage.INTERVIEWING.value
        process.stages.append(StageChange(stage=process.stage, at=now))
    process.updated_at = now
    return interview


def add_interview(
    session: Session,
    ref: str,
    at: str | datetime,
    *,
    now: datetime,
    zone: str,
    minutes: int = 60,
    place: str | None = None,
) -> dict[str, Any]:
    process = resolve(session, ref)
    interview = new_interview(at, zone=zone, minutes=minutes, place=place, now=now)
    schedule(process, interview, now=now)
    session.flush()
    return interview_json(interview)


def get_interview(session: Session, interview_id: int) -> Interview:
    interview = by_id(session, Interview, interview_id)
    if interview is None:
        raise NotFound(f"there is no interview with id {interview_id}", field="interview")
    return interview


def update_interview(
    session: Session,
    interview_id: int,
    *,
    now: datetime,
    status: str | None = None,
    at: str | None = None,
) -> dict[str, Any]:
    """Confirm, cancel or mark done (``status``), or move to a new time (``at``; the old one is
    kept as rescheduled)."""
    interview = get_interview(session, interview_id)
    if not interview.is_live:
        raise Conflict(f"interview {interview_id} is already {interview.status}", "interview")
    if at is not None:
        moved = move(interview, at, now=now)
        session.flush()
        return interview_json(moved)
    if status is None:
        raise InvalidInput("give a new status or a new time", field="status")
    interview.status = parse_enum(InterviewStatus, status, "status")
    interview.process.updated_at = now
    session.flush()
    return interview_json(interview)


def move(interview: Interview, at: str | datetime, *, now: datetime) -> Interview:
    """The interview at its new time; the old slot stays on record as rescheduled."""
    moved = new_interview(
        at,
        zone=interview.zone,
        minutes=interview.minutes,
        place=interview.place,
        now=now,
        field="at",
    )
    interview.status = InterviewStatus.RESCHEDULED.value
    interview.process.interviews.append(moved)
    interview.process.updated_at = now
    return moved


def next_interview(process: Process, now: datetime) -> Interview | None:
    upcoming = [i for i in process.interviews if i.is_live and i.start > now]
    return min(upcoming, key=lambda i: i.start) if upcoming else None
