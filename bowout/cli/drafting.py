"""`bowout draft` and `bowout scenarios`: the message for each situation, in your details."""

from __future__ import annotations

from typing import Any

import click

from bowout import service
from bowout.cli.main import Command, emit_json
from bowout.cli.options import context, show_findings
from bowout.model import ACKNOWLEDGE, Scenario

# How each detail a scenario may need is given on the command line.
DETAIL_FLAGS = {"detail": "--detail", "range": "--range", "slots": "--slot or --available",
                "then": "--then", "news": "--news"}  # fmt: skip


@click.command(cls=Command)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def scenarios(as_json: bool) -> None:
    """List the scenarios `bowout draft` can write, and what each needs.

    \b
    Example:
      bowout scenarios
    """
    rows = service.scenarios()
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        needs = " ".join(DETAIL_FLAGS.get(n, f"--{n}") for n in row["needs"])
        click.echo(
            f"{row['scenario']:<25} {row['summary']}" + (f" (needs {needs})" if needs else "")
        )


@click.command(cls=Command)
@click.argument(
    "scenario", type=click.Choice([s.value for s in Scenario], case_sensitive=False),
    metavar="SCENARIO",
)  # fmt: skip
@click.option("--to", "to", metavar="NAME", help="Who you are writing to.")
@click.option("--company", metavar="NAME", help="Their company.")
@click.option("--role", metavar="TITLE", help="The role, if you want it named.")
@click.option("--me", metavar="NAME", help="Your name (default: config `me`).")
@click.option("--signature", metavar="TEXT", help="Lines under your name (default: config).")
@click.option("--detail", metavar="TEXT", help="role-mismatch: the concrete discrepancy.")
@click.option("--range", "range", metavar="TEXT", help="comp-check/counter-offer: your target.")
@click.option("--slot", "slots", multiple=True, metavar="ISO", help="A time you can offer.")
@click.option("--available", multiple=True, metavar="WINDOW", help="Availability to propose from.")
@click.option(
    "--then",
    type=click.Choice(["reschedule", "withdraw"], case_sensitive=False),
    help="same-day-cancel: what follows the cancellation.",
)
@click.option("--news", metavar="TEXT", help="reconnect: the specific thing to mention.")
@click.option(
    "--history",
    type=click.Choice(list(ACKNOWLEDGE), case_sensitive=False),
    help="You dealt with them before: declined, unanswered, or late (this reply).",
)
@click.option("--earlier", metavar="TEXT", help="What that was: 'the data role at Northwind'.")
@click.option("--interview-at", metavar="ISO", help="The interview concerned (adds timing notes).")
@click.option("--recruiter-tz", metavar="ZONE", help="The recruiter's time zone for slots.")
@click.option("--variant", type=int, help="Which wording (1, 2, 3...).")
@click.option(
    "--process",
    "process",
    metavar="PROCESS",
    help="One of your processes: names, role and history come from the store.",
)
@click.option("--db", metavar="URL", help="SQLAlchemy URL of the store (with --process).")
@click.option("--now", metavar="ISO", help="Pretend the current time is this.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def draft(
    scenario: str,
    as_json: bool,
    variant: int | None,
    process: str | None,
    db: str | None,
    now: str | None,
    **given: Any,
) -> None:
    """Write the message for a scenario, warm but decisive, in your details.

    Run `bowout scenarios` for the list and what each needs.

    \b
    Example:
      bowout draft role-mismatch --to Dana --company Acme --me 'Sam Lee' \\
        --detail 'the role is fully on-site, and I am looking for remote work'
    """
    details = {k: list(v) if isinstance(v, tuple) else v for k, v in given.items()}
    details = {k: v for k, v in details.items() if v not in (None, [])}
    if process is not None:
        with context(db, now) as ctx:
            result = service.process_draft(ctx, process, scenario.lower(), details, variant=variant)
    else:
        result = service.draft(context(now=now), scenario.lower(), details, variant=variant)
    if as_json:
        emit_json(result)
        return
    click.echo(f"Subject: {result['subject']}\n")
    click.echo(result["body"])
    for note in result["notes"]:
        click.echo(f"\nnote: {note}", err=True)
    show_findings(result.get("check"))
