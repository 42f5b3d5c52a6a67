"""The assistant: what happened -> advice -> a draft with its wordings -> an editor that
checks as you type -> copy, download as .eml, or mark as sent."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bowout import service
from bowout.errors import BowoutError, InvalidInput, NotFound
from bowout.model import Intent, Scenario
from bowout.web.deps import Form, context_of, field, local_instant, redirect, render
from bowout.web.highlight import checked
from bowout.web.outbox import eml

router = APIRouter(include_in_schema=False)

ACTION_LABEL = {
    "decline": "Decline",
    "reschedule": "Reschedule",
    "ask_compensation": "Ask about pay first",
    "attend": "Go to the interview",
}
DETAIL_FIELDS = ("to", "company", "role", "me", "detail", "range", "news")


def intent_for(scenario: str) -> str:
    """The intent of a scenario's message; a form without a known scenario is a decline."""
    try:
        return service.scenario_intent(scenario)
    except NotFound:
        return Intent.DECLINE.value


def situation_of(request: Request, values: Mapping[str, Any]) -> dict[str, Any]:
    situation: dict[str, Any] = {"reason": field(values, "reason")}
    interview = local_instant(request, values, "interview_at")
    if interview:
        situation["interview_at"] = interview
    pay = field(values, "pay")
    if pay:
        situation["compensation"] = {
            "discussed": pay != "not_discussed",
            "aligned": {"aligned": True, "below": False}.get(pay),
        }
    accepted = field(values, "accepted")
    if accepted in ("verbal", "signed"):
        situation["accepted_elsewhere"] = accepted
    honest = field(values, "honest")
    if honest in ("yes", "no"):
        situation["would_attend_at_perfect_time"] = honest == "yes"
    return situation


def details_of(
    values: Mapping[str, Any], scenario: str, advice: Mapping[str, Any], interview: str | None
) -> dict[str, Any]:
    details: dict[str, Any] = {k: field(values, k) for k in DETAIL_FIELDS if field(values, k)}
    if interview:
        details["interview_at"] = interview
    if scenario == Scenario.SAME_DAY_CANCEL:
        details["then"] = "reschedule" if advice.get("then") == "reschedule" else "withdraw"
    available = [w.strip() for w in field(values, "available").split(";") if w.strip()]
    if available:
        details["available"] = available
    return details


def form_page(
    request: Request, values: Mapping[str, Any], error: BowoutError | None = None
) -> HTMLResponse:
    ctx = context_of(request)
    context = {
        "active": "/assistant",
        "choices": [(r["reason"], r["label"]) for r in service.reasons()],
        "values": values,
        "zone": field(values, "zone") or ctx.settings.timezone,
        "error": error,
        "processes": service.list_processes(ctx),
    }
    return render(request, "assistant.html", context, status=422 if error else 200)


@router.get("/assistant", response_class=HTMLResponse)
def assistant(request: Request) -> HTMLResponse:
    return form_page(request, dict(request.query_params))


@router.get("/assistant/advice", response_class=HTMLResponse)
def assistant_advice(request: Request) -> HTMLResponse:
    values = dict(request.query_params)
    ctx = context_of(request)
    try:
        situation = situation_of(request, values)
        advice = service.advise(ctx, situation)
        scenario = field(values, "scenario") or advice.get("scenario")
        draft = variants = None
        if scenario:
            details = details_of(values, scenario, advice, situation.get("interview_at"))
            variant = int(field(values, "variant")) if field(values, "variant").isdigit() else 1
            draft = service.draft(ctx, scenario, details, variant=variant)
            variants = service.variant_count(scenario)
    except BowoutError as exc:
        return form_page(request, values, exc)
    context: dict[str, Any] = {
        "active": "/assistant",
        "values": values,
        "advice": advice,
        "action_label": ACTION_LABEL.get(advice["action"], advice["action"]),
        "draft": draft,
        "scenario": scenario,
        "scenarios": [s.value for s in Scenario],
        "variants": variants or 0,
        "situation": situation,
        "back": urlencode({k: v for k, v in values.items() if k not in ("variant", "scenario")}),
        "query": lambda **change: urlencode({**values, **change}),
    }
    if draft is not None:
        intent = intent_for(str(scenario))
        report, marks = checked(
            ctx, draft["body"], intent=intent, interview_at=situation.get("interview_at")
        )
        context.update(report=report, segments=marks, intent=intent)
    return render(request, "assistant_draft.html", context)


@router.post("/assistant/sent")
def assistant_sent(request: Request, form: Form) -> Response:
    """The drafted message went out: record it and move the process on (service.mark_sent)."""
    process = field(form, "process")
    if not process.isdigit():
        raise InvalidInput("choose which process this message belongs to", field="process")
    service.mark_sent(
        context_of(request),
        process,
        str(form.get("body") or ""),
        scenario=field(form, "scenario") or None,
        subject=field(form, "subject") or None,
        then=field(form, "then") or None,
    )
    return redirect(f"/processes/{process}?sent=1")


# Drafts that call an interview off: their .eml carries the calendar's cancellation.
_CANCELLING = frozenset({"accepted-offer", "not-right-fit", "role-mismatch", "other-opportunities",
                         "comp-decline", "same-day-cancel", "withdraw", "reschedule"})  # fmt: skip


@router.post("/eml")
async def eml_download(request: Request) -> Response:
    form = await request.form()
    process = field(form, "process")
    cancel = None
    if process.isdigit() and field(form, "scenario") in _CANCELLING:
        ctx = context_of(request)
        invited = [
            i for i in service.list_interviews(ctx, process)
            if i["source"] == "calendar" and i["status"] in ("scheduled", "confirmed")
        ]  # fmt: skip
        if invited:
            cancel = service.cancellation(ctx, invited[0]["id"])
    return eml(
        field(form, "subject"),
        str(form.get("body") or ""),
        to=field(form, "email"),
        name=field(form, "company") or "message",
        cancellation=cancel,
    )
