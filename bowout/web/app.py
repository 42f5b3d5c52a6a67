"""The local web app: one FastAPI application with server-rendered pages and the REST API.

Pages live in ``pages_*`` modules, the API in ``api``, the request guard in ``web_security``;
this module assembles them and turns ``bowout.errors`` into responses (never a stack trace).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from starlette.exceptions import HTTPException as StarletteHTTPException

from bowout import config
from bowout.config import Settings
from bowout.errors import BowoutError, InvalidInput
from bowout.web.access import Access, token_weakness
from bowout.web.security import Guard, Signer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bowout.pipeline.store import Store

PACKAGE = Path(__file__).parent
MAX_BODY = 1024 * 1024  # a pasted message or an .eml is far smaller
LARGE_BODIES = {"/settings/import": 20 * 1024 * 1024, "/check": 5 * 1024 * 1024}
log = logging.getLogger("bowout.web.app")
_opening = threading.Lock()

templates = Jinja2Templates(directory=PACKAGE / "templates")
templates.env.globals["nav"] = (
    ("/", "Today"),
    ("/processes", "Processes"),
    ("/assistant", "Assistant"),
    ("/check", "Check"),
    ("/accept", "Accept an offer"),
    ("/relationships", "Relationships"),
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


templates.env.filters["when"] = _when


def create_app(
    settings: Settings,
    store_url: str | None = None,
    *,
    config_file: Path | None = None,
    secret: bytes | None = None,
) -> FastAPI:
    """The app for one user's settings and store. `store_url` overrides settings.db."""
    from bowout.web import api
    from bowout.web.pages import endings as pages_endings
    from bowout.web.pages import guide as pages_guide
    from bowout.web.pages import login as pages_login
    from bowout.web.pages import pipeline as pages_pipeline
    from bowout.web.pages import settings as pages_settings

    app = FastAPI(
        title="bowout",
        version="1",
        summary="Say no well in a job search: advice, drafts, a message checker, a pipeline.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the interactive docs load scripts from another host
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store_url = store_url or settings.db
    app.state.config_file = config_file or config.config_path()
    app.state.store = None
    signer = Signer(secret)
    app.state.signer = signer
    weakness = token_weakness(settings.token) if settings.token else None
    if weakness:
        raise InvalidInput(f"token: too weak for a network: {weakness}", field="token")
    app.state.access = Access(settings.token) if settings.token else None
    app.add_middleware(
        Guard,
        signer=signer,
        access=app.state.access,
        max_body=MAX_BODY,
        large_bodies=LARGE_BODIES,
    )
    app.mount("/static", StaticFiles(directory=PACKAGE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages_guide.router)
    app.include_router(pages_pipeline.router)
    app.include_router(pages_endings.router)
    app.include_router(pages_settings.router)
    app.include_router(pages_login.router)
    app.add_exception_handler(BowoutError, _bowout_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(OverflowError, _out_of_range)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected_error)
    return app


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def store_of(request: Request) -> Store:
    """The user's store, opened (and migrated) on first use, so stateless pages stay fast."""
    state = request.app.state
    if state.store is None:
        from bowout.pipeline.store import Store, resolve_url

        with _opening:  # two first requests in the thread pool open it once
            if state.store is None:
                state.store = Store(resolve_url(state.settings, state.store_url))
    store: Store = state.store
    return store


@contextmanager
def writing(request: Request) -> Iterator[Session]:
    with store_of(request).write() as session:
        yield session


@contextmanager
def reading(request: Request) -> Iterator[Session]:
    with store_of(request).read() as session:
        yield session


def now() -> datetime:
    return datetime.now(UTC)


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    values = {"settings": settings_of(request), "csrf_token": request.state.csrf_token}
    values.update(context or {})
    return templates.TemplateResponse(request, name, values, status_code=status)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_response(request: Request, status: int, body: dict[str, Any]) -> Response:
    if _wants_json(request):
        return JSONResponse(body, status_code=status)
    context = {"status": status, "message": body["message"], "field": body.get("field")}
    return render(request, "error.html", context, status=status)


async def _bowout_error(request: Request, exc: BowoutError) -> Response:
    return _error_response(request, exc.http_status, exc.to_json())


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    first = exc.errors()[0] if exc.errors() else {}
    where = [str(part) for part in first.get("loc", ()) if part not in ("body", "query")]
    field = ".".join(where) or None
    message = f"{field}: {first.get('msg', 'invalid')}" if field else first.get("msg", "invalid")
    body = {"error": "InvalidInput", "message": message, "field": field}
    return _error_response(request, 422, body)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    names = {404: "NotFound", 405: "MethodNotAllowed", 413: "TooLarge"}
    message = {404: "there is nothing at this address", 405: "this address does not take that"}
    body = {
        "error": names.get(exc.status_code, "HTTPError"),
        "message": message.get(exc.status_code, str(exc.detail)),
        "field": None,
    }
    return _error_response(request, exc.status_code, body)


async def _out_of_range(request: Request, exc: OverflowError) -> Response:
    """A number or date too large for the store or the calendar: the input's fault."""
    body = {"error": "InvalidInput", "message": "a number or date is out of range", "field": None}
    return _error_response(request, 422, body)


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    body = {
        "error": "InternalError",
        "message": "something went wrong on our side; the details are in the server's log",
        "field": None,
    }
    if _wants_json(request):
        return JSONResponse(body, status_code=500)
    return HTMLResponse(
        "<!doctype html><title>bowout</title><h1>Something went wrong</h1>"
        "<p>The details are in the server's log.</p>",
        status_code=500,
    )
