"""Messages received and sent, logged against their process; the sent ones checked.

A session in, JSON-ready dicts out, like the rest of the pipeline. A message the user sends is
checked with the process's next interview as context, and its findings are stored with it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bowout.config import Settings
from bowout.core import timing
from bowout.errors import InvalidInput
from bowout.model import CheckContext, Direction, FollowupKind, History, Intent, Stage
from bowout.pipeline.fields import CLOCK_SKEW, check_encodable, clean_text, parse_enum
from bowout.pipeline.history import owed
from bowout.pipeline.interviews import next_interview
from bowout.pipeline.processes import resolve
from bowout.pipeline.schema import Contact, Followup, Message, Process
from bowout.pipeline.serialize import message_json

MAX_BODY = 100_000  # characters: a message, not a book
DECLINING = (Intent.DECLINE.value, Intent.SAME_DAY_CANCEL.value)
_SAID_NO = (Stage.DECLINED.value, Stage.WITHDRAWN.value)


def check_sent(
    text: str,
    *,
    intent: str | None,
    interview_at: datetime | None,
    sent_at: datetime,
    settings: Settings,
    history: History | None = None,
) -> dict[str, Any]:
    """The checker's report on a message the user sends; ``history``: what the recipient went
    through with the user before, which the message should acknowledge."""
    from bowout.checker import engine

    context = CheckContext(
        intent=Intent(intent) if intent else None,
        interview_at=interview_at,
        sent_at=sent_at,
        ignore=frozenset(settings.ignore),
        history=history,
    )
    return engine.check(text, context).to_json()


def record(
    process: Process,
    body: str,
    *,
    direction: str,
    at: datetime,
    settings: Settings,
    subject: str | None = None,
    channel: str = "email",
    intent: str | None = None,
    contact: Contact | None = None,
) -> tuple[Message, dict[str, Any] | None]:
    """A message added to ``process``; a sent one is checked, with what its recipient went
    through before (``history.owed``), and its findings kept with it."""
    text = check_encodable(body, "text").strip()
    if not text:
        raise InvalidInput("the message is empty: give its text", field="text")
    if len(text) > MAX_BODY:
        raise InvalidInput(f"a message of at most {MAX_BODY} characters, please", field="text")
    if intent is not None:
        intent = parse_enum(Intent, intent, "intent")
    message = Message(
        direction=parse_enum(Direction, direction, "direction"),
        channel=clean_text(channel, "channel", 20) or "email",
        at=at,
        subject=clean_text(subject, "subject", 500),
        body=text,
        intent=intent,
        contact=contact,
    )
    report: dict[str, Any] | None = None  # only what the user sends is checked
    if message.direction == Direction.OUT.value:
        upcoming = next_interview(process, at)
        report = check_sent(
            text,
            intent=intent,
            interview_at=upcoming.local_start if upcoming else None,
            sent_at=at,
            settings=settings,
            history=owed(process, contact, at),
        )
        message.intent = report["intent"]
        message.findings = list(report["findings"])
    process.messages.append(message)
    return message, report


def log_message(
    session: Session,
    ref: str,
    direction: str,
    text: str,
    *,
    now: datetime,
    settings: Settings,
    at: str | datetime | None = None,
    subject: str | None = None,
    channel: str = "email",
    intent: str | None = None,
) -> dict[str, Any]:
    """Record a message received or sent. A sent decline settles the withdrawal it was owed."""
    process = resolve(session, ref)
    when = timing.parse_instant(at, "at", zone=settings.zone) if at else now
    if when > now + CLOCK_SKEW:
        raise InvalidInput(f"{when.isoformat()} is in the future", field="at")
    if intent is None and direction == Direction.OUT.value and process.stage in _SAID_NO:
        # After the user's own no, what they write to the process picks it back up: it is read
        # as a reconnection, so that asking whether the role is still open is a second-chance ask.
        intent = Intent.RECONNECT.value
    message, report = record(
        process,
        text,
        direction=direction,
        at=when,
        settings=settings,
        subject=subject,
        channel=channel,
        intent=intent,
    )
    process.updated_at = now
    closed = settle_withdrawals(process, message, now) if message.intent in DECLINING else []
    session.flush()
    return {
        "message": message_json(message),
        "process": process.id,
        "company": process.company,
        "check": report,
        "closed_followups": closed,
    }


def settle_withdrawals(process: Process, message: Message, now: datetime) -> list[int]:
    """A sent decline is the withdrawal this process was owed: settle it and withdraw."""
    if message.direction != Direction.OUT.value:
        return []
    owed = [
        f
        for f in process.followups
        if f.kind == FollowupKind.WITHDRAWAL.value and f.done_at is None
    ]
    for followup in owed:
        complete(followup, now)
    return [f.id for f in owed]


def complete(followup: Followup, now: datetime) -> None:
    """A follow-up done; a withdrawal done withdraws its (still open) process."""
    from bowout.model import Stage
    from bowout.pipeline.processes import close_process

    followup.done_at = now
    process = followup.process
    if followup.kind == FollowupKind.WITHDRAWAL.value and Stage(process.stage).is_open:
        close_process(process, Stage.WITHDRAWN, now=now, note="withdrawal sent")
    process.updated_at = now
