"""Pages for the stateless guide: the assistant, the message check and the rules.

Each page reads plain form values, calls ``bowout.service`` and renders a template; turning form
fields into the service's inputs and findings into highlighted text lives in ``pages_common``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.datastructures import UploadFile

from bowout import service
from bowout.cli.assistant import CHOICES
from bowout.config import Settings
from bowout.errors import BowoutError, InvalidInput
from bowout.model import Intent, Scenario
from bowout.pipeline import endings
from bowout.web.app import PACKAGE, reading, render, settings_of
from bowout.web.pages.common import checked, eml, field, intent_for, local_instant

router = APIRouter(include_in_schema=False)

ACTION_LABEL = {
    "decline": "Decline",
    "reschedule": "Reschedule",
    "ask_compensation": "Ask about pay first",
    "attend": "Go to the interview",
}


def situation_of(values: Mapping[str, Any], settings: Settings) -> dict[str, Any]:
    situation: dict[str, Any] = {"reason": field(values, "reason")}
    zone = field(values, "zone") or settings.timezone
    interview = local_instant(values, "interview_at", zone)
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


DETAIL_FIELDS = ("to", "company", "role", "me", "detail", "range", "news")


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
    settings = settings_of(request)
    context = {
        "active": "/assistant",
        "choices": CHOICES,
        "values": values,
        "zone": field(values, "zone") or settings.timezone,
        "error": error,
        "processes": _open_processes(request),
    }
    return render(request, "assistant.html", context, status=422 if error else 200)


def _open_processes(request: Request) -> list[dict[str, Any]]:
    from bowout.pipeline import processes as tracker

    with reading(request) as session:
        return tracker.list_processes(session)


# --- the assistant ---------------------------------------------------------------------------


@router.get("/assistant", response_class=HTMLResponse)
def assistant(request: Request) -> HTMLResponse:
    return form_page(request, dict(request.query_params))


@router.get("/assistant/advice", response_class=HTMLResponse)
def assistant_advice(request: Request) -> HTMLResponse:
    values = dict(request.query_params)
    settings = settings_of(request)
    try:
        situation = situation_of(values, settings)
        advice = service.advise(situation)
        scenario = field(values, "scenario") or advice.get("scenario")
        draft = variants = None
        if scenario:
            details = details_of(values, scenario, advice, situation.get("interview_at"))
            variant = (
                int(field(values, "variant") or 1) if field(values, "variant").isdigit() else 1
            )
            draft = service.draft(scenario, details, variant=variant, settings=settings)
            variants = endings.variant_count(scenario)
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
            draft["body"], intent=intent, interview_at=situation.get("interview_at")
        )
        context.update(report=report, segments=marks, intent=intent)
    return render(request, "assistant_draft.html", context)


@router.post("/eml")
async def eml_download(request: Request) -> Response:
    form = await request.form()
    return eml(
        field(form, "subject"),
        str(form.get("body") or ""),
        to=field(form, "email"),
        name=field(form, "company") or "message",
    )


# --- checking a message ----------------------------------------------------------------------


@router.get("/check", response_class=HTMLResponse)
def check_form(request: Request) -> HTMLResponse:
    return _check_page(request, {}, None)


@router.post("/check", response_class=HTMLResponse)
async def check_submit(request: Request) -> HTMLResponse:
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    upload = form.get("file")
    text = str(form.get("text") or "")
    try:
        if isinstance(upload, UploadFile) and upload.filename:
            text = service.read_message(await upload.read(), upload.filename)
            values["text"] = text
        if not text.strip():
            raise InvalidInput("text: paste a message or choose an .eml file", field="text")
        zone = field(values, "zone") or settings_of(request).timezone
        context = {
            "intent": field(values, "intent") or None,
            "interview_at": local_instant(values, "interview_at", zone),
            "sent_at": local_instant(values, "sent_at", zone),
        }
        report, marks = checked(text, **context, settings=settings_of(request))
    except BowoutError as exc:
        return _check_page(request, values, None, error=exc)
    return _check_page(request, values, {"report": report, "segments": marks, **context})


def _check_page(
    request: Request,
    values: Mapping[str, Any],
    result: dict[str, Any] | None,
    error: BowoutError | None = None,
) -> HTMLResponse:
    context = {
        "active": "/check",
        "values": values,
        "result": result,
        "error": error,
        "intents": [i.value for i in Intent],
        "zone": field(values, "zone") or settings_of(request).timezone,
    }
    return render(request, "check.html", context, status=422 if error else 200)


# --- the rules -------------------------------------------------------------------------------


@router.get("/rules", response_class=HTMLResponse)
def rules_page(request: Request) -> HTMLResponse:
    return render(request, "rules.html", {"active": "/check", "rules": service.rules()})


@router.get("/rules/{rule_id}", response_class=HTMLResponse)
def rule_page(request: Request, rule_id: str) -> HTMLResponse:
    return render(request, "rule.html", {"active": "/check", "rule": service.explain(rule_id)})


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(PACKAGE / "static" / "icon.svg", media_type="image/svg+xml")
