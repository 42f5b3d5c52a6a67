"""What the user sent, as workflows written once: a drafted message marked as sent moves its
process on by what it does; a follow-up marked done logs the message it was."""

from __future__ import annotations

from typing import Any

from bowout.errors import Conflict, InvalidInput
from bowout.model import Direction, FollowupKind, Intent, InterviewStatus, Stage
from bowout.service import drafting
from bowout.service.context import Context

_CANCELLING = (Intent.DECLINE.value, Intent.SAME_DAY_CANCEL.value)


def mark_sent(
    ctx: Context,
    ref: str,
    body: str,
    *,
    scenario: str | None = None,
    subject: str | None = None,
    then: str | None = None,
) -> dict[str, Any]:
    """The user sent a message drafted for ``scenario``: record it and move the process on by
    what the message does. A decline or a same-day withdrawal closes the process (its
    interviews cancelled); a reschedule marks the interview as being moved; anything else is
    logged as sent."""
    from bowout.pipeline import drafts, interviews, messages, processes
    from bowout.pipeline.serialize import message_json, process_json

    if not isinstance(body, str) or not body.strip():
        raise InvalidInput("the message is empty: paste what you sent", field="body")
    intent = drafting.scenario_intent(scenario) if scenario else None
    with ctx.write() as session:
        process = processes.open_process(session, ref)
        message, report = messages.record(
            process,
            body,
            direction=Direction.OUT.value,
            at=ctx.now,
            settings=ctx.settings,
            subject=subject,
            intent=intent,
        )
        done = message.intent
        moves = done == Intent.RESCHEDULE.value or (
            done == Intent.SAME_DAY_CANCEL.value and then == "reschedule"
        )
        closed: list[int] = []
        if moves:
            upcoming = interviews.next_interview(process, ctx.now)
            if upcoming is not None:
                upcoming.status = InterviewStatus.RESCHEDULED.value
            process.intent = None
        elif done in _CANCELLING:
            closed = messages.settle_withdrawals(process, message, ctx.now)
            if intent in _CANCELLING and Stage(process.stage).is_open:
                processes.close_process(process, Stage.DECLINED, now=ctx.now)
        process.updated_at = ctx.now
        drafts.discard_for(session, process.id)
        session.flush()
        return {
            "message": message_json(message),
            "check": report,
            "process": process_json(process),
            "closed_followups": closed,
        }


def followup_done(
    ctx: Context, followup_id: int, *, text: str | None = None, subject: str | None = None
) -> dict[str, Any]:
    """A follow-up is done. A withdrawal or a note is a message the user sent: it is logged as
    sent (``text`` when they edited it, else the drafted one), and a withdrawal withdraws."""
    from bowout.pipeline import drafts, due, messages
    from bowout.pipeline.serialize import followup_json

    with ctx.write() as session:
        followup = due.get_followup(session, followup_id)
        if followup.done_at is not None:
            raise Conflict(f"follow-up {followup_id} was already marked done", "followup")
        draft = followup.draft or {}
        body = text if text and text.strip() else draft.get("body")
        if body:
            intent = Intent.DECLINE.value if followup.kind == FollowupKind.WITHDRAWAL else None
            messages.record(
                followup.process,
                body,
                direction=Direction.OUT.value,
                at=ctx.now,
                settings=ctx.settings,
                subject=subject or draft.get("subject"),
                intent=intent,
                contact=followup.contact,
            )
        messages.complete(followup, ctx.now)
        drafts.discard(session, f"followup-{followup.id}")
        session.flush()
        return followup_json(followup)
