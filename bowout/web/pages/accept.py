"""Accepting an offer: record it, then send (and mark sent) the withdrawal drafted for every
other open process."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bowout import service
from bowout.errors import InvalidInput
from bowout.model import FollowupKind
from bowout.web.deps import Form, context_of, field, redirect, render

router = APIRouter(include_in_schema=False)


@router.get("/accept", response_class=HTMLResponse)
def accept_page(request: Request) -> HTMLResponse:
    ctx = context_of(request)
    open_processes = service.list_processes(ctx)
    pending = [f for f in service.followups(ctx) if f["kind"] == FollowupKind.WITHDRAWAL]
    flash = None
    if request.query_params.get("accepted"):
        flash = (
            f"Congratulations. {len(pending)} withdrawal{'s' if len(pending) != 1 else ''} to send."
        )
    elif request.query_params.get("sent"):
        flash = "Recorded as sent; that process is now withdrawn."
    context = {
        "active": "/accept",
        "processes": open_processes,
        "pending": pending,
        "flash": flash,
    }
    return render(request, "accept.html", context)


@router.post("/accept")
def accept(request: Request, form: Form) -> Response:
    ref = field(form, "process")
    if not ref:
        raise InvalidInput("choose the offer you accepted", field="process")
    result = service.accept(context_of(request), ref, verbal=field(form, "verbal") == "yes")
    return redirect(f"/accept?accepted={result['accepted']}")


@router.post("/followups/{followup_id}/sent")
def followup_sent(request: Request, followup_id: int, form: Form) -> Response:
    """The withdrawal (or note) went out: logged as sent, the follow-up settled."""
    service.followup_done(
        context_of(request),
        followup_id,
        text=str(form.get("body") or "") or None,
        subject=field(form, "subject") or None,
    )
    return redirect(_back(field(form, "back"), "/accept?sent=1"))


def _back(target: str, fallback: str) -> str:
    """Only a path on this site: never redirect elsewhere on a form's say-so."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback
