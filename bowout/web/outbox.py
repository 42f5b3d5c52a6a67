"""A drafted message as an .eml file the user's mail program opens ready to send. Nothing is
sent from here: the user sends it."""

from __future__ import annotations

import email.policy
from email.message import EmailMessage

from fastapi.responses import Response

from bowout.errors import InvalidInput


def _header(message: EmailMessage, name: str, value: str, field: str) -> None:
    """A header from a form field, on one line: a line break in it could add headers of its own.
    Every line break Python knows counts (CR, LF, NEL, U+2028...), as the mail library's do."""
    if value.splitlines() != [value]:
        raise InvalidInput("a mail header is one line; remove the line break", field=field)
    try:
        message[name] = value
    except (ValueError, IndexError):  # the address parser's answer to some malformed addresses
        raise InvalidInput(
            "a mail program could not read this as a header; check what it says", field=field
        ) from None


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
    _header(message, "Subject", subject or "(no subject)", "subject")
    if to:
        _header(message, "To", to, "email")
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
