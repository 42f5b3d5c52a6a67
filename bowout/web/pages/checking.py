"""Check a message, and the rules the checker applies, each explained."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from starlette.datastructures import UploadFile

from bowout import service
from bowout.errors import BowoutError, InvalidInput
from bowout.model import Intent
from bowout.web.deps import PACKAGE, context_of, field, local_instant, render
from bowout.web.forms import Forms, refused
from bowout.web.highlight import checked

router = APIRouter(include_in_schema=False)


CHECK_KEY = "check"  # the message being checked is kept as it is typed, under this key
INPUTS = {
    "text": "text",
    "file": "file",
    "intent": "intent",
    "interview_at": "interview_at",
    "sent_at": "sent_at",
    "zone": "zone",
    "timezone": "zone",
}


@router.get("/check", response_class=HTMLResponse)
def check_form(request: Request) -> HTMLResponse:
    kept = service.get_draft(context_of(request), CHECK_KEY)
    return _check_page(request, {"text": kept["body"]} if kept else {}, None)


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
            raise InvalidInput("paste a message or choose an .eml file", field="text")
        context = {
            "intent": field(values, "intent") or None,
            "interview_at": local_instant(request, values, "interview_at"),
            "sent_at": local_instant(request, values, "sent_at"),
        }
        report, marks = checked(context_of(request), text, **context)
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
        "forms": Forms(refused("check", values, error, INPUTS) if error else None),
        "key": CHECK_KEY,
        "intents": [i.value for i in Intent],
        "zone": field(values, "zone") or context_of(request).settings.timezone,
    }
    return render(request, "check.html", context, status=error.http_status if error else 200)


@router.get("/rules", response_class=HTMLResponse)
def rules_page(request: Request) -> HTMLResponse:
    return render(request, "rules.html", {"active": "/check", "rules": service.rules()})


@router.get("/rules/{rule_id}", response_class=HTMLResponse)
def rule_page(request: Request, rule_id: str) -> HTMLResponse:
    return render(request, "rule.html", {"active": "/check", "rule": service.explain(rule_id)})


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(PACKAGE / "static" / "icon.svg", media_type="image/svg+xml")
