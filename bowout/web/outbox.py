"""A drafted message as an .eml file the user's mail program opens ready to send. Nothing is
sent from here: the user sends it."""

from __future__ import annotations

import email.policy
from email.message import EmailMessage

from fastapi.responses import Response

from bowout.errors import InvalidInput


def _header(value: str, field: str) -> str:
    """A header value on one line: a line break in it could add headers of its own."""
    if "\r" in value or "\n" in value:
        raise InvalidInput("this must be on one line", field=field)
    return value


def eml(
    subject: str,
    body: str,
    *,
    to: str = "",
    name: str = "message",
    cancellation: bytes | None = None,
) -> Response:
    """A mail draft the user's mail program opens ready to send (nothing is sent from here);
    ``cancellation``, a METHOD:CANCEL .ics, is attached so their calendar drops the event."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["Subject"] = _header(subject, "subject") or "(no subject)"
    if to:
        message["To"] = _header(to, "email")
    message["X-Unsent"] = "1"
    message.set_content(body)
    if cancellation is not None:
        message.add_attachment(
            cancellation,
            maintype="text",
            subtype="calendar",
            filename="cancel.ics",
            params={"method": "CANCEL"},
        )
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in name)
    slug = "-".join(part for part in slug.lower().split("-") if part)[:40] or "message"
    return Response(
        bytes(message),
        media_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="{slug}.eml"'},
    )
