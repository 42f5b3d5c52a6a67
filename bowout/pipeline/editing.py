"""Changes made to what is stored, from a process's page: its details (any of them cleared),
its contacts, archiving and restoring it, an answer given outside bowout, and saying "I will go".

Like the rest of the pipeline: a session in, plain values and ``now``, JSON-ready dicts out; bad
input raises before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bowout.errors import Conflict, InvalidInput, NotFound
from bowout.model import ContactRole, Direction, InterviewStatus, Stage
from bowout.pipeline.fields import check_encodable, clean_text, parse_enum
from bowout.pipeline.interviews import get_interview
from bowout.pipeline.processes import by_id, resolve
from bowout.pipeline.schema import Contact, Message
from bowout.pipeline.serialize import contact_json, interview_json, message_json, process_json

# A process's details that can be changed, with the longest text each takes.
DETAILS = {"company": 200, "role": 200, "link": 2000, "source": 200, "notes": 10_000}
CONTACT_FIELDS = ("name", "email", "phone", "linkedin", "part")
CHANNELS = ("email", "phone", "linkedin", "in_person", "other")


# --- a process's details ---------------------------------------------------------------------


def update_details(
    session: Session, ref: str, changes: Mapping[str, str | None], *, now: datetime
) -> dict[str, Any]:
    """Set the given details; an empty value clears one (every one but the company's name)."""
    process = resolve(session, ref)
    unknown = sorted(set(changes) - set(DETAILS))
    if unknown:
        raise InvalidInput(f"{unknown[0]!r} is not a detail of a process", field=unknown[0])
    if not changes:
        raise InvalidInput("nothing to change", field="company")
    for key, value in changes.items():
        if key == "notes":
            text = check_encodable(value or "", "notes").strip().replace("\r\n", "\n")
            if len(text) > DETAILS[key]:
                raise InvalidInput(f"at most {DETAILS[key]} characters, please", field="notes")
            process.notes = text or None
            continue
        cleaned = clean_text(value, key, DETAILS[key])
        if key == "company" and not cleaned:
            raise InvalidInput("give the company's name", field="company")
        setattr(process, key, cleaned)
    process.updated_at = now
    session.flush()
    return process_json(process, full=True)


# --- contacts ----------------------------------------------------------------------------------


def get_contact(session: Session, contact_id: int) -> Contact:
    contact = by_id(session, Contact, contact_id)
    if contact is None:
        raise NotFound(f"there is no contact with id {contact_id}", field="contact")
    return contact


def _contact_values(values: Mapping[str, str | None]) -> dict[str, str | None]:
    unknown = sorted(set(values) - set(CONTACT_FIELDS))
    if unknown:
        raise InvalidInput(f"{unknown[0]!r} is not a detail of a contact", field=unknown[0])
    out: dict[str, str | None] = {}
    if "name" in values:
        name = clean_text(values["name"], "name")
        if not name:
            raise InvalidInput("give the contact's name", field="name")
        out["name"] = name
    if "email" in values:
        email = clean_text(values["email"], "email", 320)
        if email and ("@" not in email or " " in email or email.startswith("@")):
            raise InvalidInput(f"{email!r} is not an e-mail address", field="email")
        out["email"] = email
    if "phone" in values:
        out["phone"] = clean_text(values["phone"], "phone", 50)
    if "linkedin" in values:
        out["linkedin"] = clean_text(values["linkedin"], "linkedin", 2000)
    if "part" in values:
        out["part"] = parse_enum(ContactRole, values["part"] or ContactRole.RECRUITER, "part")
    return out


def add_contact(
    session: Session, ref: str, values: Mapping[str, str | None], *, now: datetime
) -> dict[str, Any]:
    """A new contact of the process: a name, and any of e-mail, phone, LinkedIn, part."""
    process = resolve(session, ref)
    checked = _contact_values({"part": None, **values})
    if not checked.get("name"):
        raise InvalidInput("give the contact's name", field="name")
    contact = Contact(keep=False, **checked)
    process.contacts.append(contact)
    process.updated_at = now
    session.flush()
    return {**contact_json(contact), "process": process.id}


def edit_contact(
    session: Session, contact_id: int, values: Mapping[str, str | None], *, now: datetime
) -> dict[str, Any]:
    """Change a contact's details; an empty e-mail, phone or LinkedIn clears it."""
    contact = get_contact(session, contact_id)
    for key, value in _contact_values(values).items():
        setattr(contact, key, value)
    contact.process.updated_at = now
    session.flush()
    return {**contact_json(contact), "process": contact.process_id}


def remove_contact(session: Session, contact_id: int, *, now: datetime) -> dict[str, Any]:
    """Forget a contact; the messages and follow-ups that named them stay, without the name."""
    contact = get_contact(session, contact_id)
    process = contact.process
    gone = {**contact_json(contact), "process": process.id}
    process.contacts.remove(contact)
    process.updated_at = now
    session.flush()
    return gone


# --- archiving ---------------------------------------------------------------------------------


def archive(session: Session, ref: str, *, now: datetime) -> dict[str, Any]:
    """Put a process away: out of the lists and the to-do list until it is restored."""
    process = resolve(session, ref)
    if process.archived_at is not None:
        raise Conflict(f"process {process.id} ({process.company}) is already archived", "process")
    process.archived_at = now
    session.flush()
    return process_json(process)


def restore(session: Session, ref: str, *, now: datetime) -> dict[str, Any]:
    process = resolve(session, ref)
    if process.archived_at is None:
        raise Conflict(f"process {process.id} ({process.company}) is not archived", "process")
    process.archived_at = None
    process.updated_at = now
    session.flush()
    return process_json(process)


def delete(session: Session, ref: str) -> dict[str, Any]:
    """Delete an archived process for good, with everything recorded about it."""
    process = resolve(session, ref)
    if process.archived_at is None:
        raise Conflict(
            f"process {process.id} ({process.company}) is not archived; archive it first, "
            "so nothing is deleted by one stray click",
            field="process",
        )
    gone = process_json(process)
    session.delete(process)
    session.flush()
    return gone


# --- answering and going ------------------------------------------------------------------------


def answered(
    session: Session, ref: str, *, now: datetime, channel: str = "email"
) -> dict[str, Any]:
    """The user answered their latest message outside bowout: recorded as a reply whose text is
    not kept, so nothing is owed any more."""
    process = resolve(session, ref)
    if channel not in CHANNELS:
        raise InvalidInput(f"how you answered: one of {', '.join(CHANNELS)}", field="channel")
    received = [m for m in process.messages if m.direction == Direction.IN.value]
    sent = [m for m in process.messages if m.direction == Direction.OUT.value]
    last_in = max((m.at for m in received), default=None)
    last_out = max((m.at for m in sent), default=None)
    if last_in is None or (last_out is not None and last_out >= last_in):
        raise Conflict(f"{process.company} has no message waiting for an answer", "process")
    message = Message(direction=Direction.OUT.value, channel=channel, at=now, body="")
    process.messages.append(message)
    process.updated_at = now
    session.flush()
    return {"process": process.id, "company": process.company, "message": message_json(message)}


def going(session: Session, interview_id: int, *, now: datetime) -> dict[str, Any]:
    """The user will go to the interview: it is confirmed, and any plan to decline or move it
    before then is dropped."""
    interview = get_interview(session, interview_id)
    process = interview.process
    if not interview.is_live:
        raise Conflict(f"interview {interview_id} is already {interview.status}", "interview")
    if not Stage(process.stage).is_open:
        raise Conflict(f"process {process.id} is already {process.stage}", field="process")
    if interview.start <= now:
        raise Conflict("this interview has already started", field="interview")
    interview.status = InterviewStatus.CONFIRMED.value
    process.intent = None
    process.updated_at = now
    session.flush()
    return interview_json(interview)
