"""What every store command shares: --db, --now and --json, settings, one transaction each."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from bowout.config import Settings, load
from bowout.errors import InvalidInput, UnreadableInput
from bowout.model import ContactRole

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

F = TypeVar("F", bound=Callable[..., Any])


def store_options(func: F) -> F:
    """--db, --now and --json, in that order in every store command's help."""
    func = click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)
    func = click.option(
        "--now", metavar="ISO", help="Pretend the current time is this (ISO-8601 with offset)."
    )(func)
    func = click.option(
        "--db", metavar="URL", help="SQLAlchemy URL of the store (default: BOWOUT_DB, config)."
    )(func)
    return func


@dataclass
class Run:
    """One command's settings, clock and store."""

    settings: Settings
    now: datetime
    db: str | None

    @contextmanager
    def write(self) -> Iterator[Session]:
        from bowout.pipeline.store import open_store

        store = open_store(self.settings, self.db)
        try:
            with store.write() as session:
                yield session
        finally:
            store.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        from bowout.pipeline.store import open_store

        store = open_store(self.settings, self.db)
        try:
            with store.read() as session:
                yield session
        finally:
            store.close()


def part_option(help_text: str) -> Callable[[F], F]:
    """--part: a contact's part in the process (recruiter, hiring manager, interviewer)."""
    return click.option(
        "--part",
        type=click.Choice([r.value for r in ContactRole]),
        default="recruiter",
        help=help_text,
    )


def run(db: str | None, now: str | None) -> Run:
    settings = load()
    moment = datetime.now(UTC)
    if now:
        from bowout.core import timing

        moment = timing.parse_instant(now, "--now")
    return Run(settings, moment, db)


@dataclass(frozen=True)
class Letter:
    """A message from --text or --file; an .eml also gives its subject and date."""

    text: str
    subject: str | None = None
    sent: str | None = None


def read_letter(text: str | None, file: str | None) -> Letter:
    """--text or --file (plain text or .eml; - for stdin), exactly one of them."""
    if (text is None) == (file is None):
        raise InvalidInput("give exactly one of --text or --file", field="text")
    if text is not None:
        return Letter(text)
    assert file is not None
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        raise UnreadableInput(f"--file: cannot read {file}: {exc.strerror}") from None
    from bowout import service

    body = service.read_message(data, file)
    if not file.lower().endswith(".eml"):
        return Letter(body)
    return Letter(body, *_headers(data))


def read_text(text: str | None, file: str | None) -> str:
    return read_letter(text, file).text


def _headers(data: bytes) -> tuple[str | None, str | None]:
    from email import message_from_bytes, policy
    from email.utils import parsedate_to_datetime

    message = message_from_bytes(data, policy=policy.compat32)
    subject = str(message.get("Subject") or "").strip() or None
    sent = None
    raw_date = message.get("Date")
    if raw_date:
        try:
            moment = parsedate_to_datetime(str(raw_date))
        except (TypeError, ValueError):
            moment = None
        if moment is not None and moment.tzinfo is not None:
            sent = moment.isoformat()
    if subject and "=?" in subject:
        from email.header import decode_header, make_header

        subject = str(make_header(decode_header(subject)))
    return subject, sent


def show_findings(report: dict[str, Any] | None) -> None:
    if report is None:
        return
    for finding in report.get("findings", []):
        click.echo(
            f"  {finding['severity']}: [{finding['rule']}] {finding['message']}"
            + (f" — {finding['suggestion']}" if finding.get("suggestion") else ""),
            err=True,
        )


def show_draft(draft: dict[str, Any]) -> None:
    click.echo(f"Subject: {draft['subject']}\n\n{draft['body']}")
    for note in draft.get("notes", []):
        click.echo(f"  note: {note}", err=True)
