"""Stored rows as JSON-ready dicts: the one shape every front end shows.

Each function takes an ORM object or a Core row of the same table (both name their columns as
attributes), so a read without the ORM shows exactly what a read with it does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from sqlalchemy import Row

    from bowout.pipeline.schema import Contact, Followup, Interview, Message, Process, StageChange


def iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def process_json(process: Process | Row[Any], *, full: bool = False) -> dict[str, Any]:
    """A process; ``full`` (ORM objects only) adds its stages, contacts, interviews, messages
    and follow-ups."""
    data: dict[str, Any] = {
        "id": process.id,
        "company": process.company,
        "role": process.role,
        "stage": process.stage,
        "intent": process.intent,
        "link": process.link,
        "source": process.source,
        "notes": process.notes,
        "created_at": iso(process.created_at),
        "updated_at": iso(process.updated_at),
        "archived_at": iso(process.archived_at),
    }
    if full:
        data["stages"] = [stage_json(s) for s in process.stages]
        data["contacts"] = [contact_json(c) for c in process.contacts]
        data["interviews"] = [interview_json(i) for i in process.interviews]
        data["messages"] = [message_json(m) for m in process.messages]
        data["followups"] = [followup_json(f) for f in process.followups]
    return data


def stage_json(change: StageChange | Row[Any]) -> dict[str, Any]:
    return {"stage": change.stage, "at": iso(change.at), "note": change.note}


def contact_json(contact: Contact | Row[Any]) -> dict[str, Any]:
    return {
        "id": contact.id,
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "linkedin": contact.linkedin,
        "part": contact.part,
        "keep": contact.keep,
        "keep_why": contact.keep_why,
        "person": contact.person_id,
    }


def interview_json(interview: Interview | Row[Any]) -> dict[str, Any]:
    local = interview.start.astimezone(ZoneInfo(interview.zone))
    return {
        "id": interview.id,
        "process": interview.process_id,
        "start": local.isoformat(),
        "zone": interview.zone,
        "minutes": interview.minutes,
        "place": interview.place,
        "status": interview.status,
        "source": "calendar" if interview.uid else "manual",
    }


def message_json(message: Message | Row[Any]) -> dict[str, Any]:
    return {
        "id": message.id,
        "process": message.process_id,
        "contact": message.contact_id,
        "direction": message.direction,
        "channel": message.channel,
        "at": iso(message.at),
        "subject": message.subject,
        "body": message.body,
        "intent": message.intent,
        "findings": message.findings,
        "origin": message.origin or "manual",
    }


def followup_json(followup: Followup | Row[Any], company: str | None = None) -> dict[str, Any]:
    """A follow-up; ``company`` is its process's, for a Core row (an ORM object knows it)."""
    return {
        "id": followup.id,
        "process": followup.process_id,
        "company": followup.process.company if company is None else company,
        "contact": followup.contact_id,
        "kind": followup.kind,
        "due": iso(followup.due),
        "done_at": iso(followup.done_at),
        "note": followup.note,
        "draft": followup.draft,
    }
