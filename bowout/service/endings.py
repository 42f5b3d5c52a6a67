"""How processes end, as workflows written once: decline, reschedule, accept (marking a drafted
message as sent is in ``sending``). Every front end calls these and gets the same result in the
store.

Each plans first (advice, draft, check) and, with ``confirm``, records in one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bowout.core import timing
from bowout.errors import Conflict, InvalidInput
from bowout.model import (
    OPEN_STAGES,
    Direction,
    FollowupKind,
    Intent,
    InterviewStatus,
    NoticeClass,
    ProcessIntent,
    Reason,
    Scenario,
    Stage,
)
from bowout.service import advising, drafting
from bowout.service.context import Context

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bowout.pipeline.schema import Contact, Process

_DECLINE_SCENARIOS = {
    Reason.ACCEPTED_OFFER.value: Scenario.ACCEPTED_OFFER.value,
    Reason.ROLE_MISMATCH.value: Scenario.ROLE_MISMATCH.value,
    Reason.COMPENSATION.value: Scenario.COMP_DECLINE.value,
    Reason.LOST_INTEREST.value: Scenario.OTHER_OPPORTUNITIES.value,
}
_CANCELLING = (Intent.DECLINE.value, Intent.SAME_DAY_CANCEL.value)


def recipient(process: Process, contact: Contact | None = None) -> Contact | None:
    """Who a message about the process goes to: the given contact, else its recruiter."""
    from bowout.pipeline.history import addressee

    return addressee(process, contact)


def history_details(ctx: Context, process: Process, to: Contact | None) -> dict[str, str]:
    """What a draft to ``to`` should acknowledge, as draft details: an earlier no, a message
    never answered, or a reply here that comes late (none when there is nothing to own)."""
    from bowout.core.compose import the_role_at
    from bowout.pipeline.history import owed

    found = owed(process, to, ctx.now)
    if found is None or found.acknowledge is None:
        return {}
    details = {"history": found.acknowledge}
    if not found.current:
        details["earlier"] = the_role_at(found.role, found.company)
    return details


def draft_for(
    ctx: Context,
    process: Process,
    scenario: str,
    *,
    variant: int | None = None,
    contact: Contact | None = None,
    me: str | None = None,
    alone: bool = True,
    **details: Any,
) -> dict[str, Any]:
    """A draft to the process's recruiter (by first name), names filled in from the store."""
    to = recipient(process, contact)
    given = {
        "to": to.name.split()[0] if to else f"{process.company} hiring team",
        "company": process.company,
        "role": process.role,
        "me": me,
        **history_details(ctx, process, to),
        **details,
    }
    given = {key: value for key, value in given.items() if value not in (None, "", ())}
    result = drafting.draft(ctx, scenario, given, variant=variant, alone=alone)
    result["email"] = to.email if to else None
    return result


def check_for(
    ctx: Context, body: str, intent: str, process: Process, *, at: Any = None
) -> dict[str, Any]:
    """The check of a message for ``process``: its next interview and its recipient's history
    as the context."""
    from bowout.pipeline import interviews, messages
    from bowout.pipeline.history import owed

    upcoming = interviews.next_interview(process, ctx.now)
    return messages.check_sent(
        body,
        intent=intent,
        interview_at=upcoming.local_start if upcoming else None,
        sent_at=at or ctx.now,
        settings=ctx.settings,
        history=owed(process, recipient(process), at or ctx.now),
    )


# --- decline and reschedule ------------------------------------------------------------------


def decline(
    ctx: Context,
    ref: str,
    *,
    reason: str | None = None,
    detail: str | None = None,
    variant: int | None = None,
    text: str | None = None,
    subject: str | None = None,
    me: str | None = None,
    confirm: bool = False,
) -> dict[str, Any]:
    """Advise, draft and check a decline; with ``confirm``, record it and close the process.
    ``text`` and ``subject`` are what the user actually sends, when they edited the draft."""
    with ctx.write() if confirm else ctx.read() as session:
        from bowout.pipeline import processes

        process = processes.open_process(session, ref)
        return plan_decline(
            ctx, session, process, reason, detail, variant, text, subject, me, confirm
        )


def plan_decline(
    ctx: Context,
    session: Session,
    process: Process,
    reason: str | None,
    detail: str | None,
    variant: int | None,
    text: str | None,
    subject: str | None,
    me: str | None,
    confirm: bool,
    *,
    note: str | None = None,
    scenario: str | None = None,
) -> dict[str, Any]:
    """Plan (and, with ``confirm``, record) the no that ends ``process``: a same-day
    cancellation under a day before its interview, a late reply when their message has waited
    past the overdue line, else the decline its reason calls for."""
    from bowout.pipeline import interviews, messages, processes
    from bowout.pipeline.history import owed
    from bowout.pipeline.serialize import contact_json, message_json

    upcoming = interviews.next_interview(process, ctx.now)
    start = upcoming.local_start if upcoming else None
    advice = None
    if reason:
        situation = {"reason": reason, "interview_at": start.isoformat() if start else None}
        advice = advising.advise(ctx, situation)
    late = start is not None and timing.notice(start, ctx.now).cls in (
        NoticeClass.LATE,
        NoticeClass.SAME_DAY,
    )  # under a day before needs the apology for the timing as much as the day itself
    if scenario is None:
        debt = owed(process, recipient(process), ctx.now)
        if late:
            scenario = Scenario.SAME_DAY_CANCEL.value
        elif debt is not None and debt.current:
            scenario = Scenario.LATE_REPLY.value
        else:
            scenario = _decline_scenario(process, reason, advice)
    extra: dict[str, Any] = {"detail": detail, "interview_at": start}
    if scenario == Scenario.SAME_DAY_CANCEL.value:
        extra["then"] = "withdraw"
    draft = draft_for(ctx, process, scenario, variant=variant, me=me or ctx.settings.me, **extra)
    body = text.strip() if text and text.strip() else draft["body"]
    intent = drafting.scenario_intent(scenario)
    report = check_for(ctx, body, intent, process)
    plan: dict[str, Any] = {
        "process": process.id,
        "company": process.company,
        "advice": advice,
        "draft": draft,
        "check": report,
        "recorded": None,
    }
    if confirm:
        message, _ = messages.record(
            process,
            body,
            direction=Direction.OUT.value,
            at=ctx.now,
            settings=ctx.settings,
            subject=subject or draft["subject"],
            intent=intent,
        )
        processes.close_process(process, Stage.DECLINED, now=ctx.now, note=note or reason)
        session.flush()
        plan["recorded"] = message_json(message)
        plan["contacts"] = [contact_json(c) for c in process.contacts if not c.keep]
        plan["next"] = {"action": "keep_contact", "process": process.id}
    return plan


def _decline_scenario(process: Process, reason: str | None, advice: dict[str, Any] | None) -> str:
    if advice is not None and advice.get("action") == "decline":
        return str(advice["scenario"])
    if advice is not None and advice.get("scenario") == Scenario.SAME_DAY_CANCEL.value:
        return Scenario.SAME_DAY_CANCEL.value
    if process.stage == Stage.OFFER.value:
        return Scenario.DECLINE_OFFER.value
    return _DECLINE_SCENARIOS.get(reason or "", Scenario.NOT_RIGHT_FIT.value)


def reschedule(
    ctx: Context,
    ref: str,
    *,
    slots: tuple[str, ...] = (),
    to: str | None = None,
    variant: int | None = None,
    text: str | None = None,
    me: str | None = None,
    confirm: bool = False,
) -> dict[str, Any]:
    """Draft a request to move the next interview, proposing concrete times; with ``confirm``,
    record it and move the interview (to ``to`` once a new time is agreed)."""
    from bowout.pipeline import interviews, messages, processes
    from bowout.pipeline.serialize import interview_json, message_json

    with ctx.write() if confirm else ctx.read() as session:
        process = processes.open_process(session, ref)
        upcoming = interviews.next_interview(process, ctx.now)
        if upcoming is None:
            raise Conflict(
                f"process {process.id} has no upcoming interview to move; add it first",
                field="process",
            )
        if not slots and not ctx.settings.availability:
            raise InvalidInput(
                "give the times to propose (or set when you are available in the settings)",
                field="slots",
            )
        draft = draft_for(
            ctx,
            process,
            Scenario.RESCHEDULE.value,
            variant=variant,
            me=me or ctx.settings.me,
            interview_at=upcoming.local_start,
            slots=list(slots),
            available=list(ctx.settings.availability),
        )
        body = text.strip() if text and text.strip() else draft["body"]
        report = check_for(ctx, body, Intent.RESCHEDULE.value, process)
        plan: dict[str, Any] = {
            "process": process.id,
            "company": process.company,
            "interview": interview_json(upcoming),
            "draft": draft,
            "check": report,
            "recorded": None,
        }
        if confirm:
            message, _ = messages.record(
                process,
                body,
                direction=Direction.OUT.value,
                at=ctx.now,
                settings=ctx.settings,
                subject=draft["subject"],
                intent=Intent.RESCHEDULE.value,
            )
            process.intent = None
            if to:
                plan["moved_to"] = interview_json(interviews.move(upcoming, to, now=ctx.now))
            else:
                upcoming.status = InterviewStatus.RESCHEDULED.value
            session.flush()
            plan["recorded"] = message_json(message)
        return plan


# --- accept ----------------------------------------------------------------------------------


def accept(ctx: Context, ref: str, *, verbal: bool = False) -> dict[str, Any]:
    """Record the accepted offer; draft a withdrawal for every other open process, cancel their
    interviews, and owe each withdrawal (a follow-up) until it is marked sent."""
    from bowout.pipeline import interviews, processes
    from bowout.pipeline.schema import Followup, StageChange

    with ctx.write() as session:
        process = processes.open_process(session, ref)
        now = ctx.now
        process.stage = Stage.ACCEPTED.value
        process.intent = None
        note = "verbal acceptance" if verbal else None
        process.stages.append(StageChange(stage=process.stage, at=now, note=note))
        process.updated_at = now
        others = _others(session, process)
        count = drafting.variant_count(Scenario.WITHDRAW.value)
        withdrawals = []
        for index, other in enumerate(others):
            upcoming = interviews.next_interview(other, now)
            start = upcoming.local_start if upcoming else None
            draft = draft_for(
                ctx,
                other,
                Scenario.WITHDRAW.value,
                variant=index % count + 1,
                me=ctx.settings.me,
                alone=False,
                interview_at=start,
            )
            cancelled = []
            for interview in other.interviews:
                if interview.is_live:
                    interview.status = InterviewStatus.CANCELLED.value
                    cancelled.append(interview.id)
            other.intent = None
            other.updated_at = now
            followup = Followup(
                kind=FollowupKind.WITHDRAWAL.value,
                due=now,
                note=f"withdraw after accepting {process.company}",
                draft={**draft, "interview_at": start.isoformat() if start else None},
            )
            other.followups.append(followup)
            session.flush()
            withdrawals.append(
                {
                    "process": other.id,
                    "company": other.company,
                    "followup": followup.id,
                    "interviews_cancelled": cancelled,
                    "draft": draft,
                }
            )
        session.flush()
        return {"accepted": process.id, "company": process.company, "withdrawals": withdrawals}


def _others(session: Session, process: Process) -> list[Process]:
    """The open processes an acceptance withdraws from: all but this one and the archived."""
    from sqlalchemy import select

    from bowout.pipeline.schema import Process

    query = (
        select(Process)
        .where(
            Process.stage.in_(OPEN_STAGES),
            Process.id != process.id,
            Process.archived_at.is_(None),  # put away by the user: left alone
        )
        .order_by(Process.id)
    )
    return list(session.scalars(query))


def _name(contact: Contact | None) -> str | None:
    return contact.name if contact is not None else None


def accept_plan(ctx: Context, ref: str) -> dict[str, Any]:
    """What accepting this offer would do, recorded nowhere: the processes that would get a
    withdrawal and the interviews that would be cancelled (archived processes are left alone)."""
    from bowout.pipeline import processes
    from bowout.pipeline.serialize import interview_json

    with ctx.read() as session:
        process = processes.open_process(session, ref)
        others = _others(session, process)
        return {
            "accepting": process.id,
            "company": process.company,
            "role": process.role,
            "stage": process.stage,
            "withdrawals": [
                {
                    "process": other.id,
                    "company": other.company,
                    "role": other.role,
                    "to": _name(recipient(other)),
                    "interviews": [interview_json(i) for i in other.interviews if i.is_live],
                }
                for other in others
            ],
        }


def prefill(ctx: Context, ref: str) -> dict[str, str]:
    """What the store already knows for drafting about a process: recipient, company, role, the
    next interview, and the reason its state suggests (a process meant to be moved, an offer)."""
    from bowout.pipeline import interviews, processes

    with ctx.read() as session:
        process = processes.resolve(session, ref)
        values: dict[str, str] = {"process": str(process.id), "company": process.company}
        if process.role:
            values["role"] = process.role
        to = recipient(process)
        if to is not None:
            values["to"] = to.name.split()[0]
            if to.email:
                values["email"] = to.email
        upcoming = interviews.next_interview(process, ctx.now)
        if upcoming is not None:
            values["interview_at"] = upcoming.local_start.strftime("%Y-%m-%dT%H:%M")
            values["zone"] = upcoming.zone
        else:
            values["zone"] = ctx.settings.timezone
        if process.intent == ProcessIntent.RESCHEDULE.value:
            values.update(reason=Reason.SCHEDULE_CONFLICT.value, honest="yes")
        elif process.intent == ProcessIntent.DECLINE.value or process.stage == Stage.OFFER.value:
            values["reason"] = Reason.LOST_INTEREST.value
        values.update(history_details(ctx, process, to))
        return values
