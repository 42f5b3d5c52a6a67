"""The REST API of mail and calendar under /api/v1: the same JSON as `bowout mail --json`.

Files are sent as the request body itself (an mbox, an .eml, an .ics), named by ``filename``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import Field

from bowout import service
from bowout.web.api import ERRORS, Strict, json_response
from bowout.web.deps import context_of

router = APIRouter(prefix="/api/v1", tags=["mail and calendar"])
ThreadId = Annotated[int, Path(ge=1, le=2**63 - 1)]
FileName = Annotated[str, Query(max_length=255, description="The file's name (.mbox, .eml)")]


def _raw(what: str) -> dict[str, object]:
    """The request body is the file itself (any media type; declared as bytes)."""
    return {
        "requestBody": {
            "required": True,
            "description": what,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    }


@router.get("/mail", summary="The account, where mail was read from, who waits, proposals")
def mail_overview(request: Request) -> Response:
    return json_response(service.mail_overview(context_of(request)))


@router.post(
    "/mail/import",
    summary="Import an mbox (Google Takeout too) or an .eml sent as the body",
    responses=ERRORS,
    openapi_extra=_raw("An mbox file or one .eml message"),
)
async def mail_import(request: Request, filename: FileName = "upload.mbox") -> Response:
    data = await request.body()
    ctx = context_of(request)
    return json_response(
        await run_in_threadpool(service.import_mail_bytes, ctx, data, filename=filename)
    )


@router.post("/mail/sync", summary="Read what is new in the IMAP account", responses=ERRORS)
def mail_sync(request: Request) -> Response:
    return json_response(
        service.sync_mail(context_of(request), config_file=request.app.state.config_file)
    )


@router.get("/mail/proposals", summary="Threads that read as new processes")
def mail_proposals(request: Request) -> Response:
    return json_response(service.mail_proposals(context_of(request)))


class ConfirmIn(Strict):
    company: str | None = Field(None, max_length=200)
    role: str | None = Field(None, max_length=200)


@router.post(
    "/mail/proposals/{thread}/confirm",
    summary="Track a proposed thread as a new process",
    status_code=201,
    responses=ERRORS,
)
def mail_confirm(request: Request, thread: ThreadId, body: ConfirmIn | None = None) -> Response:
    given = body or ConfirmIn(company=None, role=None)
    made = service.confirm_proposal(
        context_of(request), thread, company=given.company, role=given.role
    )
    return json_response(made, 201)


@router.post("/mail/proposals/{thread}/dismiss", summary="Drop a proposal", responses=ERRORS)
def mail_dismiss(request: Request, thread: ThreadId) -> Response:
    return json_response(service.dismiss_proposal(context_of(request), thread))


@router.post(
    "/calendar/import",
    summary="Import an .ics sent as the body: invitations, updates, cancellations",
    responses=ERRORS,
    openapi_extra=_raw("An .ics file"),
)
async def calendar_import(request: Request, filename: FileName = "upload.ics") -> Response:
    data = await request.body()
    ctx = context_of(request)
    report = await run_in_threadpool(service.import_calendar_bytes, ctx, data, name=filename)
    return json_response(report)


@router.get(
    "/calendar.ics",
    summary="The calendar feed: interviews, send-by deadlines, follow-ups",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def calendar_feed(request: Request) -> Response:
    return Response(service.calendar_feed(context_of(request)), media_type="text/calendar")


@router.get(
    "/interviews/{interview}/cancellation.ics",
    summary="A METHOD:CANCEL file for a cancelled interview",
    response_class=Response,
    responses={**ERRORS, 200: {"content": {"text/calendar": {}}}},
)
def cancellation(request: Request, interview: ThreadId) -> Response:
    return Response(
        service.cancellation(context_of(request), interview), media_type="text/calendar"
    )
