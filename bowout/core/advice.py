"""The guide's decision rules: a situation in, the recommended action with its reasons out.

Pure: `now` is part of the situation. Validation errors name the field to fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any, Literal

from bowout.core import timing
from bowout.errors import InvalidInput
from bowout.model import (
    PERCEPTION,
    Action,
    Advice,
    Alternative,
    Notice,
    NoticeClass,
    Outcome,
    Reason,
    Scenario,
)

Accepted = Literal["none", "verbal", "signed"]
_ACCEPTED: tuple[Accepted, ...] = ("none", "verbal", "signed")
_RESCHEDULE_REASONS = {
    Reason.SCHEDULE_CONFLICT,
    Reason.AWAITING_OTHER_PROCESS,
    Reason.NEED_PREPARATION,
}
_URGENT = {NoticeClass.LATE, NoticeClass.SAME_DAY, NoticeClass.PAST}
# How soon to send, by how much notice is left: the later it is, the sooner.
_WITHIN = {
    NoticeClass.AMPLE: timedelta(hours=24),
    NoticeClass.SHORT: timedelta(hours=4),
    NoticeClass.LATE: timedelta(hours=1),
    NoticeClass.SAME_DAY: timedelta(0),
    NoticeClass.PAST: timedelta(0),
    NoticeClass.NONE: timedelta(hours=24),
}


@dataclass(frozen=True)
class Situation:
    reason: Reason
    now: datetime
    interview_at: datetime | None = None
    comp_discussed: bool | None = None
    comp_aligned: bool | None = None
    accepted_elsewhere: Accepted = "none"
    would_attend: bool | None = None


def _bool_or_none(value: Any, field: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise InvalidInput(f"expected true, false or nothing, not {value!r}", field=field)


def situation_from(
    data: Mapping[str, Any], *, now: datetime, zone: tzinfo | None = None
) -> Situation:
    """Validate a situation as given in JSON (or flags); `now` is used if the data has none.
    A time written without an offset is read in ``zone``."""
    if not isinstance(data, Mapping):
        raise InvalidInput(
            "the situation must be an object with a reason and, optionally, the interview's time",
            field="situation",
        )
    known = {"reason", "interview_at", "now", "compensation", "accepted_elsewhere"}
    known |= {"would_attend_at_perfect_time"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InvalidInput(
            f"the situation has unknown field(s) {', '.join(map(str, unknown))}; the known ones "
            f"are {', '.join(sorted(known))}",
            field=str(unknown[0]),
        )
    raw_reason = data.get("reason")
    if raw_reason in (None, ""):
        choices = ", ".join(r.value for r in Reason)
        raise InvalidInput(f"say why you would say no: one of {choices}", field="reason")
    try:
        reason = Reason(raw_reason)
    except ValueError:
        choices = ", ".join(r.value for r in Reason)
        raise InvalidInput(
            f"{raw_reason!r} is not a reason bowout knows; one of {choices}", field="reason"
        ) from None
    when = data.get("now")
    current = timing.parse_instant(when, "now", zone=zone) if when is not None else now
    raw_interview = data.get("interview_at")
    interview = (
        timing.parse_instant(raw_interview, "interview_at", zone=zone)
        if raw_interview is not None
        else None
    )
    comp = data.get("compensation") or {}
    if not isinstance(comp, Mapping):
        raise InvalidInput(
            'pay must be given as {"discussed": true or false, "aligned": true, false or null}',
            field="compensation",
        )
    discussed = _bool_or_none(comp.get("discussed"), "compensation.discussed")
    aligned = _bool_or_none(comp.get("aligned"), "compensation.aligned")
    if aligned is not None and not discussed:
        raise InvalidInput(
            "pay cannot be enough or below before it has been discussed; say it was discussed, "
            "or leave out whether it was enough",
            field="compensation.aligned",
        )
    accepted = data.get("accepted_elsewhere") or "none"
    if accepted not in _ACCEPTED:
        raise InvalidInput(
            f"whether you accepted elsewhere must be none, verbal or signed, not {accepted!r}",
            field="accepted_elsewhere",
        )
    would = _bool_or_none(data.get("would_attend_at_perfect_time"), "would_attend_at_perfect_time")
    return Situation(reason, current, interview, discussed, aligned, accepted, would)


# --- the rules ---------------------------------------------------------------------------------


def advise(situation: Situation) -> Advice:
    """Apply the guide: decline, reschedule, ask about pay first, or attend."""
    s = situation
    notice = timing.notice(s.interview_at, s.now)
    action, scenario, then, why = _decide(s, notice)
    urgent = notice.cls in _URGENT and action is not Action.ATTEND
    if urgent:
        why = (_urgency(notice), *why)
    if action is not Action.ATTEND:
        why = (
            *why,
            "Whatever you decide, answer: a candidate who never replies is flagged as "
            "non-responsive and remembered that way for years.",
        )
    send = None
    if action is not Action.ATTEND:
        send = timing.send_by(s.interview_at, s.now, within=_WITHIN[notice.cls])
    return Advice(
        action=action,
        scenario=scenario,
        notice=notice,
        send_by=send,
        urgent=urgent,
        why=why,
        alternatives=_alternatives(action, s),
        then=then,
    )


def _decide(
    s: Situation, notice: Notice
) -> tuple[Action, Scenario | None, Action | None, tuple[str, ...]]:
    late = notice.cls in _URGENT
    if s.accepted_elsewhere != "none" or s.reason is Reason.ACCEPTED_OFFER:
        why: tuple[str, ...] = (
            "You have accepted another offer, so withdraw now and let the slot go to "
            "someone who is still available.",
        )
        if s.accepted_elsewhere == "verbal":
            why += (
                "A verbal yes counts: keeping this process as a backup strings them along, "
                "even while the contract is unsigned.",
            )
        if late:
            return Action.DECLINE, Scenario.SAME_DAY_CANCEL, Action.DECLINE, why
        scenario = Scenario.ACCEPTED_OFFER if s.interview_at else Scenario.WITHDRAW
        return Action.DECLINE, scenario, None, why

    if s.reason is Reason.ANXIETY:
        return (
            Action.ATTEND,
            None,
            None,
            (
                "Nerves before an interview say nothing about whether the job is right.",
                "Going costs you an hour and tells you things you cannot learn otherwise; "
                "decide after the interview, when you know more.",
            ),
        )

    if s.reason is Reason.COMPENSATION:
        if not s.comp_discussed:
            return (
                Action.ASK_COMPENSATION,
                Scenario.COMP_CHECK,
                None,
                (
                    "Pay has not been discussed yet, so you would be declining on a guess.",
                    "A short note with your target range settles it; if their budget overlaps, "
                    "you carry on, and if not, you decline with the facts in hand.",
                ),
            )
        if s.comp_aligned:
            return (
                Action.ATTEND,
                None,
                None,
                (
                    "The pay you discussed meets your needs, so it is no reason to decline.",
                    "If something else is holding you back, name that reason instead.",
                ),
            )
        if s.comp_aligned is None:
            raise InvalidInput(
                "compensation.aligned: you discussed pay; say whether it meets your needs "
                "(true or false)",
                field="compensation.aligned",
            )
        return _decline(
            Scenario.COMP_DECLINE,
            late,
            "You have already talked about pay and it falls well short of what you need: "
            "going on would cost both sides time, so decline cleanly.",
        )

    if s.reason is Reason.ROLE_MISMATCH:
        return _decline(
            Scenario.ROLE_MISMATCH,
            late,
            "The role differs from what you applied for; say exactly how (scope, team, "
            "remote policy, level). A concrete reason is useful feedback, a vague one is not.",
        )

    if s.reason is Reason.LOST_INTEREST:
        if s.would_attend:
            return (
                Action.ATTEND,
                None,
                None,
                (
                    "You would still want this interview at a perfect time, so your interest "
                    "has not really gone: keep the interview and decide afterwards.",
                ),
            )
        return _decline(
            Scenario.OTHER_OPPORTUNITIES,
            late,
            "Your interest has faded next to other options; say so truthfully: you are "
            "moving ahead with opportunities that fit better.",
        )

    # Timing reasons and emergencies: the honest question settles reschedule against decline.
    if s.would_attend is False:
        return _decline(
            Scenario.NOT_RIGHT_FIT,
            late,
            "You would not want this interview even at a perfect time, so moving it would only "
            "postpone a no: decline instead.",
        )
    reasons = [
        "You would still want this interview at a good time, so move it rather than decline."
        if s.would_attend
        else "Ask yourself honestly: at a perfect, stress-free time, would you want this "
        "interview? A yes means move it; a no means decline.",
        "Offer two or three concrete times; asking them to find another slot hands the work "
        "back to them.",
    ]
    if late:
        return Action.RESCHEDULE, Scenario.SAME_DAY_CANCEL, Action.RESCHEDULE, tuple(reasons)
    return Action.RESCHEDULE, Scenario.RESCHEDULE, None, tuple(reasons)


def _decline(
    scenario: Scenario, late: bool, reason: str
) -> tuple[Action, Scenario, Action | None, tuple[str, ...]]:
    if late:
        return Action.DECLINE, Scenario.SAME_DAY_CANCEL, Action.DECLINE, (reason,)
    return Action.DECLINE, scenario, None, (reason,)


def _urgency(notice: Notice) -> str:
    if notice.cls is NoticeClass.PAST:
        return "The interview has already started: write now, and apologise for the timing."
    hours = timing.hours_text(notice.hours or 0.0)
    if notice.cls is NoticeClass.SAME_DAY:
        return (
            f"Urgent: the interview is today, in {hours}. Send the message now and apologise "
            "for the timing itself, not for deciding; a call as well is kind."
        )
    return (
        f"Urgent: the interview is in {hours}, by tomorrow. Send now and apologise for "
        "the short notice."
    )


def _alternatives(chosen: Action, s: Situation) -> tuple[Alternative, ...]:
    vague = PERCEPTION[Outcome.VAGUE_DELAY]
    risks: dict[Action, str] = {
        Action.DECLINE: (
            "You would give up an interview you have not yet been able to judge; "
            "coming back later reads as indecision."
        ),
        Action.RESCHEDULE: (
            "Moving an interview you do not want only postpones the no; recruiters remember "
            f"that as '{vague.remembered}' ({vague.impact.value.replace('_', ' ')})."
        ),
        Action.ATTEND: (
            "Going through the motions uses the interviewers' preparation and a slot that a "
            "keen candidate could have had."
        ),
        Action.ASK_COMPENSATION: (
            "Asking about pay now that it has been settled reopens a closed question and "
            "delays the answer they are waiting for."
        ),
    }
    if s.reason in _RESCHEDULE_REASONS or s.reason is Reason.EMERGENCY:
        risks[Action.ATTEND] = (
            "Keeping a slot you cannot really make risks a no-show or a rushed, unprepared "
            "interview, which costs more than moving it now."
        )
    if s.reason is Reason.ANXIETY:
        risks[Action.DECLINE] = (
            "Declining because of nerves turns down information you do not have yet; "
            "the role may be better, or worse, than you fear."
        )
    if s.reason is Reason.COMPENSATION and not s.comp_discussed:
        risks[Action.DECLINE] = (
            "Declining on an assumption about pay may turn down a budget that would have "
            "worked; one short question settles it."
        )
    if s.accepted_elsewhere != "none" or s.reason is Reason.ACCEPTED_OFFER:
        risks[Action.RESCHEDULE] = risks[Action.ATTEND] = (
            "Keeping a process alive as a backup after saying yes elsewhere strings them "
            "along and takes a slot from someone available."
        )
    relevant = [Action.DECLINE, Action.RESCHEDULE, Action.ATTEND]
    if s.reason is Reason.COMPENSATION:
        relevant.insert(2, Action.ASK_COMPENSATION)
    return tuple(Alternative(a, risks[a]) for a in relevant if a is not chosen)
