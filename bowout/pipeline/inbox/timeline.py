"""A matched thread's messages on its process's timeline, as if logged by hand, marked as mail.

The copies (``origin="mail"``) show in the process and its export; the thread, not the copy,
owns the reply debt. A message the user sent is read by the checker for what it does, so a
sent decline or pay question counts as one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bowout.model import FollowupKind
from bowout.pipeline import matching
from bowout.pipeline.inbox import signals
from bowout.pipeline.inbox.bulk import insert_many, update_by_id
from bowout.pipeline.schema import Process
from bowout.pipeline.tables import mail_message_table, message_table

BODY_LIMIT = 20_000
_MAIL = mail_message_table
_MESSAGES = message_table  # Core inserts: many rows at once, ids returned


def log_rows(
    session: Session,
    rows: Sequence[tuple[int, Any]],
    directory: matching.Directory,
    words: dict[str, str],
    now: datetime,
) -> None:
    """Insert one pipeline message per (process, mail row) and link the two."""
    from bowout.checker import intent as reader

    values = []
    for process, row in rows:
        own = words.get(row.message_key, "").strip()
        body = (own or row.snippet or row.subject or "(no text)")[:BODY_LIMIT]
        people = [row.sender] if row.direction == "in" else list(row.recipients or ())
        contact = next(
            (
                c
                for person in people
                for p, c in directory.by_address.get(person, ())
                if p == process
            ),
            None,
        )
        values.append(
            {
                "process_id": process,
                "contact_id": contact,
                "direction": row.direction,
                "channel": "email",
                "at": row.at,
                "subject": row.subject,
                "body": body,
                "intent": reader.detect(body).value
                if row.direction == "out" and signals.sent_worth_reading(body)
                else None,
                "findings": None,
                "origin": "mail",
            }
        )
    # A copy already on the timeline (restored from an export, whose mail records are not in
    # it) is linked again, not copied twice.
    kept = _copies_kept(session, values)
    fresh = [v for v in values if _copy_key(v) not in kept]
    made = iter(insert_many(session, _MESSAGES, fresh))
    ids = [kept[_copy_key(v)] if _copy_key(v) in kept else next(made) for v in values]
    links = [(row.id, ident) for (_, row), ident in zip(rows, ids, strict=True)]
    update_by_id(session, _MAIL, "message_id", links)
    touched = sorted({process for process, _ in rows})
    session.execute(update(Process).where(Process.id.in_(touched)).values(updated_at=now))
    from bowout.pipeline.messages import DECLINING

    declines: dict[int, datetime] = {}
    for value in values:
        if value["direction"] == "out" and value["intent"] in DECLINING:
            at = value["at"]
            declines[value["process_id"]] = max(at, declines.get(value["process_id"], at))
    if declines:
        settle_sent_withdrawals(session, declines, now)


def _copy_key(value: dict[str, Any]) -> tuple[Any, ...]:
    at = value["at"]
    return (value["process_id"], value["direction"], at.astimezone(UTC), value["subject"] or "")


def _copies_kept(session: Session, values: list[dict[str, Any]]) -> dict[tuple[Any, ...], int]:
    """The mail copies already on these processes' timelines that no mail record points to."""
    if not values:
        return {}
    column = _MESSAGES.c
    linked = select(_MAIL.c.message_id).where(_MAIL.c.message_id.is_not(None))
    rows = session.execute(
        select(column.id, column.process_id, column.direction, column.at, column.subject).where(
            column.process_id.in_(sorted({v["process_id"] for v in values})),
            column.origin == "mail",
            column.id.not_in(linked),
        )
    ).all()
    return {(r.process_id, r.direction, r.at.astimezone(UTC), r.subject or ""): r.id for r in rows}


def settle_sent_withdrawals(session: Session, declines: dict[int, datetime], now: datetime) -> None:
    """A decline found in Sent is the withdrawal its process was owed (after an accepted offer),
    as one logged by hand is: the follow-up is done and the process withdrawn. Only a decline
    sent once the withdrawal was due settles it; an older one was about something else."""
    from bowout.pipeline.messages import complete
    from bowout.pipeline.schema import Followup

    owed = session.scalars(
        select(Followup).where(
            Followup.process_id.in_(list(declines)),
            Followup.kind == FollowupKind.WITHDRAWAL.value,
            Followup.done_at.is_(None),
        )
    ).all()
    for followup in owed:
        if followup.due <= declines[followup.process_id]:
            complete(followup, now)
    session.flush()
