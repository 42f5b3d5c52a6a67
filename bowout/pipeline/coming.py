"""What is coming in a span of time, for the view by day: the live interviews of processes in
view, and the follow-ups falling due. A session in, rows out (the service shapes them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bowout.model import LIVE_INTERVIEWS, OPEN_STAGES
from bowout.pipeline.schema import Followup, Interview, Process


def interviews_between(session: Session, start: datetime, end: datetime) -> list[Interview]:
    """Live interviews of open, unarchived processes starting in [start, end), soonest first."""
    query = (
        select(Interview)
        .join(Process)
        .where(
            Interview.status.in_(LIVE_INTERVIEWS),
            Interview.start >= start,
            Interview.start < end,
            Process.stage.in_(OPEN_STAGES),
            Process.archived_at.is_(None),
        )
        .order_by(Interview.start, Interview.id)
    )
    return list(session.scalars(query))


def followups_between(session: Session, start: datetime, end: datetime) -> list[Followup]:
    """Open follow-ups of unarchived processes falling due in (start, end)."""
    query = (
        select(Followup)
        .join(Process)
        .where(
            Followup.done_at.is_(None),
            Followup.due > start,
            Followup.due < end,
            Process.archived_at.is_(None),
        )
        .order_by(Followup.due, Followup.id)
    )
    return list(session.scalars(query))
