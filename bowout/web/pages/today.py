"""Today: what is owed and what is coming, most urgent first, each with its one-click answers
(I will go, move it, decline it, answered already) beside the next step."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bowout import service
from bowout.errors import BowoutError
from bowout.model import NextAction, StatusKind
from bowout.web.deps import Form, context_of, field, redirect, render
from bowout.web.pages.links import back_to

router = APIRouter(include_in_schema=False)

# The button of each next action, in the web app's terms: its label and where it goes.
NEXT_STEP: dict[str, tuple[str, str]] = {
    NextAction.WRITE_REPLY: ("Write the reply", "/processes/{process}/reply"),
    NextAction.DECLINE: ("Write the decline", "/processes/{process}/assistant?want=decline"),
    NextAction.RESCHEDULE: ("Ask to move it", "/processes/{process}/assistant?want=reschedule"),
    NextAction.SEND_WITHDRAWAL: ("Send the withdrawal", "/accept#followup-{followup}"),
    NextAction.LOG_ANSWER: ("Log their answer", "/processes/{process}#log"),
    NextAction.SEND_NOTE: ("See the note", "/relationships"),
    NextAction.DECIDE_INTERVIEW: ("Decide", "/processes/{process}#interviews"),
}
_FLASH = {
    "going": "Noted: you will go. Good luck.",
    "answered": "Marked as answered: nothing is owed there any more.",
}


def next_step(step: dict[str, Any]) -> tuple[str, str]:
    """A structured next action as a button: (label, link)."""
    label, link = NEXT_STEP.get(step.get("action", ""), ("Open", "/processes/{process}"))
    return label, link.format_map({"followup": "", "interview": "", **step})


def choices(item: dict[str, Any]) -> list[dict[str, Any]]:
    """The one-click answers an item offers, each a link or a small form (``post``)."""
    process = item["process"]
    out: list[dict[str, Any]] = []
    if item["kind"] == StatusKind.UPCOMING and not item.get("going"):
        out.append(
            {"label": "I will go", "post": f"/interviews/{item['interview']}/going", "main": True}
        )
    if item["kind"] in (StatusKind.UPCOMING, StatusKind.DECIDE_BEFORE_INTERVIEW):
        wanted = item["next"]["action"]
        if wanted != NextAction.RESCHEDULE:
            out.append(
                {"label": "Move it", "link": f"/processes/{process}/assistant?want=reschedule"}
            )
        if wanted != NextAction.DECLINE:
            out.append(
                {"label": "Decline it", "link": f"/processes/{process}/assistant?want=decline"}
            )
        if item["kind"] == StatusKind.DECIDE_BEFORE_INTERVIEW:
            going = f"/interviews/{item['interview']}/going"
            out.append({"label": "I will go after all", "post": going})
    if item["kind"] == StatusKind.REPLY_OWED:
        out.append({"label": "Answered already", "post": f"/processes/{process}/answered"})
    return out


@router.get("/", response_class=HTMLResponse)
def today(request: Request) -> HTMLResponse:
    return today_page(request)


def today_page(request: Request, error: BowoutError | None = None) -> HTMLResponse:
    ctx = context_of(request)
    items = service.status(ctx)["items"]
    open_count = len(service.list_processes(ctx))
    for item in items:
        item["label"], item["link"] = next_step(item["next"])
        item["choices"] = choices(item)
        if item["kind"] == StatusKind.UPCOMING:
            item["label"] = None  # its answers are the choices themselves
    owed = [i for i in items if i["kind"] != StatusKind.UPCOMING]
    coming = sorted(
        (i for i in items if i["kind"] == StatusKind.UPCOMING), key=lambda i: i["due"] or ""
    )
    flash = next((text for key, text in _FLASH.items() if request.query_params.get(key)), None)
    context = {
        "active": "/",
        "owed": owed,
        "coming": coming,
        "open_count": open_count,
        "flash": error.message if error else flash,
        "flash_kind": "error" if error else "ok",
    }
    return render(request, "today.html", context, status=error.http_status if error else 200)


@router.post("/interviews/{interview_id}/going")
def going(request: Request, interview_id: int, form: Form) -> Response:
    """I will go: the interview confirmed, any plan to decline or move it dropped."""
    try:
        done = service.going(context_of(request), interview_id)
    except BowoutError as exc:
        return today_page(request, exc)
    return redirect(back_to(field(form, "back"), f"/?going={done['process']}"))


@router.post("/processes/{ref}/answered")
def answered(request: Request, ref: str, form: Form) -> Response:
    """Their message was answered some other way: nothing is owed any more."""
    try:
        done = service.mark_answered(
            context_of(request), ref, channel=field(form, "channel") or "email"
        )
    except BowoutError as exc:
        return today_page(request, exc)
    return redirect(back_to(field(form, "back"), f"/?answered={done['process']}"))
