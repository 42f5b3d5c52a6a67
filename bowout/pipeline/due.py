"""What the user owes: follow-ups, and the facts behind the to-do list (status).

``facts`` reads the store with a few set-based queries (no per-process loop), so status stays
fast with thousands of processes; ``core.agenda`` turns the facts into ordered items.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from bowout.core import agenda
from bowout.errors import NotFound
from bowout.model import LIVE_INTERVIEWS, OPEN_STAGES, FollowupKind, Intent
from bowout.pipeline.processes import by_id
from bowout.pipeline.schema import Followup, Interview, MailThread, Message, Process
from bowout.pipeline.serialize import followup_json


def get_followup(session: Session, followup_id: int) -> Followup:
    followup = by_id(session, Followup, followup_id)
    if followup is None:
        raise NotFound(f"there is no follow-up with id {followup_id}", field="followup")
    return followup


def followup_show(session: Session, followup_id: int) -> dict[str, Any]:
    return followup_json(get_followup(session, followup_id))


def followups(session: Session, *, everything: bool = False) -> list[dict[str, Any]]:
    query = select(Followup).order_by(Followup.due, Followup.id)
    if not everything:
        query = query.where(Followup.done_at.is_(None))
    return [followup_json(f) for f in session.scalars(query)]


# --- status ----------------------------------------------------------------------------------


def status(session: Session, *, now: datetime) -> dict[str, Any]:
    """The to-do list: a few set-based queries, then the pure ``agenda``."""
    return {"now": now.isoformat(), "items": agenda.items(facts(session, now), now)}


def facts(session: Session, now: datetime) -> agenda.Facts:
    def latest(*where: Any, column: Any = Message.at) -> Any:
        # ORDER BY ... LIMIT 1 is one index seek per process; MAX() scans the process's entries.
        return (
            select(column)
            .where(Message.process_id == Process.id, *where)
            .order_by(Message.at.desc())
            .limit(1)
            .correlate(Process)
            .scalar_subquery()
        )

    # Mail's reply debt lives on its threads; a message logged by hand answers it too.
    mail_owed = (
        select(MailThread.owed_since)
        .where(MailThread.process_id == Process.id, MailThread.owed_since.is_not(None))
        .order_by(MailThread.owed_since)
        .limit(1)
        .correlate(Process)
        .scalar_subquery()
    )
    by_hand = Message.origin.is_(None)
    pay_question = (Message.intent == Intent.COMP_CHECK.value, Message.direction == "out")

    latest_of = (
        select(
            Process.id.label("id"),
            Process.company.label("company"),
            Process.intent.label("intent"),
            latest(Message.direction == "in", by_hand).label("last_in"),
            latest(Message.direction == "out").label("last_out"),
            latest(*pay_question).label("pay"),
            latest(*pay_question, column=Message.origin).label("pay_origin"),
            latest(Message.direction == "in").label("heard"),
            latest(Message.direction == "out", by_hand).label("hand_out"),
            mail_owed.label("mail_owed"),
        )
        .where(Process.stage.in_(OPEN_STAGES), Process.archived_at.is_(None))
        .cte("latest_of")
        .prefix_with("MATERIALIZED")  # computed once, not once per use in the filter below
    )
    c = latest_of.c
    # Only processes where someone is waiting: an unanswered message or an unanswered pay question.
    rows = session.execute(
        select(latest_of).where(
            or_(
                and_(c.last_in.is_not(None), or_(c.last_out.is_(None), c.last_in > c.last_out)),
                and_(c.pay.is_not(None), or_(c.heard.is_(None), c.heard < c.pay)),
                c.mail_owed.is_not(None),
            )
        )
    ).all()
    processes = tuple(
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
    interview_rows = session.execute(
        select(
            Interview.id,
            Interview.process_id,
            Interview.start,
            Interview.zone,
            Interview.status,
            Process.company,
            Process.intent,
            Interview.uid,
        )
        .join(Process)
        .where(
            Process.stage.in_(OPEN_STAGES),
            Process.archived_at.is_(None),
            Interview.status.in_(LIVE_INTERVIEWS),
            Interview.start > now - timedelta(days=1),
            or_(Process.intent.is_not(None), Interview.start <= now + agenda.UPCOMING),
        )
    ).all()
    interviews = tuple(
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
    followup_rows = session.execute(
        select(Followup, Process.company)
        .join(Process)
        .where(
            Followup.done_at.is_(None),
            Process.archived_at.is_(None),
            or_(Followup.kind == FollowupKind.WITHDRAWAL.value, Followup.due <= now),
        )
    ).all()
    owing = {f.process_id for f, _ in followup_rows if f.kind == FollowupKind.WITHDRAWAL}
    upcoming: dict[int, datetime] = {}
    if owing:
        next_starts = session.execute(
            select(Interview.process_id, func.min(Interview.start))
            .where(
                Interview.process_id.in_(owing),
                Interview.status.in_(LIVE_INTERVIEWS),
                Interview.start > now,
            )
            .group_by(Interview.process_id)
        ).all()
        upcoming = {process_id: start for process_id, start in next_starts}
    followup_facts = tuple(
        agenda.FollowupFacts(
            id=followup.id,
            process=followup.process_id,
            company=company,
            kind=followup.kind,
            due=followup.due,
            interview=_aware(upcoming.get(followup.process_id)) or _planned_interview(followup),
        )
        for followup, company in followup_rows
    )
    return agenda.Facts(processes, interviews, followup_facts)


def _unanswered(owed: datetime | None, answered: datetime | None) -> datetime | None:
    return owed if owed is not None and (answered is None or answered < owed) else None


def _planned_interview(followup: Followup) -> datetime | None:
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
