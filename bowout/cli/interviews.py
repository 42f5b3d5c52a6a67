"""`bowout interview add|confirm|cancel|move|done`: the interviews of a process."""

from __future__ import annotations

from typing import Any

import click

from bowout import service
from bowout.cli.main import Group, emit_json
from bowout.cli.options import context, store_options


@click.group(cls=Group)
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
@click.argument("interview_at", metavar="WHEN")
@click.option("--tz", "zone", metavar="ZONE", help="The interview's IANA zone (default: yours).")
@click.option("--minutes", default=60, show_default=True, help="Length.")
@click.option("--place", metavar="WHERE", help="Place or video link.")
@store_options
def interview_add(
    process: str,
    interview_at: str,
    zone: str | None,
    minutes: int,
    place: str | None,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Schedule an interview for a process (a time without an offset is in its zone).

    \b
    Example:
      bowout interview add Acme 2026-12-03T10:00 --tz Europe/Berlin --minutes 45
    """
    with context(db, now) as ctx:
        found = service.add_interview(
            ctx, process, interview_at, zone=zone, minutes=minutes, place=place
        )
    _interview_out(found, as_json)


def _status_command(name: str, status_value: str, help_text: str) -> None:
    @interview.command(name, help=help_text)
    @click.argument("interview_id", type=int, metavar="INTERVIEW")
    @store_options
    def command(interview_id: int, db: str | None, now: str | None, as_json: bool) -> None:
        with context(db, now) as ctx:
            found = service.update_interview(ctx, interview_id, status=status_value)
        _interview_out(found, as_json)


@interview.command("confirm")
@click.argument("interview_id", type=int, metavar="INTERVIEW")
@store_options
def interview_confirm(interview_id: int, db: str | None, now: str | None, as_json: bool) -> None:
    """You will go: the interview is confirmed, and a plan to decline or move it is dropped.

    \b
    Example:
      bowout interview confirm 3
    """
    with context(db, now) as ctx:
        found = service.going(ctx, interview_id)
    _interview_out(found, as_json)


_status_command(
    "cancel", "cancelled", "Mark an interview cancelled.\n\nExample: bowout interview cancel 3"
)
_status_command("done", "done", "Mark an interview as held.\n\nExample: bowout interview done 3")


@interview.command("move")
@click.argument("interview_id", type=int, metavar="INTERVIEW")
@click.argument("at", metavar="WHEN")
@store_options
def interview_move(
    interview_id: int, at: str, db: str | None, now: str | None, as_json: bool
) -> None:
    """Move an interview to a new time (the old one is kept as rescheduled).

    \b
    Example:
      bowout interview move 3 2026-12-05T14:00+01:00
    """
    with context(db, now) as ctx:
        found = service.update_interview(ctx, interview_id, at=at)
    _interview_out(found, as_json)
