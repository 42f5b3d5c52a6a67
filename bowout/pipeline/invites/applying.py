"""Invitations into the store: a new UID becomes an interview on the process its organiser or
guests belong to, a higher SEQUENCE moves it, a cancellation cancels it.

An invitation from nobody the pipeline knows is reported, not turned into a process: the user
adds the process (or confirms the mail thread it came with) and imports the file again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bowout.errors import InvalidInput, UnreadableInput
from bowout.model import LIVE_INTERVIEWS, InterviewStatus
from bowout.pipeline import matching
from bowout.pipeline.invites.reading import Invite, Unusable, read
from bowout.pipeline.processes import by_id
from bowout.pipeline.schema import Interview, Process, StageChange
from bowout.pipeline.serialize import interview_json


def import_file(
    session: Session,
    path: str,
    *,
    now: datetime,
    zone: str = "UTC",
    addresses: Iterable[str] = (),
) -> dict[str, Any]:
    """Apply every event of an .ics file; the JSON report of what changed."""
    where = Path(path).expanduser()
    try:
        data = where.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{where} does not exist", field="file") from None
    except OSError as exc:
        raise UnreadableInput(f"cannot read {where}: {exc.strerror}", field="file") from None
    return apply_bytes(session, data, now=now, zone=zone, addresses=addresses, name=where.name)


def apply_bytes(
    session: Session,
    data: bytes,
    *,
    now: datetime,
    zone: str = "UTC",
    process: int | None = None,
    addresses: Iterable[str] = (),
    name: str = "calendar",
) -> dict[str, Any]:
    report: dict[str, list[dict[str, Any]]] = {
        "added": [], "moved": [], "cancelled": [], "unchanged": [], "unmatched": [], "skipped": [],
    }  # fmt: skip
    try:
        events = read(data, zone=zone, name=name)
    except UnreadableInput as exc:
        report["skipped"].append({"uid": None, "reason": exc.message})
        return report
    mine = {a.strip().lower() for a in addresses}
    directory: matching.Directory | None = None
    for event in events:
        if isinstance(event, Unusable):
            report["skipped"].append({"uid": event.uid or None, "reason": event.reason})
            continue
        stored = session.scalars(
            select(Interview).where(Interview.uid == event.uid).order_by(Interview.id)
        ).first()
        if stored is not None:
            kind, entry = _update(stored, event, now)
            report[kind].append(entry)
            continue
        if event.cancelled or event.start is None:
            report["unchanged"].append({"uid": event.uid, "reason": "cancelled before we saw it"})
            continue
        target = process
        if target is None:
            directory = directory or matching.load(session)
            people = [p for p in (event.organizer, *event.attendees) if p and p not in mine]
            found = directory.match(people) or matching.match_company_name(directory, people)
            target = found.process if found else None
        owner = by_id(session, Process, target) if target is not None else None
        if owner is None:
            report["unmatched"].append(
                {
                    "uid": event.uid,
                    "summary": event.summary,
                    "organizer": event.organizer,
                    "start": event.start.isoformat(),
                    "reason": "no process has the organiser or a guest among its contacts",
                }
            )
            continue
        report["added"].append(_add(owner, event, now))
        session.flush()
        report["added"][-1]["interview"] = interview_json(owner.interviews[-1])
    session.flush()
    return report


def _add(process: Process, event: Invite, now: datetime) -> dict[str, Any]:
    assert event.start is not None
    over = event.start + timedelta(minutes=event.minutes) <= now
    interview = Interview(
        start=event.start,
        zone=event.zone,
        minutes=event.minutes,
        place=event.place,
        status=InterviewStatus.DONE.value if over else InterviewStatus.SCHEDULED.value,
        uid=event.uid,
        sequence=event.sequence,
    )
    process.interviews.append(interview)
    if process.stage in ("applied", "screening") and not over:
        process.stage = "interviewing"
        process.stages.append(StageChange(stage="interviewing", at=now, note="calendar invitation"))
    process.updated_at = now
    return {"uid": event.uid, "process": process.id, "company": process.company}


def _update(stored: Interview, event: Invite, now: datetime) -> tuple[str, dict[str, Any]]:
    entry: dict[str, Any] = {"uid": event.uid, "process": stored.process_id}
    if event.sequence < (stored.sequence or 0):
        return "unchanged", {**entry, "reason": "an older version of the invitation"}
    if event.cancelled:
        if stored.status not in LIVE_INTERVIEWS:
            return "unchanged", {**entry, "reason": f"already {stored.status}"}
        stored.status = InterviewStatus.CANCELLED.value
        stored.sequence = event.sequence
        stored.process.updated_at = now
        return "cancelled", {**entry, "interview": interview_json(stored)}
    assert event.start is not None
    moved = stored.start != event.start or stored.minutes != event.minutes
    if not moved and event.place == stored.place and stored.zone == event.zone:
        stored.sequence = event.sequence
        return "unchanged", {**entry, "reason": "nothing changed"}
    before = interview_json(stored)
    stored.start, stored.zone, stored.minutes = event.start, event.zone, event.minutes
    stored.place = event.place
    stored.sequence = max(event.sequence, (stored.sequence or 0) + (1 if moved else 0))
    if stored.status not in LIVE_INTERVIEWS and stored.start > now:
        stored.status = InterviewStatus.SCHEDULED.value  # re-invited after a cancellation
    stored.process.updated_at = now
    return "moved", {**entry, "from": before, "interview": interview_json(stored)}


def merge_reports(reports: list[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, list[Any]] = {}
    for report in reports:
        for key, values in report.items():
            merged.setdefault(key, []).extend(values)
    return merged
