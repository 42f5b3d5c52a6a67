"""One mail message as the inbox needs it: who, when, which thread, its text, its invitations.

Parsed with the standard library's ``email`` package under the ``compat32`` policy (the fastest,
and the most forgiving of broken headers). A message that cannot be read raises
``UnreadableInput`` saying why; the callers skip it, report it, and go on.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from bowout.errors import UnreadableInput
from bowout.pipeline.inbox import signals
from bowout.pipeline.messagefile import html_to_text

MAX_TEXT = 100_000  # characters of body kept for reading; the rest is quoted history
SNIPPET = 280
_MESSAGE_ID = re.compile(r"<([^<>\s]{1,480})>")
_CALENDAR_TYPES = frozenset({"text/calendar", "application/ics", "text/x-vcalendar"})
_HEADERS_READ = (
    "list-unsubscribe", "list-id", "precedence", "auto-submitted", "x-autoreply",
    "x-autorespond", "return-path",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Letter:
    key: str  # the normalised Message-ID (or a digest of the message when it has none)
    parents: tuple[str, ...]  # References then In-Reply-To, oldest first
    sender: str  # lower-cased address ("" when there is none)
    sender_name: str | None
    recipients: tuple[str, ...]  # To and Cc, lower-cased
    subject: str
    at: datetime  # aware, UTC
    text: str  # readable text: the plain part, else the HTML part as text
    automated: bool
    folder: str | None = None
    labels: tuple[str, ...] = ()
    answered: bool = False
    uid: int | None = None
    calendars: tuple[bytes, ...] = ()  # text/calendar parts and .ics attachments
    delivered_to: tuple[str, ...] = ()
    sent: bool = False  # read from the folder of sent mail

    @property
    def snippet(self) -> str:
        return " ".join(signals.own_words(self.text).split())[:SNIPPET]


def parse(
    message: Message,
    *,
    fallback_at: datetime | None = None,
    folder: str | None = None,
    answered: bool = False,
    uid: int | None = None,
    sent: bool = False,
    name: str = "message",
) -> Letter:
    """A parsed message (from ``email.message_from_bytes``, or a ``mailbox`` message)."""
    try:
        return _parse(message, fallback_at, folder, answered, uid, sent)
    except UnreadableInput:
        raise
    except (LookupError, UnicodeError, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise UnreadableInput(f"{name}: cannot be read as an e-mail message ({exc})") from None


def _parse(
    message: Message,
    fallback_at: datetime | None,
    folder: str | None,
    answered: bool,
    uid: int | None,
    sent: bool,
) -> Letter:
    name, sender = parseaddr(_header(message, "from"))
    sender = sender.strip().lower()
    if "@" not in sender:
        sender = ""
    recipients = tuple(
        address.strip().lower()
        for _, address in getaddresses(
            [str(v) for v in (message.get_all("to") or []) + (message.get_all("cc") or [])]
        )
        if "@" in address
    )
    subject = " ".join(_decoded(_header(message, "subject")).split())
    at = _date(_header(message, "date")) or fallback_at
    if at is None:
        raise UnreadableInput("the message has no readable Date header")
    text, calendars = _content(message)
    headers = {key: _header(message, key) for key in _HEADERS_READ if key in message}
    parents = _ids(_header(message, "references")) + _ids(_header(message, "in-reply-to"))
    key = _first_id(_header(message, "message-id")) or _digest(sender, at, subject, text)
    labels = tuple(
        label.strip()
        for label in _decoded(_header(message, "x-gmail-labels")).split(",")
        if label.strip()
    )
    delivered = tuple(
        parseaddr(str(v))[1].lower()
        for v in (message.get_all("delivered-to") or []) + (message.get_all("x-original-to") or [])
    )
    return Letter(
        key=key,
        parents=tuple(dict.fromkeys(p for p in parents if p != key)),
        sender=sender,
        sender_name=_decoded(name).strip()[:200] or None,
        recipients=recipients,
        subject=subject[:1000],
        at=at,
        text=text,
        automated=signals.is_automated(headers, sender),
        folder=folder,
        labels=labels,
        answered=answered,
        uid=uid,
        calendars=calendars,
        delivered_to=tuple(d for d in delivered if "@" in d),
        sent=sent,
    )


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    return "" if value is None else str(value)


def _decoded(value: str) -> str:
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (LookupError, UnicodeError, ValueError, TypeError):
        return value


def normalise_id(value: str) -> str:
    return value.strip().strip("<>").strip().lower()


def _ids(value: str) -> tuple[str, ...]:
    return tuple(m.lower() for m in _MESSAGE_ID.findall(value))


def _first_id(value: str) -> str | None:
    found = _MESSAGE_ID.search(value)
    if found:
        return found.group(1).lower()
    bare = value.strip()
    return bare.lower()[:480] if bare and " " not in bare else None


def _digest(sender: str, at: datetime, subject: str, text: str) -> str:
    """A stable key for a message without a Message-ID, so importing it again finds it."""
    seed = f"{sender}\n{at.isoformat()}\n{subject}\n{text[:2000]}".encode()
    return f"{hashlib.sha1(seed).hexdigest()}@no-message-id.invalid"  # a key, not a secret


def _date(value: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:  # "-0000": the time is UTC, its origin unknown
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _content(message: Message) -> tuple[str, tuple[bytes, ...]]:
    """The readable text (plain preferred, else HTML) and every calendar part."""
    plain: str | None = None
    html: str | None = None
    calendars: list[bytes] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        filename = (part.get_filename() or "").lower()
        if kind in _CALENDAR_TYPES or filename.endswith(".ics"):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload:
                calendars.append(payload)
            continue
        if filename or str(part.get("content-disposition", "")).lower().startswith("attachment"):
            continue
        if kind == "text/plain" and plain is None:
            plain = _text(part)
        elif kind == "text/html" and html is None:
            html = _text(part)
    text = plain if plain and plain.strip() else (html_to_text(html) if html else "")
    return text.replace("\r\n", "\n")[:MAX_TEXT], tuple(calendars)


def _text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(part.get_payload() or "")
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        try:
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            return payload.decode("cp1252", "replace")
