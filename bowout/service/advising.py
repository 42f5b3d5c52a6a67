"""Advice, as the service offers it: what to do and by when, concrete times to propose, the
reasons one may say no, and the one time parser the front ends use.

Plain values in (strings, mappings), JSON-ready dicts out, so the same JSON comes out of every
front end. Times written without an offset are read in the user's time zone (``ctx.zone``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any

from bowout.config import zone_named
from bowout.core import timing
from bowout.errors import InvalidInput
from bowout.model import Reason, Scenario
from bowout.service.context import Context

WORKING_HOURS = timing.WORKING_HOURS  # the windows proposed when none are given

# What happened, in the user's words, for each of the guide's reasons; ``honest``: the honest
# question (at a perfect time, would you want this interview?) decides between move and decline.
REASONS: tuple[tuple[Reason, str, bool], ...] = (
    (Reason.ACCEPTED_OFFER, "I accepted an offer elsewhere (a verbal yes counts)", False),
    (Reason.ROLE_MISMATCH, "The role turned out different from what I applied for", False),
    (Reason.COMPENSATION, "I am worried the pay will not work", False),
    (Reason.LOST_INTEREST, "I have lost interest; other options fit better", True),
    (Reason.ANXIETY, "I am nervous about the interview", False),
    (Reason.SCHEDULE_CONFLICT, "I have a conflict at the interview time", True),
    (Reason.AWAITING_OTHER_PROCESS, "I am waiting on another process first", True),
    (Reason.NEED_PREPARATION, "I need more time to prepare", True),
    (Reason.EMERGENCY, "Something urgent came up today", True),
)


def instant(ctx: Context, value: str | datetime, field: str) -> datetime:
    """A date and time as people type it (ISO 8601; a space for the T is fine); a bare time is
    read in the user's zone. The one time parser every front end uses."""
    if isinstance(value, str) and len(value.strip()) > 10 and value.strip()[10] == " ":
        value = value.strip().replace(" ", "T", 1)
    return timing.parse_instant(value, field, zone=ctx.zone)


# --- advise --------------------------------------------------------------------------------------


def advise(ctx: Context, situation: Mapping[str, Any]) -> dict[str, Any]:
    """Decline, reschedule, ask about pay first, or attend: with reasons and a send-by time."""
    from bowout.core import advice

    parsed = advice.situation_from(situation, now=ctx.now, zone=ctx.zone)
    return advice.advise(parsed).to_json()


# --- slots ---------------------------------------------------------------------------------------


def zone_or(name: str | None, fallback: tzinfo, field: str) -> tzinfo:
    """The zone named (checked), or ``fallback`` when none is."""
    return zone_named(name, field) if name else fallback


def slots(
    ctx: Context,
    available: Sequence[str] = (),
    *,
    original: str | datetime | None = None,
    recruiter_tz: str | None = None,
    count: int = 3,
) -> dict[str, Any]:
    """Two or three concrete alternative times, rendered for a message."""
    if not isinstance(count, int) or not 1 <= count <= 5:
        raise InvalidInput("propose between 1 and 5 times", field="count")
    user_zone = ctx.zone
    moment = timing.parse_instant(original, "original", zone=user_zone) if original else None
    fallback = (moment.tzinfo if moment else None) or user_zone
    recruiter_zone = zone_or(recruiter_tz, fallback, "recruiter_tz")
    found = timing.propose(
        tuple(available) or ctx.settings.availability,
        now=ctx.now,
        zone=user_zone,
        original=moment,
        count=count,
        their_zone=recruiter_zone,
    )
    if not found:
        raise InvalidInput(
            "none of these windows in the next three weeks is far enough ahead; add later ones",
            field="available",
        )
    return {
        "slots": [
            {
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
                "text": timing.render_slot(s, recruiter_zone, user_zone),
            }
            for s in found
        ]
    }


# What each reason asks about the situation, and the message it usually leads to (None: go to
# the interview, nothing to send); the details that message needs come from its template.
_TIMING = ("interview_at", "would_attend_at_perfect_time")
_REASON_NEEDS: dict[Reason, tuple[tuple[str, ...], Scenario | None]] = {
    Reason.ACCEPTED_OFFER: (("accepted_elsewhere",), Scenario.WITHDRAW),
    Reason.ROLE_MISMATCH: ((), Scenario.ROLE_MISMATCH),
    Reason.COMPENSATION: (("compensation",), Scenario.COMP_CHECK),
    Reason.LOST_INTEREST: (("would_attend_at_perfect_time",), Scenario.OTHER_OPPORTUNITIES),
    Reason.ANXIETY: ((), None),
    Reason.SCHEDULE_CONFLICT: (_TIMING, Scenario.RESCHEDULE),
    Reason.AWAITING_OTHER_PROCESS: (_TIMING, Scenario.RESCHEDULE),
    Reason.NEED_PREPARATION: (_TIMING, Scenario.RESCHEDULE),
    Reason.EMERGENCY: (_TIMING, Scenario.RESCHEDULE),
}


def reasons() -> list[dict[str, Any]]:
    """Why one might say no, in the user's words; whether the honest question applies; what the
    reason asks about the situation (``asks``) and the details its usual message cannot do
    without (``needs``), so a form can show them before it is sent."""
    from bowout.core import compose

    found = []
    for reason, label, honest in REASONS:
        asks, scenario = _REASON_NEEDS[reason]
        needs = [] if scenario is None else ["to", "company", "me"]
        needs += [n for n in compose.requirements(scenario) if n != "then"] if scenario else []
        found.append(
            {
                "reason": reason.value,
                "label": label,
                "honest_question": honest,
                "asks": list(asks),
                "needs": needs,
            }
        )
    return found
