"""The REST API under /api/v1: the same JSON as the CLI's --json, from the same service calls.

Every state-changing request needs the ``X-Bowout-Client`` header (see web_security). Request
bodies are declared as models for the OpenAPI document; the service validates the meaning.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from bowout import service
from bowout.model import Intent, Reason, Scenario
from bowout.web.deps import context_of

router = APIRouter(prefix="/api/v1", tags=["bowout"])

# Ids are database integers; larger numbers cannot name a record (and would overflow SQLite).
RecordId = Annotated[int, Path(ge=1, le=2**63 - 1)]
Ref = Annotated[str, Path(min_length=1, max_length=200, description="An id or a company name")]

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": description, "model": None}
    for status, description in (
        (403, "Missing X-Bowout-Client header, or a cross-site request"),
        (404, "No such record"),
        (409, "Conflicts with what is stored"),
        (413, "Request too large"),
        (422, "Invalid input; the message says which field to fix"),
    )
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Compensation(Strict):
    discussed: bool | None = None
    aligned: bool | None = None


class SituationIn(Strict):
    reason: Reason
    interview_at: str | None = Field(None, examples=["2026-12-03T10:00+01:00"])
    now: str | None = Field(None, examples=["2026-11-30T09:00+01:00"])
    compensation: Compensation | None = None
    accepted_elsewhere: Literal["none", "verbal", "signed"] | None = None
    would_attend_at_perfect_time: bool | None = None


class SlotsIn(Strict):
    available: list[str] = Field(
        default_factory=list, max_length=20, examples=[["Tue 12:00-17:00", "Thu 09:00-12:00"]]
    )
    original: str | None = Field(None, examples=["2026-12-03T10:00+01:00"])
    recruiter_tz: str | None = Field(None, max_length=64, examples=["America/New_York"])
    count: int = Field(3, ge=1, le=5)


class DetailsIn(Strict):
    to: str | None = Field(None, max_length=200, examples=["Dana"])
    company: str | None = Field(None, max_length=200, examples=["Acme"])
    role: str | None = Field(None, max_length=200)
    me: str | None = Field(None, max_length=200)
    signature: str | None = Field(None, max_length=2000)
    detail: str | None = Field(None, max_length=2000)
    range: str | None = Field(None, max_length=200)
    news: str | None = Field(None, max_length=2000)
    then: Literal["reschedule", "withdraw"] | None = None
    history: Literal["declined", "unanswered", "late"] | None = None
    earlier: str | None = Field(None, max_length=500, examples=["the data role at Northwind"])
    interview_at: str | None = None
    recruiter_tz: str | None = None
    slots: list[str] = Field(default_factory=list, max_length=10)
    available: list[str] = Field(default_factory=list, max_length=20)


class DraftIn(Strict):
    scenario: Scenario
    details: DetailsIn | None = None
    variant: int | None = Field(None, ge=1, le=100)


class CheckIn(Strict):
    text: str = Field(max_length=100_000)
    intent: Intent | None = None
    interview_at: str | None = None
    sent_at: str | None = None
    ignore: list[str] = Field(default_factory=list, max_length=100)
    process: str | None = Field(
        None,
        max_length=200,
        description="The process it is for: its interview and the recipient's history count",
    )


# The guide's endpoints are `async`: their work is short and CPU-bound, so they run on the event
# loop instead of paying a thread hand-off per request. Those over the store block, so they don't.


def json_response(data: Any, status: int = 200) -> Response:
    """Service dicts are plain JSON already: skip FastAPI's re-encoding (check must be fast)."""
    return Response(
        json.dumps(data, ensure_ascii=False), status_code=status, media_type="application/json"
    )


# First in the table: the live editor calls it on every pause in typing, so it is matched first.
@router.post("/check", summary="Check one message", responses=ERRORS)
async def check(request: Request, body: CheckIn) -> Response:
    def run() -> dict[str, Any]:
        return service.check(
            context_of(request),
            body.text,
            intent=body.intent.value if body.intent else None,
            interview_at=body.interview_at,
            sent_at=body.sent_at,
            ignore=tuple(body.ignore),
            process=body.process,
        )

    # With a process the check reads the store, which blocks: off the event loop then.
    result = await run_in_threadpool(run) if body.process else run()
    return json_response(result)


@router.get("/health", summary="A trivial endpoint: is the app up?")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.post(
    "/advise", summary="Decline, reschedule, ask about pay first, or attend?", responses=ERRORS
)
async def advise(request: Request, situation: SituationIn) -> Response:
    return json_response(
        service.advise(context_of(request), situation.model_dump(exclude_none=True))
    )


@router.post("/slots", summary="Concrete alternative times for a reschedule", responses=ERRORS)
async def slots(request: Request, body: SlotsIn) -> Response:
    result = service.slots(
        context_of(request),
        body.available,
        original=body.original,
        recruiter_tz=body.recruiter_tz,
        count=body.count,
    )
    return json_response(result)


@router.post("/draft", summary="Draft the message for a scenario", responses=ERRORS)
async def draft(request: Request, body: DraftIn) -> Response:
    given = body.details.model_dump() if body.details else {}
    details = {k: v for k, v in given.items() if v not in (None, [])}
    result = service.draft(context_of(request), body.scenario.value, details, variant=body.variant)
    return json_response(result)


_BATCH_EXAMPLE = '{"id": "1", "text": "Thanks, but I have accepted another offer."}\n'


@router.post(
    "/check/batch",
    summary="Check many messages: JSON Lines in, one JSON result per line out (same ids)",
    responses={200: {"content": {"application/x-ndjson": {}}}, **ERRORS},
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": 'One {"id": ..., "text": ...} object per line',
            "content": {
                "application/x-ndjson": {"schema": {"type": "string"}, "example": _BATCH_EXAMPLE}
            },
        }
    },
)
async def check_batch(request: Request) -> Response:
    raw = (await request.body()).decode("utf-8", errors="replace")
    ctx = context_of(request)

    def run() -> str:
        # Collected before answering, so an error maps to a status instead of a cut stream.
        results = service.check_batch(ctx, raw.split("\n"))  # not at U+2028 inside a string
        return "".join(json.dumps(result, ensure_ascii=False) + "\n" for result in results)

    body = await run_in_threadpool(run)  # a big batch must not stall the event loop
    return Response(body, media_type="application/x-ndjson")


@router.get("/rules", summary="Every checker rule")
async def rules() -> JSONResponse:
    return JSONResponse(service.rules())


@router.get("/rules/{rule_id}", summary="One rule explained, with examples", responses=ERRORS)
async def explain(rule_id: str) -> JSONResponse:
    return JSONResponse(service.explain(rule_id))
