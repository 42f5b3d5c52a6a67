"""The assistant, in three steps: what happened -> the advice and a draft in an editor checked
as you type (kept in the store as it is edited) -> sending it: the address, copy, .eml or the
mail program, and marking it as sent, after a warning when the check still finds errors.

A refused step comes back with every value kept and the error at its input. Until the first-run
setup is done, the name typed here signs the draft and is saved as the user's name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bowout import service
from bowout.errors import BowoutError, InvalidInput, NotFound
from bowout.model import Intent, Scenario
from bowout.web.deps import (
    Form,
    context_of,
    field,
    local_instant,
    redirect,
    render,
    settings_of,
)
from bowout.web.forms import Forms, FormState, refused, values_of
from bowout.web.highlight import checked
from bowout.web.outbox import eml
from bowout.web.pages.links import back_to

router = APIRouter(include_in_schema=False)

ACTION_LABEL = {
    "decline": "Decline",
    "reschedule": "Reschedule",
    "ask_compensation": "Ask about pay first",
    "attend": "Go to the interview",
}
DETAIL_FIELDS = ("to", "company", "role", "me", "detail", "range", "news", "history", "earlier")
# Where each field the service may name is shown on the first step's form.
INPUTS = {
    "reason": "reason",
    "interview_at": "interview_at",
    "now": "interview_at",
    "zone": "zone",
    "timezone": "zone",
    "compensation": "pay",
    "compensation.discussed": "pay",
    "compensation.aligned": "pay",
    "accepted_elsewhere": "accepted",
    "would_attend_at_perfect_time": "honest",
    "then": "honest",
    "process": "process",
    "to": "to",
    "company": "company",
    "role": "role",
    "me": "me",
    "detail": "detail",
    "range": "range",
    "slots": "available",
    "available": "available",
}
# What to say when an input that is needed was left empty, in the form's own words.
NEEDED = {
    "reason": "Choose what happened.",
    "to": "Give the name you greet them by, e.g. Dana.",
    "company": "Give the company's name.",
    "me": "Give your name: the message is signed with it.",
    "detail": "Say what differs from what you expected, in one concrete fact.",
    "range": "Give your target pay, e.g. 95,000–105,000 EUR.",
    "available": "Say when you could do instead, or set your availability in Settings.",
}
# How the first step's form names what a reason asks or needs.
WHAT = {
    "accepted_elsewhere": ("accepted", "whether you signed"),
    "compensation": ("pay", "whether pay was discussed"),
    "would_attend_at_perfect_time": ("honest", "the honest answer"),
    "interview_at": ("interview_at", "when the interview is"),
    "detail": ("detail", "what differs"),
    "range": ("range", "your target pay"),
    "slots": ("available", "when you could do instead"),
    "to": ("to", "their name"),
    "company": ("company", "the company"),
    "me": ("me", "your name"),
}
SET_UP = "Saved. Drafts are now signed with your name."
SEND_INPUTS = {"process": "process", "body": "body", "text": "body", "subject": "subject"}
SEND_INPUTS |= {"email": "email", "ack": "ack"}


def intent_for(scenario: str) -> str:
    """The intent of a scenario's message; a form without a known scenario is a decline."""
    try:
        return service.scenario_intent(scenario)
    except NotFound:
        return Intent.DECLINE.value


def verdict(advice: Mapping[str, Any]) -> str:
    """The advice in a few words: 'Cancel today, then offer new times', not 'reschedule, then
    reschedule'."""
    if advice.get("scenario") == Scenario.SAME_DAY_CANCEL:
        if advice.get("then") == "reschedule":
            return "Cancel today, then offer new times"
        return "Cancel today, and withdraw"
    label = ACTION_LABEL.get(advice["action"], advice["action"])
    then = advice.get("then")
    return f"{label}, then {then}" if then and then != advice["action"] else label


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


def reason_rows(has_availability: bool) -> list[dict[str, Any]]:
    """Each reason with the inputs it asks for or needs (``data-needs`` on the form) and the
    same in words, so the form says what a reason needs before it is sent."""
    rows = []
    for reason in service.reasons():
        wanted = [k for k in (*reason["asks"], *reason["needs"]) if k in WHAT]
        if has_availability:
            wanted = [k for k in wanted if k != "slots"]
        inputs = [WHAT[k][0] for k in wanted]
        words = [WHAT[k][1] for k in wanted if k not in ("to", "company", "me")]
        rows.append({**reason, "inputs": inputs, "words": words})
    return rows


def form_page(
    request: Request, values: Mapping[str, Any], error: BowoutError | None = None
) -> HTMLResponse:
    ctx = context_of(request)
    reasons = reason_rows(bool(ctx.settings.availability))
    needs: dict[str, list[str]] = {}
    for reason in reasons:
        for name in reason["inputs"]:
            needs.setdefault(name, []).append(reason["reason"])
    state = refused("situation", values, error, INPUTS, needed=NEEDED) if error else None
    context = {
        "active": "/assistant",
        "reasons": reasons,
        "needs": needs,
        "values": values,
        "zone": field(values, "zone") or ctx.settings.timezone,
        "processes": service.list_processes(ctx),
        "forms": Forms(state),
        "flash": SET_UP if values.get("setup") == "done" else None,
    }
    return render(request, "assistant.html", context, status=error.http_status if error else 200)


@router.get("/assistant", response_class=HTMLResponse)
def assistant(request: Request) -> Response:
    values = dict(request.query_params)
    if not settings_of(request).me and not values.get("setup"):
        # The first draft comes after a short setup; "Not now" comes back here with setup=later.
        here = "/assistant?" + urlencode({**values, "setup": "later"})
        return redirect("/setup?" + urlencode({"next": here}))
    return form_page(request, values)


def draft_key(values: Mapping[str, Any], scenario: str, variant: int) -> str:
    """Which kept draft this page edits: the same process (or recipient), message and wording
    give the same key, so coming back to it finds the text as it was left."""
    who = "|".join(field(values, k) for k in ("process", "company", "to"))
    digest = hashlib.sha256(f"{who}|{scenario}|{variant}".encode()).hexdigest()[:16]
    return f"assistant-{digest}"


@router.get("/assistant/advice", response_class=HTMLResponse)
def assistant_advice(request: Request) -> HTMLResponse:
    values = dict(request.query_params)
    values.pop("setup", None)
    ctx = context_of(request)
    try:
        situation = situation_of(request, values)
        advice = service.advise(ctx, situation)
        scenario = field(values, "scenario") or advice.get("scenario")
        draft = variants = None
        variant = int(field(values, "variant")) if field(values, "variant").isdigit() else 1
        if scenario:
            details = details_of(values, scenario, advice, situation.get("interview_at"))
            draft = service.draft(ctx, scenario, details, variant=variant)
            variants = service.variant_count(scenario)
    except BowoutError as exc:
        return form_page(request, values, exc)
    context: dict[str, Any] = {
        "active": "/assistant",
        "values": values,
        "advice": advice,
        "verdict": verdict(advice),
        "draft": draft,
        "scenario": scenario,
        "scenarios": [s.value for s in Scenario],
        "variants": variants or 0,
        "situation": situation,
        "back": urlencode({k: v for k, v in values.items() if k not in ("variant", "scenario")}),
        "query": lambda **change: urlencode({**values, **change}),
    }
    if draft is not None and scenario:
        key = draft_key(values, scenario, variant)
        kept = service.get_draft(ctx, key)
        suggested = draft["body"]
        if kept is not None:
            draft = {**draft, "body": kept["body"], "subject": kept["subject"] or draft["subject"]}
        intent = intent_for(str(scenario))
        report, marks = checked(
            ctx, draft["body"], intent=intent, interview_at=situation.get("interview_at")
        )
        context.update(
            draft=draft,
            report=report,
            segments=marks,
            intent=intent,
            key=key,
            kept=kept,
            edited=kept is not None and kept["body"] != suggested,
            here=f"/assistant/advice?{urlencode(values)}",
        )
    return render(request, "assistant_draft.html", context)


# --- step 3: sending ---------------------------------------------------------------------------


def send_page(
    request: Request, form: Any, failed: FormState | None = None, status: int = 200
) -> HTMLResponse:
    """The message as it will go out: to whom, copy, .eml, mail program; then mark as sent."""
    ctx = context_of(request)
    values = values_of(form)
    body = str(values.get("body") or "")
    process = field(values, "process")
    email = field(values, "email")
    if process.isdigit() and "email" not in values:
        try:
            email = service.prefill(ctx, process).get("email", "")
        except NotFound:
            process = ""
    intent = field(values, "intent") or intent_for(field(values, "scenario"))
    report, marks = checked(ctx, body, intent=intent, interview_at=field(values, "interview_at"))
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    context = {
        "active": "/assistant",
        "v": values,
        "body": body,
        "email": email,
        "process": process,
        "processes": service.list_processes(ctx) if not process.isdigit() else [],
        "report": report,
        "segments": marks,
        "intent": intent,
        "errors": errors,
        "forms": Forms(failed),
        "back": field(values, "back"),
    }
    return render(request, "assistant_send.html", context, status=status)


def _remember_name(request: Request, form: Any) -> None:
    """Until the setup is done, the name typed in the assistant is saved as the user's."""
    me = field(form, "me")
    if me and not settings_of(request).me:
        service.save_settings({"me": me}, request.app.state.config_file)


@router.post("/assistant/send", response_class=HTMLResponse)
def assistant_send(request: Request, form: Form) -> HTMLResponse:
    """Step 3: the draft as edited, ready to send; it is kept in the store on the way."""
    _remember_name(request, form)
    key = field(form, "draft_key")
    body = str(form.get("body") or "")
    if key and body.strip():
        process = field(form, "process")
        service.save_draft(
            context_of(request),
            key,
            body,
            subject=field(form, "subject") or None,
            process=process if process.isdigit() else None,
        )
    return send_page(request, form)


@router.post("/assistant/sent")
def assistant_sent(request: Request, form: Form) -> Response:
    """The drafted message went out: record it and move the process on (service.mark_sent);
    when the check still finds errors, only once the user said to record it as it is."""
    process = field(form, "process")
    body = str(form.get("body") or "")
    ctx = context_of(request)
    try:
        _remember_name(request, form)
        if not process.isdigit():
            raise InvalidInput("choose which process this message belongs to", field="process")
        intent = field(form, "intent") or intent_for(field(form, "scenario"))
        report = service.check(ctx, body, intent=intent) if body.strip() else None
        errors = [f for f in (report or {}).get("findings", []) if f["severity"] == "error"]
        if errors and field(form, "ack") != "yes":
            count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
            raise InvalidInput(
                f"the check still finds {count} a recruiter would notice: fix them first, "
                "or tick this box to record the message as you sent it",
                field="ack",
            )
        service.mark_sent(
            ctx,
            process,
            body,
            scenario=field(form, "scenario") or None,
            subject=field(form, "subject") or None,
            then=field(form, "then") or None,
        )
    except BowoutError as exc:
        if isinstance(exc, NotFound) and exc.field == "process":
            exc = InvalidInput(exc.message, "process")
        return send_page(request, form, refused("send", form, exc, SEND_INPUTS), exc.http_status)
    return redirect(f"/processes/{process}?sent=1")


@router.post("/drafts/{key}/discard")
def discard(request: Request, key: str, form: Form) -> Response:
    """Start again from the suggested wording: the kept draft is dropped."""
    service.discard_draft(context_of(request), key)
    return redirect(back_to(field(form, "back"), "/assistant"))


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
