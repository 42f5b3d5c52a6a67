"""The ledger over the store: what each process's ending is read from, gathered with a few
set-based queries, and handed to the pure ``core.ledger`` for the verdict.

Nothing here is typed in: the stage, the messages and the rules their checks fired, the
interviews they came before, and the withdrawals owed after an accepted offer say it all.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Text, and_, cast, func, or_, select
from sqlalchemy.orm import Session

from bowout.core import ledger as judge
from bowout.model import Direction, Ending, FollowupKind, InterviewStatus
from bowout.pipeline.schema import Contact, Followup, Interview, Message, Process, StageChange


def tracks(session: Session, ids: Collection[int] | None = None) -> dict[int, judge.Track]:
    """What the ledger reads about each process (every one, or those in ``ids``)."""
    if ids is not None and not ids:
        return {}

    def only(query: Any, column: Any) -> Any:
        return query if ids is None else query.where(column.in_(list(ids)))

    rows = (
        session.connection()
        .execute(only(select(Process.id, Process.company, Process.role, Process.stage), Process.id))
        .all()
    )
    ended = dict(
        session.execute(
            only(
                select(StageChange.process_id, func.max(StageChange.at)).group_by(
                    StageChange.process_id
                ),
                StageChange.process_id,
            )
        ).all()
    )
    # Most messages found nothing (or are theirs, never checked): their findings are not read,
    # only whether there are any; the few with findings are read in a second query.
    # (A JSON column keeps None as the text null, so "nothing stored" is either.)
    stored = cast(Message.findings, Text)
    unread = or_(Message.findings.is_(None), stored == "null")
    found_any = and_(Message.findings.is_not(None), stored.not_in(("[]", "null")))
    fired_of = _fired(
        session, only(select(Message.id, Message.findings).where(found_any), Message.process_id)
    )
    said: dict[int, list[judge.Said]] = {}
    unchecked: list[tuple[int, int, int]] = []  # message id, process, place in its list
    listed = only(
        select(
            Message.id,
            Message.process_id,
            Message.at,
            Message.direction,
            Message.intent,
            unread,
        ).order_by(Message.at, Message.id),
        Message.process_id,
    )
    for ident, process_id, at, direction, intent, blank in (
        session.connection().execute(listed).all()
    ):
        messages = said.setdefault(process_id, [])
        if direction == Direction.OUT.value and blank:
            unchecked.append((ident, process_id, len(messages)))
        messages.append(judge.Said(at, direction, intent, fired_of.get(ident, frozenset())))
    if unchecked:
        _check_unchecked(session, unchecked, said)
    starts: dict[int, list[datetime]] = {}
    for process_id, start, zone in session.execute(
        only(
            select(Interview.process_id, Interview.start, Interview.zone).where(
                Interview.status != InterviewStatus.DONE.value
            ),
            Interview.process_id,
        )
    ):
        starts.setdefault(process_id, []).append(start.astimezone(ZoneInfo(zone)))
    withdrawing = set(
        session.scalars(
            only(
                select(Followup.process_id).where(Followup.kind == FollowupKind.WITHDRAWAL.value),
                Followup.process_id,
            )
        )
    )
    return {
        ident: judge.Track(
            id=ident,
            company=company,
            role=role,
            stage=stage,
            ended_at=ended.get(ident),
            messages=tuple(said.get(ident, ())),
            interviews=tuple(starts.get(ident, ())),
            withdrawal=ident in withdrawing,
        )
        for ident, company, role, stage in rows
    }


def _fired(session: Session, query: Any) -> dict[int, frozenset[str]]:
    """The rule ids each message's stored check found."""
    return {
        ident: frozenset(str(f.get("rule")) for f in findings or () if isinstance(f, dict))
        for ident, findings in session.connection().execute(query)
    }


def _check_unchecked(
    session: Session,
    unchecked: list[tuple[int, int, int]],
    said: dict[int, list[judge.Said]],
) -> None:
    """A sent message stored without its check (read from mail, say) is checked now, so its
    process is judged by what it says like every other."""
    from bowout.checker import engine
    from bowout.model import CheckContext, Intent

    bodies = dict(
        session.execute(
            select(Message.id, Message.body).where(Message.id.in_([u[0] for u in unchecked]))
        ).all()
    )
    for ident, process_id, place in unchecked:
        old = said[process_id][place]
        context = CheckContext(intent=Intent(old.intent) if old.intent else None)
        report = engine.check(bodies.get(ident) or "", context)
        fired = frozenset(f.rule for f in report.findings)
        said[process_id][place] = judge.Said(old.at, old.direction, report.intent.value, fired)


def verdicts(
    session: Session, now: datetime, ids: Collection[int] | None = None
) -> dict[int, judge.Verdict]:
    """The ending of each process that has one (ended, or someone left waiting too long)."""
    found = {}
    for ident, track in tracks(session, ids).items():
        result = judge.verdict(track, now)
        if result is not None:
            found[ident] = result
    return found


def ledger(session: Session, now: datetime) -> dict[str, Any]:
    """Every ended process, most recent first: how it ended, what they likely remember, and the
    people involved; the summary line on top."""
    every = tracks(session)
    judged = {i: v for i, t in every.items() if (v := judge.verdict(t, now)) is not None}
    people: dict[int, list[dict[str, Any]]] = {}
    if judged:
        columns = (Contact.person_id, Contact.id, Contact.name, Contact.email, Contact.part)
        query = select(Contact.process_id, *columns).order_by(Contact.id)
        if len(judged) < len(every):
            query = query.where(Contact.process_id.in_(list(judged)))
        for process_id, person, ident, name, email, part in session.connection().execute(query):
            if process_id in judged:
                people.setdefault(process_id, []).append(
                    {"person": person, "contact": ident, "name": name, "email": email, "part": part}
                )
    order = sorted(judged, key=lambda i: (judged[i].at or now, i), reverse=True)
    entries = []
    for ident in order:
        track, result = every[ident], judged[ident]
        entry: dict[str, Any] = {
            "process": ident,
            "company": track.company,
            "role": track.role,
            "stage": track.stage,
            **result.to_json(),
            "people": people.get(ident, []),
        }
        if result.ending is Ending.NEVER_ANSWERED:
            entry["next"] = {"action": "late_reply", "process": ident}
        entries.append(entry)
    return {
        "now": now.isoformat(),
        "summary": judge.summary(judged.values()),
        "processes": entries,
    }
