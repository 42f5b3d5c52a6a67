"""Afterwards: the relationships worth keeping, and reconnections that ask for nothing.

When a process has ended, a contact can be kept (the guide's three kinds: a recruiter who
invested real time, a hiring manager you had a real conversation with, a company whose work you
follow). Keeping schedules a LinkedIn note soon and a reconnection some months later; both are
drafted to acknowledge the earlier contact and ask for nothing.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bowout.config import Settings
from bowout.errors import Ambiguous, Conflict, InvalidInput, NotFound
from bowout.model import KEEP_WHY, Stage
from bowout.pipeline.endings import draft_for
from bowout.pipeline.processes import parse_contact, resolve
from bowout.pipeline.schema import Contact, Followup, Process
from bowout.pipeline.serialize import contact_json, followup_json

LINKEDIN_NOTE_AFTER = timedelta(days=2)


def keep(
    session: Session,
    ref: str,
    contact_ref: str,
    *,
    why: str,
    now: datetime,
    settings: Settings,
    part: str = "recruiter",
) -> dict[str, Any]:
    """Mark a contact worth keeping; schedule a LinkedIn note soon and a reconnection later."""
    if why not in KEEP_WHY:
        raise InvalidInput(f"--why: one of {', '.join(KEEP_WHY)}", field="why")
    process = resolve(session, ref)
    if Stage(process.stage).is_open:
        raise Conflict(
            f"process {process.id} is still {process.stage}; keep contacts once it has ended"
        )
    contact = _contact(process, contact_ref, part)
    if contact.keep:
        raise Conflict(f"{contact.name} is already kept ({contact.keep_why})")
    contact.keep = True
    contact.keep_why = why
    note = Followup(kind="linkedin_note", due=now + LINKEDIN_NOTE_AFTER, contact=contact)
    later = Followup(
        kind="reconnect", due=add_months(now, settings.reconnect_months), contact=contact
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
    text = ref.strip()
    if text.isascii() and text.isdigit():
        for contact in process.contacts:
            if contact.id == int(text):
                return contact
        raise NotFound(f"process {process.id} has no contact {text}; see `bowout show`")
    matches = [c for c in process.contacts if text.lower() in c.name.lower()]
    if len(matches) > 1:
        names = ", ".join(f"{c.id} ({c.name})" for c in matches)
        raise Ambiguous(f"{text!r} matches several contacts: {names}; give the id")
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


def reconnect(
    session: Session,
    *,
    now: datetime,
    settings: Settings,
    process_ref: str | None = None,
    news: str | None = None,
) -> dict[str, Any]:
    """Due LinkedIn notes and reconnections, each with a draft that asks for nothing."""
    query = (
        select(Followup)
        .where(
            Followup.kind.in_(("linkedin_note", "reconnect")),
            Followup.done_at.is_(None),
            Followup.due <= now,
        )
        .order_by(Followup.due, Followup.id)
    )
    if process_ref:
        query = query.where(Followup.process_id == resolve(session, process_ref).id)
    due = []
    for followup in session.scalars(query):
        process = followup.process
        contact = followup.contact
        declined = process.stage in (Stage.DECLINED.value, Stage.WITHDRAWN.value)
        if followup.kind == "linkedin_note":
            scenario = "linkedin-note"
        else:
            scenario = "reconnect-after-decline" if declined else "reconnect"
        draft = draft_for(process, scenario, settings=settings, now=now, contact=contact, news=news)
        due.append(
            {
                **followup_json(followup),
                "contact_name": contact.name if contact else None,
                "scenario": scenario,
                "draft": draft,
                "next": f"bowout followup done {followup.id}",
            }
        )
    return {"due": due}
