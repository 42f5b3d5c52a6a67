"""Relationships: the notes and reconnections due (drafted, checked as they are edited), those
coming, and the contacts kept."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from bowout import service
from bowout.model import FollowupKind
from bowout.web.deps import context_of, render
from bowout.web.forms import Forms, FormState
from bowout.web.pages.cards import card

router = APIRouter(include_in_schema=False)
NOTES = (FollowupKind.LINKEDIN_NOTE, FollowupKind.RECONNECT)


@router.get("/relationships", response_class=HTMLResponse)
def relationships_page(request: Request) -> HTMLResponse:
    return page(request)


def page(request: Request, failed: FormState | None = None, status: int = 200) -> HTMLResponse:
    ctx = context_of(request)
    due = [card(ctx, d) if d.get("draft") else d for d in service.reconnect(ctx)["due"]]
    shown = {d["id"] for d in due}
    upcoming = [f for f in service.followups(ctx) if f["kind"] in NOTES and f["id"] not in shown]
    context = {
        "active": "/relationships",
        "due": due,
        "upcoming": upcoming,
        "kept": service.kept_contacts(ctx),
        "flash": "Marked as done." if request.query_params.get("sent") else None,
        "forms": Forms(failed),
    }
    return render(request, "relationships.html", context, status=status)
