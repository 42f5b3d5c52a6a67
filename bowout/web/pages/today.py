"""Today: what is owed and what is coming, most urgent first, each with its next step."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from bowout import service
from bowout.model import NextAction
from bowout.web.deps import context_of, render

router = APIRouter(include_in_schema=False)

# The button of each next action, in the web app's terms: its label and where it goes.
NEXT_STEP: dict[str, tuple[str, str]] = {
    NextAction.WRITE_REPLY: ("Write the reply", "/processes/{process}/assistant"),
    NextAction.DECLINE: ("Write the decline", "/processes/{process}/assistant"),
    NextAction.RESCHEDULE: ("Ask to move it", "/processes/{process}/assistant"),
    NextAction.SEND_WITHDRAWAL: ("Send the withdrawal", "/accept#followup-{followup}"),
    NextAction.LOG_ANSWER: ("Log their answer", "/processes/{process}#log"),
    NextAction.SEND_NOTE: ("See the note", "/relationships"),
    NextAction.DECIDE_INTERVIEW: ("Decide", "/processes/{process}"),
}


def next_step(step: dict[str, Any]) -> tuple[str, str]:
    """A structured next action as a button: (label, link)."""
    label, link = NEXT_STEP.get(step.get("action", ""), ("Open", "/processes/{process}"))
    return label, link.format_map({"followup": "", "interview": "", **step})


@router.get("/", response_class=HTMLResponse)
def today(request: Request) -> HTMLResponse:
    ctx = context_of(request)
    items = service.status(ctx)["items"]
    open_count = len(service.list_processes(ctx))
    for item in items:
        item["label"], item["link"] = next_step(item["next"])
    context = {"active": "/", "items": items, "open_count": open_count}
    return render(request, "today.html", context)
