"""Stored rows as JSON-ready dicts: the one shape every front end shows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bowout.pipeline.schema import Contact, Followup, Interview, Message, Process


def iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def process_json(process: Process, *, full: bool = False) -> dict[str, Any]:
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
        data["stages"] = [
            {"stage": s.stage, "at": iso(s.at), "note": s.note} for s in process.stages
        ]
        data["contacts"] = [contact_json(c) for c in process.contacts]
        data["interviews"] = [interview_json(i) for i in process.interviews]
        data["messages"] = [message_json(m) for m in process.messages]
        data["followups"] = [followup_json(f) for f in process.followups]
    return data


def contact_json(contact: Contact) -> dict[str, Any]:
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


def interview_json(interview: Interview) -> dict[str, Any]:
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


def message_json(message: Message) -> dict[str, Any]:
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


def followup_json(followup: Followup) -> dict[str, Any]:
    return {
        "id": followup.id,
        "process": followup.process_id,
        "company": followup.process.company,
        "contact": followup.contact_id,
        "kind": followup.kind,
        "due": iso(followup.due),
        "done_at": iso(followup.done_at),
        "note": followup.note,
        "draft": followup.draft,
    }
