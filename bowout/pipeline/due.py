"""What the user owes: follow-ups, and the facts behind the to-do list (status).

``facts`` reads the store with a few set-based Core queries (no per-process loop, no ORM), so
status stays fast with thousands of processes and starts without loading the ORM;
``core.agenda`` turns the facts into ordered items.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, and_, func, or_, select

from bowout.core import agenda
from bowout.errors import NotFound
from bowout.model import LIVE_INTERVIEWS, OPEN_STAGES, FollowupKind, Intent
from bowout.pipeline.processes import by_id
from bowout.pipeline.serialize import followup_json
from bowout.pipeline.tables import (
    followup_table,
    interview_table,
    mail_thread_table,
    message_table,
    process_table,
)

if TYPE_CHECKING:
    from sqlalchemy import Row
    from sqlalchemy.orm import Session

    from bowout.pipeline.schema import Followup


def get_followup(session: Session, followup_id: int) -> Followup:
    from bowout.pipeline.schema import Followup

    followup = by_id(session, Followup, followup_id)
    if followup is None:
        raise NotFound(f"there is no follow-up with id {followup_id}", field="followup")
    return followup


def followup_show(session: Session, followup_id: int) -> dict[str, Any]:
    return followup_json(get_followup(session, followup_id))


def followups(session: Session, *, everything: bool = False) -> list[dict[str, Any]]:
    from bowout.pipeline.schema import Followup

    query = select(Followup).order_by(Followup.due, Followup.id)
    if not everything:
        query = query.where(Followup.done_at.is_(None))
    return [followup_json(f) for f in session.scalars(query)]


# --- status ----------------------------------------------------------------------------------


def status(conn: Connection | Session, *, now: datetime) -> dict[str, Any]:
    """The to-do list: a few set-based queries, then the pure ``agenda``."""
    return {"now": now.isoformat(), "items": agenda.items(facts(conn, now), now)}


def facts(conn: Connection | Session, now: datetime) -> agenda.Facts:
    """What the agenda reads: who is waiting, the interviews near or being changed, the
    follow-ups due; a few set-based Core queries."""
    return agenda.Facts(_waiting(conn), _interviews(conn, now), _followups(conn, now))


def _waiting(conn: Connection | Session) -> tuple[agenda.ProcessFacts, ...]:
    """Open processes where someone waits: an unanswered message or pay question, mail owed."""
    process, message = process_table.c, message_table.c
    thread = mail_thread_table.c

    def latest(*where: Any, column: Any = message.at) -> Any:
        # ORDER BY ... LIMIT 1 is one index seek per process; MAX() scans the process's entries.
        return (
            select(column)
            .where(message.process_id == process.id, *where)
            .order_by(message.at.desc())
            .limit(1)
            .correlate(process_table)
            .scalar_subquery()
        )

    # Mail's reply debt lives on its threads; a message logged by hand answers it too.
    mail_owed = (
        select(thread.owed_since)
        .where(thread.process_id == process.id, thread.owed_since.is_not(None))
        .order_by(thread.owed_since)
        .limit(1)
        .correlate(process_table)
        .scalar_subquery()
    )
    by_hand = message.origin.is_(None)
    pay_question = (message.intent == Intent.COMP_CHECK.value, message.direction == "out")

    latest_of = (
        select(
            process.id.label("id"),
            process.company.label("company"),
            process.intent.label("intent"),
            latest(message.direction == "in", by_hand).label("last_in"),
            latest(message.direction == "out").label("last_out"),
            latest(*pay_question).label("pay"),
            latest(*pay_question, column=message.origin).label("pay_origin"),
            latest(message.direction == "in").label("heard"),
            latest(message.direction == "out", by_hand).label("hand_out"),
            mail_owed.label("mail_owed"),
        )
        .where(process.stage.in_(OPEN_STAGES), process.archived_at.is_(None))
        .cte("latest_of")
        .prefix_with("MATERIALIZED")  # computed once, not once per use in the filter below
    )
    c = latest_of.c
    # Only processes where someone is waiting: an unanswered message or an unanswered pay question.
    rows = conn.execute(
        select(latest_of).where(
            or_(
                and_(c.last_in.is_not(None), or_(c.last_out.is_(None), c.last_in > c.last_out)),
                and_(c.pay.is_not(None), or_(c.heard.is_(None), c.heard < c.pay)),
                c.mail_owed.is_not(None),
            )
        )
    ).all()
    return tuple(
        agenda.ProcessFacts(
            id=row.id,
            company=row.company,
            intent=row.intent,
            last_in=_aware(row.last_in),
            last_out=_aware(row.last_out),
            last_pay_question=_aware(row.pay),
            mail_owed=_unanswered(_aware(row.mail_owed), _aware(row.hand_out)),
            heard=_aware(row.heard),
            pay_source="mail" if row.pay_origin == "mail" else "manual",
        )
        for row in rows
    )


def _interviews(conn: Connection | Session, now: datetime) -> tuple[agenda.InterviewFacts, ...]:
    """Live interviews of open processes: the next few days', and any the user means to change."""
    process, interview = process_table.c, interview_table.c
    interview_rows = conn.execute(
        select(
            interview.id,
            interview.process_id,
            interview.start,
            interview.zone,
            interview.status,
            process.company,
            process.intent,
            interview.uid,
        )
        .select_from(interview_table.join(process_table))
        .where(
            process.stage.in_(OPEN_STAGES),
            process.archived_at.is_(None),
            interview.status.in_(LIVE_INTERVIEWS),
            interview.start > now - timedelta(days=1),
            or_(process.intent.is_not(None), interview.start <= now + agenda.UPCOMING),
        )
    ).all()
    return tuple(
        agenda.InterviewFacts(
            id=ident,
            process=process_id,
            company=company,
            intent=intent,
            start=start.astimezone(ZoneInfo(zone)),
            source="calendar" if uid else "manual",
            status=status,
        )
        for ident, process_id, start, zone, status, company, intent, uid in interview_rows
    )


def _followups(conn: Connection | Session, now: datetime) -> tuple[agenda.FollowupFacts, ...]:
    """Follow-ups due (withdrawals at once), each with the interview it concerns."""
    process, interview, followup = process_table.c, interview_table.c, followup_table.c
    followup_rows = conn.execute(
        select(followup_table, process.company)
        .select_from(followup_table.join(process_table))
        .where(
            followup.done_at.is_(None),
            process.archived_at.is_(None),
            or_(followup.kind == FollowupKind.WITHDRAWAL.value, followup.due <= now),
        )
    ).all()
    owing = {f.process_id for f in followup_rows if f.kind == FollowupKind.WITHDRAWAL}
    upcoming: dict[int, datetime] = {}
    if owing:
        next_starts = conn.execute(
            select(interview.process_id, func.min(interview.start))
            .where(
                interview.process_id.in_(owing),
                interview.status.in_(LIVE_INTERVIEWS),
                interview.start > now,
            )
            .group_by(interview.process_id)
        ).all()
        upcoming = {process_id: start for process_id, start in next_starts}
    return tuple(
        agenda.FollowupFacts(
            id=f.id,
            process=f.process_id,
            company=f.company,
            kind=f.kind,
            due=f.due,
            interview=_aware(upcoming.get(f.process_id)) or _planned_interview(f),
        )
        for f in followup_rows
    )


def _unanswered(owed: datetime | None, answered: datetime | None) -> datetime | None:
    return owed if owed is not None and (answered is None or answered < owed) else None


def _planned_interview(followup: Followup | Row[Any]) -> datetime | None:
    """The interview a withdrawal was drafted for (cancelled in the store at accept time)."""
    planned = (followup.draft or {}).get("interview_at")
    return datetime.fromisoformat(planned) if isinstance(planned, str) else None


def _aware(value: Any) -> datetime | None:
    """Scalar subqueries bypass the column type: normalise what the driver returns."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
