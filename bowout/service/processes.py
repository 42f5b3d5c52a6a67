"""The pipeline, as the service offers it: processes, interviews, messages, follow-ups, status.

Each call opens one transaction on the context's store: a write is committed whole or not at
all. A time written without an offset is read in the user's time zone (an interview's in its
own zone, which defaults to the user's).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from bowout.model import Stage
from bowout.service.context import Context
from bowout.service.people import attach

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def add_process(
    ctx: Context,
    company: str,
    *,
    role: str | None = None,
    link: str | None = None,
    source: str | None = None,
    stage: str = Stage.APPLIED.value,
    contacts: tuple[str, ...] = (),
    interview_at: str | datetime | None = None,
    zone: str | None = None,
    minutes: int = 60,
    place: str | None = None,
) -> dict[str, Any]:
    """Start tracking a process, with its first interview if one is known."""
    from bowout.pipeline import interviews, processes
    from bowout.pipeline.serialize import process_json

    with ctx.write() as session:
        process = processes.add_process(
            session,
            company,
            now=ctx.now,
            role=role,
            link=link,
            source=source,
            stage=stage,
            contacts=contacts,
        )
        if interview_at:
            meeting = interviews.new_interview(
                interview_at,
                zone=zone or ctx.settings.timezone,
                minutes=minutes,
                place=place,
                now=ctx.now,
            )
            interviews.schedule(process, meeting, now=ctx.now)
        attach(ctx, session)
        return {**process_json(process, full=True), "history": _history(ctx, session, process.id)}


def list_processes(
    ctx: Context,
    *,
    stage: str | None = None,
    everything: bool = False,
    query: str | None = None,
    sort: str = "recent",
    archived: bool = False,
) -> list[dict[str, Any]]:
    """Open processes (or one stage, or all; or the archived ones), each with its next interview;
    ``query`` searches companies, roles, notes and contacts; ``sort`` is recent, company, stage,
    interview (soonest first) or created."""
    from bowout.pipeline import processes

    with ctx.read() as session:
        return processes.list_processes(
            session,
            stage=stage,
            everything=everything,
            query=query,
            sort=sort,
            archived=archived,
            now=ctx.now,
        )


def show_process(ctx: Context, ref: str) -> dict[str, Any]:
    """Everything about one process: contacts, interviews, messages, follow-ups."""
    from bowout.pipeline import processes
    from bowout.pipeline.serialize import process_json

    with ctx.read() as session:
        process = processes.resolve(session, ref)
        return {**process_json(process, full=True), "history": _history(ctx, session, process.id)}


def _history(ctx: Context, session: Session, process_id: int) -> list[dict[str, Any]]:
    """The people of a process the user dealt with before, and how each earlier process ended."""
    from bowout.pipeline import history

    return history.earlier(session, {process_id}, ctx.now).get(process_id, [])


def edit_process(ctx: Context, ref: str, **changes: Any) -> dict[str, Any]:
    """Change a process's company, role, link, source or notes, or add contacts."""
    from bowout.pipeline import processes
    from bowout.pipeline.schema import Process
    from bowout.pipeline.serialize import process_json

    with ctx.write() as session:
        edited = processes.edit(session, ref, now=ctx.now, **changes)
        attach(ctx, session)
        process = session.get(Process, edited["id"])
        assert process is not None
        return {**process_json(process, full=True), "history": _history(ctx, session, process.id)}


def set_stage(
    ctx: Context,
    ref: str,
    stage: str | None = None,
    *,
    intent: str | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """Move a process to a stage, or record what you mean to do before its next interview."""
    from bowout.pipeline import processes

    with ctx.write() as session:
        return processes.set_stage(session, ref, stage, now=ctx.now, intent=intent, note=note)


# --- interviews ----------------------------------------------------------------------------------


def add_interview(
    ctx: Context,
    ref: str,
    at: str | datetime,
    *,
    zone: str | None = None,
    minutes: int = 60,
    place: str | None = None,
) -> dict[str, Any]:
    from bowout.pipeline import interviews

    with ctx.write() as session:
        added = interviews.add_interview(
            session,
            ref,
            at,
            now=ctx.now,
            zone=zone or ctx.settings.timezone,
            minutes=minutes,
            place=place,
        )
        return {**added, "history": _history(ctx, session, added["process"])}


def update_interview(
    ctx: Context, interview_id: int, *, status: str | None = None, at: str | None = None
) -> dict[str, Any]:
    """Confirm, cancel or mark an interview done, or move it to a new time."""
    from bowout.pipeline import interviews

    with ctx.write() as session:
        return interviews.update_interview(session, interview_id, now=ctx.now, status=status, at=at)


def list_interviews(ctx: Context, ref: str) -> list[dict[str, Any]]:
    from bowout.pipeline import processes
    from bowout.pipeline.serialize import interview_json

    with ctx.read() as session:
        return [interview_json(i) for i in processes.resolve(session, ref).interviews]


# --- messages, follow-ups and the to-do list -----------------------------------------------------


def log_message(
    ctx: Context,
    ref: str,
    direction: str,
    text: str,
    *,
    at: str | datetime | None = None,
    subject: str | None = None,
    channel: str = "email",
    intent: str | None = None,
) -> dict[str, Any]:
    """Record a message received (in) or sent (out); a sent one is checked."""
    from bowout.pipeline import messages

    with ctx.write() as session:
        logged = messages.log_message(
            session,
            ref,
            direction,
            text,
            now=ctx.now,
            settings=ctx.settings,
            at=at,
            subject=subject,
            channel=channel,
            intent=intent,
        )
        return {**logged, "history": _history(ctx, session, logged["process"])}


def status(ctx: Context) -> dict[str, Any]:
    """What is due, most urgent first; each item carries its next action as data."""
    from bowout.pipeline import due, history

    with ctx.read() as session:
        result = due.status(session, now=ctx.now)
        known = history.earlier(session, {item["process"] for item in result["items"]}, ctx.now)
        for item in result["items"]:
            if item["process"] in known:
                item["history"] = known[item["process"]]
        return result


def followups(ctx: Context, *, everything: bool = False) -> list[dict[str, Any]]:
    from bowout.pipeline import due

    with ctx.read() as session:
        return due.followups(session, everything=everything)


def followup_show(ctx: Context, followup_id: int) -> dict[str, Any]:
    from bowout.pipeline import due

    with ctx.read() as session:
        return due.followup_show(session, followup_id)
