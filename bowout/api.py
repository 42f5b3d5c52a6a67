"""The REST API under /api/v1: the same JSON as the CLI's --json, from the same service calls.

Every state-changing request needs the ``X-Bowout-Client`` header (see web_security). Request
bodies are declared as models for the OpenAPI document; the service validates the meaning.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from bowout import service
from bowout.model import Intent, Reason, Scenario
from bowout.web import settings_of

router = APIRouter(prefix="/api/v1", tags=["bowout"])

_ERRORS: dict[int | str, dict[str, Any]] = {
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


class DraftIn(Strict):
    scenario: Scenario
    details: dict[str, Any] = Field(default_factory=dict)
    variant: int | None = Field(None, ge=1, le=100)


class CheckIn(Strict):
    text: str = Field(max_length=100_000)
    intent: Intent | None = None
    interview_at: str | None = None
    sent_at: str | None = None
    ignore: list[str] = Field(default_factory=list, max_length=100)


def _json(data: Any, status: int = 200) -> Response:
    """Service dicts are plain JSON already: skip FastAPI's re-encoding (check must be fast)."""
    return Response(
        json.dumps(data, ensure_ascii=False), status_code=status, media_type="application/json"
    )


@router.get("/health", summary="A trivial endpoint: is the app up?")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.post(
    "/advise", summary="Decline, reschedule, ask about pay first, or attend?", responses=_ERRORS
)
def advise(situation: SituationIn) -> Response:
    return _json(service.advise(situation.model_dump(exclude_none=True)))


@router.post("/draft", summary="Draft the message for a scenario", responses=_ERRORS)
def draft(request: Request, body: DraftIn) -> Response:
    result = service.draft(
        body.scenario.value, body.details, variant=body.variant, settings=settings_of(request)
    )
    return _json(result)


@router.post("/check", summary="Check one message", responses=_ERRORS)
def check(request: Request, body: CheckIn) -> Response:
    result = service.check(
        body.text,
        intent=body.intent.value if body.intent else None,
        interview_at=body.interview_at,
        sent_at=body.sent_at,
        ignore=tuple(body.ignore),
        settings=settings_of(request),
    )
    return _json(result)


_BATCH_EXAMPLE = '{"id": "1", "text": "Thanks, but I have accepted another offer."}\n'


@router.post(
    "/check/batch",
    summary="Check many messages: JSON Lines in, one JSON result per line out (same ids)",
    responses={200: {"content": {"application/x-ndjson": {}}}, **_ERRORS},
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
    results = service.check_batch(raw.splitlines(), settings=settings_of(request))
    # Collected before answering, so an error maps to a status instead of a cut stream.
    body = "".join(json.dumps(result, ensure_ascii=False) + "\n" for result in results)
    return Response(body, media_type="application/x-ndjson")


@router.get("/rules", summary="Every checker rule")
def rules() -> JSONResponse:
    return JSONResponse(service.rules())


@router.get("/rules/{rule_id}", summary="One rule explained, with examples", responses=_ERRORS)
def explain(rule_id: str) -> JSONResponse:
    return JSONResponse(service.explain(rule_id))
