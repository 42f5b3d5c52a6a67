"""`bowout interview add|confirm|cancel|move|done`: the interviews of a process."""

from __future__ import annotations

from typing import Any

import click

from bowout.cli.main import emit_json
from bowout.cli.options import run, store_options


@click.group()
def interview() -> None:
    """Add, confirm, cancel, move or finish interviews.

    \b
    Example:
      bowout interview add Acme 2026-12-03T10:00+01:00 --tz Europe/Berlin
    """


def _interview_out(found: dict[str, Any], as_json: bool) -> None:
    if as_json:
        emit_json(found)
    else:
        click.echo(f"interview {found['id']}: {found['start']} {found['zone']} [{found['status']}]")


@interview.command("add")
@click.argument("process")
@click.argument("when")
@click.option("--tz", metavar="ZONE", help="The interview's IANA zone (default: your timezone).")
@click.option("--minutes", default=60, show_default=True, help="Length.")
@click.option("--place", metavar="WHERE", help="Place or video link.")
@store_options
def interview_add(
    process: str,
    when: str,
    tz: str | None,
    minutes: int,
    place: str | None,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Schedule an interview for a process.

    \b
    Example:
      bowout interview add Acme 2026-12-03T10:00 --tz Europe/Berlin --minutes 45
    """
    from bowout.pipeline import processes as tracker

    ctx = run(db, now)
    with ctx.write() as session:
        found = tracker.add_interview(
            session,
            process,
            when,
            now=ctx.now,
            zone=tz or ctx.settings.timezone,
            minutes=minutes,
            place=place,
        )
    _interview_out(found, as_json)


def _status_command(name: str, status_value: str, help_text: str) -> None:
    @interview.command(name, help=help_text)
    @click.argument("interview_id", type=int)
    @store_options
    def command(interview_id: int, db: str | None, now: str | None, as_json: bool) -> None:
        from bowout.pipeline import processes as tracker

        ctx = run(db, now)
        with ctx.write() as session:
            found = tracker.update_interview(
                session, interview_id, now=ctx.now, status=status_value
            )
        _interview_out(found, as_json)


_status_command(
    "confirm", "confirmed", "Mark an interview confirmed.\n\nExample: bowout interview confirm 3"
)
_status_command(
    "cancel", "cancelled", "Mark an interview cancelled.\n\nExample: bowout interview cancel 3"
)
_status_command("done", "done", "Mark an interview as held.\n\nExample: bowout interview done 3")


@interview.command("move")
@click.argument("interview_id", type=int)
@click.argument("when")
@store_options
def interview_move(
    interview_id: int, when: str, db: str | None, now: str | None, as_json: bool
) -> None:
    """Move an interview to a new time (the old one is kept as rescheduled).

    \b
    Example:
      bowout interview move 3 2026-12-05T14:00+01:00
    """
    from bowout.pipeline import processes as tracker

    ctx = run(db, now)
    with ctx.write() as session:
        found = tracker.update_interview(session, interview_id, now=ctx.now, at=when)
    _interview_out(found, as_json)
