"""How processes end, on the command line: decline, reschedule, accept, keep, reconnect."""

from __future__ import annotations

import sys
from typing import Any

import click

from bowout.cli.main import emit_json
from bowout.cli.options import (
    Run,
    part_option,
    read_text,
    run,
    show_draft,
    show_findings,
    store_options,
)
from bowout.model import KEEP_WHY, Reason


def interactive() -> bool:
    return sys.stdin.isatty()


def _confirmed(yes: bool, as_json: bool) -> bool:
    """--yes records; otherwise ask on a terminal; a script without --yes only gets the plan."""
    if yes:
        return True
    if as_json or not interactive():
        return False
    return click.confirm("Record this message as sent?", default=False)


def _plan_then_record(ctx: Run, yes: bool, as_json: bool, act: Any) -> dict[str, Any]:
    # Plan in a read transaction so nothing is locked while the user reads and decides.
    with ctx.read() as session:
        plan: dict[str, Any] = act(session, False)
    if not as_json:
        show_draft(plan["draft"])
        show_findings(plan["check"])
    if _confirmed(yes, as_json):
        with ctx.write() as session:
            plan = act(session, True)
    return plan


def _report(plan: dict[str, Any], as_json: bool, what: str) -> None:
    if as_json:
        emit_json(plan)
    elif plan["recorded"]:
        click.echo(f"recorded: {what} for {plan['company']} (message {plan['recorded']['id']})")
        if plan.get("next"):
            click.echo(f"worth keeping a contact? {plan['next']}", err=True)
    else:
        click.echo("nothing recorded; send it, then run again with --yes", err=True)


@click.command()
@click.argument("process")
@click.option("--reason", type=click.Choice([r.value for r in Reason]), help="Why you decline.")
@click.option("--detail", help="The concrete mismatch (scope, level, remote policy...).")
@click.option("--variant", type=int, help="Which wording of the draft.")
@click.option("--text", help="Your own message instead of the draft.")
@click.option("--file", metavar="FILE", help="Your own message from a file (.txt or .eml).")
@click.option("--yes", is_flag=True, help="Record it as sent without asking.")
@store_options
def decline(
    process: str,
    reason: str | None,
    detail: str | None,
    variant: int | None,
    text: str | None,
    file: str | None,
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
    from bowout.pipeline import endings

    own = read_text(text, file) if text is not None or file is not None else None
    ctx = run(db, now)

    def act(session: Any, confirm: bool) -> dict[str, Any]:
        return endings.decline(
            session,
            process,
            now=ctx.now,
            settings=ctx.settings,
            reason=reason,
            detail=detail,
            variant=variant,
            text=own,
            confirm=confirm,
        )

    plan = _plan_then_record(ctx, yes, as_json, act)
    if not as_json and plan["advice"] and plan["advice"]["action"] != "decline":
        click.echo(f"note: the advice for this reason is to {plan['advice']['action']}", err=True)
    _report(plan, as_json, "the decline")
    if plan["recorded"] and not as_json and interactive():
        _ask_keep(ctx, plan)


def _ask_keep(ctx: Run, plan: dict[str, Any]) -> None:
    """The process has ended: which of its people are worth keeping in touch with?"""
    from bowout.pipeline import relationships

    for contact in plan.get("contacts", []):
        why = click.prompt(
            f"Keep in touch with {contact['name']} ({contact['part'].replace('_', ' ')})?",
            type=click.Choice(["no", *KEEP_WHY]),
            default="no",
        )
        if why == "no":
            continue
        with ctx.write() as session:
            kept = relationships.keep(
                session,
                str(plan["process"]),
                str(contact["id"]),
                why=why,
                now=ctx.now,
                settings=ctx.settings,
            )
        note, later = kept["followups"]
        click.echo(f"  LinkedIn note due {note['due'][:10]}, reconnection {later['due'][:10]}")


@click.command()
@click.argument("process")
@click.option("--slot", multiple=True, metavar="ISO", help="A time to propose (repeat).")
@click.option("--to", "to_time", metavar="ISO", help="The new time, once agreed.")
@click.option("--variant", type=int, help="Which wording of the draft.")
@click.option("--text", help="Your own message instead of the draft.")
@click.option("--file", metavar="FILE", help="Your own message from a file (.txt or .eml).")
@click.option("--yes", is_flag=True, help="Record it as sent without asking.")
@store_options
def reschedule(
    process: str,
    slot: tuple[str, ...],
    to_time: str | None,
    variant: int | None,
    text: str | None,
    file: str | None,
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
    from bowout.pipeline import endings

    own = read_text(text, file) if text is not None or file is not None else None
    ctx = run(db, now)

    def act(session: Any, confirm: bool) -> dict[str, Any]:
        return endings.reschedule(
            session,
            process,
            now=ctx.now,
            settings=ctx.settings,
            slots=slot,
            to=to_time,
            variant=variant,
            text=own,
            confirm=confirm,
        )

    _report(_plan_then_record(ctx, yes, as_json, act), as_json, "the reschedule")


@click.command()
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
    from bowout.pipeline import endings

    ctx = run(db, now)
    with ctx.write() as session:
        result = endings.accept(session, process, now=ctx.now, settings=ctx.settings, verbal=verbal)
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


@click.command()
@click.argument("process")
@click.argument("contact")
@click.option(
    "--why",
    required=True,
    type=click.Choice(KEEP_WHY),
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
    from bowout.pipeline import relationships

    ctx = run(db, now)
    with ctx.write() as session:
        result = relationships.keep(
            session, process, contact, why=why, now=ctx.now, settings=ctx.settings, part=part
        )
    if as_json:
        emit_json(result)
        return
    name = result["contact"]["name"]
    note, later = result["followups"]
    click.echo(f"keeping {name}: LinkedIn note due {note['due']}, reconnection {later['due']}")


@click.command()
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
    from bowout.pipeline import relationships

    ctx = run(db, now)
    with ctx.read() as session:
        result = relationships.reconnect(
            session, now=ctx.now, settings=ctx.settings, process_ref=process_ref, news=news
        )
    if as_json:
        emit_json(result)
        return
    for item in result["due"]:
        click.echo(f"\n--- {item['company']}: {item['kind']} to {item['contact_name']} ---")
        show_draft(item["draft"])
        click.echo(f"once sent: {item['next']}")
    if not result["due"]:
        click.echo("no reconnection is due")
