"""The local web app: one FastAPI application with server-rendered pages and the REST API.

``ROUTERS`` lists every router (the API and one module per page), so every route is found from
here; request helpers are in ``deps``, the request guard in ``security``. This module assembles
them and turns ``bowout.errors`` into responses (never a stack trace).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from bowout import config
from bowout.config import Settings
from bowout.errors import BowoutError, InvalidInput
from bowout.web import api, api_people, api_processes, api_workflows, inbox_api, pairing
from bowout.web.access import Access, token_weakness
from bowout.web.deps import PACKAGE, LiveSettings, render
from bowout.web.pages import (
    accept,
    assistant,
    checking,
    editing,
    followups,
    ledger,
    login,
    mail,
    people,
    processes,
    relationships,
    reply,
    settings,
    setup,
    today,
    upcoming,
)
from bowout.web.security import Guard, Signer

MAX_BODY = 1024 * 1024  # a pasted message or an .eml is far smaller
LARGE_BODIES = {
    "/settings/import": 20 * 1024 * 1024,
    "/check": 5 * 1024 * 1024,
    "/mail/import": 200 * 1024 * 1024,  # a mailbox export
    "/api/v1/mail/import": 200 * 1024 * 1024,
    "/mail/calendar": 5 * 1024 * 1024,
    "/api/v1/calendar/import": 5 * 1024 * 1024,
}
log = logging.getLogger("bowout.web")

# Every router of the app, in the order their routes are matched: the API first (its check
# endpoint is the hottest), then one module per page.
ROUTERS: tuple[APIRouter, ...] = (
    api.router,
    api_processes.router,
    api_people.router,
    api_workflows.router,
    inbox_api.router,
    pairing.router,
    today.router,
    upcoming.router,
    processes.router,
    editing.router,
    reply.router,
    assistant.router,
    checking.router,
    accept.router,
    followups.router,
    relationships.router,
    people.router,
    ledger.router,
    mail.router,
    settings.router,
    setup.router,
    login.router,
)


def create_app(
    settings: Settings,
    store_url: str | None = None,
    *,
    config_file: Path | None = None,
    secret: bytes | None = None,
) -> FastAPI:
    """The app for one user's settings and store. `store_url` overrides settings.db."""
    app = FastAPI(
        title="bowout",
        version="1",
        summary="Say no well in a job search: advice, drafts, a message checker, a pipeline.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the interactive docs load scripts from another host
        redoc_url=None,
    )
    app.state.config_file = config_file or config.config_path()
    app.state.settings = LiveSettings(settings, app.state.config_file)
    app.state.store_url = store_url or settings.db
    app.state.store = None
    signer = Signer(secret)
    app.state.signer = signer
    weakness = token_weakness(settings.token) if settings.token else None
    if weakness:
        raise InvalidInput(f"too weak for a network: {weakness}", field="token")
    app.state.access = Access(settings.token) if settings.token else None
    app.add_middleware(
        Guard,
        signer=signer,
        access=app.state.access,
        max_body=MAX_BODY,
        large_bodies=LARGE_BODIES,
    )
    app.state.pairing = pairing.pairing_for(app.state.config_file)
    app.add_middleware(pairing.Gate, pairing=app.state.pairing)  # added last: runs before Guard
    app.mount("/static", StaticFiles(directory=PACKAGE / "static"), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.add_exception_handler(BowoutError, _bowout_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(OverflowError, _out_of_range)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected_error)
    return app


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
