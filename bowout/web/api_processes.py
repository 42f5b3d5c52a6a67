"""The REST API's store endpoints under /api/v1: processes, interviews, messages, what is due,
follow-ups, import and export; the same JSON as the CLI's --json, from the same service calls.

These block on the store, so they are plain functions FastAPI runs in its thread pool.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import Field

from bowout import service
from bowout.model import ContactRole, Direction, Intent, InterviewStatus, Scenario, Stage
from bowout.web.api import ERRORS, RecordId, Ref, Strict, json_response
from bowout.web.deps import context_of

router = APIRouter(prefix="/api/v1", tags=["bowout"])


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
    responses=ERRORS,
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
    return json_response(rows)


@router.post("/processes", status_code=201, summary="Add a process", responses=ERRORS)
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
    return json_response(created, 201)


@router.get("/processes/{ref}", summary="One process with its timeline", responses=ERRORS)
def show_process(request: Request, ref: Ref) -> Response:
    return json_response(service.show_process(context_of(request), ref))


@router.patch("/processes/{ref}", summary="Change a process's details", responses=ERRORS)
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
    return json_response(changed)


@router.post("/processes/{ref}/stage", summary="Move a process to a stage", responses=ERRORS)
def set_stage(request: Request, ref: Ref, body: StageIn) -> Response:
    changed = service.set_stage(
        context_of(request),
        ref,
        body.stage.value if body.stage else None,
        intent=body.intent,
        note=body.note,
    )
    return json_response(changed)


@router.post(
    "/processes/{ref}/accept",
    summary="Accept this offer; draft a withdrawal for every other open process",
    responses=ERRORS,
)
def accept(request: Request, ref: Ref, body: AcceptIn) -> Response:
    result = service.accept(context_of(request), ref, verbal=body.verbal)
    return json_response(result)


@router.get("/interviews", summary="A process's interviews", responses=ERRORS)
def list_interviews(request: Request, process: str) -> Response:
    return json_response(service.list_interviews(context_of(request), process))


@router.post("/interviews", status_code=201, summary="Add an interview", responses=ERRORS)
def add_interview(request: Request, body: InterviewIn) -> Response:
    added = service.add_interview(
        context_of(request),
        body.process,
        body.at,
        zone=body.zone,
        minutes=body.minutes,
        place=body.place,
    )
    return json_response(added, 201)


@router.patch("/interviews/{interview_id}", summary="Confirm, cancel or move", responses=ERRORS)
def update_interview(request: Request, interview_id: RecordId, body: InterviewEdit) -> Response:
    changed = service.update_interview(
        context_of(request),
        interview_id,
        status=body.status.value if body.status else None,
        at=body.at,
    )
    return json_response(changed)


@router.post(
    "/messages", status_code=201, summary="Log a message (a sent one is checked)", responses=ERRORS
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
    return json_response(logged, 201)


@router.get("/status", summary="What is due, most urgent first")
def status(request: Request) -> Response:
    return json_response(service.status(context_of(request)))


@router.get("/followups", summary="Open follow-ups (or all)")
def followups(request: Request, all: bool = False) -> Response:
    return json_response(service.followups(context_of(request), everything=all))


class SentIn(Strict):
    text: str | None = Field(None, max_length=100_000, description="What was sent, if edited")
    subject: str | None = Field(None, max_length=500)


@router.post(
    "/followups/{followup_id}/done",
    summary="Mark a follow-up done: the message sent is logged; a withdrawal withdraws",
    responses=ERRORS,
)
def followup_done(request: Request, followup_id: RecordId, body: SentIn | None = None) -> Response:
    sent = body or SentIn(text=None, subject=None)
    done = service.followup_done(
        context_of(request), followup_id, text=sent.text, subject=sent.subject
    )
    return json_response(done)


class MarkSentIn(Strict):
    body: str = Field(max_length=100_000, description="The message as sent")
    scenario: Scenario | None = Field(None, description="What it was drafted for")
    subject: str | None = Field(None, max_length=500)
    then: Literal["reschedule", "withdraw"] | None = None


@router.post(
    "/processes/{ref}/sent",
    summary="A drafted message was sent: record it and move the process on",
    responses=ERRORS,
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
    return json_response(result)


class ImportIn(Strict):
    format: Literal["json", "csv"] = "json"
    content: str = Field(max_length=20 * 1024 * 1024, description="The file's text")
    merge: bool = Field(False, description="Add beside the processes already stored")
    map: str | None = Field(None, max_length=2000, description="CSV: company=COLUMN,...")


@router.post("/import", summary="Import a JSON export or a CSV", responses=ERRORS)
def import_data(request: Request, body: ImportIn) -> Response:
    result = service.import_text(
        context_of(request), body.content, fmt=body.format, merge=body.merge, mapping=body.map
    )
    return json_response(result)


@router.get("/export", summary="Export every process (JSON, or CSV)", responses=ERRORS)
def export_data(request: Request, format: Literal["json", "csv"] = "json") -> Response:
    content = service.export(context_of(request), format)
    media = "text/csv; charset=utf-8" if format == "csv" else "application/json"
    return Response(content, media_type=media)
