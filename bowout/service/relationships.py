"""Afterwards, as the service offers it: keep a contact, and the notes and reconnections due,
each drafted to ask for nothing."""

from __future__ import annotations

from typing import Any

from bowout.errors import InvalidInput
from bowout.model import FollowupKind, Scenario
from bowout.service.context import Context
from bowout.service.endings import draft_for


def keep(
    ctx: Context, ref: str, contact: str, *, why: str, part: str = "recruiter"
) -> dict[str, Any]:
    """Keep a contact of an ended process: a LinkedIn note soon, a reconnection months later."""
    from bowout.pipeline import relationships
    from bowout.pipeline.schema import Contact
    from bowout.service.people import attach

    with ctx.write() as session:
        kept = relationships.keep(
            session,
            ref,
            contact,
            why=why,
            now=ctx.now,
            reconnect_months=ctx.settings.reconnect_months,
            part=part,
        )
        attach(ctx, session)
        held = session.get(Contact, kept["contact"]["id"])
        kept["contact"]["person"] = held.person_id if held else None
        return kept


def reconnect(
    ctx: Context, *, process_ref: str | None = None, news: str | None = None
) -> dict[str, Any]:
    """The notes and reconnections due, each with a draft that asks for nothing."""
    from bowout.pipeline import relationships
    from bowout.pipeline.serialize import followup_json

    due = []
    with ctx.read() as session:
        for followup in relationships.due_notes(session, now=ctx.now, process_ref=process_ref):
            process = followup.process
            if followup.kind == FollowupKind.LINKEDIN_NOTE:
                scenario = Scenario.LINKEDIN_NOTE
            elif relationships.ended_by_saying_no(process):
                scenario = Scenario.RECONNECT_AFTER_DECLINE
            else:
                scenario = Scenario.RECONNECT
            try:
                draft: dict[str, Any] | None = draft_for(
                    ctx,
                    process,
                    scenario.value,
                    contact=followup.contact,
                    me=ctx.settings.me,
                    news=news,
                )
                needs: list[str] = []
            except InvalidInput as exc:  # a detail only the user knows (their news)
                if exc.field not in ("news", "me"):
                    raise
                draft, needs = None, [exc.field]
            due.append(
                {
                    **followup_json(followup),
                    "contact_name": followup.contact.name if followup.contact else None,
                    "scenario": scenario.value,
                    "draft": draft,
                    "needs": needs,
                    "next": {"action": "send_note", "process": process.id, "followup": followup.id},
                }
            )
    return {"due": due}


def kept_contacts(ctx: Context) -> list[dict[str, Any]]:
    from bowout.pipeline import processes

    with ctx.read() as session:
        return processes.kept_contacts(session)
