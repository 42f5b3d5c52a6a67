"""How processes end, on the command line: decline, reschedule, accept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from bowout import service
from bowout.cli.main import Command, emit_json
from bowout.cli.options import (
    context,
    interactive,
    next_command,
    read_text,
    sending_options,
    show_draft,
    show_findings,
    store_options,
)
from bowout.model import KEEP_WHY, Reason


def _confirmed(yes: bool, as_json: bool) -> bool:
    """--yes records; otherwise ask on a terminal; a script without --yes only gets the plan."""
    if yes:
        return True
    if as_json or not interactive():
        return False
    return click.confirm("Record this message as sent?", default=False)


def _plan_then_record(yes: bool, as_json: bool, act: Callable[[bool], dict[str, Any]]) -> Any:
    """The plan (read only, so nothing is locked while the user reads), then, once confirmed,
    the same call recording it."""
    plan = act(False)
    if not as_json:
        show_draft(plan["draft"])
        show_findings(plan["check"])
    if _confirmed(yes, as_json):
        plan = act(True)
    return plan


def _report(plan: dict[str, Any], as_json: bool, what: str) -> None:
    if as_json:
        emit_json(plan)
    elif plan["recorded"]:
        click.echo(f"recorded: {what} for {plan['company']} (message {plan['recorded']['id']})")
        if plan.get("next"):
            click.echo(f"worth keeping a contact? {next_command(plan['next'])}", err=True)
    else:
        click.echo("nothing recorded; send it, then run again with --yes", err=True)


@click.command(cls=Command)
@click.argument("process")
@click.option(
    "--reason",
    type=click.Choice([r.value for r in Reason], case_sensitive=False),
    help="Why you decline.",
)
@click.option("--detail", help="The concrete mismatch (scope, level, remote policy...).")
@sending_options
@store_options
def decline(
    process: str,
    reason: str | None,
    detail: str | None,
    variant: int | None,
    text: str | None,
    file: str | None,
    me: str | None,
    yes: bool,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Advise, draft and check a decline; once sent, record it and close the process.

    \b
    Example:
      bowout decline Globex --reason role_mismatch --detail "the role is fully on-site" --yes
    """
    own = read_text(text, file) if text is not None or file is not None else None
    with context(db, now) as ctx:

        def act(confirm: bool) -> dict[str, Any]:
            return service.decline(
                ctx,
                process,
                reason=reason.lower() if reason else None,
                detail=detail,
                variant=variant,
                text=own,
                me=me,
                confirm=confirm,
            )

        plan = _plan_then_record(yes, as_json, act)
        if not as_json and plan["advice"] and plan["advice"]["action"] != "decline":
            click.echo(
                f"note: the advice for this reason is to {plan['advice']['action']}", err=True
            )
        _report(plan, as_json, "the decline")
        if plan["recorded"] and not as_json and interactive():
            _ask_keep(ctx, plan)


def _ask_keep(ctx: service.Context, plan: dict[str, Any]) -> None:
    """The process has ended: which of its people are worth keeping in touch with?"""
    for contact in plan.get("contacts", []):
        why = click.prompt(
            f"Keep in touch with {contact['name']} ({contact['part'].replace('_', ' ')})?",
            type=click.Choice(["no", *KEEP_WHY]),
            default="no",
        )
        if why == "no":
            continue
        kept = service.keep(ctx, str(plan["process"]), str(contact["id"]), why=why)
        note, later = kept["followups"]
        click.echo(f"  LinkedIn note due {note['due'][:10]}, reconnection {later['due'][:10]}")


@click.command(cls=Command)
@click.argument("process")
@click.option("--slot", "slots", multiple=True, metavar="ISO", help="A time to propose (repeat).")
@click.option("--to", "at", metavar="ISO", help="The new time, once agreed.")
@sending_options
@store_options
def reschedule(
    process: str,
    slots: tuple[str, ...],
    at: str | None,
    variant: int | None,
    text: str | None,
    file: str | None,
    me: str | None,
    yes: bool,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Draft a reschedule proposing concrete times; once sent, record it and move the interview.

    \b
    Example:
      bowout reschedule Acme --slot 2026-12-08T10:00+01:00 --slot 2026-12-09T14:00+01:00
    """
    own = read_text(text, file) if text is not None or file is not None else None
    with context(db, now) as ctx:

        def act(confirm: bool) -> dict[str, Any]:
            return service.reschedule(
                ctx, process, slots=slots, to=at, variant=variant, text=own, me=me,
                confirm=confirm,
            )  # fmt: skip

        _report(_plan_then_record(yes, as_json, act), as_json, "the reschedule")


@click.command(cls=Command)
@click.argument("process")
@click.option("--verbal", is_flag=True, help="Accepted by phone or in person (it counts).")
@store_options
def accept(process: str, verbal: bool, db: str | None, now: str | None, as_json: bool) -> None:
    """Record an accepted offer and draft a withdrawal for every other open process.

    Their interviews are cancelled and each withdrawal stays in `bowout status` until it is
    marked sent (`bowout followup done ID`, or by logging the sent message).

    \b
    Example:
      bowout accept Initech --verbal
    """
    with context(db, now) as ctx:
        result = service.accept(ctx, process, verbal=verbal)
    if as_json:
        emit_json(result)
        return
    click.echo(f"accepted: {result['company']}. Withdrawals to send now:")
    for item in result["withdrawals"]:
        click.echo(f"\n--- {item['company']} (follow-up {item['followup']}) ---")
        show_draft(item["draft"])
        click.echo(f"once sent: bowout followup done {item['followup']}")
    if not result["withdrawals"]:
        click.echo("no other open process: nobody to withdraw from")
