"""The reputation ledger: how every process ended and what the other side likely remembers, the
summary on top; and the late answer that repairs a message left unanswered."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bowout import service
from bowout.model import Intent
from bowout.web.deps import Form, context_of, field, redirect, render
from bowout.web.forms import Forms
from bowout.web.highlight import segments

router = APIRouter(include_in_schema=False)


@router.get("/ledger", response_class=HTMLResponse)
def ledger_page(request: Request) -> HTMLResponse:
    found = service.ledger(context_of(request))
    repaired = request.query_params.get("repaired")
    flash = "Sent late, but sent: the ledger shows it answered." if repaired else None
    context = {"active": "/ledger", "ledger": found, "flash": flash}
    return render(request, "ledger.html", context)


def _key(process: int) -> str:
    return f"repair-{process}"


@router.get("/ledger/{ref}/repair", response_class=HTMLResponse)
def repair_page(request: Request, ref: str) -> HTMLResponse:
    """The late answer, as the user last left it (kept as they type), checked with what its
    recipient went through: their message waiting past the overdue line."""
    ctx = context_of(request)
    plan = service.late_reply(ctx, ref)
    draft = dict(plan["draft"])
    report = plan["check"]
    kept = service.get_draft(ctx, _key(plan["process"]))
    if kept is not None:
        draft.update(body=kept["body"], subject=kept["subject"] or draft["subject"])
        report = service.late_reply(ctx, ref, text=kept["body"])["check"]
    card = {
        "draft": draft,
        "report": report,
        "segments": segments(draft["body"], report["findings"]),
        "process": plan["process"],
    }
    context = {
        "active": "/ledger",
        "plan": plan,
        "card": card,
        "prefix": _key(plan["process"]),
        "intent": Intent.DECLINE.value,
        "forms": Forms(),
    }
    return render(request, "repair.html", context)


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
