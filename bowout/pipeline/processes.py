"""The user's processes over the store: find, add, list, show, edit, move between stages, close.

Every function takes a session (one transaction), plain values and ``now``, and returns
JSON-ready dicts or rows. Bad input raises a ``BowoutError`` before anything is written, so the
caller's transaction rolls back whole. Interviews are in ``interviews``, messages in
``messages``, how processes end in ``endings``, what is due in ``due``.

Finding, listing and showing processes are Core queries on ``tables``, which run on a Core
connection as well as on a session: a command that only reads loads no ORM. What changes
processes works on the ORM classes of ``schema``, loaded when first needed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, case, func, or_, select

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
from bowout.pipeline.fields import MAX_ID, check_encodable, clean_text, parse_contact, parse_enum
from bowout.pipeline.serialize import (
    contact_json,
    followup_json,
    interview_json,
    message_json,
    process_json,
    stage_json,
)
from bowout.pipeline.tables import (
    contact_table,
    followup_table,
    interview_table,
    message_table,
    process_table,
    stage_change_table,
)

if TYPE_CHECKING:
    from sqlalchemy import Row
    from sqlalchemy.orm import Session

    from bowout.pipeline.schema import Process

_Row = TypeVar("_Row")


# --- finding things ------------------------------------------------------------------------------


def by_id(session: Session, model: type[_Row], ident: int) -> _Row | None:
    """A row by primary key; an id no database could hold is simply not found."""
    if not 0 < ident <= MAX_ID:
        return None
    return session.get(model, ident)


def find(conn: Connection | Session, ref: str | int) -> Row[Any]:
    """The row of a process, by id or by an unambiguous company name (exact, else a unique
    prefix; of several, the one still open). A Core query: no ORM needed."""
    table = process_table

    def matching(condition: Any) -> list[Any]:
        return list(conn.execute(select(table).where(condition).order_by(table.c.id)))

    found: Row[Any] = _pick(ref, table.c, matching)
    return found


def resolve(session: Session, ref: str | int) -> Process:
    """The process ``find`` names, as an ORM object to change."""
    from bowout.pipeline.schema import Process

    def matching(condition: Any) -> list[Any]:
        return list(session.scalars(select(Process).where(condition).order_by(Process.id)))

    found: Process = _pick(ref, Process, matching)
    return found


def _pick(ref: str | int, columns: Any, matching: Callable[[Any], list[Any]]) -> Any:
    """The one process ``ref`` names, of the rows ``matching`` returns for a condition on
    ``columns`` (the table's columns, or the ORM class's attributes)."""
    text = str(ref).strip()
    if not text:
        raise InvalidInput("say which process: its id or its company's name", field="process")
    check_encodable(text, "process")
    if text.isascii() and text.isdigit():
        ident = int(text)
        # An id no database could hold is simply not found.
        found = matching(columns.id == ident) if 0 < ident <= MAX_ID else []
        if not found:
            raise NotFound(f"there is no process with id {text}", field="process")
        return found[0]
    lowered = text.lower()
    company = func.lower(columns.company)
    for condition in (
        company == lowered,
        company.like(_like_prefix(lowered), escape="\\"),
    ):
        matches = matching(condition)
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
    from bowout.pipeline.schema import Process, StageChange

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
        # A new process has none of these yet: saying so spares a query for each after flush.
        contacts=[],
        interviews=[],
        messages=[],
        followups=[],
    )
    process.stages.append(StageChange(stage=stage_value, at=now))
    for spec in contacts:
        process.contacts.append(parse_contact(spec))
    session.add(process)
    return process


SORTS = ("recent", "company", "stage", "interview", "created")


def list_processes(
    conn: Connection | Session,
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
    process, interview, contact = process_table.c, interview_table.c, contact_table.c
    soonest = None
    if now is not None:
        soonest = (
            select(func.min(interview.start))
            .where(
                interview.process_id == process.id,
                interview.status.in_(LIVE_INTERVIEWS),
                interview.start > now,
            )
            .correlate(process_table)
            .scalar_subquery()
        )
    columns: list[Any] = [process_table]
    if soonest is not None:
        columns.append(soonest.label("next_start"))
    statement = select(*columns)
    if archived:
        statement = statement.where(process.archived_at.is_not(None))
    else:
        statement = statement.where(process.archived_at.is_(None))
    if stage:
        statement = statement.where(process.stage == parse_enum(Stage, stage, "stage"))
    elif not everything and not archived:
        statement = statement.where(process.stage.in_(OPEN_STAGES))
    words = clean_text(query, "query") if query else None
    for word in (words or "").split():
        pattern = _like_anywhere(word.lower())
        statement = statement.where(
            or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (
                        process.company,
                        process.role,
                        process.source,
                        process.link,
                        process.notes,
                    )
                ),
                select(contact.id)
                .where(
                    contact.process_id == process.id,
                    or_(
                        func.lower(contact.name).like(pattern, escape="\\"),
                        func.lower(contact.email).like(pattern, escape="\\"),
                    ),
                )
                .correlate(process_table)
                .exists(),
            )
        )
    statement = statement.order_by(*_order(sort, soonest), process.id.desc())
    rows = []
    for row in conn.execute(statement):
        data = process_json(row)
        if soonest is not None:
            start = row.next_start
            data["next_interview"] = _aware(start).isoformat() if start is not None else None
        rows.append(data)
    return rows


def _order(sort: str, soonest: Any) -> list[Any]:
    process = process_table.c
    if sort == "company":
        return [func.lower(process.company), process.role]
    if sort == "stage":
        ranks = {stage.value: rank for rank, stage in enumerate(Stage)}
        return [case(ranks, value=process.stage, else_=len(ranks)), func.lower(process.company)]
    if sort == "interview" and soonest is not None:
        return [soonest.is_(None), soonest]
    if sort == "created":
        return [process.created_at.desc()]
    return [process.updated_at.desc()]


def _like_anywhere(text: str) -> str:
    return "%" + _like_prefix(text)


def _aware(value: datetime) -> datetime:
    """A time from a scalar subquery (it bypasses the column type): aware, in UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def show_process(conn: Connection | Session, ref: str | int) -> dict[str, Any]:
    """Everything about one process, exactly as ``process_json(full=True)`` shows it (each
    part in the order its relationship in ``schema`` keeps), in six Core queries."""
    process = find(conn, ref)

    def of(table: Any, order: Any) -> Any:
        return conn.execute(select(table).where(table.c.process_id == process.id).order_by(order))

    return {
        **process_json(process),
        "stages": [stage_json(s) for s in of(stage_change_table, stage_change_table.c.id)],
        "contacts": [contact_json(c) for c in of(contact_table, contact_table.c.id)],
        "interviews": [interview_json(i) for i in of(interview_table, interview_table.c.start)],
        "messages": [message_json(m) for m in of(message_table, message_table.c.at)],
        "followups": [
            followup_json(f, process.company) for f in of(followup_table, followup_table.c.due)
        ],
    }


def kept_contacts(session: Session) -> list[dict[str, Any]]:
    """Every contact marked worth keeping, with their company, in one query."""
    from bowout.pipeline.schema import Contact, Process

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
    from bowout.pipeline.schema import StageChange

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
    from bowout.pipeline.schema import StageChange

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
