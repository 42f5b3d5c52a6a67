"""Marking a drafted follow-up (a withdrawal, a note) as sent, from its card: logged as sent and
settled; while the check still finds an error in it, only once the user says to record it as it
is. A refusal shows the card's page again, the card as it was typed, the error in it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bowout import service
from bowout.errors import BowoutError, InvalidInput
from bowout.web.deps import Form, context_of, field, redirect
from bowout.web.forms import refused
from bowout.web.pages import accept, relationships
from bowout.web.pages.cards import FOLLOWUP_INTENT
from bowout.web.pages.links import back_to

router = APIRouter(include_in_schema=False)


@router.post("/followups/{followup_id}/sent")
def followup_sent(request: Request, followup_id: int, form: Form) -> Response:
    """The withdrawal (or note) went out: logged as sent, the follow-up settled. When the check
    still finds an error in it, only once the user said to record it as it is."""
    ctx = context_of(request)
    back = back_to(field(form, "back"), "/accept?sent=1")
    body = str(form.get("body") or "")
    prefix = f"followup-{followup_id}"
    try:
        shown = service.followup_show(ctx, followup_id)
        intent = FOLLOWUP_INTENT.get(shown["kind"])
        if body.strip():
            report = service.check(ctx, body, intent=intent)
            errors = [f for f in report["findings"] if f["severity"] == "error"]
            if errors and field(form, "ack") != "yes":
                count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
                raise InvalidInput(
                    f"the check finds {count} a recruiter would notice: fix them first, or tick "
                    "this box to record the message as you sent it",
                    field="ack",
                )
        service.followup_done(
            ctx, followup_id, text=body or None, subject=field(form, "subject") or None
        )
    except BowoutError as exc:
        inputs = {"ack": f"{prefix}-ack", "text": f"{prefix}-body", "body": f"{prefix}-body"}
        failed = refused(prefix, form, exc, inputs)
        if back.startswith("/relationships"):
            return relationships.page(request, failed, exc.http_status)
        return accept.page(request, failed, exc.http_status)
    return redirect(back)
