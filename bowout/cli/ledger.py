"""The reputation ledger on the command line: `ledger`, and `repair` for a message left too long
without an answer (late, but better than silence)."""

from __future__ import annotations

from typing import Any

import click

from bowout import service
from bowout.cli.endings import _plan_then_record, _report
from bowout.cli.main import Command, emit_json
from bowout.cli.options import context, next_command, read_text, sending_options, store_options


@click.command(cls=Command)
@store_options
def ledger(db: str | None, now: str | None, as_json: bool) -> None:
    """How every process ended, and what the other side likely remembers.

    Read from what is stored (the messages and their checks, the notice they gave, the
    follow-ups), never typed in; a process whose message you left unanswered past the overdue
    line is in it too, with the late answer that repairs it.

    \b
    Example:
      bowout ledger --json
    """
    with context(db, now) as ctx:
        found = service.ledger(ctx)
    if as_json:
        emit_json(found)
        return
    click.echo(found["summary"]["text"])
    for entry in found["processes"]:
        _entry(entry)


def _entry(entry: dict[str, Any]) -> None:
    role = f" — {entry['role']}" if entry["role"] else ""
    when = (entry["ended_at"] or "")[:10]
    how = entry["ending"].replace("_", " ")
    if entry["notice"] not in (None, "none"):
        how += f", {entry['notice'].replace('_', '-')} notice"
    click.echo(f"\n{entry['process']:>5}  {entry['company']}{role}  {when}  {how}")
    click.echo(f"       {entry['said']}: {entry['remembered']} (reference: {entry['impact']})")
    names = ", ".join(f"{p['name']} ({p['part'].replace('_', ' ')})" for p in entry["people"])
    if names:
        click.echo(f"       with {names}")
    if entry.get("next"):
        click.echo(f"       better late than never: {next_command(entry['next'])}")


@click.command(cls=Command)
@click.argument("process")
@sending_options
@store_options
def repair(
    process: str,
    variant: int | None,
    text: str | None,
    file: str | None,
    me: str | None,
    yes: bool,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Answer, late, a message you left unanswered: short, owning the delay, saying no.

    Once sent, the ledger shows the process as answered late instead of unanswered.

    \b
    Example:
      bowout repair Initech --yes
    """
    own = read_text(text, file) if text is not None or file is not None else None
    with context(db, now) as ctx:

        def act(confirm: bool) -> dict[str, Any]:
            return service.late_reply(
                ctx, process, variant=variant, text=own, me=me, confirm=confirm
            )

        plan = _plan_then_record(yes, as_json, act)
        _report(plan, as_json, "the late answer")
        if plan["recorded"] and not as_json and plan.get("ledger"):
            entry = plan["ledger"]
            click.echo(f"the ledger now reads: {entry['said']} ({entry['remembered']})")
