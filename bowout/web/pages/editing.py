"""Changes made from a process's page: its details and notes, its contacts (name, e-mail,
LinkedIn, part), its interviews (I will go, move, cancel), and archiving, restoring or deleting
it. A refused change shows the process page again, the form kept, the error at its input."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bowout import service
from bowout.errors import BowoutError, InvalidInput
from bowout.web.deps import Form, context_of, field, local_instant, redirect
from bowout.web.pages.processes import refuse

router = APIRouter(include_in_schema=False)

DETAILS = ("company", "role", "link", "source")
CONTACT = ("name", "email", "linkedin", "phone", "part")


@router.post("/processes/{ref}/details")
def edit_details(request: Request, ref: str, form: Form) -> Response:
    changes = {name: field(form, name) for name in DETAILS}
    try:
        changed = service.edit_details(context_of(request), ref, changes)
    except BowoutError as exc:
        return refuse(request, ref, "details", form, exc, {n: f"d-{n}" for n in DETAILS})
    return redirect(f"/processes/{changed['id']}?saved=1")


@router.post("/processes/{ref}/notes")
def edit_notes(request: Request, ref: str, form: Form) -> Response:
    notes = str(form.get("notes") or "")
    try:
        changed = service.edit_details(context_of(request), ref, {"notes": notes})
    except BowoutError as exc:
        return refuse(request, ref, "notes", form, exc, {"notes": "notes"})
    return redirect(f"/processes/{changed['id']}?saved=1#notes-title")


@router.post("/processes/{ref}/contacts")
def add_contact(request: Request, ref: str, form: Form) -> Response:
    values = {name: field(form, name) or None for name in CONTACT}
    try:
        added = service.add_contact(context_of(request), ref, values)
    except BowoutError as exc:
        inputs = {n: f"cn-{n}" for n in CONTACT} | {"contact": "cn-name"}
        return refuse(request, ref, "contact-new", form, exc, inputs)
    return redirect(f"/processes/{added['process']}?saved=1#contacts-title")


@router.post("/processes/{ref}/contacts/{contact_id}")
def edit_contact(request: Request, ref: str, contact_id: int, form: Form) -> Response:
    values = {name: field(form, name) for name in CONTACT}
    try:
        changed = service.edit_contact(context_of(request), contact_id, values)
    except BowoutError as exc:
        inputs = {n: f"c{contact_id}-{n}" for n in CONTACT}
        return refuse(request, ref, f"contact-{contact_id}", form, exc, inputs)
    return redirect(f"/processes/{changed['process']}?saved=1#contacts-title")


@router.post("/processes/{ref}/contacts/{contact_id}/remove")
def remove_contact(request: Request, ref: str, contact_id: int) -> Response:
    gone = service.remove_contact(context_of(request), contact_id)
    return redirect(f"/processes/{gone['process']}?removed=1#contacts-title")


@router.post("/processes/{ref}/interviews/{interview_id}")
def change_interview(request: Request, ref: str, interview_id: int, form: Form) -> Response:
    """I will go, cancel it, or move it to a new time (the old slot kept as rescheduled)."""
    action = field(form, "do")
    ctx = context_of(request)
    try:
        if action == "going":
            done = service.going(ctx, interview_id)
        elif action == "cancel":
            done = service.update_interview(ctx, interview_id, status="cancelled")
        elif action == "move":
            at = local_instant(request, form, "at")
            if not at:
                raise InvalidInput("give the new date and time", field="at")
            done = service.update_interview(ctx, interview_id, at=at)
        else:
            raise InvalidInput("choose what to do with the interview", field="do")
    except BowoutError as exc:
        inputs = {"at": f"mv{interview_id}-at", "zone": f"mv{interview_id}-at"}
        return refuse(request, ref, f"interview-{interview_id}", form, exc, inputs)
    flash = "going" if action == "going" else "saved"
    return redirect(f"/processes/{done['process']}?{flash}=1#interviews")


@router.post("/processes/{ref}/archive")
def archive(request: Request, ref: str) -> Response:
    done = service.archive(context_of(request), ref)
    return redirect(f"/processes?archived={done['id']}")


@router.post("/processes/{ref}/restore")
def restore(request: Request, ref: str) -> Response:
    done = service.restore(context_of(request), ref)
    return redirect(f"/processes/{done['id']}?restored=1")


@router.post("/processes/{ref}/delete")
def delete(request: Request, ref: str, form: Form) -> Response:
    try:
        if field(form, "confirm") != "yes":
            raise InvalidInput("tick the box to confirm it is deleted for good", field="confirm")
        service.delete_process(context_of(request), ref)
    except BowoutError as exc:
        return refuse(request, ref, "delete", form, exc, {"confirm": "delete-confirm"})
    return redirect("/processes?stage=archived&deleted=1")
