"""What the user went through with someone before: shown when they come up again, handed to
the checker and to drafts so a message to them acknowledges it.

``earlier`` lists, for the people of some processes, their other processes and how each ended;
``owed`` picks what a message to them should acknowledge; ``person`` is a person's whole page:
every process and message with them, wherever they worked at the time.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from bowout.core import identity
from bowout.core.agenda import REPLY_OVERDUE
from bowout.model import ContactRole, Direction, Ending, History
from bowout.pipeline import ledger, people
from bowout.pipeline.schema import Contact, Message, Person, Process
from bowout.pipeline.serialize import message_json

_OPEN_AT_THE_TIME = {"ending": None, "said": "still open"}


def addressee(process: Process, contact: Contact | None = None) -> Contact | None:
    """Who a message about the process goes to: the given contact, else its recruiter, else its
    first contact."""
    if contact is not None:
        return contact
    recruiter = next((c for c in process.contacts if c.part == ContactRole.RECRUITER.value), None)
    return recruiter or (process.contacts[0] if process.contacts else None)


def earlier(
    session: Session, process_ids: Collection[int], now: datetime
) -> dict[int, list[dict[str, Any]]]:
    """For each process, the people in it the user has dealt with in other processes: who,
    and each other process with how it ended. Processes with nobody known are left out."""
    if not process_ids:
        return {}
    here = session.execute(
        select(Contact.id, Contact.process_id, Contact.person_id, Contact.name, Contact.part).where(
            Contact.process_id.in_(list(process_ids)), Contact.person_id.is_not(None)
        )
    ).all()
    persons = {row.person_id for row in here}
    if not persons:
        return {}
    there = session.execute(
        select(
            Contact.person_id,
            Contact.process_id,
            Contact.email,
            Contact.part,
            Process.company,
            Process.role,
            Process.stage,
        )
        .join(Process, Contact.process_id == Process.id)
        .where(Contact.person_id.in_(persons))
        .order_by(Process.created_at, Process.id)
    ).all()
    judged = ledger.verdicts(session, now, {row.process_id for row in there})
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
            for row in there
            if row.person_id == person_id and row.process_id != process_id
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
    return list(session.scalars(select(Contact).where(Contact.person_id == person_id)))


def person(session: Session, who: Person, now: datetime) -> dict[str, Any]:
    """A person's page: every process with them (the company, address and part at the time,
    and how it ended), every message of those processes, and the changes to who they are."""
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
