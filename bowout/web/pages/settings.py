"""Settings (kept in the config file, shared with the CLI), export and import, and signing in.

Settings are saved through the service into the same TOML file the command line reads, not to
the store: one place for the user's name, signature, time zone and availability, whichever
front end changes them. Other keys in the file are kept as they are on disk.
"""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from bowout import config, service
from bowout.errors import BowoutError, InvalidInput, UnreadableInput
from bowout.web.deps import Form, context_of, field, render, settings_of
from bowout.web.forms import Forms, FormState, refused
from bowout.web.pages.setup import picked, picker, picker_inputs, signature_of, zones
from bowout.web.security import AUTH_COOKIE

router = APIRouter(include_in_schema=False)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request) -> HTMLResponse:
    done = request.query_params.get("done", "")
    count = request.query_params.get("count", "")
    count = count if count.isdigit() else "the"
    plural = "" if count == "1" else "es"
    flash = {"saved": "Saved.", "imported": f"Imported {count} process{plural}."}.get(done)
    return _page(request, flash=flash)


def _page(
    request: Request,
    *,
    flash: str | None = None,
    error: str | None = None,
    status: int = 200,
    failed: FormState | None = None,
) -> HTMLResponse:
    settings = settings_of(request)
    context = {
        "active": "/settings",
        "flash": error or flash,
        "flash_kind": "error" if error else "ok",
        "s": settings,
        "signature": (settings.signature or "").replace("\\n", "\n"),
        "config_file": str(request.app.state.config_file),
        "rules": service.rules(),
        # each setting's label, declared once with the setting (config.Settings)
        "label": {row["name"]: row["label"] for row in config.describe()},
        "picker": picker(settings),
        "zones": zones(),
        "forms": Forms(failed),
        "pairing": request.app.state.pairing.status(),
    }
    return render(request, "settings.html", context, status=status)


SETTINGS_INPUTS = {
    "me": "me",
    "signature": "signature",
    "timezone": "timezone",
    "reconnect_months": "reconnect_months",
    "linkedin_limit": "linkedin_limit",
    "ignore": "ignore",
}


@router.post("/settings")
def save_settings(request: Request, form: Form) -> Response:
    try:
        changes: dict[str, Any] = {
            "me": field(form, "me") or None,
            "signature": signature_of(form),
            "timezone": field(form, "timezone") or None,
            "availability": list(picked(form)),
            "reconnect_months": field(form, "reconnect_months") or "4",
            "linkedin_limit": field(form, "linkedin_limit") or "300",
            "ignore": [str(rule) for rule in form.getlist("ignore")],
        }
        service.save_settings(changes, request.app.state.config_file)
    except BowoutError as exc:
        inputs = {**SETTINGS_INPUTS, **picker_inputs()}
        failed = refused("settings", form, exc, inputs)
        return _page(request, failed=failed, status=exc.http_status)
    return RedirectResponse("/settings?done=saved", status_code=303)


# --- signing in (only when a token is configured) --------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return render(request, "login.html", {"active": ""})


@router.post("/login")
def login(request: Request, form: Form) -> Response:
    token = settings_of(request).token
    given = field(form, "token")
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        return render(request, "login.html", {"error": "That token is not right."}, status=401)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        AUTH_COOKIE,
        request.app.state.signer.sign(token),
        httponly=True,
        samesite="lax",  # a link from elsewhere opens the app signed in; changes still need CSRF
    )
    return response


# --- export and import -----------------------------------------------------------------------


@router.get("/settings/export")
def export(request: Request, format: str = "json") -> Response:
    ctx = context_of(request)
    fmt = "csv" if format == "csv" else "json"
    content = service.export(ctx, fmt)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    stamp = ctx.now.strftime("%Y-%m-%d")
    disposition = f'attachment; filename="bowout-{stamp}.{fmt}"'
    return Response(content, media_type=media, headers={"Content-Disposition": disposition})


@router.post("/settings/import")
def import_file(request: Request, form: Form) -> Response:
    """A JSON export or a spreadsheet as CSV (with an optional column mapping); into a store
    that already has processes only when the user ticked "merge"."""
    try:
        result = _import(request, form)
    except BowoutError as exc:
        inputs = {"file": "import-file", "map": "import-map", "merge": "import-merge"}
        if exc.field not in inputs:
            exc = type(exc)(exc.message, "file")  # a problem in the file's content
        return _page(request, failed=refused("import", form, exc, inputs), status=exc.http_status)
    return RedirectResponse(f"/settings?done=imported&count={result['imported']}", status_code=303)


def _import(request: Request, form: Any) -> dict[str, Any]:
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidInput("choose a bowout JSON export or a CSV spreadsheet", field="file")
    raw = upload.file.read()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableInput(f"{upload.filename}: save it as UTF-8", field="file") from None
    return service.import_text(
        context_of(request),
        content,
        fmt="csv" if upload.filename.lower().endswith(".csv") else "json",
        merge=field(form, "merge") == "yes",
        mapping=field(form, "map") or None,
        name=upload.filename,
    )
