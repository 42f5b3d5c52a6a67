"""Accepting an offer: confirm what it does, record it, then send (and mark sent) the
withdrawal drafted for every other open process (cards, see ``cards``); done when every one is
sent."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bowout import service
from bowout.errors import BowoutError, InvalidInput, NotFound
from bowout.model import FollowupKind, Stage
from bowout.web.deps import Form, context_of, field, redirect, render
from bowout.web.forms import Forms, FormState, refused
from bowout.web.pages.cards import card

router = APIRouter(include_in_schema=False)


@router.get("/accept", response_class=HTMLResponse)
def accept_page(request: Request) -> HTMLResponse:
    return page(request)


def page(request: Request, failed: FormState | None = None, status: int = 200) -> HTMLResponse:
    ctx = context_of(request)
    open_processes = service.list_processes(ctx)
    pending = [card(ctx, f) for f in service.followups(ctx) if f["kind"] == FollowupKind.WITHDRAWAL]
    accepted, withdrawn = [], []
    if not pending:  # done? then say so, rather than ask again which offer it was
        accepted = service.list_processes(ctx, stage=Stage.ACCEPTED.value)
        withdrawn = [
            f
            for f in service.followups(ctx, everything=True)
            if f["kind"] == FollowupKind.WITHDRAWAL and f["done_at"]
        ]
    flash = None
    if request.query_params.get("accepted"):
        count = len(pending)
        flash = f"Congratulations. {count} withdrawal{'s' if count != 1 else ''} to send."
    elif request.query_params.get("sent") and pending:
        flash = "Recorded as sent; that process is now withdrawn."
    offer = next((p["id"] for p in open_processes if p["stage"] == Stage.OFFER.value), None)
    context = {
        "active": "/accept",
        "processes": open_processes,
        "pending": pending,
        "accepted": accepted[0] if accepted else None,
        "withdrawn": len(withdrawn),
        "offer": offer,
        "flash": flash,
        "forms": Forms(failed),
    }
    return render(request, "accept.html", context, status=status)


@router.post("/accept", response_class=HTMLResponse)
def accept(request: Request, form: Form) -> Response:
    """First what accepting would do, to confirm; then, confirmed, record it."""
    ref = field(form, "process")
    verbal = field(form, "verbal") == "yes"
    ctx = context_of(request)
    try:
        if not ref:
            raise InvalidInput("choose the offer you accepted", field="process")
        if field(form, "confirm") != "yes":
            plan = service.accept_plan(ctx, ref)
            context = {"active": "/accept", "plan": plan, "verbal": verbal}
            return render(request, "accept_confirm.html", context)
        result = service.accept(ctx, ref, verbal=verbal)
    except BowoutError as exc:
        if isinstance(exc, NotFound):
            exc = InvalidInput(exc.message, "process")
        inputs = {"process": "process"}
        return page(request, refused("accept", form, exc, inputs), exc.http_status)
    return redirect(f"/accept?accepted={result['accepted']}")
