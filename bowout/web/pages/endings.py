"""Pages for how processes end: accepting an offer (and its withdrawals), and relationships."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bowout.errors import InvalidInput
from bowout.pipeline import due as reminders
from bowout.pipeline import endings, relationships
from bowout.pipeline import messages as correspondence
from bowout.pipeline import processes as tracker
from bowout.web.app import now, reading, render, settings_of, writing
from bowout.web.pages.common import Form, field
from bowout.web.pages.pipeline import redirect

router = APIRouter(include_in_schema=False)


@router.get("/accept", response_class=HTMLResponse)
def accept_page(request: Request) -> HTMLResponse:
    with reading(request) as session:
        open_processes = tracker.list_processes(session)
        pending = [f for f in reminders.followups(session) if f["kind"] == "withdrawal"]
    accepted = request.query_params.get("accepted")
    flash = None
    if accepted:
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
        raise InvalidInput("process: choose the offer you accepted", field="process")
    with writing(request) as session:
        result = endings.accept(
            session,
            ref,
            now=now(),
            settings=settings_of(request),
            verbal=field(form, "verbal") == "yes",
        )
    return redirect(f"/accept?accepted={result['accepted']}")


@router.post("/followups/{followup_id}/sent")
def followup_sent(request: Request, followup_id: int, form: Form) -> Response:
    """The withdrawal (or note) went out: record the text as sent and settle the follow-up."""
    moment = now()
    with writing(request) as session:
        followup = reminders.followup_show(session, followup_id)
        body = str(form.get("body") or "")
        if followup["kind"] == "withdrawal" or body.strip():
            correspondence.log_message(
                session,
                str(followup["process"]),
                "out",
                body,
                now=moment,
                subject=field(form, "subject") or None,
                intent="decline" if followup["kind"] == "withdrawal" else None,
                settings=settings_of(request),
            )
        if reminders.followup_show(session, followup_id)["done_at"] is None:
            reminders.followup_done(session, followup_id, now=moment)
    return redirect(_back(field(form, "back"), "/accept?sent=1"))


def _back(target: str, fallback: str) -> str:
    """Only a path on this site: never redirect elsewhere on a form's say-so."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback


@router.get("/relationships", response_class=HTMLResponse)
def relationships_page(request: Request) -> HTMLResponse:
    settings = settings_of(request)
    with reading(request) as session:
        due = relationships.reconnect(session, now=now(), settings=settings)["due"]
        upcoming = [
            f
            for f in reminders.followups(session)
            if f["kind"] in ("linkedin_note", "reconnect") and f["id"] not in {d["id"] for d in due}
        ]
        kept = tracker.kept_contacts(session)
    flash = "Marked as done." if request.query_params.get("sent") else None
    context = {
        "active": "/relationships",
        "due": due,
        "upcoming": upcoming,
        "kept": kept,
        "flash": flash,
    }
    return render(request, "relationships.html", context)
