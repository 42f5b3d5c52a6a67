"""The stateful service layer: the user's processes, interviews, messages and follow-ups.

Every function takes a session (one transaction, from ``Store.write()`` or ``Store.read()``),
plain values and ``now``, and returns JSON-ready dicts. Bad input raises a ``BowoutError``
before anything is written, so the caller's transaction rolls back whole. Messages received
and sent are in ``bowout.correspondence``; how processes end (decline, reschedule, accept, keep,
reconnect) in ``bowout.endings``; what is due (follow-ups, status) in ``bowout.reminders``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bowout.config import zone_named
from bowout.errors import Ambiguous, Conflict, InvalidInput, NotFound
from bowout.model import ContactRole, InterviewStatus, Stage
from bowout.pipeline.schema import Contact, Followup, Interview, Process, StageChange
from bowout.pipeline.serialize import contact_json, interview_json, process_json

INTENTS = ("decline", "reschedule")
LIVE_INTERVIEWS = (InterviewStatus.SCHEDULED.value, InterviewStatus.CONFIRMED.value)
OPEN_STAGES = [s.value for s in Stage if s.is_open]
CLOCK_SKEW = timedelta(minutes=5)


# --- finding things --------------------------------------------------------------------------


def resolve(session: Session, ref: str | int) -> Process:
    """A process by id or by an unambiguous company name (exact, else a unique prefix)."""
    text = str(ref).strip()
    if not text:
        raise InvalidInput("PROCESS: give an id or a company name", field="process")
    if text.isascii() and text.isdigit():
        found = by_id(session, Process, int(text))
        if found is None:
            raise NotFound(f"no process with id {text}; see `bowout list --all`", field="process")
        return found
    lowered = text.lower()
    for condition in (
        func.lower(Process.company) == lowered,
        func.lower(Process.company).like(_like_prefix(lowered), escape="\\"),
    ):
        matches = list(session.scalars(select(Process).where(condition).order_by(Process.id)))
        if len(matches) > 1:
            open_ones = [p for p in matches if Stage(p.stage).is_open]
            matches = open_ones if len(open_ones) == 1 else matches
        if len(matches) == 1:
            return matches[0]
        if matches:
            names = ", ".join(f"{p.id} ({p.company}, {p.role or 'no role'})" for p in matches)
            raise Ambiguous(
                f"{text!r} matches several processes: {names}; give the id instead",
                field="process",
            )
    raise NotFound(f"no process for {text!r}; see `bowout list --all`", field="process")


_MAX_ID = 2**63 - 1  # the widest integer key either database stores
_Row = TypeVar("_Row")


def by_id(session: Session, model: type[_Row], ident: int) -> _Row | None:
    """A row by primary key; an id no database could hold is simply not found."""
    if not 0 < ident <= _MAX_ID:
        return None
    return session.get(model, ident)


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def parse_when(value: str, field: str, zone: ZoneInfo) -> datetime:
    """An ISO-8601 time; one without an offset is read in ``zone``."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise InvalidInput(
            f"{field}: {value!r} is not a date and time (example: 2026-12-03T14:00+01:00)",
            field=field,
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed


def parse_enum(kind: type[Any], value: str, field: str) -> str:
    try:
        return str(kind(value).value)
    except ValueError:
        names = ", ".join(m.value for m in kind)
        raise InvalidInput(f"{field}: {value!r} is not one of {names}", field=field) from None


def clean_text(value: str | None, field: str, limit: int = 200) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(value.split())
    if len(cleaned) > limit:
        raise InvalidInput(f"{field}: at most {limit} characters", field=field)
    return cleaned or None


def parse_contact(spec: str, part: str = "recruiter") -> Contact:
    """'Name <email>', a bare email or a bare name."""
    name, email = parseaddr(spec)
    if not email and not name:
        name = spec.strip()
    if "@" not in email:
        name, email = (name or email or spec).strip(), ""
    name = name or email.split("@")[0]
    if not name:
        raise InvalidInput(f"contact: {spec!r} has neither a name nor an email", field="contact")
    return Contact(
        name=clean_text(name, "contact") or name,
        email=email or None,
        part=parse_enum(ContactRole, part, "part"),
        keep=False,
    )


# --- processes -------------------------------------------------------------------------------


def add_process(
    session: Session,
    company: str,
    *,
    now: datetime,
    role: str | None = None,
    link: str | None = None,
    source: str | None = None,
    stage: str = "applied",
    contacts: tuple[str, ...] = (),
    interview: str | None = None,
    zone: str = "UTC",
    minutes: int = 60,
    place: str | None = None,
) -> dict[str, Any]:
    name = clean_text(company, "company")
    if not name:
        raise InvalidInput("COMPANY: give the company's name", field="company")
    stage_value = parse_enum(Stage, stage, "stage")
    role_value = clean_text(role, "role")
    duplicate = session.scalars(
        select(Process.id).where(
            func.lower(Process.company) == name.lower(),
            func.coalesce(func.lower(Process.role), "") == (role_value or "").lower(),
            Process.stage.in_(OPEN_STAGES),
        )
    ).first()
    if duplicate is not None:
        raise Conflict(
            f"{name} ({role_value or 'no role'}) is already open as process {duplicate}; "
            f"use `bowout show {duplicate}` or give a different --role",
            field="company",
        )
    process = Process(
        company=name,
        role=role_value,
        link=clean_text(link, "link", 2000),
        source=clean_text(source, "source"),
        stage=stage_value,
        created_at=now,
        updated_at=now,
    )
    process.stages.append(StageChange(stage=stage_value, at=now))
    for spec in contacts:
        process.contacts.append(parse_contact(spec))
    if interview:
        process.interviews.append(
            _new_interview(interview, zone=zone, minutes=minutes, place=place, now=now)
        )
        if stage_value in ("applied", "screening"):
            process.stage = "interviewing"
            process.stages.append(StageChange(stage="interviewing", at=now))
    session.add(process)
    session.flush()
    return process_json(process, full=True)


def list_processes(
    session: Session, *, stage: str | None = None, everything: bool = False
) -> list[dict[str, Any]]:
    query = select(Process).order_by(Process.updated_at.desc(), Process.id.desc())
    if stage:
        query = query.where(Process.stage == parse_enum(Stage, stage, "stage"))
    elif not everything:
        query = query.where(Process.stage.in_(OPEN_STAGES))
    return [process_json(p) for p in session.scalars(query)]


def show(session: Session, ref: str) -> dict[str, Any]:
    return process_json(resolve(session, ref), full=True)


def kept_contacts(session: Session) -> list[dict[str, Any]]:
    """Every contact marked worth keeping, with their company, in one query."""
    rows = session.execute(
        select(Contact, Process.company)
        .join(Process, Contact.process_id == Process.id)
        .where(Contact.keep.is_(True))
        .order_by(Process.company, Contact.name)
    )
    return [
        {**contact_json(contact), "company": company, "process": contact.process_id}
        for contact, company in rows
    ]


def edit(
    session: Session,
    ref: str,
    *,
    now: datetime,
    company: str | None = None,
    role: str | None = None,
    link: str | None = None,
    source: str | None = None,
    notes: str | None = None,
    contacts: tuple[str, ...] = (),
    part: str = "recruiter",
) -> dict[str, Any]:
    process = resolve(session, ref)
    changes = {
        "company": clean_text(company, "company"),
        "role": clean_text(role, "role"),
        "link": clean_text(link, "link", 2000),
        "source": clean_text(source, "source"),
        "notes": notes.strip() if notes else None,
    }
    given = {key: value for key, value in changes.items() if value is not None}
    if not given and not contacts:
        raise InvalidInput("nothing to change: give --company, --role, --link, --source, --notes")
    for key, value in given.items():
        setattr(process, key, value)
    for spec in contacts:
        process.contacts.append(parse_contact(spec, part))
    process.updated_at = now
    session.flush()
    return process_json(process, full=True)


def set_stage(
    session: Session,
    ref: str,
    stage: str | None,
    *,
    now: datetime,
    intent: str | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    process = resolve(session, ref)
    if stage is None and intent is None:
        raise InvalidInput("give a STAGE, or --intent decline|reschedule|none", field="stage")
    if stage is not None:
        value = parse_enum(Stage, stage, "stage")
        if value == process.stage:
            raise Conflict(f"process {process.id} is already {value}", field="stage")
        process.stage = value
        process.stages.append(StageChange(stage=value, at=now, note=clean_text(note, "note", 2000)))
        if not Stage(value).is_open:
            process.intent = None
    if intent is not None:
        if intent not in (*INTENTS, "none"):
            raise InvalidInput("--intent: decline, reschedule or none", field="intent")
        if intent != "none" and not Stage(process.stage).is_open:
            raise Conflict(f"process {process.id} is {process.stage}: nothing left to decide")
        process.intent = None if intent == "none" else intent
    process.updated_at = now
    session.flush()
    return process_json(process, full=True)


# --- interviews ------------------------------------------------------------------------------


def _new_interview(
    at: str, *, zone: str, minutes: int, place: str | None, now: datetime
) -> Interview:
    where = zone_named(zone, "tz")
    start = parse_when(at, "interview", where)
    if start <= now:
        raise InvalidInput(
            f"interview: {start.isoformat()} is in the past; give a future time", field="interview"
        )
    if not 5 <= minutes <= 24 * 60:
        raise InvalidInput("--minutes: between 5 and 1440", field="minutes")
    return Interview(
        start=start,
        zone=zone,
        minutes=minutes,
        place=clean_text(place, "place", 2000),
        status=InterviewStatus.SCHEDULED.value,
    )


def add_interview(
    session: Session,
    ref: str,
    at: str,
    *,
    now: datetime,
    zone: str = "UTC",
    minutes: int = 60,
    place: str | None = None,
) -> dict[str, Any]:
    process = resolve(session, ref)
    if not Stage(process.stage).is_open:
        raise Conflict(f"process {process.id} is {process.stage}; reopen it with `bowout stage`")
    interview = _new_interview(at, zone=zone, minutes=minutes, place=place, now=now)
    clash = [i for i in process.interviews if i.status in LIVE_INTERVIEWS]
    if any(i.start == interview.start for i in clash):
        raise Conflict(f"process {process.id} already has an interview at that time")
    process.interviews.append(interview)
    if process.stage in ("applied", "screening"):
        process.stage = "interviewing"
        process.stages.append(StageChange(stage="interviewing", at=now))
    process.updated_at = now
    session.flush()
    return interview_json(interview)


def get_interview(session: Session, interview_id: int) -> Interview:
    interview = by_id(session, Interview, interview_id)
    if interview is None:
        raise NotFound(f"no interview with id {interview_id}; see `bowout show PROCESS`")
    return interview


def update_interview(
    session: Session,
    interview_id: int,
    *,
    now: datetime,
    status: str | None = None,
    at: str | None = None,
) -> dict[str, Any]:
    interview = get_interview(session, interview_id)
    if interview.status not in LIVE_INTERVIEWS:
        raise Conflict(f"interview {interview_id} is already {interview.status}")
    if at is not None:
        moved = _new_interview(
            at, zone=interview.zone, minutes=interview.minutes, place=interview.place, now=now
        )
        interview.status = InterviewStatus.RESCHEDULED.value
        interview.process.interviews.append(moved)
        session.flush()
        return interview_json(moved)
    if status is not None:
        interview.status = parse_enum(InterviewStatus, status, "status")
    interview.process.updated_at = now
    session.flush()
    return interview_json(interview)


def next_interview(process: Process, now: datetime) -> Interview | None:
    upcoming = [i for i in process.interviews if i.status in LIVE_INTERVIEWS and i.start > now]
    return min(upcoming, key=lambda i: i.start) if upcoming else None


# --- follow-ups ------------------------------------------------------------------------------


def complete_followup(followup: Followup, now: datetime) -> None:
    followup.done_at = now
    process = followup.process
    if followup.kind == "withdrawal" and Stage(process.stage).is_open:
        process.stage = Stage.WITHDRAWN.value
        process.intent = None
        process.stages.append(StageChange(stage=process.stage, at=now, note="withdrawal sent"))
        for interview in process.interviews:
            if interview.status in LIVE_INTERVIEWS:
                interview.status = InterviewStatus.CANCELLED.value
    process.updated_at = now
