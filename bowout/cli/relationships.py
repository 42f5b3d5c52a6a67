"""Afterwards, on the command line: keep a contact, and the notes and reconnections due."""

from __future__ import annotations

import click

from bowout import service
from bowout.cli.main import Command, emit_json
from bowout.cli.options import context, next_command, part_option, show_draft, store_options
from bowout.model import KEEP_WHY


@click.command(cls=Command)
@click.argument("process")
@click.argument("contact")
@click.option(
    "--why",
    required=True,
    type=click.Choice(KEEP_WHY, case_sensitive=False),
    help="Why the relationship is worth keeping.",
)
@part_option("Their part, when CONTACT is a new name.")
@store_options
def keep(
    process: str,
    contact: str,
    why: str,
    part: str,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Keep a contact of an ended process: a LinkedIn note soon, a reconnection months later.

    \b
    Example:
      bowout keep Globex "Lee Park" --why hiring-manager-conversation
    """
    with context(db, now) as ctx:
        result = service.keep(ctx, process, contact, why=why.lower(), part=part.lower())
    if as_json:
        emit_json(result)
        return
    name = result["contact"]["name"]
    note, later = result["followups"]
    click.echo(f"keeping {name}: LinkedIn note due {note['due']}, reconnection {later['due']}")


@click.command(cls=Command)
@click.option("--process", "process_ref", metavar="PROCESS", help="Only this process.")
@click.option("--news", help="Something concrete they did, to congratulate them on.")
@store_options
def reconnect(
    process_ref: str | None, news: str | None, db: str | None, now: str | None, as_json: bool
) -> None:
    """Notes and reconnections due, each drafted to ask for nothing.

    \b
    Example:
      bowout reconnect --process Globex --news "the launch of their new API"
    """
    with context(db, now) as ctx:
        result = service.reconnect(ctx, process_ref=process_ref, news=news)
    if as_json:
        emit_json(result)
        return
    for item in result["due"]:
        click.echo(f"\n--- {item['company']}: {item['kind']} to {item['contact_name']} ---")
        if item["draft"]:
            show_draft(item["draft"])
        else:
            click.echo("  a reconnection names something concrete they did: add --news TEXT")
        click.echo(f"once sent: {next_command(item['next'])}")
    if not result["due"]:
        click.echo("no reconnection is due")
