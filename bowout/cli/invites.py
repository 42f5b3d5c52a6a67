"""`bowout calendar import|export|cancellation`: invitations in, a feed of what is due out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bowout import service
from bowout.cli.main import Group, emit_json
from bowout.cli.options import context, store_options
from bowout.errors import UnreadableInput


@click.group(cls=Group)
def calendar() -> None:
    """Interviews from calendar invitations, and a calendar feed of what is due.

    \b
    Example:
      bowout calendar export --output ~/bowout.ics
    """


@calendar.command("import")
@click.argument("file", type=click.Path(exists=False, path_type=str))
@store_options
def calendar_import(file: str, db: str | None, now: str | None, as_json: bool) -> None:
    """Import an .ics: invitations become interviews, updates move them, cancellations cancel.

    \b
    Example:
      bowout calendar import invite.ics
    """
    with context(db, now) as ctx:
        report = service.import_calendar(ctx, file)
    if as_json:
        emit_json(report)
        return
    for item in report["added"]:
        meeting = item["interview"]
        click.echo(f"added: {item['company']} on {meeting['start']} ({meeting['zone']})")
    for item in report["moved"]:
        click.echo(f"moved: interview {item['interview']['id']} to {item['interview']['start']}")
    for item in report["cancelled"]:
        click.echo(f"cancelled: interview {item['interview']['id']}")
    for item in report["unchanged"]:
        click.echo(f"unchanged: {item['uid']} ({item['reason']})")
    for item in report["unmatched"]:
        click.echo(
            f"not added: {item['summary'] or item['uid']} from {item['organizer']}: "
            "no process has that person; add the process, then import again",
            err=True,
        )
    for item in report["skipped"]:
        click.echo(f"skipped: {item['reason']}", err=True)


@calendar.command("export")
@click.option("--output", metavar="FILE", help="Write the feed here (default: stdout).")
@store_options
def calendar_export(output: str | None, db: str | None, now: str | None, as_json: bool) -> None:
    """The calendar feed: interviews, send-by deadlines and follow-ups, with stable UIDs.

    A cancelled interview stays in it, cancelled, so a calendar app updates its event.
    `bowout serve` offers the same feed at /calendar.ics to subscribe to.

    \b
    Example:
      bowout calendar export --output ~/bowout.ics
    """
    with context(db, now) as ctx:
        if as_json:
            emit_json(service.calendar_events(ctx))
            return
        data = service.calendar_feed(ctx)
    _write(data, output)


@calendar.command("cancellation")
@click.argument("interview", type=int)
@click.option("--output", metavar="FILE", help="Write the .ics here (default: stdout).")
@click.option(
    "--db", metavar="URL", help="SQLAlchemy URL of the store (default: BOWOUT_DB, config)."
)
@click.option("--now", metavar="ISO", help="Pretend the current time is this (ISO 8601).")
def calendar_cancellation(
    interview: int, output: str | None, db: str | None, now: str | None
) -> None:
    """A METHOD:CANCEL .ics for a cancelled interview, to attach to the message you send.

    \b
    Example:
      bowout calendar cancellation 3 --output cancel.ics
    """
    with context(db, now) as ctx:
        data = service.cancellation(ctx, interview)
    _write(data, output)


def _write(data: bytes, output: str | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        Path(output).expanduser().write_bytes(data)
    except OSError as exc:
        raise UnreadableInput(f"cannot write {output}: {exc.strerror}", field="output") from None
    click.echo(f"wrote {output}", err=True)
