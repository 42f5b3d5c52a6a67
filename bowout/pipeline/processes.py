"""The user's processes over the store: find, add, list, show, edit, move between stages, close.

Every function takes a session (one transaction), plain values and ``now``, and returns
JSON-ready dicts or rows. Bad input raises a ``BowoutError`` before anything is written, so the
caller's transaction rolls back whole. Interviews are in ``interviews``, messages in
``messages``, how processes end in ``endings``, what is due in ``due``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from typing import Any, TypeVar

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from bowout.core import identity
from bowout.errors import Ambiguous, Conflict, InvalidInput, NotFound
from bowout.model import (
    LIVE_INTERVIEWS,
    OPEN_STAGES,
    ContactRole,
    FollowupKind,
    InterviewStatus,
    ProcessIntent,
    Stage,
)
from bowout.pipeline.schema import Contact, Interview, Process, StageChange
from bowout.pipeline.serialize import contact_json, process_json

CLOCK_SKEW = timedelta(minutes=5)
MAX_ID = 2**63 - 1  # the widest integer key either database stores
_Row = TypeVar("_Row")
_SURROGATE = re.compile("[\ud800-\udfff]")


# --- plain values --------------------------------------------------------------------------------


def clean_text(value: str | None, field: str, limit: int = 200) -> str | None:
    """One line of text with single spaces, at most ``limit`` characters; empty means absent."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"expected text, not {value!r}", field=field)
    check_encodable(value, field)
    cleaned = " ".join(value.split())
    if len(cleaned) > limit:
        raise InvalidInput(f"at most {limit} characters, please", field=field)
    return cleaned or None


def check_encodable(value: str, field: str) -> str:
    """Text that can be stored and shown: no lone surrogates (bytes that were not UTF-8)."""
    if _SURROGATE.search(value):
        raise InvalidInput(
            "this text holds bytes that are not valid UTF-8; retype it or save it as UTF-8",
            field=field,
        )
    return value


def parse_enum(kind: type[Any], value: Any, field: str) -> str:
    """A value of one of model's enums, named in any case ("Offer" is "offer")."""
    text = value.strip().lower() if isinstance(value, str) else value
    try:
        return str(kind(text).value)
    except (ValueError, TypeError):
        names = ", ".join(m.value for m in kind)
        raise InvalidInput(f"{value!r} is not one of {names}", field=field) from None


def parse_contact(spec: str, part: str = ContactRole.RECRUITER.value) -> Contact:
    """'Name <email>', a bare email or a bare name, each optionally with a LinkedIn profile
    ('Dana Reyes <dana@acme.example> linkedin.com/in/dana-reyes')."""
    check_encodable(spec, "contact")
    spec, profile = _profile_in(spec)
    name, email = parseaddr(spec)
    if not email and not name:
        name = spec.strip()
    if "@" not in email:  # a bare name ("Kim Ortega" parses as the address "Kim")
        name, email = (name or spec).strip(), ""
    name = name or email.split("@")[0]
    if not name and profile:
        name = profile.rstrip("/").rsplit("/", 1)[-1].replace("-", " ").strip()
    if not name:
        raise InvalidInput(f"{spec!r} has neither a name nor an e-mail address", field="contact")
    return Contact(
        name=clean_text(name, "contact") or name,
        email=clean_text(email, "contact", 320) if email else None,
        linkedin=clean_text(profile, "contact", 500) if profile else None,
        part=parse_enum(ContactRole, part, "part"),
        keep=False,
    )


def _profile_in(spec: str) -> tuple[str, str | None]:
    """The spec without its LinkedIn profile, and the profile (None when there is none)."""
    words = spec.split()
    for index, word in enumerate(words):
        bare = word.strip("<>()[],;")
        if identity.looks_like_linkedin(bare):
            return " ".join(words[:index] + words[index + 1 :]), bare
    return spec, None


# --- finding things ------------------------------------------------------------------------------


def by_id(session: Session, model: type[_Row], ident: int) -> _Row | None:
    """A row by primary key; an id no database could hold is simply not found."""
    if not 0 < ident <= MAX_ID:
        return None
    return session.get(model, ident)


def resolve(session: Session, ref: str | int) -> Process:
    """A process by id or by an unambiguous company name (exact, else a unique prefix)."""
    text = str(ref).strip()
    if not text:
        raise InvalidInput("say which process: its id or its company's name", field="process")
    check_encodable(text, "process")
    if text.isascii() and text.isdigit():
        found = by_id(session, Process, int(text))
        if found is None:
            raise NotFound(f"there is no process with id {text}", field="process")
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
    raise NotFound(f"there is no process for {text!r}", field="process")


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def open_process(session: Session, ref: str | int) -> Process:
    """A process that is still open; an ended one is a conflict that says how it ended."""
    process = resolve(session, ref)
    if not Stage(process.stage).is_open:
        raise Conflict(
            f"process {process.id} ({process.company}) is already {process.stage}",
            field="process",
        )
    return process


# --- processes -----------------------------------------------------------------------------------


def add_process(
    session: Session,
    company: str,
    *,
    now: datetime,
    role: str | None = None,
    link: str | None = None,
    source: str | None = None,
    stage: str = Stage.APPLIED.value,
    contacts: tuple[str, ...] = (),
) -> Process:
    """A new process; refused when the same company and role are already open."""
    name = clean_text(company, "company")
    if not name:
        raise InvalidInput("give the company's name", field="company")
    stage_value = parse_enum(Stage, stage, "stage")
    role_value = clean_text(role, "role")
    duplicate = session.scalars(
        select(Process.id).where(
            func.lower(Process.company) == name.lower(),
            func.coalesce(func.lower(Process.role), "") == (role_value or "").lower(),
            Process.stage.in_(OPEN_STAGES),
            Process.archived_at.is_(None),
        )
    ).first()
    if duplicate is not None:
        raise Conflict(
            f"{name} ({role_value or 'no role'}) is already open as process {duplicate}; "
            "open that one, or give a different role",
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
    session.add(process)
    return process


SORTS = ("recent", "company", "stage", "interview", "created")


def list_processes(
    session: Session,
    *,
    stage: str | None = None,
    everything: bool = False,
    query: str | None = None,
    sort: str = "recent",
    archived: bool = False,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """Open processes (or one stage, or all), searched and sorted. ``query`` matches the
    company, role, source, link, notes and contacts' names and e-mail addresses; ``archived``
    lists the archived ones instead of those in view. With ``now``, each row says when its next
    interview is, and ``sort="interview"`` puts the soonest first."""
    if sort not in SORTS:
        raise InvalidInput(f"sort by one of {', '.join(SORTS)}", field="sort")
    soonest = None
    if now is not None:
        soonest = (
            select(func.min(Interview.start))
            .where(
                Interview.process_id == Process.id,
                Interview.status.in_(LIVE_INTERVIEWS),
                Interview.start > now,
            )
            .correlate(Process)
            .scalar_subquery()
        )
    columns: list[Any] = [Process] + ([soonest.label("next_start")] if soonest is not None else [])
    statement = select(*columns)
    if archived:
        statement = statement.where(Process.archived_at.is_not(None))
    else:
        statement = statement.where(Process.archived_at.is_(None))
    if stage:
        statement = statement.where(Process.stage == parse_enum(Stage, stage, "stage"))
    elif not everything and not archived:
        statement = statement.where(Process.stage.in_(OPEN_STAGES))
    words = clean_text(query, "query") if query else None
    for word in (words or "").split():
        pattern = _like_anywhere(word.lower())
        statement = statement.where(
            or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (
                        Process.company,
                        Process.role,
                        Process.source,
                        Process.link,
                        Process.notes,
                    )
                ),
                select(Contact.id)
                .where(
                    Contact.process_id == Process.id,
                    or_(
                        func.lower(Contact.name).like(pattern, escape="\\"),
                        func.lower(Contact.email).like(pattern, escape="\\"),
                    ),
                )
                .correlate(Process)
                .exists(),
            )
        )
    statement = statement.order_by(*_order(sort, soonest), Process.id.desc())
    rows = []
    for row in session.execute(statement):
        data = process_json(row[0])
        if soonest is not None:
            start = row[1]
            data["next_interview"] = _aware(start).isoformat() if start is not None else None
        rows.append(data)
    return rows


def _order(sort: str, soonest: Any) -> list[Any]:
    if sort == "company":
        return [func.lower(Process.company), Process.role]
    if sort == "stage":
        ranks = {stage.value: rank for rank, stage in enumerate(Stage)}
        return [case(ranks, value=Process.stage, else_=len(ranks)), func.lower(Process.company)]
    if sort == "interview" and soonest is not None:
        return [soonest.is_(None), soonest]
    if sort == "created":
        return [Process.created_at.desc()]
    return [Process.updated_at.desc()]


def _like_anywhere(text: str) -> str:
    return "%" + _like_prefix(text)


def _aware(value: datetime) -> datetime:
    """A time from a scalar subquery (it bypasses the column type): aware, in UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


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
    part: str = ContactRole.RECRUITER.value,
) -> dict[str, Any]:
    process = resolve(session, ref)
    changes = {
        "company": clean_text(company, "company"),
        "role": clean_text(role, "role"),
        "link": clean_text(link, "link", 2000),
        "source": clean_text(source, "source"),
        "notes": check_encodable(notes, "notes").strip() if notes else None,
    }
    given = {key: value for key, value in changes.items() if value is not None}
    if not given and not contacts:
        raise InvalidInput(
            "nothing to change: give a new company, role, link, source, notes or a contact",
            field="company",
        )
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
    """Move a process to a stage, and/or record what the user means to do before its interview
    (``intent``: decline, reschedule, or none to forget it)."""
    process = resolve(session, ref)
    if stage is None and intent is None:
        raise InvalidInput("give a stage, or what you mean to do (decline or reschedule)", "stage")
    if stage is not None:
        value = parse_enum(Stage, stage, "stage")
        if value == process.stage:
            raise Conflict(f"process {process.id} is already {value}", field="stage")
        if Stage(value).is_open:
            process.stage = value
            process.stages.append(StageChange(stage=value, at=now, note=clean_text(note, "note")))
        else:
            close_process(process, Stage(value), now=now, note=clean_text(note, "note", 2000))
    if intent is not None:
        meant = intent.strip().lower() if isinstance(intent, str) else intent
        if meant not in (*(i.value for i in ProcessIntent), "none"):
            raise InvalidInput("what you mean to do is decline, reschedule or none", "intent")
        if meant != "none" and not Stage(process.stage).is_open:
            raise Conflict(
                f"process {process.id} is {process.stage}: nothing is left to decide", "intent"
            )
        process.intent = None if meant == "none" else meant
    process.updated_at = now
    session.flush()
    return process_json(process, full=True)


def close_process(
    process: Process, stage: Stage, *, now: datetime, note: str | None = None
) -> None:
    """End a process: the stage, no intent left, its live interviews cancelled, and the
    withdrawal it was owed (if any) settled. The one way a process ends."""
    process.stage = stage.value
    process.intent = None
    process.stages.append(StageChange(stage=stage.value, at=now, note=note))
    for interview in process.interviews:
        if interview.is_live:
            interview.status = InterviewStatus.CANCELLED.value
    for followup in process.followups:
        if followup.kind == FollowupKind.WITHDRAWAL.value and followup.done_at is None:
            followup.done_at = now
    process.updated_at = now
