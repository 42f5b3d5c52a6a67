"""What every page and endpoint uses per request: the settings (read fresh from the config
file), a service context over the shared store, the templates, and form fields."""

from __future__ import annotations

import os
import threading
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from starlette.datastructures import FormData

from bowout import config, service
from bowout.config import Settings
from bowout.errors import BowoutError
from bowout.web.forms import Forms, sentence

PACKAGE = Path(__file__).parent
# Deployment settings come from how the server was started; the user's own are read fresh.
SERVER_SETTINGS = ("db", "host", "port", "token")
_opening = threading.Lock()

templates = Jinja2Templates(directory=PACKAGE / "templates")
templates.env.globals["nav"] = (
    ("/", "Today"),
    ("/upcoming", "Upcoming"),
    ("/processes", "Processes"),
    ("/assistant", "Assistant"),
    ("/check", "Check"),
    ("/accept", "Accept an offer"),
    ("/relationships", "Relationships"),
    ("/people", "People"),
    ("/ledger", "Ledger"),
    ("/mail", "Mail & calendar"),
    ("/settings", "Settings"),
)


@pass_context
def _when(context: Mapping[str, Any], value: str | None) -> str:
    """An ISO time shown in the user's zone, the way people read dates."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
        zone = context["settings"].zone
    except (ValueError, KeyError, BowoutError):
        return value
    if moment.tzinfo is None:
        return moment.strftime("%a %d %b %Y, %H:%M")
    return moment.astimezone(zone).strftime("%a %d %b %Y, %H:%M")


def _local_input(value: str | None) -> str:
    """An ISO time as a datetime-local input shows it: on its own clock, to the minute."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).strftime("%Y-%m-%dT%H:%M")
    except ValueError:
        return ""


def _when_in(value: str | None, zone: str) -> str:
    """An interview's local time, said with its zone: '16:00 in America/New_York'."""
    try:
        return f"{datetime.fromisoformat(value or '').strftime('%H:%M')} in {zone}"
    except ValueError:
        return ""


templates.env.filters["when"] = _when
templates.env.filters["when_in"] = _when_in
templates.env.filters["local_input"] = _local_input
templates.env.filters["sentence"] = sentence


class LiveSettings:
    """The settings a running server uses: those it was started with, except that the user's
    own (name, zone, availability...) follow the config file, re-read whenever it changes, so
    an edit made by another front end is seen at once and never overwritten."""

    def __init__(self, started: Settings, path: Path) -> None:
        self.started = started
        self.path = path
        self._seen: int | None = None
        self._current = started
        self._zone_chosen = _zone_chosen(started, path)
        self._lock = threading.Lock()

    def get(self) -> Settings:
        try:
            stamp: int | None = os.stat(self.path).st_mtime_ns
        except OSError:
            stamp = None
        if stamp == self._seen:
            return self._current
        with self._lock:
            if stamp != self._seen:
                current = self.started
                if stamp is not None:
                    loaded = config.load(self.path)
                    keep = {name: getattr(self.started, name) for name in SERVER_SETTINGS}
                    current = replace(loaded, **keep)
                self._current, self._seen = current, stamp
                self._zone_chosen = _zone_chosen(self.started, self.path)
            return self._current

    def zone_chosen(self) -> bool:
        """Whether the user's time zone was ever set (else the browser's is offered)."""
        self.get()
        return self._zone_chosen


def _zone_chosen(started: Settings, path: Path) -> bool:
    if started.timezone != Settings().timezone or os.environ.get("BOWOUT_TIMEZONE"):
        return True
    try:
        return "timezone" in tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def settings_of(request: Request) -> Settings:
    live: LiveSettings = request.app.state.settings
    return live.get()


def context_of(request: Request) -> service.Context:
    """A service context for this request: the settings now, the time now, the shared store."""
    state = request.app.state
    if state.store is None:
        with _opening:  # two first requests in the thread pool open it once
            if state.store is None:
                state.store = service.open_store(state.settings.started, state.store_url)
    return service.Context(settings_of(request), store=state.store)


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    settings = settings_of(request)
    live: LiveSettings = request.app.state.settings
    values = {
        "settings": settings,
        "csrf_token": request.state.csrf_token,
        "forms": Forms(),
        "setup_done": bool(settings.me),
        "zone_chosen": live.zone_chosen(),
    }
    values.update(context or {})
    return templates.TemplateResponse(request, name, values, status_code=status)


def redirect(url: str) -> RedirectResponse:
    """Post/redirect/get: a reload never repeats a change."""
    return RedirectResponse(url, status_code=303)


async def _form(request: Request) -> FormData:
    return await request.form()


# A form parsed on the event loop, so the handler itself can be a plain function: FastAPI then
# runs it in the thread pool, and a store waiting on a lock never stalls the other requests.
Form = Annotated[FormData, Depends(_form)]


def field(values: Mapping[str, Any], name: str) -> str:
    value = values.get(name)
    return value.strip() if isinstance(value, str) else ""


def local_instant(request: Request, values: Mapping[str, Any], name: str) -> str | None:
    """A datetime-local field read in the form's zone (else the user's), as ISO 8601."""
    raw = field(values, name)
    if not raw:
        return None
    ctx = context_of(request)
    zone = field(values, "zone")
    if zone:
        ctx = service.Context(replace(ctx.settings, timezone=zone), now=ctx.now)
    return service.instant(ctx, raw, name).isoformat()
