"""The text of a message file: plain text, or an e-mail (.eml) with its text or HTML part.

The text is returned whole (quoted replies and signature included): the checker skips those
itself, and keeping them keeps every offset valid for the text a person sees.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from bowout.errors import UnreadableInput

if TYPE_CHECKING:
    from email.message import Message

MAX_BYTES = 10 * 1024 * 1024
_CONTROL = frozenset(chr(i) for i in [*range(32), *range(0x7F, 0xA0)]) - set("\n\r\t\f")
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{0,60}:[ \t]?\S", re.MULTILINE)
_KNOWN_HEADERS = re.compile(
    rb"^(?:from|to|subject|date|message-id|mime-version|content-type|received|return-path"
    rb"|cc|reply-to|delivered-to):",
    re.IGNORECASE | re.MULTILINE,
)


def text_of(data: bytes, filename: str | None = None) -> str:
    """The readable text of ``data``; raises UnreadableInput with what to do when it is not."""
    name = filename or "input"
    if len(data) > MAX_BYTES:
        raise UnreadableInput(
            f"{name}: {len(data) / 1_048_576:.1f} MB is too large to be a message "
            f"(limit {MAX_BYTES // 1_048_576} MB); pass the message text alone"
        )
    if _looks_like_email(data, filename):
        return _email_text(data, name)
    return _plain(data, name)


def _looks_like_email(data: bytes, filename: str | None) -> bool:
    if filename and filename.lower().endswith((".eml", ".msg.txt", ".mbox")):
        return True
    head = data[:4096].lstrip()
    first = head.split(b"\n", 1)[0]
    return bool(_HEADER_LINE.match(first)) and len(_KNOWN_HEADERS.findall(head)) >= 2


def _plain(data: bytes, name: str) -> str:
    if b"\x00" in data[:65536]:
        raise UnreadableInput(f"{name}: looks like a binary file, not a message; pass text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _decode_legacy(data, name, exc)
    return _checked_text(text, name)


def _decode_legacy(data: bytes, name: str, exc: UnicodeDecodeError) -> str:
    """Not UTF-8: accept text in Windows-1252 (common in old mail), refuse junk."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise UnreadableInput(
            f"{name}: not valid UTF-8 (byte {exc.start}); save the message as UTF-8 text"
        ) from None
    if _junk_ratio(text) > 0.05:
        raise UnreadableInput(
            f"{name}: not valid UTF-8 (byte {exc.start}) and not readable as text; "
            "save the message as UTF-8 text"
        )
    return text


def _junk_ratio(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    junk = sum(1 for ch in sample if ch in _CONTROL)
    return junk / len(sample)


def _checked_text(text: str, name: str) -> str:
    if _junk_ratio(text) > 0.05:
        raise UnreadableInput(f"{name}: looks like a binary file, not a message; pass text")
    return text


def _email_text(data: bytes, name: str) -> str:
    if b"\x00" in data[:65536]:
        raise UnreadableInput(f"{name}: looks like a binary file, not an e-mail message")
    import email
    import email.policy

    try:
        parsed = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:  # the parser is lenient; anything it raises means a broken file
        raise UnreadableInput(f"{name}: not a readable e-mail message ({exc})") from None
    try:
        text = _body(parsed)
    except (LookupError, UnicodeError, ValueError, AttributeError) as exc:
        raise UnreadableInput(f"{name}: the e-mail body cannot be decoded ({exc})") from None
    if text is None:
        raise UnreadableInput(
            f"{name}: the e-mail has no text or HTML part to check; paste the message text"
        )
    return _checked_text(text.replace("\r\n", "\n"), name)


def _body(message: Message) -> str | None:
    from email.message import EmailMessage

    if isinstance(message, EmailMessage):
        part = message.get_body(preferencelist=("plain", "html"))
        if part is None:
            return None
        content = part.get_content()
        if not isinstance(content, str):
            return None
        return html_to_text(content) if part.get_content_subtype() == "html" else content
    payload = message.get_payload(decode=True)
    return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else None


class _TextExtractor(HTMLParser):
    _BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"})
    _SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.quote_depth = 0
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skip_depth += 1
        elif tag == "blockquote":
            self.quote_depth += 1
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        text = re.sub(r"\s+", " ", data)
        if self.quote_depth and text.strip():
            text = "> " + text.strip()
        self.parts.append(text)


def html_to_text(markup: str) -> str:
    """Readable text from an HTML mail body; quoted blocks become "> " lines."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip() + "\n"
