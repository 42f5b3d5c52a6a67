"""Importing mail from a file or folder, and what the user's mail says is owed.

``import_path`` reads an mbox, Maildir or .eml folder into the store (an unchanged source is
recognised by its fingerprint and skipped whole); ``waiting`` lists the threads whose last word
is theirs and asks something, oldest first, each with the process it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bowout.model import OPEN_STAGES
from bowout.pipeline.inbox import ingest, sources
from bowout.pipeline.inbox.tally import Tally
from bowout.pipeline.schema import MailMessage, MailSource, MailThread, Process
from bowout.pipeline.serialize import iso


def import_path(
    session: Session,
    path: str,
    *,
    now: datetime,
    addresses: Iterable[str] = (),
    zone: str = "UTC",
    name: str | None = None,
) -> dict[str, Any]:
    """Read the mail at ``path`` into the store; the JSON report of what changed. ``name`` is
    what the source is called (an uploaded file's own name), by default its path."""
    source = sources.open_source(path)
    size, fingerprint = source.fingerprint()
    called = name or source.name
    record = session.scalars(
        select(MailSource).where(MailSource.kind == source.kind, MailSource.name == called)
    ).first()
    base = {"source": {"kind": source.kind, "path": called}}
    if record is not None and record.fingerprint == fingerprint and record.size == size:
        record.synced_at = now
        return {**base, "unchanged": True, **Tally().report(), **_after(session, [])}
    mine = frozenset(a.strip().lower() for a in addresses if "@" in a)
    tally = ingest.ingest(session, source.read(), now=now, origin=source.kind, mine=mine)
    if record is None:
        record = MailSource(kind=source.kind, name=called, messages=0, synced_at=now)
        session.add(record)
    record.size, record.fingerprint, record.synced_at = size, fingerprint, now
    record.messages = tally.read
    session.flush()
    calendar = apply_calendars(session, tally, now=now, zone=zone)
    return {**base, "unchanged": False, **tally.report(), **calendar, **_after(session, [])}


def apply_calendars(session: Session, tally: Tally, *, now: datetime, zone: str) -> dict[str, Any]:
    """Invitations found attached to mail go to the process their thread belongs to."""
    if not tally.calendars:
        return {"calendar": None}
    from bowout.pipeline.invites import applying

    threads = {
        ident: process
        for ident, process in session.execute(
            select(MailThread.id, MailThread.process_id).where(
                MailThread.id.in_({t for _, t, _ in tally.calendars if t is not None})
            )
        )
    }
    results = [
        applying.apply_bytes(
            session,
            data,
            now=now,
            zone=zone,
            process=threads.get(thread) if thread is not None else None,
            name=f"calendar part of {key}",
        )
        for data, thread, key in tally.calendars
    ]
    return {"calendar": applying.merge_reports(results)}


def _after(session: Session, _: list[int]) -> dict[str, Any]:
    return {"waiting": waiting(session), "proposals_open": _open_proposals(session)}


def _open_proposals(session: Session) -> int:
    return len(
        session.scalars(select(MailThread.id).where(MailThread.proposal_state == "open")).all()
    )


def waiting(session: Session, *, limit: int = 200) -> list[dict[str, Any]]:
    """Open processes' threads whose last word is theirs and asks something, oldest first."""
    rows = session.execute(
        select(MailThread, Process.company, MailMessage.sender, MailMessage.sender_name)
        .join(Process, MailThread.process_id == Process.id)
        .outerjoin(MailMessage, MailMessage.id == MailThread.owed_message_id)
        .where(MailThread.owed_since.is_not(None), Process.stage.in_(OPEN_STAGES))
        .order_by(MailThread.owed_since, MailThread.id)
        .limit(limit)
    ).all()
    return [
        {
            "thread": thread.id,
            "process": thread.process_id,
            "company": company,
            "subject": thread.subject,
            "from": sender,
            "from_name": name,
            "since": iso(thread.owed_since),
        }
        for thread, company, sender, name in rows
    ]


def thread_json(thread: MailThread, *, messages: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": thread.id,
        "process": thread.process_id,
        "subject": thread.subject,
        "participants": thread.participants,
        "first_at": iso(thread.first_at),
        "last_at": iso(thread.last_at),
        "last_direction": thread.last_direction,
        "owed_since": iso(thread.owed_since),
        "automated": thread.automated,
        "reading": thread.reading,
        "proposal": thread.proposal,
        "proposal_state": thread.proposal_state,
        "proposal_company": thread.proposal_company,
    }
    if messages:
        data["messages"] = [
            {
                "id": m.id,
                "direction": m.direction,
                "from": m.sender,
                "from_name": m.sender_name,
                "to": m.recipients,
                "subject": m.subject,
                "at": iso(m.at),
                "snippet": m.snippet,
                "asks": m.asks,
                "automated": m.automated,
                "answered": m.answered,
                "reading": m.reading,
                "origin": m.origin,
                "folder": m.folder,
            }
            for m in thread.messages
        ]
    return data


def sources_json(session: Session) -> list[dict[str, Any]]:
    """Every file, folder and IMAP folder mail was read from, and when."""
    return [
        {
            "kind": s.kind,
            "name": s.name,
            "messages": s.messages,
            "synced_at": iso(s.synced_at),
            "uidvalidity": s.uidvalidity,
            "last_uid": s.last_uid,
        }
        for s in session.scalars(select(MailSource).order_by(MailSource.synced_at.desc()))
    ]
