"""What the user went through with someone before: shown when they come up again, handed to
the checker and to drafts so a message to them acknowledges it.

``earlier`` lists, for the people of some processes, their other processes and how each ended;
``owed`` picks what a message to them should acknowledge; ``person`` is a person's whole page:
every process and message with them, wherever they worked at the time.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from bowout.core import identity
from bowout.core.agenda import REPLY_OVERDUE
from bowout.model import ContactRole, Direction, Ending, History
from bowout.pipeline import ledger
from bowout.pipeline.serialize import message_json
from bowout.pipeline.tables import contact_table, process_table

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bowout.pipeline.schema import Contact, Person, Process

_OPEN_AT_THE_TIME = {"ending": None, "said": "still open"}


def addressee(process: Process, contact: Contact | None = None) -> Contact | None:
    """Who a message about the process goes to: the given contact, else its recruiter, else its
    first contact."""
    if contact is not None:
        return contact
    recruiter = next((c for c in process.contacts if c.part == ContactRole.RECRUITER.value), None)
    return recruiter or (process.contacts[0] if process.contacts else None)


def earlier(
    conn: Connection | Session, process_ids: Collection[int], now: datetime
) -> dict[int, list[dict[str, Any]]]:
    """For each process, the people in it the user has dealt with in other processes: who,
    and each other process with how it ended. Processes with nobody known are left out.
    Core queries, on a connection or a session: status shows this without the ORM."""
    if not process_ids:
        return {}
    contact, process = contact_table.c, process_table.c
    elsewhere = contact_table.alias("elsewhere").c
    here = conn.execute(
        select(contact.id, contact.process_id, contact.person_id, contact.name, contact.part).where(
            contact.process_id.in_(list(process_ids)),
            contact.person_id.is_not(None),
            # someone met in another process too; strangers (most contacts) are left out here
            select(elsewhere.id)
            .where(
                elsewhere.person_id == contact.person_id,
                elsewhere.process_id != contact.process_id,
            )
            .exists(),
        )
    ).all()
    persons = {row.person_id for row in here}
    if not persons:
        return {}
    there = conn.execute(
        select(
            contact.person_id,
            contact.process_id,
            contact.email,
            contact.part,
            process.company,
            process.role,
            process.stage,
        )
        .join_from(contact_table, process_table, contact.process_id == process.id)
        .where(contact.person_id.in_(persons))
        .order_by(process.created_at, process.id)
    ).all()
    # Only the other processes are judged: a process is never its own history, and judging
    # reads every message of a process, so a to-do list of strangers costs nothing here.
    in_view: dict[int, set[int]] = {}
    for row in here:
        in_view.setdefault(row.person_id, set()).add(row.process_id)
    others = {row.process_id for row in there if in_view[row.person_id] - {row.process_id}}
    judged = ledger.verdicts(conn, now, others) if others else {}
    # Each person's processes, in order, gathered in one pass (not one pass per contact).
    of_person: dict[int, list[Any]] = {}
    for other in there:
        of_person.setdefault(other.person_id, []).append(other)
    found: dict[int, list[dict[str, Any]]] = {}
    for contact_id, process_id, person_id, name, part in here:
        before = [
            {
                "process": row.process_id,
                "company": row.company,
                "role": row.role,
                "stage": row.stage,
                "email": row.email,
                "part": row.part,
                **(
                    judged[row.process_id].to_json()
                    if row.process_id in judged
                    else _OPEN_AT_THE_TIME
                ),
            }
            for row in of_person.get(person_id, ())
            if row.process_id != process_id
        ]
        if before:
            found.setdefault(process_id, []).append(
                {
                    "person": person_id,
                    "contact": contact_id,
                    "name": name,
                    "part": part,
                    "earlier": before,
                }
            )
    return found


def owed(process: Process, contact: Contact | None, at: datetime) -> History | None:
    """What a message sent in ``process`` at ``at`` should acknowledge, if anything: their
    message here waiting past the overdue line, else (for the first message of a process) how
    an earlier process with the same person ended: one never answered first, else the latest no."""
    said = sorted((m for m in process.messages if m.at <= at), key=lambda m: m.at)
    waiting = None
    for message in said:
        if message.direction == Direction.OUT.value:
            waiting = None
        elif waiting is None:
            waiting = message
    if waiting is not None and at - waiting.at >= REPLY_OVERDUE:
        return History(Ending.NEVER_ANSWERED, process.company, process.role, current=True)
    if any(m.direction == Direction.OUT.value for m in said):
        return None  # acknowledged, or not, in the first message already
    from sqlalchemy.orm import object_session

    to = addressee(process, contact)
    session = object_session(process)
    if to is None or to.person_id is None or session is None:
        return None
    others = {
        c.process_id: c.process
        for c in _contacts_of(session, to.person_id)
        if c.process_id != process.id
    }
    if not others:
        return None
    judged = ledger.verdicts(session, at, set(others))
    candidates = [(ident, v) for ident, v in judged.items() if v.ending is not Ending.ACCEPTED]
    ghosted = [c for c in candidates if c[1].ending is Ending.NEVER_ANSWERED]
    declined = [c for c in candidates if History(c[1].ending, "").acknowledge == "declined"]
    chosen = ghosted or declined
    if not chosen:
        return None
    ident, result = max(chosen, key=lambda c: (c[1].at or at, c[0]))
    return History(result.ending, others[ident].company, others[ident].role)


def _contacts_of(session: Session, person_id: int) -> list[Contact]:
    from bowout.pipeline.schema import Contact

    return list(session.scalars(select(Contact).where(Contact.person_id == person_id)))


def person(session: Session, who: Person, now: datetime) -> dict[str, Any]:
    """A person's page: every process with them (the company, address and part at the time,
    and how it ended), every message of those processes, and the changes to who they are."""
    from bowout.pipeline import people
    from bowout.pipeline.schema import Message, Process

    contacts = list(who.contacts)
    process_ids = {c.process_id for c in contacts}
    judged = ledger.verdicts(session, now, process_ids)
    processes = []
    for contact in sorted(contacts, key=lambda c: (c.process.created_at, c.id)):
        process = contact.process
        processes.append(
            {
                "process": process.id,
                "company": process.company,
                "role": process.role,
                "stage": process.stage,
                "created_at": process.created_at.isoformat(),
                "contact": contact.id,
                "name": contact.name,
                "email": contact.email,
                "linkedin": contact.linkedin,
                "part": contact.part,
                "keep": contact.keep,
                **(judged[process.id].to_json() if process.id in judged else _OPEN_AT_THE_TIME),
            }
        )
    mine = {c.id for c in contacts}
    messages = []
    if process_ids:
        for message, company in session.execute(
            select(Message, Process.company)
            .join(Process, Message.process_id == Process.id)
            .where(Message.process_id.in_(list(process_ids)))
            .order_by(Message.at, Message.id)
        ):
            if message.contact_id is None or message.contact_id in mine:
                messages.append({**message_json(message), "company": company})
    names = {identity.name_key(c.name) or "" for c in contacts}
    proposed = [p for p in people.proposals(session, names) if who.id in (p["first"], p["second"])]
    return {
        **people.person_line(who),
        "processes": processes,
        "messages": messages,
        "changes": people.changes_of(session, who),
        "proposals": proposed,
    }
