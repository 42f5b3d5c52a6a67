"""Threads that read as a recruiter's approach or an interview invitation, from nobody the
pipeline knows: proposed as new processes, created only when the user confirms one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bowout.errors import Conflict, InvalidInput, NotFound
from bowout.pipeline import matching
from bowout.pipeline import processes as tracker
from bowout.pipeline.inbox import settling
from bowout.pipeline.inbox.imports import thread_json
from bowout.pipeline.inbox.tally import Tally
from bowout.pipeline.processes import by_id
from bowout.pipeline.schema import MailMessage, MailThread
from bowout.pipeline.serialize import process_json


def proposals(session: Session) -> list[dict[str, Any]]:
    found = session.scalars(
        select(MailThread)
        .where(MailThread.proposal_state == "open")
        .order_by(MailThread.last_at.desc(), MailThread.id)
    )
    return [_proposal_json(t) for t in found]


def _proposal_json(thread: MailThread) -> dict[str, Any]:
    first = next((m for m in thread.messages if m.direction == "in"), None)
    return {
        **thread_json(thread),
        "from": first.sender if first else None,
        "from_name": first.sender_name if first else None,
        "snippet": first.snippet if first else "",
    }


def _open(session: Session, thread_id: int) -> MailThread:
    thread = by_id(session, MailThread, thread_id)
    if thread is None:
        raise NotFound(f"no mail thread with id {thread_id}", field="thread")
    if thread.proposal_state != "open":
        state = thread.proposal_state or "not proposed"
        raise Conflict(f"thread {thread_id} is {state}: nothing to confirm", field="thread")
    return thread


def confirm(
    session: Session,
    thread_id: int,
    *,
    now: datetime,
    company: str | None = None,
    role: str | None = None,
) -> dict[str, Any]:
    """Create the process a proposed thread reads as, with its sender as the contact."""
    thread = _open(session, thread_id)
    name = (company or thread.proposal_company or "").strip()
    if not name:
        raise InvalidInput("company: name the company this thread is about", field="company")
    first: MailMessage | None = next((m for m in thread.messages if m.direction == "in"), None)
    contacts: tuple[str, ...] = ()
    if first is not None and first.sender and not first.automated:
        label = (first.sender_name or first.sender.split("@")[0]).replace("<", "").replace(">", "")
        contacts = (f"{label} <{first.sender}>",)
    stage = "screening" if thread.proposal == "invitation" else "applied"
    process = tracker.add_process(
        session, name, now=now, role=role, source="mail", stage=stage, contacts=contacts
    )
    session.flush()
    thread.proposal_state = "confirmed"
    thread.process_id = process.id
    session.flush()
    tally = Tally()
    settling.settle(session, [thread.id], tally, matching.load(session), now)
    session.expire_all()
    return {
        "process": process_json(tracker.resolve(session, process.id), full=True),
        "thread": thread_id,
    }


def dismiss(session: Session, thread_id: int) -> dict[str, Any]:
    thread = _open(session, thread_id)
    thread.proposal_state = "dismissed"
    session.flush()
    return thread_json(thread)
