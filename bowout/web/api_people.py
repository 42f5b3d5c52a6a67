"""The REST API for people across processes and the ledger, under /api/v1: the same JSON as
the CLI's --json for `people`, `person`, `ledger` and `repair`, from the same service calls."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import Field

from bowout import service
from bowout.web.api import ERRORS, RecordId, Ref, Strict, json_response
from bowout.web.deps import context_of

router = APIRouter(prefix="/api/v1", tags=["people"])

PersonRef = Annotated[
    str, Path(min_length=1, max_length=320, description="An id, a name or an e-mail address")
]
ChangeId = RecordId


class MergeIn(Strict):
    keep: str = Field(max_length=320, description="The person who stays (id, name or address)")
    other: str = Field(max_length=320, description="The person whose contacts join them")


class SplitIn(Strict):
    contacts: list[int] = Field(min_length=1, max_length=100, description="Contact ids")


class ApartIn(Strict):
    first: str = Field(max_length=320)
    second: str = Field(max_length=320)


class LateReplyIn(Strict):
    text: str | None = Field(None, max_length=100_000, description="What you send, if edited")
    subject: str | None = Field(None, max_length=500)
    variant: int | None = Field(None, ge=1, le=100)
    confirm: bool = Field(False, description="Record it as sent and decline the process")


@router.get("/people", summary="Everyone, and who may be one person")
def people(request: Request) -> Response:
    return json_response(service.list_people(context_of(request)))


@router.get("/people/{ref}", summary="One person: every process and message", responses=ERRORS)
def person(request: Request, ref: PersonRef) -> Response:
    return json_response(service.person(context_of(request), ref))


@router.post("/people/merge", summary="Two people are one (undoable)", responses=ERRORS)
def merge(request: Request, body: MergeIn) -> Response:
    return json_response(service.merge_people(context_of(request), body.keep, body.other))


@router.post("/people/apart", summary="Two people are different (undoable)", responses=ERRORS)
def apart(request: Request, body: ApartIn) -> Response:
    return json_response(service.keep_apart(context_of(request), body.first, body.second))


@router.post(
    "/people/{ref}/split", summary="Some contacts are someone else (undoable)", responses=ERRORS
)
def split(request: Request, ref: PersonRef, body: SplitIn) -> Response:
    return json_response(service.split_person(context_of(request), ref, body.contacts))


@router.post(
    "/people/changes/{change_id}/undo",
    summary="Take back a change to who is who",
    responses=ERRORS,
)
def undo(request: Request, change_id: ChangeId) -> Response:
    return json_response(service.undo_people_change(context_of(request), change_id))


@router.get("/ledger", summary="How every process ended, and what they likely remember")
def ledger(request: Request) -> Response:
    return json_response(service.ledger(context_of(request)))


@router.post(
    "/processes/{ref}/late-reply",
    summary="A late answer to a message left unanswered (recorded with confirm)",
    responses=ERRORS,
)
def late_reply(request: Request, ref: Ref, body: LateReplyIn | None = None) -> Response:
    given = body or LateReplyIn(text=None, subject=None, variant=None, confirm=False)
    result = service.late_reply(
        context_of(request),
        ref,
        variant=given.variant,
        text=given.text,
        subject=given.subject,
        confirm=given.confirm,
    )
    return json_response(result)


class ProcessDraftIn(Strict):
    scenario: str = Field(max_length=40, examples=["comp-check"])
    details: dict[str, Any] = Field(default_factory=dict)
    variant: int | None = Field(None, ge=1, le=100)


@router.post(
    "/processes/{ref}/draft",
    summary="Draft for one of your processes: names and the recipient's history from the store",
    responses=ERRORS,
)
def process_draft(request: Request, ref: Ref, body: ProcessDraftIn) -> Response:
    result = service.process_draft(
        context_of(request), ref, body.scenario, body.details, variant=body.variant
    )
    return json_response(result)
