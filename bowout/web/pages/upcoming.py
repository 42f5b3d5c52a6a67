"""Upcoming: every interview and deadline of the next four weeks, by day, in the user's zone."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from bowout import service
from bowout.web.deps import context_of, render
from bowout.web.pages.today import next_step

router = APIRouter(include_in_schema=False)


@router.get("/upcoming", response_class=HTMLResponse)
def upcoming(request: Request) -> HTMLResponse:
    days = service.upcoming(context_of(request))["days"]
    for day in days:
        for entry in day["entries"]:
            if entry["kind"] == "deadline":
                entry["label"], entry["link"] = next_step(entry["next"])
    return render(request, "upcoming.html", {"active": "/upcoming", "days": days})
