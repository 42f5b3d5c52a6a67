"""Reading mail from disk: an mbox file (Google Takeout's included), a Maildir, a folder of
``.eml`` files, or one ``.eml``. Each yields ``Letter``s, and ``Skipped`` for a message that
cannot be read, so one broken message never stops the rest.

A source also has a fingerprint: when it is unchanged since the last import, reading it again
is skipped whole, so importing the same export twice costs next to nothing.
"""

from __future__ import annotations

import contextlib
import email
import hashlib
import mailbox
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from functools import partial
from pathlib import Path

from bowout.errors import InvalidInput, UnreadableInput
from bowout.pipeline.inbox.letters import Letter, parse

SENT_FOLDERS = frozenset(
    {
        "sent", "sent items", "sent messages", "sent mail", "[gmail]/sent mail", "gesendet",
        "gesendete objekte", "gesendete elemente", "envoyés", "éléments envoyés", "enviados",
        "inviati", "verzonden", "inbox.sent", "inbox/sent",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Skipped:
    name: str
    reason: str


@dataclass(frozen=True)
class Source:
    kind: str  # "mbox", "maildir", "eml"
    path: Path

    @property
    def name(self) -> str:
        return str(self.path)

    def fingerprint(self) -> tuple[int, str]:
        """The source's size and a digest that changes whenever its content does."""
        return _fingerprint(self)

    def read(self) -> Iterator[Letter | Skipped]:
        if self.kind == "mbox":
            return _mbox(self.path)
        if self.kind == "maildir":
            return _maildir(self.path)
        return _eml_files(self.path)


def is_sent_folder(folder: str | None) -> bool:
    if not folder:
        return False
    name = folder.strip().strip("./").lower().replace(".", "/")
    return name in SENT_FOLDERS or name.rsplit("/", 1)[-1] in SENT_FOLDERS


def open_source(path: str | Path) -> Source:
    """What ``path`` is: an mbox file, a Maildir, a folder of .eml files or one .eml."""
    where = Path(path).expanduser()
    if not where.exists():
        raise InvalidInput(f"{where} does not exist", field="path")
    where = where.resolve()
    if where.is_dir():
        if all((where / sub).is_dir() for sub in ("cur", "new")):
            return Source("maildir", where)
        if not any(where.rglob("*.eml")):
            raise InvalidInput(
                f"{where} is neither a Maildir (cur/, new/) nor a folder of .eml files",
                field="path",
            )
        return Source("eml", where)
    try:
        with where.open("rb") as handle:
            head = handle.read(5)
    except OSError as exc:
        raise UnreadableInput(f"cannot read {where}: {exc.strerror}", field="path") from None
    if head == b"From ":
        return Source("mbox", where)
    if where.suffix.lower() == ".eml" or head[:1].isalpha():
        return Source("eml", where)
    raise InvalidInput(
        f"{where} is not an mbox file (it should start with a 'From ' line) nor an .eml message",
        field="path",
    )


def _fingerprint(source: Source) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    try:
        if source.kind == "mbox" or source.path.is_file():
            with source.path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
            return size, digest.hexdigest()
        for file in sorted(_files(source)):
            stat = file.stat()
            size += stat.st_size
            digest.update(f"{file}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    except OSError as exc:
        raise UnreadableInput(f"cannot read {source.path}: {exc.strerror}", field="path") from None
    return size, digest.hexdigest()


def _files(source: Source) -> Iterator[Path]:
    if source.kind == "maildir":
        for folder, _, names in os.walk(source.path):
            if os.path.basename(folder) in ("cur", "new"):
                yield from (Path(folder) / n for n in names if not n.startswith("."))
    else:
        yield from source.path.rglob("*.eml")


def _mbox(path: Path) -> Iterator[Letter | Skipped]:
    box = mailbox.mbox(path, create=False)
    try:
        for number, key in enumerate(box.iterkeys(), 1):
            name = f"{path.name} message {number}"
            try:  # the bytes, parsed once by ``email`` (mailbox's own message class copies them)
                message = email.message_from_bytes(box.get_bytes(key, from_=True))
            except (OSError, ValueError, LookupError, UnicodeError) as exc:
                yield Skipped(name, f"cannot be read ({exc})")
                continue
            try:
                yield parse(message, fallback_at=partial(_from_line_date, message), name=name)
            except UnreadableInput as exc:
                yield Skipped(name, exc.message)
    finally:
        box.close()


def _from_line_date(message: Message) -> datetime | None:
    line = (message.get_unixfrom() or "")[5:]  # "From sender@example.com Mon Nov 30 09:12:00 2026"
    parts = line.split(None, 1)
    if len(parts) < 2:
        return None
    try:
        return datetime.strptime(parts[1].strip(), "%a %b %d %H:%M:%S %Y").replace(tzinfo=UTC)
    except ValueError:
        return None


def _maildir(path: Path) -> Iterator[Letter | Skipped]:
    root = mailbox.Maildir(path, factory=None, create=False)
    folders: list[tuple[str, mailbox.Maildir]] = [("INBOX", root)]
    with contextlib.suppress(OSError):
        folders += [(name, root.get_folder(name)) for name in sorted(root.list_folders())]
    for folder_name, box in folders:
        for key in box.iterkeys():
            if key.startswith("."):  # the Maildir convention: dot files are not messages
                continue
            name = f"{folder_name}/{key}"
            try:
                message = box.get_message(key)
            except (OSError, ValueError, LookupError, UnicodeError) as exc:
                yield Skipped(name, f"cannot be read ({exc})")
                continue
            assert isinstance(message, mailbox.MaildirMessage)
            received = datetime.fromtimestamp(message.get_date(), UTC)
            try:
                yield parse(
                    message,
                    fallback_at=received,
                    folder=folder_name,
                    answered="R" in message.get_flags(),
                    name=name,
                )
            except UnreadableInput as exc:
                yield Skipped(name, exc.message)


def _eml_files(path: Path) -> Iterator[Letter | Skipped]:
    files = [path] if path.is_file() else sorted(path.rglob("*.eml"))
    for file in files:
        name = str(file.relative_to(path)) if file != path else file.name
        try:
            data = file.read_bytes()
            modified = datetime.fromtimestamp(file.stat().st_mtime, UTC)
        except OSError as exc:
            yield Skipped(name, f"cannot be read ({exc.strerror})")
            continue
        if b"\x00" in data[:65536]:
            yield Skipped(name, "a binary file, not an e-mail message")
            continue
        folder = file.parent.name if file.parent != path else None
        try:
            yield parse(
                email.message_from_bytes(data), fallback_at=modified, folder=folder, name=name
            )
        except UnreadableInput as exc:
            yield Skipped(name, exc.message)
