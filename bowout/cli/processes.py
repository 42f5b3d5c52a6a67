"""The pipeline's commands for processes: add, list, show, edit, stage.

Messages, the to-do list and follow-ups are in ``messages``, interviews in ``interviews``, how
processes end in ``endings``; ``cli.main.COMMANDS`` lists where each command lives.
"""

from __future__ import annotations

from typing import Any

import click

from bowout import service
from bowout.cli.main import Command, emit_json
from bowout.cli.options import context, part_option, store_options
from bowout.cli.people import history_lines, show_history
from bowout.model import ProcessIntent, Stage

STAGE = click.Choice([s.value for s in Stage], case_sensitive=False)


def _line(process: dict[str, Any]) -> str:
    role = f" — {process['role']}" if process.get("role") else ""
    intent = f" (means to {process['intent']})" if process.get("intent") else ""
    return f"{process['id']:>5}  {process['company']}{role}  [{process['stage']}]{intent}"


def _show(process: dict[str, Any]) -> None:
    click.echo(_line(process))
    for contact in process.get("contacts", []):
        kept = f", kept: {contact['keep_why']}" if contact["keep"] else ""
        email = f" <{contact['email']}>" if contact["email"] else ""
        click.echo(f"  contact {contact['id']}: {contact['name']}{email} ({contact['part']}{kept})")
    for meeting in process.get("interviews", []):
        click.echo(
            f"  interview {meeting['id']}: {meeting['start']} {meeting['zone']}, "
            f"{meeting['minutes']} min [{meeting['status']}]"
        )
    for message in process.get("messages", []):
        arrow = "<-" if message["direction"] == "in" else "->"
        first = message["body"].splitlines()[0][:70] if message["body"] else ""
        click.echo(f"  {arrow} {message['at']}  {message['subject'] or first}")
    for followup in process.get("followups", []):
        done = f"done {followup['done_at']}" if followup["done_at"] else f"due {followup['due']}"
        click.echo(f"  follow-up {followup['id']}: {followup['kind']}, {done}")
    for line in history_lines(process.get("history", [])):
        click.echo(f"  {line}")


@click.command(cls=Command)
@click.argument("company")
@click.option("--role", metavar="TITLE", help="The role's title.")
@click.option("--link", metavar="URL", help="The job posting.")
@click.option("--source", help="Where it came from (referral, LinkedIn...).")
@click.option("--stage", type=STAGE, default="applied", show_default=True, help="Stage.")
@click.option("--contact", multiple=True, metavar='"NAME <EMAIL>"', help="A recruiter (repeat).")
@click.option("--interview", "interview_at", metavar="ISO", help="First interview's start.")
@click.option("--tz", "zone", metavar="ZONE", help="The interview's IANA zone (default: yours).")
@click.option("--minutes", default=60, show_default=True, help="The interview's length.")
@click.option("--place", metavar="WHERE", help="The interview's place or video link.")
@store_options
def add(
    company: str,
    role: str | None,
    link: str | None,
    source: str | None,
    stage: str,
    contact: tuple[str, ...],
    interview_at: str | None,
    zone: str | None,
    minutes: int,
    place: str | None,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Start tracking a process; prints its id.

    \b
    Example:
      bowout add Acme --role "Backend Engineer" --contact "Dana Reyes <dana@acme.example>" \\
        --interview 2026-12-03T10:00+01:00 --tz Europe/Berlin
    """
    with context(db, now) as ctx:
        process = service.add_process(
            ctx,
            company,
            role=role,
            link=link,
            source=source,
            stage=stage,
            contacts=contact,
            interview_at=interview_at,
            zone=zone,
            minutes=minutes,
            place=place,
        )
    if as_json:
        emit_json(process)
        return
    click.echo(process["id"])
    show_history(process["history"])


@click.command("list", cls=Command)
@click.option("--stage", type=STAGE, help="Only this stage.")
@click.option("--all", "everything", is_flag=True, help="Include ended processes.")
@store_options
def list_cmd(
    stage: str | None, everything: bool, db: str | None, now: str | None, as_json: bool
) -> None:
    """List open processes, most recently changed first.

    \b
    Example:
      bowout list --all
    """
    with context(db, now) as ctx:
        found = service.list_processes(ctx, stage=stage, everything=everything)
    if as_json:
        emit_json({"processes": found})
        return
    if found:  # printed at once: a heavy user's list is thousands of lines
        click.echo("\n".join(_line(process) for process in found))
    else:
        click.echo("nothing open; `bowout add COMPANY` starts tracking one", err=True)


@click.command(cls=Command)
@click.argument("process")
@store_options
def show(process: str, db: str | None, now: str | None, as_json: bool) -> None:
    """Everything about one process: contacts, interviews, messages, follow-ups.

    \b
    Example:
      bowout show Acme --json
    """
    with context(db, now) as ctx:
        found = service.show_process(ctx, process)
    emit_json(found) if as_json else _show(found)


@click.command(cls=Command)
@click.argument("process")
@click.option("--company", help="New company name.")
@click.option("--role", help="New role title.")
@click.option("--link", help="New posting link.")
@click.option("--source", help="New source.")
@click.option("--notes", help="Free notes.")
@click.option("--contact", multiple=True, metavar='"NAME <EMAIL>"', help="Add a contact.")
@part_option("The added contacts' part.")
@store_options
def edit(
    process: str,
    company: str | None,
    role: str | None,
    link: str | None,
    source: str | None,
    notes: str | None,
    contact: tuple[str, ...],
    part: str,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Change a process's details or add contacts.

    \b
    Example:
      bowout edit Acme --contact "Sam Lee <sam@acme.example>" --part hiring_manager
    """
    with context(db, now) as ctx:
        found = service.edit_process(
            ctx,
            process,
            company=company,
            role=role,
            link=link,
            source=source,
            notes=notes,
            contacts=contact,
            part=part,
        )
    emit_json(found) if as_json else _show(found)


@click.command(cls=Command)
@click.argument("process")
@click.argument("stage", metavar="[STAGE]", required=False, type=STAGE)
@click.option(
    "--intent",
    type=click.Choice([*(i.value for i in ProcessIntent), "none"], case_sensitive=False),
    help="What you mean to do before the next interview (status reminds you in time).",
)
@click.option("--note", help="Why the stage changed.")
@store_options
def stage(
    process: str,
    stage: str | None,
    intent: str | None,
    note: str | None,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Move a process to a stage, or mark that you mean to decline or move its interview.

    \b
    Examples:
      bowout stage Acme offer
      bowout stage Globex --intent decline
    """
    with context(db, now) as ctx:
        found = service.set_stage(ctx, process, stage, intent=intent, note=note)
    emit_json(found) if as_json else click.echo(_line(found))


def _filing(name: str, summary: str, example: str) -> click.Command:
    """archive, restore, delete: one process by id or name, the same output."""

    @click.command(name, cls=Command, help=f"{summary}\n\n\b\nExample:\n  {example}")
    @click.argument("process")
    @store_options
    def command(process: str, db: str | None, now: str | None, as_json: bool) -> None:
        with context(db, now) as ctx:
            found = getattr(service, _FILING[name])(ctx, process)
        if as_json:
            emit_json(found)
        else:
            click.echo(f"{_line(found)}  {_DONE[name]}")

    return command


_FILING = {"archive": "archive", "restore": "restore", "delete": "delete_process"}
_DONE = {"archive": "archived", "restore": "restored", "delete": "deleted for good"}

archive = _filing(
    "archive",
    "Put a process away: out of the lists, the to-do list and an acceptance's withdrawals, "
    "kept whole until you restore it.",
    "bowout archive Initech",
)
restore = _filing("restore", "Bring an archived process back.", "bowout restore Initech")
delete = _filing(
    "delete",
    "Delete an archived process for good, with everything recorded about it (archive it first).",
    "bowout delete Initech",
)
