"""What the pages share: form fields, highlighted findings, and mail drafts as .eml files."""

from __future__ import annotations

import email.policy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from bowout import service
from bowout.config import zone_named
from bowout.errors import InvalidInput, NotFound
from bowout.model import Intent


async def _form(request: Request) -> FormData:
    return await request.form()


# A form parsed on the event loop, so the handler itself can be a plain function: FastAPI then
# runs it in the thread pool, and a store waiting on a lock never stalls the other requests.
Form = Annotated[FormData, Depends(_form)]

SEVERITY_ORDER = ("error", "warning", "suggestion")


def intent_for(scenario: str) -> str:
    """The intent of a scenario's message; a form without a known scenario is a decline."""
    try:
        return service.scenario_intent(scenario)
    except NotFound:
        return Intent.DECLINE.value


# --- highlighting ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    text: str
    severity: str | None
    findings: tuple[int, ...]
    title: str = ""
    gap: bool = False


def segments(text: str, findings: Sequence[Mapping[str, Any]]) -> list[Segment]:
    """The text cut at every finding boundary; each piece knows the findings covering it."""
    size = len(text)
    spans = [(min(f["start"], size), min(max(f["start"], f["end"]), size)) for f in findings]
    cuts = sorted({0, size, *(s for s, _ in spans), *(e for _, e in spans)})
    out: list[Segment] = []
    for i, point in enumerate(cuts):
        for index, (start, end) in enumerate(spans):
            if start == end == point:
                out.append(_segment("", (index,), findings, gap=True))
        if i + 1 < len(cuts):
            nxt = cuts[i + 1]
            covering = tuple(k for k, (s, e) in enumerate(spans) if s < e and s <= point < e)
            out.append(_segment(text[point:nxt], covering, findings))
    return out


def _segment(
    text: str, covering: tuple[int, ...], findings: Sequence[Mapping[str, Any]], gap: bool = False
) -> Segment:
    if not covering:
        return Segment(text, None, ())
    levels = {findings[k]["severity"] for k in covering}
    severity = next(level for level in SEVERITY_ORDER if level in levels)
    title = "; ".join(str(findings[k]["rule"]) for k in covering)
    return Segment(text, severity, covering, title, gap)


def checked(text: str, **context: Any) -> tuple[dict[str, Any], list[Segment]]:
    report = service.check(text, **context)
    return report, segments(text, report["findings"])


# --- form values -----------------------------------------------------------------------------


def field(values: Mapping[str, Any], name: str) -> str:
    value = values.get(name)
    return value.strip() if isinstance(value, str) else ""


def local_instant(values: Mapping[str, Any], name: str, zone_name: str) -> str | None:
    """A datetime-local field read in the given zone, as ISO 8601 with its offset."""
    from bowout.pipeline.processes import parse_when

    raw = field(values, name)
    if not raw:
        return None
    return parse_when(raw, name, zone_named(zone_name or "UTC", "zone")).isoformat()


def eml(subject: str, body: str, *, to: str = "", name: str = "message") -> Response:
    """A mail draft the user's mail program opens ready to send (nothing is sent from here)."""
    message = EmailMessage(policy=email.policy.SMTP)
    _header(message, "Subject", subject or "(no subject)", "subject")
    if to:
        _header(message, "To", to, "email")
    message["X-Unsent"] = "1"
    message.set_content(body)
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in name)
    slug = "-".join(part for part in slug.lower().split("-") if part)[:40] or "message"
    return Response(
        bytes(message),
        media_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="{slug}.eml"'},
    )


def _header(message: EmailMessage, name: str, value: str, field_name: str) -> None:
    """A header from a form field; refused, never folded into more headers, if it breaks a line."""
    if value.splitlines() != [value]:  # CR, LF and every other line break Python knows
        raise InvalidInput(
            f"{field_name}: a mail header is one line; remove the line break", field=field_name
        )
    try:
        message[name] = value
    except (ValueError, IndexError):  # the address parser's answer to some malformed addresses
        raise InvalidInput(
            f"{field_name}: a mail program could not read this as a header; check what it says",
            field=field_name,
        ) from None
