"""Messages received and sent: logged against their process, and the sent ones checked.

Part of the stateful service layer (see ``bowout.tracker``): a session in, JSON-ready dicts out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bowout import service
from bowout.config import Settings
from bowout.errors import InvalidInput
from bowout.model import Direction
from bowout.pipeline.processes import (
    CLOCK_SKEW,
    clean_text,
    complete_followup,
    next_interview,
    parse_enum,
    parse_when,
    resolve,
)
from bowout.pipeline.schema import Message, Process
from bowout.pipeline.serialize import message_json


def log_message(
    session: Session,
    ref: str,
    direction: str,
    text: str,
    *,
    now: datetime,
    at: str | None = None,
    subject: str | None = None,
    channel: str = "email",
    intent: str | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Record a message received or sent; a sent one is checked and its findings kept."""
    settings = settings or Settings()
    process = resolve(session, ref)
    way = parse_enum(Direction, direction, "direction")
    body = text.strip()
    if not body:
        raise InvalidInput("the message is empty: give --text or a --file with text", field="text")
    when = parse_when(at, "at", settings.zone) if at else now
    if when > now + CLOCK_SKEW:
        raise InvalidInput(f"--at: {when.isoformat()} is in the future", field="at")
    message = Message(
        direction=way,
        channel=clean_text(channel, "channel", 20) or "email",
        at=when,
        subject=clean_text(subject, "subject", 500),
        body=body,
        intent=intent,
    )
    report: dict[str, Any] | None = None  # only what the user sends is checked
    if way == Direction.OUT.value:
        upcoming = next_interview(process, when)
        report = check_message(
            body,
            intent=intent,
            interview_at=upcoming.start.astimezone(ZoneInfo(upcoming.zone)) if upcoming else None,
            sent_at=when,
            settings=settings,
        )
        message.intent = report["intent"]
        message.findings = list(report["findings"])
    process.messages.append(message)
    process.updated_at = now
    closed = _close_withdrawals(process, message, now)
    session.flush()
    return {
        "message": message_json(message),
        "process": process.id,
        "company": process.company,
        "check": report,
        "closed_followups": closed,
    }


def _close_withdrawals(process: Process, message: Message, now: datetime) -> list[int]:
    """A sent decline settles the withdrawal this process was owed."""
    if message.direction != "out" or message.intent not in ("decline", "same_day_cancel"):
        return []
    closed = []
    for followup in process.followups:
        if followup.kind == "withdrawal" and followup.done_at is None:
            complete_followup(followup, now)
            closed.append(followup.id)
    return closed


def check_message(
    text: str,
    *,
    intent: str | None,
    interview_at: datetime | None,
    sent_at: datetime,
    settings: Settings,
) -> dict[str, Any]:
    """The checker's report on a message the user sends."""
    return service.check(
        text, intent=intent, interview_at=interview_at, sent_at=sent_at, settings=settings
    )
