"""The stateless service layer: what every front end (CLI, web, API) calls.

It turns plain values (strings, mappings) into core inputs, calls the pure core, and returns
JSON-ready dicts, so the same JSON comes out of every front end. The stateful counterpart, over
the store, is `bowout.tracker`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from functools import cache
from typing import Any

from bowout.config import Settings, zone_named
from bowout.core import timing
from bowout.errors import BowoutError, InvalidInput, NotFound
from bowout.model import CheckContext, Intent, NoticeClass, Scenario


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


# --- advise --------------------------------------------------------------------------------------


def advise(situation: Mapping[str, Any], *, now: datetime | None = None) -> dict[str, Any]:
    """Recommended action for a situation (the JSON of `bowout advise --json`)."""
    from bowout.core import advice

    parsed = advice.situation_from(situation, now=_now(now))
    return advice.advise(parsed).to_json()


# --- slots ---------------------------------------------------------------------------------------


def _zone(name: str | None, fallback: tzinfo, field: str) -> tzinfo:
    return zone_named(name, field) if name else fallback


def slots(
    available: Sequence[str] = (),
    *,
    now: datetime | None = None,
    original: str | datetime | None = None,
    recruiter_tz: str | None = None,
    count: int = 3,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Two or three concrete alternative times, rendered for a message."""
    settings = settings or Settings()
    if not 1 <= count <= 5:
        raise InvalidInput("count: propose between 1 and 5 slots", field="count")
    user_zone = settings.zone
    moment = timing.parse_instant(original, "original") if original is not None else None
    fallback = (moment.tzinfo if moment else None) or user_zone
    recruiter_zone = _zone(recruiter_tz, fallback, "recruiter_tz")
    found = timing.propose(
        tuple(available) or settings.availability,
        now=_now(now),
        zone=user_zone,
        original=moment,
        count=count,
        their_zone=recruiter_zone,
    )
    if not found:
        raise InvalidInput(
            "available: no window in the next three weeks is far enough ahead; "
            "add later windows with --available",
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


# --- draft ---------------------------------------------------------------------------------------

_DETAIL_KEYS = {
    "to", "company", "role", "me", "signature", "detail", "range", "slots", "available",
    "then", "news", "interview_at", "recruiter_tz",
}  # fmt: skip


def _text(details: Mapping[str, Any], key: str) -> str | None:
    value = details.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{key}: expected text, got {value!r}", field=key)
    value = " ".join(value.split()) if key != "signature" else value.strip()
    return value or None


def draft(
    scenario: str,
    details: Mapping[str, Any],
    *,
    variant: int | None = None,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """A message for a scenario, in the user's details (the JSON of `bowout draft --json`)."""
    from bowout.core import compose

    settings = settings or Settings()
    chosen = _scenario(scenario)
    unknown = sorted(set(details) - _DETAIL_KEYS)
    if unknown:
        raise InvalidInput(f"unknown detail(s): {', '.join(unknown)}", field=unknown[0])
    for key in ("to", "company"):
        if not _text(details, key):
            raise InvalidInput(f"--{key} is required: who and which company it goes to", field=key)
    me = _text(details, "me") or settings.me
    if not me:
        raise InvalidInput(
            "--me is required (or set `me` in the config file): the name you sign with",
            field="me",
        )
    interview = details.get("interview_at")
    moment = timing.parse_instant(interview, "interview_at") if interview else None
    slot_texts = _slot_texts(chosen, details, settings, moment, now)
    then = _text(details, "then")
    if then is not None and then not in ("reschedule", "withdraw"):
        raise InvalidInput("--then: expected reschedule or withdraw", field="then")
    spec = compose.Details(
        to=_text(details, "to") or "",
        company=_text(details, "company") or "",
        me=me,
        role=_text(details, "role"),
        signature=_text(details, "signature") or (settings.signature or "").replace("\\n", "\n"),
        detail=_text(details, "detail"),
        range=_text(details, "range"),
        slots=slot_texts,
        then=then,
        news=_text(details, "news"),
        when=moment.strftime("%H:%M") if moment else None,
        day=_day_word(moment, _now(now)),
        linkedin_limit=settings.linkedin_limit,
    )
    count = compose.variant_count(chosen)
    if variant is not None and not 1 <= variant <= count:
        raise InvalidInput(f"--variant: {chosen.value} has variants 1 to {count}", field="variant")
    result = compose.compose(chosen, spec, variant).to_json()
    if moment is not None:
        result["notes"] = [*_timing_notes(moment, _now(now)), *result["notes"]]
    return result


def _slot_texts(
    scenario: Scenario,
    details: Mapping[str, Any],
    settings: Settings,
    interview: datetime | None,
    now: datetime | None,
) -> tuple[str, ...]:
    raw_slots = details.get("slots") or ()
    available = details.get("available") or ()
    if isinstance(raw_slots, str) or isinstance(available, str):
        raise InvalidInput("slots and available: expected lists", field="slots")
    user_zone = settings.zone
    named = _text(details, "recruiter_tz")
    fallback = interview.tzinfo if interview else None
    if raw_slots:
        texts = []
        for raw in raw_slots:
            moment = timing.parse_instant(raw, "slot")
            # Without a known recruiter zone, a slot stays in the offset it was written in.
            zone = _zone(named, fallback or moment.tzinfo or user_zone, "recruiter_tz")
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
    if not wants_slots or not (available or settings.availability):
        return ()
    proposed = slots(
        available,
        now=now,
        original=interview,
        recruiter_tz=named,
        settings=settings,
    )
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
            "Send this "
            "immediately; a short call as well is a kindness."
        ]
    return [f"The interview is {when}; sending today keeps this a simple change for them."]


def _scenario(value: str) -> Scenario:
    try:
        return Scenario(value)
    except ValueError:
        names = ", ".join(s.value for s in Scenario)
        raise NotFound(f"unknown scenario {value!r}; one of: {names}", field="scenario") from None


def scenario_intent(scenario: str) -> str:
    """The intent a scenario's message has, so a check judges it by the right rules."""
    from bowout.core import compose

    return compose.SCENARIO_INTENT[_scenario(scenario)].value


# --- check ---------------------------------------------------------------------------------------


def _intent(value: str | None) -> Intent | None:
    if value in (None, ""):
        return None
    try:
        return Intent(value)
    except ValueError:
        names = ", ".join(i.value for i in Intent)
        raise InvalidInput(
            f"intent: unknown intent {value!r}; one of {names}", field="intent"
        ) from None


@cache
def _rule_ids() -> frozenset[str]:
    from bowout.checker import rules as rulebook

    return frozenset(rule.id for rule in rulebook.REGISTRY)


def context(
    *,
    intent: str | None = None,
    interview_at: str | datetime | None = None,
    sent_at: str | datetime | None = None,
    ignore: Iterable[str] = (),
    settings: Settings | None = None,
) -> CheckContext:
    """The checker's context from plain values; unknown rule ids are an error."""
    ignored = frozenset(ignore)
    if settings is not None and settings.ignore:
        ignored |= frozenset(settings.ignore)
    unknown = sorted(ignored - _rule_ids()) if ignored else []
    if unknown:
        raise InvalidInput(
            f"ignore: unknown rule id(s) {', '.join(unknown)}; see `bowout rules`", field="ignore"
        )
    return CheckContext(
        intent=_intent(intent),
        interview_at=timing.parse_instant(interview_at, "interview_at") if interview_at else None,
        sent_at=timing.parse_instant(sent_at, "sent_at") if sent_at else None,
        ignore=ignored,
    )


def check(
    text: str,
    *,
    intent: str | None = None,
    interview_at: str | datetime | None = None,
    sent_at: str | datetime | None = None,
    ignore: Iterable[str] = (),
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Findings for one message (the JSON of `bowout check --json`)."""
    from bowout.checker import engine as checker

    if not isinstance(text, str):
        raise InvalidInput("text: expected a string", field="text")
    ctx = context(
        intent=intent, interview_at=interview_at, sent_at=sent_at, ignore=ignore, settings=settings
    )
    return checker.check(text, ctx).to_json()


def check_batch(lines: Iterable[str], settings: Settings | None = None) -> Iterator[dict[str, Any]]:
    """JSON Lines in, one result per line out, same order, same id; a bad line gets an error."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        ident: Any = None
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise InvalidInput(f"line {number}: expected a JSON object")
            ident = record.get("id")
            text = record.get("text")
            if not isinstance(text, str):
                raise InvalidInput(f"line {number}: 'text' must be a string", field="text")
            ctx = record.get("context") or {}
            if not isinstance(ctx, dict):
                raise InvalidInput(f"line {number}: 'context' must be an object", field="context")
            result = check(
                text,
                intent=ctx.get("intent"),
                interview_at=ctx.get("interview_at"),
                sent_at=ctx.get("sent_at"),
                ignore=ctx.get("ignore") or (),
                settings=settings,
            )
            yield {"id": ident, **result}
        except json.JSONDecodeError as exc:
            yield {"id": None, "error": f"line {number}: not valid JSON ({exc.msg})"}
        except BowoutError as exc:
            yield {"id": ident, "error": exc.message}


def read_message(data: bytes, filename: str | None = None) -> str:
    """The text of a message file: plain text or an .eml (text part, else HTML as text)."""
    from bowout.pipeline import messagefile

    return messagefile.text_of(data, filename)


def rules() -> list[dict[str, Any]]:
    """Every checker rule: id, severity, one-line summary."""
    from bowout.checker import rules as rulebook

    return [
        {"id": r.id, "severity": r.severity.value, "summary": r.summary} for r in rulebook.REGISTRY
    ]


def explain(rule_id: str) -> dict[str, Any]:
    """One rule's rationale and examples (`bowout explain RULE`)."""
    from bowout.checker import rules as rulebook

    for rule in rulebook.REGISTRY:
        if rule.id == rule_id:
            return {
                "id": rule.id,
                "severity": rule.severity.value,
                "summary": rule.summary,
                "rationale": rule.rationale,
                "fires": list(rule.fires),
                "passes": list(rule.passes),
            }
    known = ", ".join(r.id for r in rulebook.REGISTRY)
    raise NotFound(f"unknown rule {rule_id!r}; known rules: {known}", field="rule")
