"""The REST API's endpoints for the web app's workflows of a week: editing a process's details
and contacts, archiving, answering outside bowout, "I will go", the view by day, what accepting
would do, and drafts kept as they are typed. Same JSON as the pages, from the same service calls.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from bowout import service
from bowout.model import ContactRole
from bowout.web.api import ERRORS, RecordId, Ref, Strict, json_response
from bowout.web.deps import context_of

router = APIRouter(prefix="/api/v1", tags=["bowout"])

DraftKey = Annotated[
    str, Path(pattern=r"^[a-z0-9][a-z0-9:_-]{0,99}$", description="Which draft, e.g. reply-12")
]


class DetailsEdit(Strict):
    """Only the keys given change; an empty value (or null) clears one, the company excepted."""

    company: str | None = Field(None, max_length=200)
    role: str | None = Field(None, max_length=200)
    link: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=10_000)


class ContactIn(Strict):
    name: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=320)
    phone: str | None = Field(None, max_length=50)
    linkedin: str | None = Field(None, max_length=2000)
    part: ContactRole | None = None


class AnsweredIn(Strict):
    channel: Literal["email", "phone", "linkedin", "in_person", "other"] = "email"


class ReplyIn(Strict):
    body: str = Field(max_length=100_000, description="The reply as sent")
    subject: str | None = Field(None, max_length=500)


class KeptDraftIn(Strict):
    body: str = Field(max_length=100_000)
    subject: str | None = Field(None, max_length=500)
    process: str | None = Field(None, max_length=200, description="Process id or company name")


def _given(model: BaseModel) -> dict[str, Any]:
    given: dict[str, Any] = model.model_dump(mode="json", exclude_unset=True)
    return given


@router.put(
    "/processes/{ref}/details",
    summary="Set a process's details; an empty value clears one",
    responses=ERRORS,
)
def edit_details(request: Request, ref: Ref, body: DetailsEdit) -> Response:
    return json_response(service.edit_details(context_of(request), ref, _given(body)))


@router.post(
    "/processes/{ref}/contacts", status_code=201, summary="Add a contact", responses=ERRORS
)
def add_contact(request: Request, ref: Ref, body: ContactIn) -> Response:
    return json_response(service.add_contact(context_of(request), ref, _given(body)), 201)


@router.patch("/contacts/{contact_id}", summary="Change a contact", responses=ERRORS)
def edit_contact(request: Request, contact_id: RecordId, body: ContactIn) -> Response:
    return json_response(service.edit_contact(context_of(request), contact_id, _given(body)))


@router.delete("/contacts/{contact_id}", summary="Remove a contact", responses=ERRORS)
def remove_contact(request: Request, contact_id: RecordId) -> Response:
    return json_response(service.remove_contact(context_of(request), contact_id))


@router.post(
    "/processes/{ref}/archive",
    summary="Archive: out of the lists and the to-do list until restored",
    responses=ERRORS,
)
def archive(request: Request, ref: Ref) -> Response:
    return json_response(service.archive(context_of(request), ref))


@router.post("/processes/{ref}/restore", summary="Restore an archived process", responses=ERRORS)
def restore(request: Request, ref: Ref) -> Response:
    return json_response(service.restore(context_of(request), ref))


@router.delete("/processes/{ref}", summary="Delete an archived process for good", responses=ERRORS)
def delete_process(request: Request, ref: Ref) -> Response:
    return json_response(service.delete_process(context_of(request), ref))


@router.post(
    "/processes/{ref}/answered",
    summary="Their message was answered outside bowout: nothing is owed",
    responses=ERRORS,
)
def mark_answered(request: Request, ref: Ref, body: AnsweredIn | None = None) -> Response:
    channel = body.channel if body else "email"
    return json_response(service.mark_answered(context_of(request), ref, channel=channel))


@router.get("/processes/{ref}/reply", summary="What a plain reply starts from", responses=ERRORS)
def reply_draft(request: Request, ref: Ref) -> Response:
    return json_response(service.reply_draft(context_of(request), ref))


@router.post("/processes/{ref}/reply", summary="A plain reply was sent", responses=ERRORS)
def send_reply(request: Request, ref: Ref, body: ReplyIn) -> Response:
    sent = service.send_reply(context_of(request), ref, body.body, subject=body.subject)
    return json_response(sent)


@router.get(
    "/processes/{ref}/accept",
    summary="What accepting this offer would do (nothing is recorded)",
    responses=ERRORS,
)
def accept_plan(request: Request, ref: Ref) -> Response:
    return json_response(service.accept_plan(context_of(request), ref))


@router.post(
    "/interviews/{interview_id}/going",
    summary="I will go: confirm the interview, drop any plan to decline or move it",
    responses=ERRORS,
)
def going(request: Request, interview_id: RecordId) -> Response:
    return json_response(service.going(context_of(request), interview_id))


@router.get("/upcoming", summary="Interviews and deadlines by day", responses=ERRORS)
def upcoming(
    request: Request, days: Annotated[int, Query(ge=1, le=366)] = service.HORIZON_DAYS
) -> Response:
    return json_response(service.upcoming(context_of(request), days=days))


@router.get("/reasons", summary="The reasons to say no, and what each needs")
async def reasons() -> Response:
    return json_response(service.reasons())


@router.get("/drafts/{key}", summary="A draft kept as it was being written", responses=ERRORS)
def get_draft(request: Request, key: DraftKey) -> Response:
    kept = service.get_draft(context_of(request), key)
    if kept is None:
        body = {"error": "NotFound", "message": f"no draft is kept as {key}", "field": "key"}
        return json_response(body, 404)
    return json_response(kept)


@router.put("/drafts/{key}", summary="Keep a draft as it is now", responses=ERRORS)
def save_draft(request: Request, key: DraftKey, body: KeptDraftIn) -> Response:
    saved = service.save_draft(
        context_of(request), key, body.body, subject=body.subject, process=body.process
    )
    return json_response(saved)


@router.delete("/drafts/{key}", summary="Forget a kept draft", responses=ERRORS)
def discard_draft(request: Request, key: DraftKey) -> Response:
    return json_response(service.discard_draft(context_of(request), key))
