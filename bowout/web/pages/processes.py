"""Pages over the user's processes: the list, one process's timeline, and the changes made
from it (stage, interviews, messages, contacts worth keeping).

Every change answers with a redirect (post/redirect/get), so reloading never repeats it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bowout import service
from bowout.model import KEEP_WHY, Stage
from bowout.web.deps import Form, context_of, field, redirect, render

router = APIRouter(include_in_schema=False)

STAGES = [s.value for s in Stage]


@router.get("/processes", response_class=HTMLResponse)
def processes(request: Request, stage: str = "") -> HTMLResponse:
    chosen = stage if stage in (*STAGES, "all") else ""
    rows = service.list_processes(
        context_of(request), stage=chosen if chosen in STAGES else None, everything=chosen == "all"
    )
    context = {"active": "/processes", "rows": rows, "stage": chosen, "stages": STAGES}
    return render(request, "processes.html", context)


@router.post("/processes")
def add_process(request: Request, form: Form) -> Response:
    contact = field(form, "contact")
    created = service.add_process(
        context_of(request),
        field(form, "company"),
        role=field(form, "role") or None,
        link=field(form, "link") or None,
        stage=field(form, "stage") or Stage.APPLIED.value,
        contacts=(contact,) if contact else (),
        interview_at=field(form, "interview_at") or None,
        zone=field(form, "zone") or None,
    )
    return redirect(f"/processes/{created['id']}?added=1")


_FLASH = {
    "sent": "Recorded as sent. The stage and the to-do list are up to date.",
    "added": "Added.",
    "saved": "Saved.",
}


@router.get("/processes/{ref}", response_class=HTMLResponse)
def process_page(request: Request, ref: str) -> HTMLResponse:
    ctx = context_of(request)
    process = service.show_process(ctx, ref)
    flash = next((text for key, text in _FLASH.items() if request.query_params.get(key)), None)
    context = {
        "active": "/processes",
        "p": process,
        "timeline": timeline(process),
        "stages": STAGES,
        "is_open": Stage(process["stage"]).is_open,
        "flash": flash,
        "zone": ctx.settings.timezone,
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
    changed = service.set_stage(
        context_of(request),
        ref,
        field(form, "stage") or None,
        intent=field(form, "intent") or None,
    )
    return redirect(f"/processes/{changed['id']}?saved=1")


@router.post("/processes/{ref}/interviews")
def add_interview(request: Request, ref: str, form: Form) -> Response:
    added = service.add_interview(
        context_of(request),
        ref,
        field(form, "at"),
        zone=field(form, "zone") or None,
        place=field(form, "place") or None,
    )
    return redirect(f"/processes/{added['process']}?saved=1")


@router.post("/processes/{ref}/messages")
def log_message(request: Request, ref: str, form: Form) -> Response:
    logged = service.log_message(
        context_of(request),
        ref,
        field(form, "direction") or "in",
        str(form.get("text") or ""),
        subject=field(form, "subject") or None,
    )
    return redirect(f"/processes/{logged['process']}?saved=1")


@router.post("/processes/{ref}/keep")
def keep_contact(request: Request, ref: str, form: Form) -> Response:
    kept = service.keep(context_of(request), ref, field(form, "contact"), why=field(form, "why"))
    return redirect(f"/processes/{kept['process']}?saved=1")


@router.get("/processes/{ref}/assistant")
def process_assistant(request: Request, ref: str) -> Response:
    """The assistant, filled in from what the store knows about the process."""
    return redirect("/assistant?" + urlencode(service.prefill(context_of(request), ref)))
