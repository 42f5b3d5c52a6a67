"""Afterwards: the contacts worth keeping, and the notes and reconnections that fall due.

When a process has ended, a contact can be kept (the guide's three kinds: a recruiter who
invested real time, a hiring manager you had a real conversation with, a company whose work you
follow). Keeping schedules a LinkedIn note soon and a reconnection some months later; the service
drafts both to acknowledge the earlier contact and ask for nothing.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bowout.errors import Ambiguous, Conflict, InvalidInput, NotFound
from bowout.model import KEEP_WHY, ContactRole, FollowupKind, Stage
from bowout.pipeline.fields import check_encodable, parse_contact
from bowout.pipeline.processes import resolve
from bowout.pipeline.schema import Contact, Followup, Process
from bowout.pipeline.serialize import contact_json, followup_json

LINKEDIN_NOTE_AFTER = timedelta(days=2)
NOTE_KINDS = (FollowupKind.LINKEDIN_NOTE.value, FollowupKind.RECONNECT.value)


def keep(
    session: Session,
    ref: str,
    contact_ref: str,
    *,
    why: str,
    now: datetime,
    reconnect_months: int,
    part: str = ContactRole.RECRUITER.value,
) -> dict[str, Any]:
    """Mark a contact worth keeping; schedule a LinkedIn note soon and a reconnection later."""
    if why not in KEEP_WHY:
        raise InvalidInput(f"say why the contact is worth keeping: {', '.join(KEEP_WHY)}", "why")
    process = resolve(session, ref)
    if Stage(process.stage).is_open:
        raise Conflict(
            f"process {process.id} is still {process.stage}; keep contacts once it has ended",
            field="process",
        )
    contact = _contact(process, contact_ref, part)
    if contact.keep:
        raise Conflict(f"{contact.name} is already kept ({contact.keep_why})", field="contact")
    contact.keep = True
    contact.keep_why = why
    note = Followup(
        kind=FollowupKind.LINKEDIN_NOTE.value, due=now + LINKEDIN_NOTE_AFTER, contact=contact
    )
    later = Followup(
        kind=FollowupKind.RECONNECT.value, due=add_months(now, reconnect_months), contact=contact
    )
    process.followups.extend([note, later])
    process.updated_at = now
    session.flush()
    return {
        "process": process.id,
        "contact": contact_json(contact),
        "followups": [followup_json(note), followup_json(later)],
    }


def _contact(process: Process, ref: str, part: str) -> Contact:
    text = check_encodable(ref, "contact").strip()
    if text.isascii() and text.isdigit():
        for contact in process.contacts:
            if contact.id == int(text):
                return contact
        raise NotFound(f"process {process.id} has no contact {text}", field="contact")
    matches = [c for c in process.contacts if text.lower() in c.name.lower()]
    if len(matches) > 1:
        names = ", ".join(f"{c.id} ({c.name})" for c in matches)
        raise Ambiguous(f"{text!r} matches several contacts: {names}; give the id", "contact")
    if matches:
        return matches[0]
    contact = parse_contact(text, part)
    process.contacts.append(contact)
    return contact


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def due_notes(
    session: Session, *, now: datetime, process_ref: str | None = None
) -> Sequence[Followup]:
    """LinkedIn notes and reconnections due now, soonest first."""
    query = (
        select(Followup)
        .where(
            Followup.kind.in_(NOTE_KINDS),
            Followup.done_at.is_(None),
            Followup.due <= now,
        )
        .order_by(Followup.due, Followup.id)
    )
    if process_ref:
        query = query.where(Followup.process_id == resolve(session, process_ref).id)
    return session.scalars(query).all()


def ended_by_saying_no(process: Process) -> bool:
    """The user ended it (declined or withdrew): a reconnection acknowledges that."""
    return process.stage in (Stage.DECLINED.value, Stage.WITHDRAWN.value)
