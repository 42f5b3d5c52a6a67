"""One mail message as the inbox needs it: who, when, which thread, its text, its invitations.

Parsed with the standard library's ``email`` package under the ``compat32`` policy (the fastest,
and the most forgiving of broken headers). A message that cannot be read raises
``UnreadableInput`` saying why; the callers skip it, report it, and go on.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
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
_LISTED = frozenset({"to", "cc", "delivered-to", "x-original-to"})
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


def snippet(words: str) -> str:
    return " ".join(words[: SNIPPET * 4].split())[:SNIPPET]


def parse(
    message: Message,
    *,
    fallback_at: datetime | Callable[[], datetime | None] | None = None,
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
    fallback_at: datetime | Callable[[], datetime | None] | None,
    folder: str | None,
    answered: bool,
    uid: int | None,
    sent: bool,
) -> Letter:
    first: dict[str, str] = {}  # one pass over the headers; the first of each name counts
    many: dict[str, list[str]] = {}
    for raw_name, raw_value in message.items():
        lowered = raw_name.lower()
        value = raw_value if isinstance(raw_value, str) else str(raw_value)
        if lowered in _LISTED:
            many.setdefault(lowered, []).append(value)
        first.setdefault(lowered, value)
    name, sender = address(first.get("from", ""))
    sender = sender.strip().lower()
    if "@" not in sender:
        sender = ""
    recipients = tuple(
        found.strip().lower()
        for _, found in addresses(many.get("to", []) + many.get("cc", []))
        if "@" in found
    )
    subject = " ".join(_decoded(first.get("subject", "")).split())
    at = _date(first.get("date", ""))
    if at is None:
        at = fallback_at() if callable(fallback_at) else fallback_at
    if at is None:
        raise UnreadableInput("the message has no readable Date header")
    text, calendars = _content(message)
    headers = {key: first[key] for key in _HEADERS_READ if key in first}
    parents = _ids(first.get("references", "")) + _ids(first.get("in-reply-to", ""))
    key = _first_id(first.get("message-id", "")) or _digest(sender, at, subject, text)
    labels_header = first.get("x-gmail-labels")
    labels = (
        tuple(label.strip() for label in _decoded(labels_header).split(",") if label.strip())
        if labels_header
        else ()
    )
    delivered = tuple(
        parseaddr(v)[1].lower()
        for v in many.get("delivered-to", []) + many.get("x-original-to", [])
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


_SIMPLE_ADDRESS = re.compile(r'\s*(?:"?([^"<>,;@]*?)"?\s*)?<([^<>\s",;]+@[^<>\s",;]+)>\s*\Z')
_BARE_ADDRESS = re.compile(r"\s*([^<>\s\",;()]+@[^<>\s\",;()]+)\s*\Z")
_RFC_DATE = re.compile(
    r"\s*(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s+([+-])(\d{2})(\d{2})\b"
)
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
)}  # fmt: skip


def address(value: str) -> tuple[str, str]:
    """(name, address) of one header value: the common shapes by pattern, the rest by the
    standard library's full parser."""
    simple = _SIMPLE_ADDRESS.match(value)
    if simple:
        return (simple.group(1) or "").strip(), simple.group(2)
    bare = _BARE_ADDRESS.match(value)
    if bare:
        return "", bare.group(1)
    return parseaddr(value)


def addresses(values: list[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for value in values:
        if '"' in value or "(" in value or "\n" in value:
            found.extend(getaddresses([value]))
            continue
        found.extend(address(part) for part in value.split(",") if part.strip())
    return found


def _date(value: str) -> datetime | None:
    if not value.strip():
        return None
    common = _RFC_DATE.match(value)
    if common:
        day, month, year, hour, minute, second, sign, off_h, off_m = common.groups()
        number = _MONTHS.get(month.lower())
        if number is not None:
            offset = timedelta(hours=int(off_h), minutes=int(off_m))
            try:
                moment = datetime(
                    int(year), number, int(day), int(hour), int(minute), int(second or 0),
                    tzinfo=timezone(offset if sign == "+" else -offset),
                )  # fmt: skip
            except ValueError:
                return None
            return moment.astimezone(UTC)
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
    if not message.is_multipart():
        kind = message.get_content_type()
        if kind == "text/plain":
            return _text(message).replace("\r\n", "\n")[:MAX_TEXT], ()
        if kind == "text/html":
            return html_to_text(_text(message))[:MAX_TEXT], ()
    plain: str | None = None
    html: Message | None = None
    calendars: list[bytes] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        disposition = part.get("content-disposition")
        textual = kind in ("text/plain", "text/html")
        filename = (part.get_filename() or "").lower() if disposition or not textual else ""
        if kind in _CALENDAR_TYPES or filename.endswith(".ics"):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload:
                calendars.append(payload)
            continue
        if filename or str(disposition or "").lower().startswith("attachment"):
            continue
        if kind == "text/plain" and plain is None:
            plain = _text(part)
        elif kind == "text/html" and html is None:
            html = part  # decoded only when there is no plain text
    text = plain if plain and plain.strip() else (html_to_text(_text(html)) if html else "")
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
