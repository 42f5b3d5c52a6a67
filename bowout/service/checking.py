"""The checker, as the service offers it: one message, a batch, the rules and their rationale."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cache
from typing import Any

from bowout.core import timing
from bowout.errors import BowoutError, InvalidInput, NotFound
from bowout.model import CheckContext, History, Intent
from bowout.service.context import Context

MAX_BATCH_LINE = 1_000_000  # characters: a line longer than this is refused, not parsed


def _intent(value: Any) -> Intent | None:
    if value in (None, ""):
        return None
    try:
        return Intent(value)
    except (ValueError, TypeError):
        names = ", ".join(i.value for i in Intent)
        raise InvalidInput(
            f"{value!r} is not an intent the checker knows; one of {names}", field="intent"
        ) from None


@cache
def rule_ids() -> frozenset[str]:
    from bowout.checker import rules as rulebook

    return frozenset(rule.id for rule in rulebook.REGISTRY)


def check_context(
    ctx: Context,
    *,
    intent: str | None = None,
    interview_at: str | datetime | None = None,
    sent_at: str | datetime | None = None,
    ignore: Iterable[str] = (),
    history: History | None = None,
) -> CheckContext:
    """The checker's context from plain values; unknown rule ids are an error."""
    if not isinstance(ignore, list | tuple | set | frozenset) or not all(
        isinstance(rule, str) for rule in ignore
    ):
        raise InvalidInput("the rules to ignore must be a list of rule ids", field="ignore")
    ignored = frozenset(ignore) | frozenset(ctx.settings.ignore)
    unknown = sorted(ignored - rule_ids()) if ignored else []
    if unknown:
        known = ", ".join(sorted(rule_ids()))
        raise InvalidInput(
            f"unknown rule id(s) {', '.join(unknown)}; the rules are {known}", field="ignore"
        )
    zone = ctx.zone
    return CheckContext(
        intent=_intent(intent),
        interview_at=(
            timing.parse_instant(interview_at, "interview_at", zone=zone) if interview_at else None
        ),
        sent_at=timing.parse_instant(sent_at, "sent_at", zone=zone) if sent_at else None,
        ignore=ignored,
        history=history,
    )


def check(
    ctx: Context,
    text: str,
    *,
    intent: str | None = None,
    interview_at: str | datetime | None = None,
    sent_at: str | datetime | None = None,
    ignore: Iterable[str] = (),
    process: str | None = None,
) -> dict[str, Any]:
    """Findings for one message, with its intent and how it will likely be remembered.
    ``process``: the message is for one of the user's processes, so its next interview and
    what its recipient went through with the user before are part of the check."""
    from bowout.checker import engine

    if not isinstance(text, str):
        raise InvalidInput("the message must be text", field="text")
    history = None
    if process is not None:
        interview_at, history = _from_store(ctx, process, interview_at, sent_at)
    context = check_context(
        ctx,
        intent=intent,
        interview_at=interview_at,
        sent_at=sent_at,
        ignore=ignore,
        history=history,
    )
    return engine.check(text, context).to_json()


def _from_store(
    ctx: Context, ref: str, interview_at: str | datetime | None, sent_at: str | datetime | None
) -> tuple[str | datetime | None, History | None]:
    """The process's next interview (unless one is given) and what its recipient went through
    with the user before."""
    from bowout.pipeline import interviews, processes
    from bowout.pipeline.history import owed

    moment = timing.parse_instant(sent_at, "sent_at", zone=ctx.zone) if sent_at else ctx.now
    with ctx.read() as session:
        found = processes.resolve(session, ref)
        if interview_at is None:
            upcoming = interviews.next_interview(found, moment)
            interview_at = upcoming.local_start if upcoming else None
        return interview_at, owed(found, None, moment)


def check_batch(ctx: Context, lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """JSON Lines in, one result per line out, same order, same id; a bad line gets an error and
    the rest go on."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        ident: Any = None
        try:
            record = _record(line, number)
            ident = record.get("id")
            context = record.get("context") or {}
            if not isinstance(context, dict):
                raise InvalidInput(f"line {number}: the context must be an object", "context")
            result = check(
                ctx,
                record.get("text"),  # type: ignore[arg-type]  # checked by check()
                intent=context.get("intent"),
                interview_at=context.get("interview_at"),
                sent_at=context.get("sent_at"),
                ignore=context.get("ignore") or (),
            )
            yield {"id": ident, **result}
        except BowoutError as exc:
            where = f"line {number}"
            message = exc.message if exc.message.startswith(where) else f"{where}: {exc.message}"
            yield {"id": _plain_id(ident), "error": message, "field": exc.field}


def _record(line: str, number: int) -> dict[str, Any]:
    if len(line) > MAX_BATCH_LINE:
        raise InvalidInput(f"line {number} is longer than {MAX_BATCH_LINE} characters", "text")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"line {number} is not valid JSON ({exc.msg})", field="line") from None
    except RecursionError:
        raise InvalidInput(f"line {number} is nested too deeply", field="line") from None
    if not isinstance(record, dict):
        raise InvalidInput(f"line {number} must be a JSON object with an id and a text", "line")
    return record


def _plain_id(ident: Any) -> Any:
    """An id echoed back as given when it is a plain JSON value, else left out."""
    return ident if isinstance(ident, str | int | float | bool) or ident is None else None


def _context_json(context: CheckContext | None) -> dict[str, Any] | None:
    """An example's context as the check request gives it (only what is set), or None."""
    if context is None:
        return None
    given: dict[str, Any] = {
        "intent": context.intent.value if context.intent else None,
        "interview_at": context.interview_at.isoformat() if context.interview_at else None,
        "sent_at": context.sent_at.isoformat() if context.sent_at else None,
        "ignore": sorted(context.ignore),
    }
    return {key: value for key, value in given.items() if value} or None


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
    """One rule's rationale and examples; ``cases`` gives each example with what the checker is
    told besides the text (some fire only with a late interview, say) and, where given, the
    part of the text the finding covers."""
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
                "cases": [
                    {
                        "text": case.example.text,
                        "fires": case.fires,
                        "context": _context_json(case.example.context),
                        "span": case.example.span,
                    }
                    for case in rule.cases
                ],
            }
    known = ", ".join(r.id for r in rulebook.REGISTRY)
    raise NotFound(f"there is no rule {rule_id!r}; the rules are {known}", field="rule")
