"""People across processes: everyone the user dealt with, one person's page, and the changes
to who is who (merge, split, keep apart, undo), each answered with a redirect."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bowout import service
from bowout.web.deps import Form, context_of, field, redirect, render

router = APIRouter(include_in_schema=False)

_FLASH = {
    "merged": "Merged. Undo it below if that was a mistake.",
    "split": "Split into two people.",
    "apart": "Kept apart: they will not be proposed as one again.",
    "undone": "Undone.",
}


def _flash(request: Request) -> str | None:
    return next((text for key, text in _FLASH.items() if request.query_params.get(key)), None)


@router.get("/people", response_class=HTMLResponse)
def people_page(request: Request) -> HTMLResponse:
    found = service.list_people(context_of(request))
    names = {p["id"]: p for p in found["people"]}
    context = {
        "active": "/people",
        "people": found["people"],
        "proposals": [
            {**p, "first_person": names.get(p["first"]), "second_person": names.get(p["second"])}
            for p in found["proposals"]
        ],
        "flash": _flash(request),
    }
    return render(request, "people.html", context)


@router.get("/people/{ref}", response_class=HTMLResponse)
def person_page(request: Request, ref: str) -> HTMLResponse:
    found = service.person(context_of(request), ref)
    context = {"active": "/people", "p": found, "flash": _flash(request)}
    return render(request, "person.html", context)


@router.post("/people/merge")
def merge(request: Request, form: Form) -> Response:
    result = service.merge_people(context_of(request), field(form, "keep"), field(form, "other"))
    return redirect(f"/people/{result['person']['id']}?merged=1")


@router.post("/people/apart")
def apart(request: Request, form: Form) -> Response:
    service.keep_apart(context_of(request), field(form, "first"), field(form, "second"))
    return redirect("/people?apart=1")


@router.post("/people/{ref}/split")
def split(request: Request, ref: str, form: Form) -> Response:
    chosen = [str(value) for value in form.getlist("contact")]
    result = service.split_person(context_of(request), ref, chosen)
    return redirect(f"/people/{result['person']['id']}?split=1")


@router.post("/people/changes/{change_id}/undo")
def undo(request: Request, change_id: int, form: Form) -> Response:
    result = service.undo_people_change(context_of(request), change_id)
    back = field(form, "back")
    person = result["change"]["person"]
    return redirect(back if back.startswith("/people") else f"/people/{person}?undone=1")
