"""What the user owes: follow-ups, and the facts behind `bowout status`.

``facts`` reads the store with a few set-based queries (no per-process loop), so status stays
fast with thousands of processes; ``bowout.agenda`` turns the facts into ordered items.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bowout import agenda
from bowout.errors import Conflict, NotFound
from bowout.records import followup_json
from bowout.schema import Followup, Interview, Message, Process
from bowout.tracker import INTENTS, LIVE_INTERVIEWS, OPEN_STAGES, complete_followup


def followup_done(session: Session, followup_id: int, *, now: datetime) -> dict[str, Any]:
    followup = session.get(Followup, followup_id)
    if followup is None:
        raise NotFound(f"no follow-up with id {followup_id}; see `bowout followup list`")
    if followup.done_at is not None:
        raise Conflict(f"follow-up {followup_id} was already marked done")
    complete_followup(followup, now)
    session.flush()
    return followup_json(followup)


def followup_show(session: Session, followup_id: int) -> dict[str, Any]:
    followup = session.get(Followup, followup_id)
    if followup is None:
        raise NotFound(f"no follow-up with id {followup_id}; see `bowout followup list`")
    return followup_json(followup)


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
    def latest(direction: str, *extra: Any) -> Any:
        return (
            select(func.max(Message.at))
            .where(Message.process_id == Process.id, Message.direction == direction, *extra)
            .correlate(Process)
            .scalar_subquery()
        )

    rows = session.execute(
        select(
            Process.id,
            Process.company,
            Process.intent,
            latest("in"),
            latest("out"),
            latest("out", Message.intent == "comp_check"),
        ).where(Process.stage.in_(OPEN_STAGES))
    ).all()
    processes = tuple(
        agenda.ProcessFacts(
            id=row[0],
            company=row[1],
            intent=row[2],
            last_in=_aware(row[3]),
            last_out=_aware(row[4]),
            last_pay_question=_aware(row[5]),
        )
        for row in rows
        if row[3] is not None or row[5] is not None
    )
    interview_rows = session.execute(
        select(Interview, Process.company, Process.intent)
        .join(Process)
        .where(
            Process.intent.in_(INTENTS),
            Process.stage.in_(OPEN_STAGES),
            Interview.status.in_(LIVE_INTERVIEWS),
            Interview.start > now - timedelta(days=1),
        )
    ).all()
    interviews = tuple(
        agenda.InterviewFacts(
            id=interview.id,
            process=interview.process_id,
            company=company,
            intent=intent or "decline",
            start=interview.start.astimezone(ZoneInfo(interview.zone)),
        )
        for interview, company, intent in interview_rows
    )
    upcoming = (
        select(func.min(Interview.start))
        .where(
            Interview.process_id == Followup.process_id,
            Interview.status.in_(LIVE_INTERVIEWS),
            Interview.start > now,
        )
        .correlate(Followup)
        .scalar_subquery()
    )
    followup_rows = session.execute(
        select(Followup, Process.company, upcoming)
        .join(Process)
        .where(
            Followup.done_at.is_(None),
            or_(Followup.kind == "withdrawal", Followup.due <= now),
        )
    ).all()
    followup_facts = tuple(
        agenda.FollowupFacts(
            id=followup.id,
            process=followup.process_id,
            company=company,
            kind=followup.kind,
            due=followup.due,
            interview=_aware(start),
        )
        for followup, company, start in followup_rows
    )
    return agenda.Facts(processes, interviews, followup_facts)


def _aware(value: Any) -> datetime | None:
    """Scalar subqueries bypass the column type: normalise what the driver returns."""
    from bowout.schema import UTCDateTime

    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return UTCDateTime().process_result_value(value, None)  # type: ignore[arg-type]
