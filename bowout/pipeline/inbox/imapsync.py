"""Reading an IMAP account: INBOX and the folder of sent mail, over TLS, read-only.

Folders are opened with EXAMINE and messages fetched with BODY.PEEK, so no flag ever changes.
Each folder is read incrementally: its UIDVALIDITY and the last UID seen are stored with every
batch, in the same transaction as the batch's messages, so a sync cut off midway keeps what it
committed and the next one resumes after it. A message already stored (by Message-ID) is not
stored again, so even a changed UIDVALIDITY costs a re-read, never a duplicate.
"""

from __future__ import annotations

import email
import imaplib
import re
import ssl
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bowout.config import Settings
from bowout.errors import InvalidInput, RemoteError, UnreadableInput
from bowout.pipeline import matching
from bowout.pipeline.inbox import credentials, foldernames, imports, ingest, settling
from bowout.pipeline.inbox.letters import Letter, parse
from bowout.pipeline.inbox.sources import Skipped, is_sent_folder
from bowout.pipeline.inbox.tally import Tally
from bowout.pipeline.schema import MailMessage, MailSource, MailThread

BATCH = 200
TIMEOUT = 30.0
_FETCH_HEAD = re.compile(rb"UID (\d+)")
_FLAGS = re.compile(rb"FLAGS \(([^)]*)\)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')
_LIST_LINE = re.compile(rb'\((?P<flags>[^)]*)\) (?:"[^"]*"|NIL) (?P<name>.+)')

Writer = Callable[[], AbstractContextManager[Session]]


@dataclass(frozen=True)
class Account:
    host: str
    user: str
    password: str = field(repr=False)
    port: int = 993
    sent: str | None = None
    cafile: str | None = None
    timeout: float = TIMEOUT

    @property
    def name(self) -> str:
        return f"{self.user}@{self.host}:{self.port}"


def account_from(
    settings: Settings,
    *,
    config_file: Path | None,
    environ: dict[str, str] | None = None,
) -> Account:
    """The account the settings describe; a clear error names the setting that is missing."""
    if not settings.imap_host:
        raise InvalidInput("name the IMAP server to read mail from", field="imap_host")
    if not settings.imap_user:
        raise InvalidInput("give the login for the IMAP server", field="imap_user")
    return Account(
        host=settings.imap_host,
        user=settings.imap_user,
        password=credentials.password(settings, config_file=config_file, environ=environ),
        port=settings.imap_port,
        sent=settings.imap_sent,
        cafile=settings.imap_cafile,
    )


def sync(
    write: Writer,
    account: Account,
    *,
    now: datetime,
    addresses: Iterable[str] = (),
    zone: str = "UTC",
    batch: int = BATCH,
) -> dict[str, Any]:
    """Read what is new in INBOX and the sent folder; the JSON report of what changed."""
    mine = frozenset(a.strip().lower() for a in (*addresses, account.user) if "@" in a)
    tally = Tally()
    folders: list[dict[str, Any]] = []
    connection = _connect(account)
    try:
        sent = foldernames.to_wire(account.sent) if account.sent else _sent_folder(connection)
        for folder, is_sent in (("INBOX", False), *([(sent, True)] if sent else [])):
            folders.append(
                _folder(connection, write, account, folder, is_sent, tally, mine, now, zone, batch)
            )
    except (imaplib.IMAP4.abort, OSError, EOFError) as exc:
        raise RemoteError(
            f"the connection to {account.host} was lost ({_why(exc)}); what was read so far "
            f"is kept ({tally.new} new messages): sync again to go on from there"
        ) from None
    except imaplib.IMAP4.error as exc:
        raise RemoteError(f"{account.host} refused a request: {_why(exc)}") from None
    finally:
        _close(connection)
    with write() as session:
        after = {"waiting": imports.waiting(session)}
    return {"account": account.name, "folders": folders, **tally.report(), **after}


def check_login(account: Account) -> None:
    """Log in and out again: the account works (or the error says what to fix)."""
    _close(_connect(account))


def _connect(account: Account) -> imaplib.IMAP4_SSL:
    try:
        context = ssl.create_default_context(cafile=account.cafile)
    except (OSError, ssl.SSLError) as exc:
        raise InvalidInput(
            f"cannot load {account.cafile} ({_why(exc)})", field="imap_cafile"
        ) from None
    try:
        connection = imaplib.IMAP4_SSL(
            account.host, account.port, ssl_context=context, timeout=account.timeout
        )
    except ssl.SSLCertVerificationError as exc:
        raise RemoteError(
            f"the certificate of {account.host} cannot be trusted ({exc.verify_message}); "
            "if the server has its own certificate authority, point imap_cafile at it"
        ) from None
    except (OSError, imaplib.IMAP4.error, EOFError) as exc:
        raise RemoteError(
            f"cannot reach the IMAP server {account.host}:{account.port} ({_why(exc)}); "
            "check imap_host and imap_port (TLS, usually 993)"
        ) from None
    try:
        connection.login(account.user, account.password)
    except imaplib.IMAP4.error:
        _close(connection)
        raise InvalidInput(
            f"{account.host} refused the login for {account.user}: check the user and the "
            "password (many providers want an app password for IMAP)",
            field="imap_password",
        ) from None
    except (imaplib.IMAP4.abort, OSError, EOFError) as exc:
        _close(connection)
        raise RemoteError(f"the connection to {account.host} was lost ({_why(exc)})") from None
    return connection


def _why(exc: BaseException) -> str:
    text = exc.args[0] if exc.args else type(exc).__name__
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return str(text) or type(exc).__name__


def _close(connection: imaplib.IMAP4_SSL) -> None:
    try:
        connection.logout()
    except (imaplib.IMAP4.error, OSError, EOFError):
        with suppress(OSError):
            connection.shutdown()


def _sent_folder(connection: imaplib.IMAP4_SSL) -> str | None:
    """The folder the server marks \\Sent (RFC 6154), else one named like it."""
    typ, lines = connection.list()
    return sent_folder_in(lines) if typ == "OK" else None


def sent_folder_in(lines: list[Any]) -> str | None:
    """From LIST's answer: the folder flagged \\Sent, else the first one named like a sent
    folder in any of the usual languages (compared in Unicode: ``Envoy&AOk-s`` is "Envoyés");
    the name is given as the server spells it, the form SELECT needs."""
    named = None
    for raw in lines:
        if not isinstance(raw, bytes):
            continue
        found = _LIST_LINE.match(raw)
        if not found:
            continue
        name = _unquote(found.group("name").decode("utf-8", "replace").strip())
        if b"\\sent" in found.group("flags").lower():
            return name
        if named is None and is_sent_folder(foldernames.decode(name)):
            named = name
    return named


def _unquote(name: str) -> str:
    """A LIST name as sent: quoted (with backslash escapes) or an atom."""
    if len(name) >= 2 and name[0] == name[-1] == '"':
        return re.sub(r"\\(.)", r"\1", name[1:-1])
    return name


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _folder(
    connection: imaplib.IMAP4_SSL,
    write: Writer,
    account: Account,
    folder: str,
    is_sent: bool,
    tally: Tally,
    mine: frozenset[str],
    now: datetime,
    zone: str,
    batch: int,
) -> dict[str, Any]:
    typ, _ = connection.select(_quote(folder), readonly=True)  # EXAMINE: flags stay as they are
    if typ != "OK":
        shown = foldernames.decode(folder)
        return {"folder": shown, "error": "the server cannot open this folder"}
    validity = int(_response(connection, "UIDVALIDITY") or 0)
    uidnext = _response(connection, "UIDNEXT")
    name = f"{account.name}/{folder}"
    with write() as session:
        last = _last_uid(session, name, validity)
    report: dict[str, Any] = {
        "folder": foldernames.decode(folder),
        "uidvalidity": validity,
        "new": 0,
    }
    if uidnext is None or int(uidnext) > last + 1:
        typ, data = connection.uid("SEARCH", "UID", f"{last + 1}:*")
        uids = sorted(int(u) for u in (data[0] or b"").split() if int(u) > last)
        for start in range(0, len(uids), batch):
            part = uids[start : start + batch]
            letters = list(_fetch(connection, part, folder, is_sent))
            before = tally.new
            with write() as session:
                ingest.ingest(session, letters, now=now, origin="imap", mine=mine, tally=tally)
                _remember(session, name, validity, part[-1], now, len(letters))
                imports.apply_calendars(session, _only_new(tally), now=now, zone=zone)
            report["new"] += tally.new - before
            last = part[-1]
    if not is_sent:
        tally.flags += _refresh_flags(connection, write, folder, tally, now)
    with write() as session:
        _remember(session, name, validity, last, now, 0)
    report["last_uid"] = last
    return report


def _only_new(tally: Tally) -> Tally:
    """The calendar parts of the batch just stored (each applied once)."""
    found = Tally(calendars=list(tally.calendars))
    tally.calendars.clear()
    return found


def _response(connection: imaplib.IMAP4_SSL, code: str) -> str | None:
    _, values = connection.response(code)
    value = values[0] if values else None
    if isinstance(value, bytes):
        return value.decode("ascii", "replace")
    return None


def _last_uid(session: Session, name: str, validity: int) -> int:
    record = _source(session, name)
    if record is None or record.uidvalidity != validity:
        return 0  # a new folder, or the server renumbered it: read it again (ids dedupe)
    return int(record.last_uid or 0)


def _source(session: Session, name: str) -> MailSource | None:
    return session.scalars(
        select(MailSource).where(MailSource.kind == "imap", MailSource.name == name)
    ).first()


def _remember(
    session: Session, name: str, validity: int, last: int, now: datetime, count: int
) -> None:
    record = _source(session, name)
    if record is None:
        record = MailSource(kind="imap", name=name, messages=0, synced_at=now)
        session.add(record)
    record.uidvalidity, record.last_uid, record.synced_at = validity, last, now
    record.messages = (record.messages or 0) + count
    session.flush()


def _fetch(
    connection: imaplib.IMAP4_SSL, uids: list[int], folder: str, is_sent: bool
) -> Iterator[Letter | Skipped]:
    wanted = ",".join(str(u) for u in uids)
    typ, data = connection.uid("FETCH", wanted, "(UID FLAGS INTERNALDATE BODY.PEEK[])")
    if typ != "OK":
        raise imaplib.IMAP4.error(f"FETCH failed in {folder}")
    for item in data:
        if not isinstance(item, tuple) or len(item) < 2:
            continue
        head, raw = item[0], item[1]
        found = _FETCH_HEAD.search(head)
        uid = int(found.group(1)) if found else None
        flags = _FLAGS.search(head)
        answered = bool(flags and b"\\answered" in flags.group(1).lower())
        received = _internal_date(head)
        name = f"{foldernames.decode(folder)} UID {uid}"
        try:
            message = email.message_from_bytes(raw)
            yield parse(
                message,
                fallback_at=received,
                folder=folder,
                answered=answered,
                uid=uid,
                sent=is_sent,
                name=name,
            )
        except UnreadableInput as exc:
            yield Skipped(name, exc.message)


def _internal_date(head: bytes) -> datetime | None:
    found = _INTERNALDATE.search(head)
    if not found:
        return None
    try:
        moment = datetime.strptime(found.group(1).decode(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return None
    return moment.astimezone(UTC)


def _refresh_flags(
    connection: imaplib.IMAP4_SSL, write: Writer, folder: str, tally: Tally, now: datetime
) -> int:
    """Messages still owed an answer: has the user answered them since (\\Answered)?"""
    with write() as session:
        owed = session.execute(
            select(MailMessage.uid, MailMessage.id, MailMessage.thread_id)
            .join(MailThread, MailThread.owed_message_id == MailMessage.id)
            .where(
                MailMessage.origin == "imap",
                MailMessage.folder == folder,
                MailMessage.uid.is_not(None),
            )
        ).all()
    if not owed:
        return 0
    by_uid = {int(uid): (ident, thread) for uid, ident, thread in owed if uid is not None}
    typ, data = connection.uid("FETCH", ",".join(str(u) for u in sorted(by_uid)), "(UID FLAGS)")
    if typ != "OK":
        return 0
    answered = []
    for item in data:
        head = item[0] if isinstance(item, tuple) else item
        if not isinstance(head, bytes):
            continue
        found, flags = _FETCH_HEAD.search(head), _FLAGS.search(head)
        if found and flags and b"\\answered" in flags.group(1).lower():
            hit = by_uid.get(int(found.group(1)))
            if hit:
                answered.append(hit)
    if not answered:
        return 0
    with write() as session:
        for ident, _ in answered:
            record = session.get(MailMessage, ident)
            if record is not None:
                record.answered = True
        session.flush()
        threads = sorted({t for _, t in answered})
        settling.settle(session, threads, tally, matching.load(session), now)
    return len(answered)
