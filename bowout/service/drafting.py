"""Drafting, as the service offers it: the message for a scenario in the user's details, and the
scenarios with what each needs. Plain values in, JSON-ready dicts out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bowout.core import timing
from bowout.errors import InvalidInput, NotFound
from bowout.model import NoticeClass, Scenario
from bowout.service.advising import slots, zone_or
from bowout.service.context import Context

# What each scenario is for, in a line (the fields it needs come from the templates).
SCENARIO_SUMMARY: dict[Scenario, str] = {
    Scenario.ACCEPTED_OFFER: "decline an interview: you accepted an offer elsewhere",
    Scenario.NOT_RIGHT_FIT: "decline: the role is not right for you",
    Scenario.ROLE_MISMATCH: "decline, naming the concrete mismatch",
    Scenario.OTHER_OPPORTUNITIES: "decline: moving ahead with options that fit better",
    Scenario.COMP_CHECK: "ask about pay before going on",
    Scenario.COMP_DECLINE: "decline: pay was discussed and is clearly below your need",
    Scenario.RESCHEDULE: "move an interview to concrete times",
    Scenario.SAME_DAY_CANCEL: "cancel on the day, apologising for the timing",
    Scenario.WITHDRAW: "withdraw from a process after accepting elsewhere",
    Scenario.LINKEDIN_NOTE: "a connection note within LinkedIn's limit",
    Scenario.RECONNECT: "months later, a touch that asks for nothing",
    Scenario.RECONNECT_AFTER_DECLINE: "reconnect, acknowledging the earlier contact",
    Scenario.DECLINE_OFFER: "decline a job offer",
    Scenario.COUNTER_OFFER: "answer an offer with a counter",
    Scenario.LATE_REPLY: "answer at last a message left too long: own the delay, decide",
}

DETAIL_KEYS = frozenset(
    {
        "to", "company", "role", "me", "signature", "detail", "range", "slots", "available",
        "then", "news", "interview_at", "recruiter_tz", "history", "earlier",
    }
)  # fmt: skip


# --- draft ---------------------------------------------------------------------------------------


def _text(details: Mapping[str, Any], key: str) -> str | None:
    value = details.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"expected text, not {value!r}", field=key)
    value = " ".join(value.split()) if key != "signature" else value.strip()
    return value or None


def draft(
    ctx: Context,
    scenario: str,
    details: Mapping[str, Any],
    *,
    variant: int | None = None,
    alone: bool = True,
) -> dict[str, Any]:
    """A message for a scenario, in the user's details. ``alone``: drafted on its own, not as one
    of several messages (which rotate wordings by themselves)."""
    from bowout.core import compose

    settings = ctx.settings
    chosen = scenario_named(scenario)
    if not isinstance(details, Mapping):
        raise InvalidInput("the details must be an object of named values", field="details")
    unknown = sorted(str(key) for key in set(details) - DETAIL_KEYS)
    if unknown:
        raise InvalidInput(f"unknown detail(s): {', '.join(unknown)}", field=unknown[0])
    me = _text(details, "me") or settings.me
    interview = details.get("interview_at")
    moment = timing.parse_instant(interview, "interview_at", zone=ctx.zone) if interview else None
    slot_texts = _slot_texts(ctx, chosen, details, moment)
    spec = compose.Details(
        to=_text(details, "to") or "",
        company=_text(details, "company") or "",
        me=me or "",
        role=_text(details, "role"),
        signature=_text(details, "signature") or (settings.signature or "").replace("\\n", "\n"),
        detail=_text(details, "detail"),
        range=_text(details, "range"),
        slots=slot_texts,
        then=_text(details, "then"),
        news=_text(details, "news"),
        history=_text(details, "history"),
        earlier=_text(details, "earlier"),
        when=moment.strftime("%H:%M") if moment else None,
        day=_day_word(moment, ctx.now),
        linkedin_limit=settings.linkedin_limit,
    )
    if variant is not None and (isinstance(variant, bool) or not isinstance(variant, int)):
        raise InvalidInput("the wording is a number: 1, 2, 3...", field="variant")
    result = compose.compose(chosen, spec, variant, alone=alone).to_json()
    if moment is not None:
        result["notes"] = [*_timing_notes(moment, ctx.now), *result["notes"]]
    return result


def _slot_texts(
    ctx: Context, scenario: Scenario, details: Mapping[str, Any], interview: datetime | None
) -> tuple[str, ...]:
    raw_slots = details.get("slots") or ()
    available = details.get("available") or ()
    for key, value in (("slots", raw_slots), ("available", available)):
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise InvalidInput("expected a list of times written as text", field=key)
    user_zone = ctx.zone
    named = _text(details, "recruiter_tz")
    fallback = interview.tzinfo if interview else None
    if raw_slots:
        texts = []
        for raw in raw_slots:
            moment = timing.parse_instant(raw, "slots", zone=fallback or user_zone)
            # Without a known recruiter zone, a slot stays in the offset it was written in.
            zone = zone_or(named, fallback or moment.tzinfo or user_zone, "recruiter_tz")
            local = moment.astimezone(zone)
            text = timing.describe(local)
            mine = moment.astimezone(user_zone)
            if mine.utcoffset() != local.utcoffset():
                text += f" ({mine.strftime('%H:%M')} {mine.tzname()} for me)"
            texts.append(text)
        return tuple(texts)
    wants_slots = scenario is Scenario.RESCHEDULE or (
        scenario is Scenario.SAME_DAY_CANCEL and details.get("then") == "reschedule"
    )
    if not wants_slots or not (available or ctx.settings.availability):
        return ()
    proposed = slots(ctx, available, original=interview, recruiter_tz=named)
    return tuple(s["text"] for s in proposed["slots"])


def _day_word(interview: datetime | None, now: datetime) -> str:
    """'tomorrow' when the interview is on the next calendar day (its own zone), else 'today'."""
    if interview is None:
        return "today"
    local_now = now.astimezone(interview.tzinfo).date()
    return "tomorrow" if (interview.date() - local_now).days == 1 else "today"


def _timing_notes(interview: datetime, now: datetime) -> list[str]:
    notice = timing.notice(interview, now)
    when = timing.describe(interview)
    if notice.cls is NoticeClass.PAST:
        return [f"The interview ({when}) has already started: send this now."]
    if notice.cls in (NoticeClass.SAME_DAY, NoticeClass.LATE):
        return [
            f"Urgent: the interview is {when}, {timing.hours_text(notice.hours or 0)} from now. "
            "Send this immediately; a short call as well is a kindness."
        ]
    return [f"The interview is {when}; sending today keeps this a simple change for them."]


# --- the scenarios -------------------------------------------------------------------------------


def scenario_named(value: str) -> Scenario:
    try:
        return Scenario(value)
    except ValueError:
        names = ", ".join(s.value for s in Scenario)
        raise NotFound(
            f"there is no scenario {value!r}; the scenarios are {names}", field="scenario"
        ) from None


def scenarios() -> list[dict[str, Any]]:
    """Every scenario `draft` writes: what it is for and the details it cannot do without."""
    from bowout.core import compose

    return [
        {
            "scenario": s.value,
            "summary": SCENARIO_SUMMARY[s],
            "needs": list(compose.requirements(s)),
            "variants": compose.variant_count(s),
            "intent": compose.SCENARIO_INTENT[s].value,
        }
        for s in Scenario
    ]


def scenario_intent(scenario: str) -> str:
    """The intent a scenario's message has, so a check judges it by the right rules."""
    from bowout.core import compose

    return compose.SCENARIO_INTENT[scenario_named(scenario)].value


def variant_count(scenario: str) -> int:
    from bowout.core import compose

    return compose.variant_count(scenario_named(scenario))
