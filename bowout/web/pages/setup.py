"""The first run: a short setup (name, sign-off, time zone from the browser, the days and hours
one can do interviews) before the first draft, and the helpers the Settings page shares with it
to show availability as a picker of days and hours instead of free text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode
from zoneinfo import available_timezones

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bowout import service
from bowout.config import Settings
from bowout.errors import BowoutError, InvalidInput
from bowout.web.deps import Form, field, redirect, render, settings_of
from bowout.web.forms import Forms, FormState, refused
from bowout.web.pages.links import back_to

router = APIRouter(include_in_schema=False)

# The times the picker offers, every half hour from 07:00 to 21:00.
HOURS = tuple(f"{h:02d}:{m:02d}" for h in range(7, 22) for m in (0, 30) if (h, m) != (21, 30))
SETUP_INPUTS = {"me": "me", "signature": "signature", "timezone": "timezone"}


def zones() -> list[str]:
    return sorted(available_timezones())


def picker(settings: Settings) -> dict[str, Any]:
    """The availability picker's rows: each weekday with its first window; every other window
    (a second one that day, a date, a time between the picker's steps) kept as written."""
    laid = service.availability_days(settings.availability)
    rows, extra = [], list(laid["other"])
    for day in laid["days"]:
        windows = list(day["windows"])
        first = windows.pop(0) if windows else ("", "")
        if first != ("", "") and (first[0] not in HOURS or first[1] not in HOURS):
            windows.insert(0, first)
            first = ("", "")
        rows.append({"key": day["key"], "day": day["day"], "start": first[0], "end": first[1]})
        extra.extend(f"{day['day'][:3]} {a}-{b}" for a, b in windows)
    return {"rows": rows, "extra": extra, "hours": HOURS}


def picked(form: Mapping[str, Any]) -> tuple[str, ...]:
    """The availability windows a submitted picker gives (checked by the service)."""
    days = {
        key: (field(form, f"availability-{key}-from"), field(form, f"availability-{key}-to"))
        for key in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    }
    keep = [str(w) for w in getattr(form, "getlist", lambda _: [])("availability-keep")]
    return service.availability_from(days, keep)


def picker_inputs() -> dict[str, str]:
    """The picker's errors at their select: ``availability.tue.end`` at availability-tue-to."""
    inputs = {"availability": "availability", "available": "availability"}
    for key in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        inputs[f"availability.{key}.start"] = f"availability-{key}-from"
        inputs[f"availability.{key}.end"] = f"availability-{key}-to"
    return inputs


def signature_of(form: Mapping[str, Any]) -> str | None:
    """The sign-off lines as the config file keeps them (one line, \\n between lines)."""
    text = str(form.get("signature") or "").strip().replace("\r\n", "\n")
    return text.replace("\n", "\\n") if text else None


@router.get("/setup", response_class=HTMLResponse)
def setup_page(request: Request) -> HTMLResponse:
    return _page(request)


def _page(request: Request, failed: FormState | None = None, status: int = 200) -> HTMLResponse:
    settings = settings_of(request)
    context = {
        "active": "",
        "s": settings,
        "signature": (settings.signature or "").replace("\\n", "\n"),
        "picker": picker(settings),
        "zones": zones(),
        "next": back_to(request.query_params.get("next", ""), "/"),
        "forms": Forms(failed),
    }
    return render(request, "setup.html", context, status=status)


@router.post("/setup")
def save_setup(request: Request, form: Form) -> Response:
    after = back_to(field(form, "next"), "/")
    try:
        if not field(form, "me"):
            raise InvalidInput("give your name: every message is signed with it", field="me")
        changes = {
            "me": field(form, "me"),
            "signature": signature_of(form),
            "timezone": field(form, "timezone") or None,
            "availability": list(picked(form)),
        }
        service.save_settings(changes, request.app.state.config_file)
    except BowoutError as exc:
        inputs = {**SETUP_INPUTS, **picker_inputs()}
        return _page(request, refused("setup", form, exc, inputs), exc.http_status)
    joiner = "&" if "?" in after else "?"
    return redirect(f"{after}{joiner}{urlencode({'setup': 'done'})}")
