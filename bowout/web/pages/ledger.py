"""The reputation ledger: how every process ended and what the other side likely remembers, the
summary on top; and the late answer that repairs a message left unanswered."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bowout import service
from bowout.web.deps import Form, context_of, field, redirect, render

router = APIRouter(include_in_schema=False)


@router.get("/ledger", response_class=HTMLResponse)
def ledger_page(request: Request) -> HTMLResponse:
    found = service.ledger(context_of(request))
    flash = (
        "Sent late, but sent: the ledger shows it answered."
        if request.query_params.get("repaired")
        else None
    )
    context = {"active": "/ledger", "ledger": found, "flash": flash}
    return render(request, "ledger.html", context)


@router.get("/ledger/{ref}/repair", response_class=HTMLResponse)
def repair_page(request: Request, ref: str) -> HTMLResponse:
    plan = service.late_reply(context_of(request), ref)
    return render(request, "repair.html", {"active": "/ledger", "plan": plan})


@router.post("/ledger/{ref}/repair")
def repair(request: Request, ref: str, form: Form) -> Response:
    service.late_reply(
        context_of(request),
        ref,
        text=str(form.get("body") or "") or None,
        subject=field(form, "subject") or None,
        confirm=True,
    )
    return redirect("/ledger?repaired=1")
