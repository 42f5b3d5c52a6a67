"""IMAP folder names: modified UTF-7 on the wire (RFC 3501, section 5.1.3), Unicode for people.

A server names a French sent folder ``Envoy&AOk-s``; people read and type ``Envoyés``. The wire
form is what the store keeps (it is the folder's stable key, and what SELECT needs); the Unicode
form is what reports show and what is compared with the names of sent folders. The standard
library's imaplib leaves the conversion to the caller, and its codecs have no modified UTF-7.
"""

from __future__ import annotations

import base64
import binascii
import re

_SHIFTED = re.compile(r"&([A-Za-z0-9+,]*)-")
_PRINTABLE = frozenset(chr(c) for c in range(0x20, 0x7F))


def decode(name: str) -> str:
    """The Unicode name of a folder given in modified UTF-7; a name that is not valid modified
    UTF-7 (a server that sends UTF-8, or a stray "&") is returned as it is."""
    if "&" not in name:
        return name
    out: list[str] = []
    position = 0
    for shifted in _SHIFTED.finditer(name):
        if "&" in name[position : shifted.start()]:
            return name  # an "&" that opens no valid shift
        out.append(name[position : shifted.start()])
        encoded = shifted.group(1)
        if not encoded:
            out.append("&")
        else:
            try:
                raw = base64.b64decode(encoded.replace(",", "/") + "=" * (-len(encoded) % 4))
                out.append(raw.decode("utf-16-be"))
            except (binascii.Error, UnicodeDecodeError, ValueError):
                return name
        position = shifted.end()
    if "&" in name[position:]:
        return name
    out.append(name[position:])
    return "".join(out)


def encode(name: str) -> str:
    """The modified UTF-7 form of a Unicode folder name."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            raw = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(raw).decode("ascii").rstrip("=").replace("/", ","))
            out.append("-")
            pending.clear()

    for char in name:
        if char in _PRINTABLE:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return "".join(out)


def is_wire_form(name: str) -> bool:
    """Whether ``name`` is already in modified UTF-7 (plain ASCII, every "&" a valid shift)."""
    return name.isascii() and encode(decode(name)) == name


def to_wire(name: str) -> str:
    """A folder name as the user gave it (either form), in the form SELECT needs."""
    return name if is_wire_form(name) else encode(name)
