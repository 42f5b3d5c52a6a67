"""Pages over the user's store: Today, the processes and their timelines, and marking sent.

Reads go through ``Store.read()``, changes through one ``Store.write()`` transaction each, and
every change answers with a redirect (post/redirect/get), so reloading never repeats it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from bowout.config import Settings
from bowout.errors import InvalidInput
from bowout.model import KEEP_WHY, Stage
from bowout.pipeline import due as reminders
from bowout.pipeline import endings, relationships
from bowout.pipeline import messages as correspondence
from bowout.pipeline import processes as tracker
from bowout.web.app import now, reading, render, settings_of, writing
from bowout.web.pages.common import Form, field, intent_for

router = APIRouter(include_in_schema=False)

# The one-click next step of each status item, in the web app's terms.
NEXT_STEP = {
    "reply_owed": "Write the reply",
    "decide_before_interview": "Write it now",
    "withdrawal_owed": "Send the withdrawal",
    "pay_answer_awaited": "Log their answer",
    "reconnect_due": "See the note",
}
STAGES = [s.value for s in Stage]


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def next_link(item: dict[str, Any]) -> str:
    kind, process = item["kind"], item["process"]
    if kind in ("reply_owed", "decide_before_interview"):
        return f"/processes/{process}/assistant"
    if kind == "withdrawal_owed":
        return f"/accept#followup-{item.get('followup')}"
    if kind == "reconnect_due":
        return "/relationships"
    return f"/processes/{process}#log"


# --- Today -----------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def today(request: Request) -> HTMLResponse:
    with reading(request) as session:
        items = reminders.status(session, now=now())["items"]
        open_count = len(tracker.list_processes(session))
    for item in items:
        item["link"] = next_link(item)
        item["label"] = NEXT_STEP.get(item["kind"], "Open")
        if item["kind"] == "withdrawal_owed":  # the store's summary names CLI commands
            item["summary"] = f"Withdraw from {item['company']}: the message is drafted"
    context = {"active": "/", "items": items, "open_count": open_count}
    return render(request, "today.html", context)


# --- processes -------------------------------------------------------------------------------


@router.get("/processes", response_class=HTMLResponse)
def processes(request: Request, stage: str = "") -> HTMLResponse:
    chosen = stage if stage in (*STAGES, "all") else ""
    with reading(request) as session:
        rows = tracker.list_processes(
            session, stage=chosen if chosen in STAGES else None, everything=chosen == "all"
        )
    context = {"active": "/processes", "rows": rows, "stage": chosen, "stages": STAGES}
    return render(request, "processes.html", context)


@router.post("/processes")
def add_process(request: Request, form: Form) -> Response:
    settings = settings_of(request)
    contact = field(form, "contact")
    interview = field(form, "interview_at")
    with writing(request) as session:
        created = tracker.add_process(
            session,
            field(form, "company"),
            now=now(),
            role=field(form, "role") or None,
            link=field(form, "link") or None,
            stage=field(form, "stage") or "applied",
            contacts=(contact,) if contact else (),
            interview=interview or None,
            zone=field(form, "zone") or settings.timezone,
        )
    return redirect(f"/processes/{created['id']}?added=1")


@router.get("/processes/{ref}", response_class=HTMLResponse)
def process_page(request: Request, ref: str) -> HTMLResponse:
    with reading(request) as session:
        process = tracker.show(session, ref)
    flash = None
    if request.query_params.get("sent"):
        flash = "Recorded as sent. The stage and the to-do list are up to date."
    elif request.query_params.get("added"):
        flash = "Added."
    elif request.query_params.get("saved"):
        flash = "Saved."
    context = {
        "active": "/processes",
        "p": process,
        "timeline": timeline(process),
        "stages": STAGES,
        "is_open": Stage(process["stage"]).is_open,
        "flash": flash,
        "zone": settings_of(request).timezone,
        "keep_why": KEEP_WHY,
    }
    return render(request, "process.html", context)


def timeline(process: dict[str, Any]) -> list[dict[str, Any]]:
    """Stage changes, messages and interviews of a process, oldest first."""
    events: list[dict[str, Any]] = []
    for change in process["stages"]:
        events.append({"at": change["at"], "kind": "stage", "stage": change["stage"], **change})
    for message in process["messages"]:
        events.append({"kind": "message", **message})
    for interview in process["interviews"]:
        events.append({"kind": "interview", "at": interview["start"], **interview})
    return sorted(events, key=lambda e: datetime.fromisoformat(e["at"]))


@router.post("/processes/{ref}/stage")
def change_stage(request: Request, ref: str, form: Form) -> Response:
    stage = field(form, "stage") or None
    intent = field(form, "intent") or None
    with writing(request) as session:
        changed = tracker.set_stage(session, ref, stage, intent=intent, now=now())
    return redirect(f"/processes/{changed['id']}?saved=1")


@router.post("/processes/{ref}/interviews")
def add_interview(request: Request, ref: str, form: Form) -> Response:
    with writing(request) as session:
        added = tracker.add_interview(
            session,
            ref,
            field(form, "at"),
            now=now(),
            zone=field(form, "zone") or settings_of(request).timezone,
            place=field(form, "place") or None,
        )
    return redirect(f"/processes/{added['process']}?saved=1")


@router.post("/processes/{ref}/messages")
def log_message(request: Request, ref: str, form: Form) -> Response:
    with writing(request) as session:
        logged = correspondence.log_message(
            session,
            ref,
            field(form, "direction") or "in",
            str(form.get("text") or ""),
            now=now(),
            subject=field(form, "subject") or None,
            settings=settings_of(request),
        )
    return redirect(f"/processes/{logged['process']}?saved=1")


@router.post("/processes/{ref}/keep")
def keep_contact(request: Request, ref: str, form: Form) -> Response:
    with writing(request) as session:
        kept = relationships.keep(
            session,
            ref,
            field(form, "contact"),
            why=field(form, "why"),
            now=now(),
            settings=settings_of(request),
        )
    return redirect(f"/processes/{kept['process']}?saved=1")


@router.get("/processes/{ref}/assistant")
def process_assistant(request: Request, ref: str) -> Response:
    """The assistant, filled in from what the store knows about the process."""
    settings = settings_of(request)
    with reading(request) as session:
        process = tracker.show(session, ref)
    values: dict[str, str] = {"process": str(process["id"]), "company": process["company"]}
    if process["role"]:
        values["role"] = process["role"]
    recruiter = next((c for c in process["contacts"] if c["part"] == "recruiter"), None)
    if recruiter:
        values["to"] = recruiter["name"]
    upcoming = [i for i in process["interviews"] if i["status"] in tracker.LIVE_INTERVIEWS]
    if upcoming:
        start = datetime.fromisoformat(upcoming[0]["start"])
        values["interview_at"] = start.strftime("%Y-%m-%dT%H:%M")
        values["zone"] = upcoming[0]["zone"]
    else:
        values["zone"] = settings.timezone
    if process["intent"] == "reschedule":
        values.update(reason="schedule_conflict", honest="yes")
    elif process["stage"] == Stage.OFFER.value:
        values["reason"] = "lost_interest"
    return redirect("/assistant?" + urlencode(values))


# --- marking a drafted message as sent -------------------------------------------------------


@router.post("/assistant/sent")
def assistant_sent(request: Request, form: Form) -> Response:
    process = field(form, "process")
    if not process.isdigit():
        raise InvalidInput("process: choose which process this message belongs to", field="process")
    with writing(request) as session:
        record_sent(session, process, form, settings_of(request))
    return redirect(f"/processes/{process}?sent=1")


def record_sent(session: Session, ref: str, form: FormData, settings: Settings) -> None:
    """Record the message as sent and move the process on, by what the message does."""
    body = str(form.get("body") or "")
    scenario = field(form, "scenario")
    intent = intent_for(scenario)
    moment = now()
    if intent in ("decline", "same_day_cancel") and field(form, "then") != "reschedule":
        if not body.strip():
            raise InvalidInput("the message is empty", field="body")
        endings.decline(
            session,
            ref,
            now=moment,
            settings=settings,
            text=body,
            subject=field(form, "subject") or None,
            confirm=True,
        )
        return
    correspondence.log_message(
        session,
        ref,
        "out",
        body,
        now=moment,
        subject=field(form, "subject") or None,
        intent=intent,
        settings=settings,
    )
    if intent in ("reschedule", "same_day_cancel"):
        process = tracker.resolve(session, ref)
        upcoming = tracker.next_interview(process, moment)
        if upcoming is not None:
            tracker.update_interview(session, upcoming.id, now=moment, status="rescheduled")
