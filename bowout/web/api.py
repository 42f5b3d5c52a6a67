"""The REST API under /api/v1: the same JSON as the CLI's --json, from the same service calls.

Every state-changing request needs the ``X-Bowout-Client`` header (see web_security). Request
bodies are declared as models for the OpenAPI document; the service validates the meaning.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from bowout import service
from bowout.model import ContactRole, Direction, Intent, InterviewStatus, Reason, Scenario, Stage
from bowout.web.deps import context_of

router = APIRouter(prefix="/api/v1", tags=["bowout"])

# Ids are database integers; larger numbers cannot name a record (and would overflow SQLite).
RecordId = Annotated[int, Path(ge=1, le=2**63 - 1)]
Ref = Annotated[str, Path(min_length=1, max_length=200, description="An id or a company name")]

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


def _json(data: Any, status: int = 200) -> Response:
    """Service dicts are plain JSON already: skip FastAPI's re-encoding (check must be fast)."""
    return Response(
        json.dumps(data, ensure_ascii=False), status_code=status, media_type="application/json"
    )


# First in the table: the live editor calls it on every pause in typing, so it is matched first.
@router.post("/check", summary="Check one message", responses=_ERRORS)
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
    return _json(result)


@router.get("/health", summary="A trivial endpoint: is the app up?")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.post(
    "/advise", summary="Decline, reschedule, ask about pay first, or attend?", responses=_ERRORS
)
async def advise(request: Request, situation: SituationIn) -> Response:
    return _json(service.advise(context_of(request), situation.model_dump(exclude_none=True)))


@router.post("/slots", summary="Concrete alternative times for a reschedule", responses=_ERRORS)
async def slots(request: Request, body: SlotsIn) -> Response:
    result = service.slots(
        context_of(request),
        body.available,
        original=body.original,
        recruiter_tz=body.recruiter_tz,
        count=body.count,
    )
    return _json(result)


@router.post("/draft", summary="Draft the message for a scenario", responses=_ERRORS)
async def draft(request: Request, body: DraftIn) -> Response:
    given = body.details.model_dump() if body.details else {}
    details = {k: v for k, v in given.items() if v not in (None, [])}
    result = service.draft(context_of(request), body.scenario.value, details, variant=body.variant)
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
    ctx = context_of(request)

    def run() -> str:
        # Collected before answering, so an error maps to a status instead of a cut stream.
        results = service.check_batch(ctx, raw.splitlines())
        return "".join(json.dumps(result, ensure_ascii=False) + "\n" for result in results)

    body = await run_in_threadpool(run)  # a big batch must not stall the event loop
    return Response(body, media_type="application/x-ndjson")


@router.get("/rules", summary="Every checker rule")
async def rules() -> JSONResponse:
    return JSONResponse(service.rules())


@router.get("/rules/{rule_id}", summary="One rule explained, with examples", responses=_ERRORS)
async def explain(rule_id: str) -> JSONResponse:
    return JSONResponse(service.explain(rule_id))


# --- the pipeline ----------------------------------------------------------------------------


class ProcessIn(Strict):
    company: str = Field(max_length=200)
    role: str | None = Field(None, max_length=200)
    link: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200)
    stage: Stage = Stage.APPLIED
    contacts: list[str] = Field(default_factory=list, max_length=20)
    interview: str | None = Field(None, examples=["2026-12-03T10:00+01:00"])
    zone: str | None = Field(None, description="The interview's zone (default: the user's)")
    minutes: int = Field(60, ge=5, le=1440)
    place: str | None = None


class ProcessEdit(Strict):
    company: str | None = Field(None, max_length=200)
    role: str | None = Field(None, max_length=200)
    link: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=10_000)
    contacts: list[str] = Field(default_factory=list, max_length=20)
    part: ContactRole = ContactRole.RECRUITER


class StageIn(Strict):
    stage: Stage | None = None
    intent: Literal["decline", "reschedule", "none"] | None = None
    note: str | None = Field(None, max_length=2000)


class AcceptIn(Strict):
    verbal: bool = False


class InterviewIn(Strict):
    process: str = Field(description="Process id or company name")
    at: str = Field(examples=["2026-12-03T10:00+01:00"])
    zone: str | None = Field(None, description="The interview's zone (default: the user's)")
    minutes: int = Field(60, ge=5, le=1440)
    place: str | None = None


class InterviewEdit(Strict):
    status: InterviewStatus | None = None
    at: str | None = None


class MessageIn(Strict):
    process: str = Field(description="Process id or company name")
    direction: Direction
    text: str = Field(max_length=100_000)
    at: str | None = None
    subject: str | None = Field(None, max_length=500)
    channel: str = Field("email", max_length=20)
    intent: Intent | None = None


Sort = Literal["recent", "company", "stage", "interview", "created"]


@router.get(
    "/processes",
    summary="Open processes (or one stage, all, or the archived), searched and sorted",
    responses=_ERRORS,
)
def list_processes(
    request: Request,
    stage: Stage | None = None,
    all: bool = False,
    q: Annotated[str | None, Query(max_length=200)] = None,
    sort: Sort = "recent",
    archived: bool = False,
) -> Response:
    rows = service.list_processes(
        context_of(request),
        stage=stage.value if stage else None,
        everything=all,
        query=q,
        sort=sort,
        archived=archived,
    )
    return _json(rows)


@router.post("/processes", status_code=201, summary="Add a process", responses=_ERRORS)
def add_process(request: Request, body: ProcessIn) -> Response:
    created = service.add_process(
        context_of(request),
        body.company,
        role=body.role,
        link=body.link,
        source=body.source,
        stage=body.stage.value,
        contacts=tuple(body.contacts),
        interview_at=body.interview,
        zone=body.zone,
        minutes=body.minutes,
        place=body.place,
    )
    return _json(created, 201)


@router.get("/processes/{ref}", summary="One process with its timeline", responses=_ERRORS)
def show_process(request: Request, ref: Ref) -> Response:
    return _json(service.show_process(context_of(request), ref))


@router.patch("/processes/{ref}", summary="Change a process's details", responses=_ERRORS)
def edit_process(request: Request, ref: Ref, body: ProcessEdit) -> Response:
    changed = service.edit_process(
        context_of(request),
        ref,
        company=body.company,
        role=body.role,
        link=body.link,
        source=body.source,
        notes=body.notes,
        contacts=tuple(body.contacts),
        part=body.part.value,
    )
    return _json(changed)


@router.post("/processes/{ref}/stage", summary="Move a process to a stage", responses=_ERRORS)
def set_stage(request: Request, ref: Ref, body: StageIn) -> Response:
    changed = service.set_stage(
        context_of(request),
        ref,
        body.stage.value if body.stage else None,
        intent=body.intent,
        note=body.note,
    )
    return _json(changed)


@router.post(
    "/processes/{ref}/accept",
    summary="Accept this offer; draft a withdrawal for every other open process",
    responses=_ERRORS,
)
def accept(request: Request, ref: Ref, body: AcceptIn) -> Response:
    result = service.accept(context_of(request), ref, verbal=body.verbal)
    return _json(result)


@router.get("/interviews", summary="A process's interviews", responses=_ERRORS)
def list_interviews(request: Request, process: str) -> Response:
    return _json(service.list_interviews(context_of(request), process))


@router.post("/interviews", status_code=201, summary="Add an interview", responses=_ERRORS)
def add_interview(request: Request, body: InterviewIn) -> Response:
    added = service.add_interview(
        context_of(request),
        body.process,
        body.at,
        zone=body.zone,
        minutes=body.minutes,
        place=body.place,
    )
    return _json(added, 201)


@router.patch("/interviews/{interview_id}", summary="Confirm, cancel or move", responses=_ERRORS)
def update_interview(request: Request, interview_id: RecordId, body: InterviewEdit) -> Response:
    changed = service.update_interview(
        context_of(request),
        interview_id,
        status=body.status.value if body.status else None,
        at=body.at,
    )
    return _json(changed)


@router.post(
    "/messages", status_code=201, summary="Log a message (a sent one is checked)", responses=_ERRORS
)
def log_message(request: Request, body: MessageIn) -> Response:
    logged = service.log_message(
        context_of(request),
        body.process,
        body.direction.value,
        body.text,
        at=body.at,
        subject=body.subject,
        channel=body.channel,
        intent=body.intent.value if body.intent else None,
    )
    return _json(logged, 201)


@router.get("/status", summary="What is due, most urgent first")
def status(request: Request) -> Response:
    return _json(service.status(context_of(request)))


@router.get("/followups", summary="Open follow-ups (or all)")
def followups(request: Request, all: bool = False) -> Response:
    return _json(service.followups(context_of(request), everything=all))


class SentIn(Strict):
    text: str | None = Field(None, max_length=100_000, description="What was sent, if edited")
    subject: str | None = Field(None, max_length=500)


@router.post(
    "/followups/{followup_id}/done",
    summary="Mark a follow-up done: the message sent is logged; a withdrawal withdraws",
    responses=_ERRORS,
)
def followup_done(request: Request, followup_id: RecordId, body: SentIn | None = None) -> Response:
    sent = body or SentIn(text=None, subject=None)
    done = service.followup_done(
        context_of(request), followup_id, text=sent.text, subject=sent.subject
    )
    return _json(done)


class MarkSentIn(Strict):
    body: str = Field(max_length=100_000, description="The message as sent")
    scenario: Scenario | None = Field(None, description="What it was drafted for")
    subject: str | None = Field(None, max_length=500)
    then: Literal["reschedule", "withdraw"] | None = None


@router.post(
    "/processes/{ref}/sent",
    summary="A drafted message was sent: record it and move the process on",
    responses=_ERRORS,
)
def mark_sent(request: Request, ref: Ref, body: MarkSentIn) -> Response:
    result = service.mark_sent(
        context_of(request),
        ref,
        body.body,
        scenario=body.scenario.value if body.scenario else None,
        subject=body.subject,
        then=body.then,
    )
    return _json(result)


class ImportIn(Strict):
    format: Literal["json", "csv"] = "json"
    content: str = Field(max_length=20 * 1024 * 1024, description="The file's text")
    merge: bool = Field(False, description="Add beside the processes already stored")
    map: str | None = Field(None, max_length=2000, description="CSV: company=COLUMN,...")


@router.post("/import", summary="Import a JSON export or a CSV", responses=_ERRORS)
def import_data(request: Request, body: ImportIn) -> Response:
    result = service.import_text(
        context_of(request), body.content, fmt=body.format, merge=body.merge, mapping=body.map
    )
    return _json(result)


@router.get("/export", summary="Export every process (JSON, or CSV)", responses=_ERRORS)
def export_data(request: Request, format: Literal["json", "csv"] = "json") -> Response:
    content = service.export(context_of(request), format)
    media = "text/csv; charset=utf-8" if format == "csv" else "application/json"
    return Response(content, media_type=media)
