"""Settings (kept in the config file, shared with the CLI), export and import.

Settings are written to the same TOML file `bowout config` and every command read
(``config.config_path()``), not to the store: one place for the user's name, signature, time
zone and availability, whichever front end changes them. Other keys in the file are kept.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import tomli_w
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from bowout import service
from bowout.config import Settings, zone_named
from bowout.errors import InvalidInput, UnreadableInput
from bowout.pipeline import processes as tracker
from bowout.web.app import now, reading, render, settings_of, writing
from bowout.web.pages.common import Form, field

router = APIRouter(include_in_schema=False)

EDITABLE = (
    "me", "signature", "timezone", "availability", "reconnect_months", "linkedin_limit", "ignore",
)  # fmt: skip


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request) -> HTMLResponse:
    done = request.query_params.get("done", "")
    count = request.query_params.get("count", "")
    count = count if count.isdigit() else "the"
    plural = "" if count == "1" else "es"
    flash = {"saved": "Saved.", "imported": f"Imported {count} process{plural}."}.get(done)
    return _page(request, flash=flash)


def _page(
    request: Request, *, flash: str | None = None, error: str | None = None, status: int = 200
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
    }
    return render(request, "settings.html", context, status=status)


@router.post("/settings")
def save_settings(request: Request, form: Form) -> Response:
    values: dict[str, Any] = {
        "me": field(form, "me"),
        "signature": str(form.get("signature") or "").strip().replace("\r\n", "\n"),
        "timezone": field(form, "timezone") or "UTC",
        "availability": [w.strip() for w in field(form, "availability").split(";") if w.strip()],
        "reconnect_months": field(form, "reconnect_months") or "4",
        "linkedin_limit": field(form, "linkedin_limit") or "300",
        "ignore": [str(rule) for rule in form.getlist("ignore")],
    }
    known = {rule["id"] for rule in service.rules()}
    unknown = sorted(set(values["ignore"]) - known)
    if unknown:
        raise InvalidInput(f"ignore: unknown rule(s) {', '.join(unknown)}", field="ignore")
    current = settings_of(request)
    cleared = replace(current, me=None, signature=None, availability=(), ignore=())
    values["signature"] = values["signature"].replace("\n", "\\n")
    updated = cleared.with_overrides(**{k: v for k, v in values.items() if v not in ("", [])})
    zone_named(updated.timezone)  # an unknown zone is refused before anything is written
    write_config(request.app.state.config_file, updated)
    request.app.state.settings = updated
    return RedirectResponse("/settings?done=saved", status_code=303)


def write_config(path: Path, settings: Settings) -> None:
    """Update the editable keys of the TOML config file, keeping every other key."""
    existing: dict[str, Any] = {}
    if path.exists():
        try:
            existing = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"config file {path}: {exc}; fix or remove it") from None
    for key in EDITABLE:
        value = getattr(settings, key)
        if value in (None, ()):
            existing.pop(key, None)
        else:
            existing[key] = list(value) if isinstance(value, tuple) else value
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "# bowout settings (also edited by the web app)\n"
    path.write_text(header + tomli_w.dumps(existing), encoding="utf-8")


# --- export and import -----------------------------------------------------------------------


@router.get("/settings/export")
def export(request: Request, format: str = "json") -> Response:
    from bowout.pipeline import transfer

    stamp = now().strftime("%Y-%m-%d")
    with reading(request) as session:
        if format == "csv":
            content = transfer.export_csv(session)
            media, suffix = "text/csv; charset=utf-8", "csv"
        else:
            content = json.dumps(transfer.export_json(session), ensure_ascii=False, indent=2)
            media, suffix = "application/json", "json"
    disposition = f'attachment; filename="bowout-{stamp}.{suffix}"'
    return Response(content, media_type=media, headers={"Content-Disposition": disposition})


@router.post("/settings/import")
def import_file(request: Request, form: Form) -> Response:
    """A JSON export (into an empty store with its ids, beside existing records otherwise), or a
    spreadsheet as CSV, one process a row, with an optional column mapping."""
    from bowout.pipeline import transfer

    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidInput("file: choose a bowout JSON export or a CSV spreadsheet", field="file")
    raw = upload.file.read()
    if upload.filename.lower().endswith(".csv"):
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UnreadableInput(f"{upload.filename}: save the CSV as UTF-8") from None
        mapping = transfer.parse_mapping(field(form, "map"))
        with writing(request) as session:
            result = transfer.import_csv(
                session, content, mapping=mapping, now=now(), zone=settings_of(request).zone
            )
    else:
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise UnreadableInput(
                f"{upload.filename} is not a bowout JSON export ({exc})"
            ) from None
        with writing(request) as session:
            merge = bool(tracker.list_processes(session, everything=True))
            result = transfer.import_json(session, data, merge=merge)
    return RedirectResponse(f"/settings?done=imported&count={result['imported']}", status_code=303)
