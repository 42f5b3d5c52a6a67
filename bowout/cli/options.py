"""What the commands share: the --db/--now/--json options, the service context they build,
reading a message from --text or --file, and how drafts, findings and next steps are printed."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from bowout import service
from bowout.errors import InvalidInput, UnreadableInput
from bowout.model import ContactRole, NextAction

F = TypeVar("F", bound=Callable[..., Any])


def store_options(func: F) -> F:
    """--db, --now and --json, in that order in every store command's help."""
    func = click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)
    func = click.option(
        "--now", metavar="ISO", help="Pretend the current time is this (ISO 8601)."
    )(func)
    func = click.option(
        "--db", metavar="URL", help="SQLAlchemy URL of the store (default: BOWOUT_DB, config)."
    )(func)
    return func


def sending_options(func: F) -> F:
    """--variant, --text, --file, --me and --yes: the commands that draft a message, let the
    user send their own instead, and record it once sent."""
    for option in reversed(
        (
            click.option("--variant", type=int, help="Which wording of the draft."),
            click.option("--text", help="Your own message instead of the draft."),
            click.option(
                "--file", metavar="FILE", help="Your own message from a file (.txt or .eml)."
            ),
            click.option("--me", metavar="NAME", help="Your name (default: config `me`)."),
            click.option("--yes", is_flag=True, help="Record it as sent without asking."),
        )
    ):
        func = option(func)
    return func


def context(db: str | None = None, now: str | None = None, **overrides: Any) -> service.Context:
    """The service context of one command: the settings (config file, environment, then the
    flags in ``overrides``), the clock (``--now``) and the store (``--db``)."""
    settings = service.load_settings().with_overrides(**overrides)
    return service.Context(settings, now=now, db=db)


def interactive() -> bool:
    """A person at a terminal can be asked a question (both ends are a terminal)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def part_option(help_text: str) -> Callable[[F], F]:
    """--part: a contact's part in the process (recruiter, hiring manager, interviewer)."""
    return click.option(
        "--part",
        type=click.Choice([r.value for r in ContactRole], case_sensitive=False),
        default=ContactRole.RECRUITER.value,
        help=help_text,
    )


@dataclass(frozen=True)
class Letter:
    """A message from --text or --file; an .eml also gives its subject and date."""

    text: str
    subject: str | None = None
    sent: str | None = None


def read_letter(text: str | None, file: str | None) -> Letter:
    """--text or --file (plain text or .eml; - for stdin), exactly one of them."""
    if (text is None) == (file is None):
        raise InvalidInput("give the message's text, or a file with it (not both)", "text")
    if text is not None:
        return Letter(text)
    assert file is not None
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        raise UnreadableInput(f"cannot read {file}: {exc.strerror}", field="file") from None
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
        except (TypeError, ValueError, IndexError):
            moment = None
        if moment is not None and moment.tzinfo is not None:
            sent = moment.isoformat()
    if subject and "=?" in subject:
        from email.header import decode_header, make_header

        with contextlib.suppress(UnicodeDecodeError, LookupError):  # unknown charset: as written
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


# The command to run for each next action of a status item (the web renders buttons instead).
_NEXT_COMMAND: dict[str, str] = {
    NextAction.WRITE_REPLY: 'bowout log out {process} --text "..."',
    NextAction.DECLINE: "bowout decline {process}",
    NextAction.RESCHEDULE: "bowout reschedule {process}",
    NextAction.SEND_WITHDRAWAL: "bowout followup show {followup}, then: bowout followup done "
    "{followup}",
    NextAction.LOG_ANSWER: 'bowout log in {process} --text "..."',
    NextAction.SEND_NOTE: "bowout reconnect --process {process}, then: bowout followup done "
    "{followup}",
    NextAction.DECIDE_INTERVIEW: "bowout interview confirm {interview} (you will go), or bowout "
    "reschedule {process}, or bowout decline {process}",
    "keep_contact": "bowout keep {process} CONTACT --why recruiter-invested",
    "late_reply": "bowout repair {process}",
}


def next_command(step: dict[str, Any]) -> str:
    """A structured next action as the command that does it."""
    template = _NEXT_COMMAND.get(step.get("action", ""), "bowout show {process}")
    return template.format_map({"followup": "ID", "interview": "ID", **step})
