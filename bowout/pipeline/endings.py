"""How processes end, over the store: decline, reschedule, accept.

Each function plans first (advice, draft, check) and writes only when ``confirm`` is true (accept
always writes), all inside the caller's one transaction. What comes afterwards (contacts worth
keeping, reconnections) is in ``bowout.relationships``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bowout import service
from bowout.config import Settings
from bowout.core import timing
from bowout.errors import Conflict, InvalidInput
from bowout.model import InterviewStatus, NoticeClass, Stage
from bowout.pipeline.messages import check_message
from bowout.pipeline.processes import (
    LIVE_INTERVIEWS,
    OPEN_STAGES,
    next_interview,
    resolve,
    update_interview,
)
from bowout.pipeline.schema import Contact, Followup, Interview, Message, Process, StageChange
from bowout.pipeline.serialize import contact_json, interview_json, message_json

_DECLINE_SCENARIOS = {
    "accepted_offer": "accepted-offer",
    "role_mismatch": "role-mismatch",
    "compensation": "comp-decline",
    "lost_interest": "other-opportunities",
}


def _local(interview: Interview) -> datetime:
    return interview.start.astimezone(ZoneInfo(interview.zone))


def draft_for(
    process: Process,
    scenario: str,
    *,
    settings: Settings,
    now: datetime,
    variant: int | None = None,
    contact: Contact | None = None,
    **details: Any,
) -> dict[str, Any]:
    """A draft addressed to the process's recruiter, names filled in from the store."""
    to = contact or next((c for c in process.contacts if c.part == "recruiter"), None)
    to = to or (process.contacts[0] if process.contacts else None)
    given = {
        "to": to.name.split()[0] if to else f"{process.company} hiring team",
        "company": process.company,
        "role": process.role,
        "me": settings.me,  # unset: service.draft says how to set it, never a gap in a letter
        **details,
    }
    given = {key: value for key, value in given.items() if value not in (None, "", ())}
    return service.draft(scenario, given, variant=variant, settings=settings, now=now)


def variant_count(scenario: str) -> int:
    from bowout.core import compose
    from bowout.model import Scenario

    return compose.variant_count(Scenario(scenario))


# --- decline and reschedule ------------------------------------------------------------------


def decline(
    session: Session,
    ref: str,
    *,
    now: datetime,
    settings: Settings,
    reason: str | None = None,
    detail: str | None = None,
    variant: int | None = None,
    text: str | None = None,
    subject: str | None = None,
    confirm: bool = False,
) -> dict[str, Any]:
    """Advise, draft and check a decline; with ``confirm``, record it and close the process.

    ``text`` and ``subject`` are what the user actually sends, when they edited the draft.
    """
    process = _open(session, ref)
    upcoming = next_interview(process, now)
    interview_at = _local(upcoming).isoformat() if upcoming else None
    advice = None
    if reason:
        advice = service.advise({"reason": reason, "interview_at": interview_at}, now=now)
    # Under a day before (late) needs the apology for the timing as much as the day itself.
    same_day = upcoming is not None and timing.notice(_local(upcoming), now).cls in (
        NoticeClass.LATE,
        NoticeClass.SAME_DAY,
    )
    scenario = "same-day-cancel" if same_day else _decline_scenario(process, reason, advice)
    extra: dict[str, Any] = {
        "detail": detail,
        "interview_at": _local(upcoming) if upcoming else None,
    }
    if scenario == "same-day-cancel":
        extra["then"] = "withdraw"
    draft = draft_for(process, scenario, settings=settings, now=now, variant=variant, **extra)
    body = text.strip() if text else draft["body"]
    intent = "same_day_cancel" if scenario == "same-day-cancel" else "decline"
    report = check_message(
        body,
        intent=intent,
        interview_at=_local(upcoming) if upcoming else None,
        sent_at=now,
        settings=settings,
    )
    plan: dict[str, Any] = {
        "process": process.id,
        "company": process.company,
        "advice": advice,
        "draft": draft,
        "check": report,
        "recorded": None,
    }
    if confirm:
        message = _record(process, body, subject or draft["subject"], intent, report, now)
        process.stage = Stage.DECLINED.value
        process.intent = None
        process.stages.append(StageChange(stage=process.stage, at=now, note=reason))
        for interview in process.interviews:
            if interview.status in LIVE_INTERVIEWS:
                interview.status = InterviewStatus.CANCELLED.value
        for followup in process.followups:
            if followup.kind == "withdrawal" and followup.done_at is None:
                followup.done_at = now
        session.flush()
        plan["recorded"] = message_json(message)
        plan["next"] = _keep_hint(process)
        plan["contacts"] = [contact_json(c) for c in process.contacts if not c.keep]
    return plan


def _decline_scenario(process: Process, reason: str | None, advice: dict[str, Any] | None) -> str:
    if advice is not None and advice.get("action") == "decline":
        return str(advice["scenario"])
    if advice is not None and advice.get("scenario") == "same-day-cancel":
        return "same-day-cancel"
    if process.stage == Stage.OFFER.value:
        return "decline-offer"
    return _DECLINE_SCENARIOS.get(reason or "", "not-right-fit")


def reschedule(
    session: Session,
    ref: str,
    *,
    now: datetime,
    settings: Settings,
    slots: tuple[str, ...] = (),
    to: str | None = None,
    variant: int | None = None,
    text: str | None = None,
    confirm: bool = False,
) -> dict[str, Any]:
    """Draft a reschedule with concrete slots; with ``confirm``, record it, move the interview."""
    process = _open(session, ref)
    upcoming = next_interview(process, now)
    if upcoming is None:
        raise Conflict(
            f"process {process.id} has no upcoming interview to move; "
            f"add one with `bowout interview add {process.id} WHEN`"
        )
    if not slots and not settings.availability:
        raise InvalidInput(
            "give --slot times to propose (or set `availability` in the config file)",
            field="slot",
        )
    draft = draft_for(
        process,
        "reschedule",
        settings=settings,
        now=now,
        variant=variant,
        interview_at=_local(upcoming),
        slots=list(slots),
        available=list(settings.availability),
    )
    body = text.strip() if text else draft["body"]
    report = check_message(
        body, intent="reschedule", interview_at=_local(upcoming), sent_at=now, settings=settings
    )
    plan: dict[str, Any] = {
        "process": process.id,
        "company": process.company,
        "interview": interview_json(upcoming),
        "draft": draft,
        "check": report,
        "recorded": None,
    }
    if confirm:
        message = _record(process, body, draft["subject"], "reschedule", report, now)
        process.intent = None
        if to:
            plan["moved_to"] = update_interview(session, upcoming.id, now=now, at=to)
        else:
            upcoming.status = InterviewStatus.RESCHEDULED.value
        session.flush()
        plan["recorded"] = message_json(message)
    return plan


def _open(session: Session, ref: str) -> Process:
    process = resolve(session, ref)
    if not Stage(process.stage).is_open:
        raise Conflict(f"process {process.id} ({process.company}) is already {process.stage}")
    return process


def _record(
    process: Process,
    body: str,
    subject: str | None,
    intent: str,
    report: dict[str, Any] | None,
    now: datetime,
) -> Message:
    message = Message(
        direction="out",
        channel="email",
        at=now,
        subject=subject,
        body=body,
        intent=report.get("intent", intent) if report else intent,
        findings=list(report.get("findings", [])) if report else None,
    )
    process.messages.append(message)
    process.updated_at = now
    return message


def _keep_hint(process: Process) -> str:
    if not process.contacts:
        return f"bowout keep {process.id} CONTACT --why recruiter-invested"
    return f"bowout keep {process.id} {process.contacts[0].id} --why recruiter-invested"


# --- accept ----------------------------------------------------------------------------------


def accept(
    session: Session, ref: str, *, now: datetime, settings: Settings, verbal: bool = False
) -> dict[str, Any]:
    """Record the accepted offer; draft a withdrawal for every other open process."""
    process = _open(session, ref)
    process.stage = Stage.ACCEPTED.value
    process.intent = None
    process.stages.append(
        StageChange(stage=process.stage, at=now, note="verbal acceptance" if verbal else None)
    )
    process.updated_at = now
    others = session.scalars(
        select(Process)
        .where(Process.stage.in_(OPEN_STAGES), Process.id != process.id)
        .order_by(Process.id)
    ).all()
    count = variant_count("withdraw")
    withdrawals = []
    for index, other in enumerate(others):
        upcoming = next_interview(other, now)
        draft = draft_for(
            other,
            "withdraw",
            settings=settings,
            now=now,
            variant=index % count + 1,
            interview_at=_local(upcoming) if upcoming else None,
        )
        # Variants already rotate here, so the note suggesting it is left out.
        draft["notes"] = [note for note in draft["notes"] if "--variant" not in note]
        cancelled = []
        for interview in other.interviews:
            if interview.status in LIVE_INTERVIEWS:
                interview.status = InterviewStatus.CANCELLED.value
                cancelled.append(interview.id)
        other.intent = None
        other.updated_at = now
        followup = Followup(
            kind="withdrawal",
            due=now,
            note=f"withdraw after accepting {process.company}",
            draft={**draft, "interview_at": _local(upcoming).isoformat() if upcoming else None},
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
