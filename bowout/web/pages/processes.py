"""Pages over the user's processes: the list (searched, sorted, filtered), adding one, and one
process's page with its timeline and the changes made from it (stage, interviews, messages,
contacts worth keeping). Editing details, contacts, interviews and archiving are in ``editing``.

Every change answers with a redirect (post/redirect/get), so reloading never repeats it; a
refused change shows the same page again with the error at its input and the values kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bowout import service
from bowout.errors import BowoutError, NotFound
from bowout.model import KEEP_WHY, ContactRole, Reason, Stage
from bowout.web.deps import Form, context_of, field, redirect, render
from bowout.web.forms import Forms, FormState, refused

router = APIRouter(include_in_schema=False)

STAGES = [s.value for s in Stage]
SORTS = (
    ("recent", "Recently changed"),
    ("interview", "Next interview"),
    ("company", "Company, A to Z"),
    ("stage", "Stage"),
    ("created", "Newest first"),
)
PARTS = [(p.value, p.value.replace("_", " ")) for p in ContactRole]
ADD_INPUTS = {
    "company": "company",
    "role": "role",
    "contact": "contact",
    "stage": "stage",
    "interview_at": "interview_at",
    "at": "interview_at",
    "zone": "zone",
    "link": "link",
}


@router.get("/processes", response_class=HTMLResponse)
def processes(request: Request) -> HTMLResponse:
    return list_page(request)


def list_page(request: Request, failed: FormState | None = None, status: int = 200) -> HTMLResponse:
    params = request.query_params
    stage = params.get("stage", "")
    chosen = stage if stage in (*STAGES, "all", "archived") else ""
    sort = params.get("sort", "recent")
    sort = sort if sort in dict(SORTS) else "recent"
    query = params.get("q", "").strip()[:200]
    ctx = context_of(request)
    rows = service.list_processes(
        ctx,
        stage=chosen if chosen in STAGES else None,
        everything=chosen == "all",
        archived=chosen == "archived",
        query=query or None,
        sort=sort,
    )
    flash = None
    if params.get("archived", "").isdigit():
        flash = "Archived. It is out of your lists and of Today until you restore it."
    elif params.get("deleted"):
        flash = "Deleted for good."
    context = {
        "active": "/processes",
        "rows": rows,
        "stage": chosen,
        "stages": STAGES,
        "stage_options": [(s, s) for s in STAGES[:4]],
        "sorts": SORTS,
        "sort": sort,
        "q": query,
        "undo": params.get("archived", "") if params.get("archived", "").isdigit() else "",
        "flash": flash,
        "forms": Forms(failed),
        "filters": lambda **change: urlencode(
            {k: v for k, v in {"q": query, "sort": sort, "stage": chosen, **change}.items() if v}
        ),
    }
    return render(request, "processes.html", context, status=status)


@router.post("/processes")
def add_process(request: Request, form: Form) -> Response:
    contact = field(form, "contact")
    try:
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
    except BowoutError as exc:
        return list_page(request, refused("add", form, exc, ADD_INPUTS), exc.http_status)
    return redirect(f"/processes/{created['id']}?added=1")


_FLASH = {
    "sent": "Recorded as sent. The stage and the to-do list are up to date.",
    "added": "Added.",
    "saved": "Saved.",
    "going": "Noted: you will go. Good luck.",
    "answered": "Marked as answered: nothing is owed there any more.",
    "restored": "Restored: it is back in your lists.",
    "removed": "Removed.",
}


@router.get("/processes/{ref}", response_class=HTMLResponse)
def process_page(request: Request, ref: str) -> HTMLResponse:
    return show(request, ref)


def show(
    request: Request, ref: str, failed: FormState | None = None, status: int = 200
) -> HTMLResponse:
    """One process's page; after a refused change, that form with its values and its error."""
    ctx = context_of(request)
    process = service.show_process(ctx, ref)
    flash = next((text for key, text in _FLASH.items() if request.query_params.get(key)), None)
    live = [i for i in process["interviews"] if i["status"] in ("scheduled", "confirmed")]
    context = {
        "active": "/processes",
        "p": process,
        "timeline": timeline(process),
        "stages": STAGES,
        "is_open": Stage(process["stage"]).is_open,
        "flash": flash,
        "zone": ctx.settings.timezone,
        "keep_options": [(c["id"], c["name"]) for c in process["contacts"] if not c["keep"]],
        "why_options": [(w, w.replace("-", " ")) for w in KEEP_WHY],
        "stage_options": [(s, s) for s in STAGES if s != process["stage"]],
        "parts": PARTS,
        "live": live,
        "link": process["link"] if _is_web_link(process["link"]) else None,
        "forms": Forms(failed),
        "owes_answer": _owes_answer(process),
    }
    return render(request, "process.html", context, status=status)


def refuse(
    request: Request, ref: str, form_name: str, form: Any, error: BowoutError, inputs: Any
) -> HTMLResponse:
    """The process page again, after ``error``: the form kept, the error at its input."""
    if isinstance(error, NotFound) and error.field in ("process", None):
        raise error  # no page to show it on
    return show(request, ref, refused(form_name, form, error, inputs), error.http_status)


def _is_web_link(link: str | None) -> bool:
    return bool(link) and str(link).lower().startswith(("https://", "http://"))


def _owes_answer(process: dict[str, Any]) -> bool:
    received = [m["at"] for m in process["messages"] if m["direction"] == "in"]
    sent = [m["at"] for m in process["messages"] if m["direction"] == "out"]
    if not received:
        return False
    last_in = max(datetime.fromisoformat(at) for at in received)
    return not sent or max(datetime.fromisoformat(at) for at in sent) < last_in


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
    try:
        changed = service.set_stage(
            context_of(request),
            ref,
            field(form, "stage") or None,
            intent=field(form, "intent") or None,
        )
    except BowoutError as exc:
        return refuse(request, ref, "stage", form, exc, {"stage": "new-stage"})
    return redirect(f"/processes/{changed['id']}?saved=1")


@router.post("/processes/{ref}/interviews")
def add_interview(request: Request, ref: str, form: Form) -> Response:
    try:
        added = service.add_interview(
            context_of(request),
            ref,
            field(form, "at"),
            zone=field(form, "zone") or None,
            place=field(form, "place") or None,
        )
    except BowoutError as exc:
        inputs = {"at": "iv-at", "interview_at": "iv-at", "zone": "iv-zone", "place": "iv-place"}
        return refuse(request, ref, "interview", form, exc, inputs)
    return redirect(f"/processes/{added['process']}?saved=1#interviews")


@router.post("/processes/{ref}/messages")
def log_message(request: Request, ref: str, form: Form) -> Response:
    try:
        logged = service.log_message(
            context_of(request),
            ref,
            field(form, "direction") or "in",
            str(form.get("text") or ""),
            subject=field(form, "subject") or None,
        )
    except BowoutError as exc:
        inputs = {"text": "log-text", "subject": "log-subject", "direction": "direction"}
        return refuse(request, ref, "log", form, exc, inputs)
    return redirect(f"/processes/{logged['process']}?saved=1")


@router.post("/processes/{ref}/keep")
def keep_contact(request: Request, ref: str, form: Form) -> Response:
    try:
        kept = service.keep(
            context_of(request), ref, field(form, "contact"), why=field(form, "why")
        )
    except BowoutError as exc:
        inputs = {"contact": "keep-contact", "why": "keep-why"}
        return refuse(request, ref, "keep", form, exc, inputs)
    return redirect(f"/processes/{kept['process']}?saved=1")


# What the user wants to do, from a one-click answer on Today: the assistant starts there.
_WANTS = {
    "reschedule": {"reason": Reason.SCHEDULE_CONFLICT.value, "honest": "yes"},
    "decline": {"honest": "no", "want": "decline"},
}


@router.get("/processes/{ref}/assistant")
def process_assistant(request: Request, ref: str, want: str = "") -> Response:
    """The assistant, filled in from what the store knows about the process (and, from a
    one-click answer, from what the user wants to do)."""
    values = service.prefill(context_of(request), ref)
    wanted = _WANTS.get(want)
    if wanted is not None:
        values.pop("reason", None)
        values.update(wanted)
    return redirect("/assistant?" + urlencode(values))
