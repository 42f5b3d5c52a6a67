"""A plain reply to a recruiter's message that needs no decision: their message beside an editor
(greeting and sign-off filled in, checked and kept as it is typed), sent from the user's mail
and logged as sent; or, answered some other way, marked as answered."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bowout import service
from bowout.errors import BowoutError
from bowout.web.deps import Form, context_of, field, redirect, render
from bowout.web.forms import Forms, FormState, refused
from bowout.web.highlight import checked

router = APIRouter(include_in_schema=False)
INPUTS = {"text": "body", "body": "body", "subject": "subject", "email": "email"}


def key_of(process: int | str) -> str:
    return f"reply-{process}"


@router.get("/processes/{ref}/reply", response_class=HTMLResponse)
def reply_page(request: Request, ref: str) -> HTMLResponse:
    return page(request, ref)


def page(
    request: Request, ref: str, failed: FormState | None = None, status: int = 200
) -> HTMLResponse:
    ctx = context_of(request)
    reply = service.reply_draft(ctx, ref)
    kept = service.get_draft(ctx, key_of(reply["process"]))
    body: str = kept["body"] if kept else reply["body"]
    subject = (kept or {}).get("subject") or reply["subject"]
    if failed is not None:
        body = str(failed.values.get("body") or "")
    report, marks = checked(ctx, body) if body.strip() else (None, [])
    context: dict[str, Any] = {
        "active": "/",
        "r": reply,
        "body": body,
        "subject": subject,
        "report": report,
        "segments": marks,
        "key": key_of(reply["process"]),
        "forms": Forms(failed),
    }
    return render(request, "reply.html", context, status=status)


@router.post("/processes/{ref}/reply")
def send_reply(request: Request, ref: str, form: Form) -> Response:
    """The reply went out from the user's mail: logged as sent (and checked)."""
    try:
        sent = service.send_reply(
            context_of(request),
            ref,
            str(form.get("body") or ""),
            subject=field(form, "subject") or None,
        )
    except BowoutError as exc:
        return page(request, ref, refused("reply", form, exc, INPUTS), exc.http_status)
    return redirect(f"/processes/{sent['process']}?sent=1")
