"""Settling mail threads after an import: each thread's summary and reply debt recomputed, the
thread matched to a process (or proposed as a new one), its new messages logged on the process.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from bowout.pipeline import matching
from bowout.pipeline.inbox import timeline
from bowout.pipeline.inbox.bulk import chunks
from bowout.pipeline.inbox.tally import Tally
from bowout.pipeline.schema import Contact, MailMessage, MailThread
from bowout.pipeline.tables import mail_thread_table

_READING_RANK = {"offer": 4, "rejection": 3, "invitation": 2, "approach": 1}
_THREADS = mail_thread_table


def settle(
    session: Session,
    thread_ids: Sequence[int],
    tally: Tally,
    directory: matching.Directory,
    now: datetime,
    *,
    words: dict[str, str] | None = None,
) -> None:
    """Recompute each thread's summary and reply debt, match it, and log it on its process."""
    words = words or {}
    columns = (
        MailMessage.thread_id,
        MailMessage.id,
        MailMessage.direction,
        MailMessage.at,
        MailMessage.asks,
        MailMessage.automated,
        MailMessage.answered,
        MailMessage.reading,
        MailMessage.sender,
        MailMessage.sender_name,
        MailMessage.recipients,
        MailMessage.message_id,
        MailMessage.message_key,
        MailMessage.subject,
        MailMessage.snippet,
    )
    updates: list[dict[str, Any]] = []
    to_log: list[tuple[int, Any]] = []
    for part in chunks(thread_ids):
        summary = {
            ident: (process, state, proposal)
            for ident, process, state, proposal in session.execute(
                select(
                    MailThread.id,
                    MailThread.process_id,
                    MailThread.proposal_state,
                    MailThread.proposal,
                ).where(MailThread.id.in_(part))
            )
        }
        grouped: dict[int, list[Any]] = {}
        for row in session.execute(
            select(*columns)
            .where(MailMessage.thread_id.in_(part))
            .order_by(MailMessage.thread_id, MailMessage.at, MailMessage.id)
        ):
            grouped.setdefault(row.thread_id, []).append(row)
        for ident, rows in grouped.items():
            process, state, _ = summary[ident]
            values = _summary(rows)
            people = values["participants"]
            if process is None:
                found = directory.match(people) or matching.match_company_name(directory, people)
                if found is not None:
                    process = found.process
                    values["process_id"] = process
                    if state == "open":  # proposed earlier; the user added the process since
                        values["proposal_state"] = "matched"
                    tally.matched.add(ident)
                    _add_contacts(session, directory, found, rows, tally)
                elif (
                    state is None
                    and not values["automated"]
                    and values["reading"]
                    in (
                        "approach",
                        "invitation",
                    )
                ):
                    values["proposal"] = values["reading"]
                    values["proposal_state"] = "open"
                    values["proposal_company"] = _company_guess(rows)
                    tally.proposed.add(ident)
            if process is not None:
                to_log.extend((process, row) for row in rows if row.message_id is None)
            updates.append({"ident": ident, **values})
    if updates:
        for key_set in {tuple(sorted(u)) for u in updates}:
            group = [u for u in updates if tuple(sorted(u)) == key_set]
            session.execute(
                update(_THREADS)
                .where(_THREADS.c.id == bindparam("ident"))
                .values({k: bindparam(k) for k in key_set if k != "ident"}),
                group,
            )
    if to_log:
        timeline.log_rows(session, to_log, directory, words, now)


def _summary(rows: list[Any]) -> dict[str, Any]:
    last_out = max((i for i, r in enumerate(rows) if r.direction == "out"), default=-1)
    after = [r for r in rows[last_out + 1 :] if r.direction == "in"]
    owed = None
    if after and not any(r.answered for r in after):
        owed = next((r for r in after if r.asks and not r.automated), None)
    incoming = [r for r in rows if r.direction == "in"]
    people: set[str] = set()
    for row in rows:
        if row.direction == "in":
            if row.sender:
                people.add(row.sender)
        else:
            people.update(row.recipients or ())
    readings = [r.reading for r in incoming if r.reading]
    return {
        "first_at": rows[0].at,
        "last_at": rows[-1].at,
        "last_direction": rows[-1].direction,
        "owed_since": owed.at if owed is not None else None,
        "owed_message_id": owed.id if owed is not None else None,
        "automated": bool(incoming) and all(r.automated for r in incoming),
        "reading": max(readings, key=lambda r: _READING_RANK[r]) if readings else None,
        "participants": sorted(people),
    }


def _add_contacts(
    session: Session,
    directory: matching.Directory,
    found: matching.Match,
    rows: list[Any],
    tally: Tally,
) -> None:
    """A person writing from the company's domain becomes one of the process's contacts."""
    if found.how != "domain":
        return
    for row in rows:
        address = row.sender
        if row.direction != "in" or row.automated or not address:
            continue
        if any(p == found.process for p, _ in directory.by_address.get(address, ())):
            continue
        name = (row.sender_name or address.split("@")[0])[:200]
        contact = Contact(
            process_id=found.process, name=name, email=address, part="recruiter", keep=False
        )
        session.add(contact)
        session.flush()
        directory.add_contact(found.process, contact.id, address)
        tally.contacts_added.append(
            {"process": found.process, "contact": contact.id, "name": name, "email": address}
        )


def _company_guess(rows: list[Any]) -> str | None:
    for row in rows:
        if row.direction == "in" and row.sender:
            domain = matching.domain_of(row.sender)
            if matching.company_domain(domain):
                labels = domain.split(".")
                core = labels[-2] if len(labels) >= 2 else labels[0]
                return core.replace("-", " ").title()[:200]
    return None
