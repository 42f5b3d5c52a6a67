"""Mail & calendar: connect the IMAP account, sync now, import a file, confirm the threads
proposed as processes, and the calendar feed to subscribe to (also served at /calendar.ics)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from bowout import service
from bowout.errors import InvalidInput
from bowout.web.deps import Form, context_of, field, redirect, render, settings_of
from bowout.web.security import FEED_PATH, feed_key

router = APIRouter(include_in_schema=False)
CALENDAR = "text/calendar; charset=utf-8"
_FLASH = {
    "connected": "Connected: the account logs in.",
    "synced": "Synced.",
    "imported": "Imported.",
    "calendar": "Calendar file imported.",
    "confirmed": "Process created from the thread.",
    "dismissed": "Proposal dismissed.",
}


def _feed_url(request: Request) -> str:
    token = settings_of(request).token
    base = str(request.base_url).rstrip("/") + FEED_PATH
    return f"{base}?key={feed_key(token)}" if token else base


@router.get("/mail", response_class=HTMLResponse)
def mail_page(request: Request) -> HTMLResponse:
    ctx = context_of(request)
    overview = service.mail_overview(ctx)
    context = {
        "active": "/mail",
        "o": overview,
        "feed_url": _feed_url(request),
        "flash": _FLASH.get(request.query_params.get("done", "")),
        "report": None,
    }
    return render(request, "mail.html", context)


def _after(request: Request, report: dict[str, object], done: str) -> HTMLResponse:
    """The page again, with what the import or sync just did."""
    context = {
        "active": "/mail",
        "o": service.mail_overview(context_of(request)),
        "feed_url": _feed_url(request),
        "flash": _FLASH[done],
        "report": report,
    }
    return render(request, "mail.html", context)


@router.post("/mail/connect")
def connect(request: Request, form: Form) -> Response:
    port = field(form, "port") or "993"
    if not port.isdigit():
        raise InvalidInput("the port is a number (993 for IMAP over TLS)", field="imap_port")
    service.connect_mail(
        context_of(request),
        host=field(form, "host"),
        user=field(form, "user"),
        password=str(form.get("password") or "") or None,
        port=int(port),
        sent=field(form, "sent") or None,
        config_file=request.app.state.config_file,
    )
    return redirect("/mail?done=connected")


@router.post("/mail/sync", response_class=HTMLResponse)
def sync(request: Request, form: Form) -> HTMLResponse:
    report = service.sync_mail(context_of(request), config_file=request.app.state.config_file)
    return _after(request, report, "synced")


def _upload(form: Form, what: str) -> tuple[bytes, str]:
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidInput(f"choose {what}", field="file")
    return upload.file.read(), upload.filename


@router.post("/mail/import", response_class=HTMLResponse)
def import_mail(request: Request, form: Form) -> HTMLResponse:
    data, name = _upload(form, "an mbox file (a Google Takeout export) or an .eml message")
    report = service.import_mail_bytes(context_of(request), data, filename=name)
    return _after(request, report, "imported")


@router.post("/mail/calendar", response_class=HTMLResponse)
def import_calendar(request: Request, form: Form) -> HTMLResponse:
    data, name = _upload(form, "an .ics calendar file")
    report = service.import_calendar_bytes(context_of(request), data, name=name)
    return _after(request, {"calendar": report}, "calendar")


@router.post("/mail/proposals/{thread}/confirm")
def confirm(request: Request, thread: int, form: Form) -> Response:
    made = service.confirm_proposal(
        context_of(request),
        thread,
        company=field(form, "company") or None,
        role=field(form, "role") or None,
    )
    return redirect(f"/processes/{made['process']['id']}")


@router.post("/mail/proposals/{thread}/dismiss")
def dismiss(request: Request, thread: int, form: Form) -> Response:
    service.dismiss_proposal(context_of(request), thread)
    return redirect("/mail?done=dismissed")


@router.get(FEED_PATH)
def calendar_feed(request: Request) -> Response:
    """The feed a calendar app subscribes to; off loopback it needs the key in its address."""
    data = service.calendar_feed(context_of(request))
    return Response(data, media_type=CALENDAR, headers={"Content-Disposition": "inline"})


@router.get("/interviews/{interview}/cancellation.ics")
def cancellation(request: Request, interview: int) -> Response:
    data = service.cancellation(context_of(request), interview)
    disposition = f'attachment; filename="cancel-interview-{interview}.ics"'
    return Response(data, media_type=CALENDAR, headers={"Content-Disposition": disposition})
