"""People across processes, on the command line: `people` (with merge, split, apart, undo) and
`person`, and the note shown wherever someone the user dealt with before comes up again."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import click

from bowout import service
from bowout.cli.main import Command, Group, emit_json
from bowout.cli.options import context, store_options


def history_lines(entries: Iterable[dict[str, Any]]) -> list[str]:
    """'Dana Reyes, met before at Northwind (Data Engineer): declined with ample notice;
    likely remembered as "Professional: they respected our time."' One line per process."""
    lines = []
    for entry in entries:
        for before in entry["earlier"]:
            where = before["company"] + (f" ({before['role']})" if before.get("role") else "")
            if before["ending"] is None:
                lines.append(f"{entry['name']} is also in {where}, still open")
                continue
            how = before["ending"].replace("_", " ")
            if before.get("notice") not in (None, "none"):
                how += f" with {before['notice'].replace('_', '-')} notice"
            lines.append(
                f"{entry['name']}, met before at {where}: {how}; "
                f'likely remembered as "{before["remembered"]}"'
            )
    return lines


def show_history(entries: Iterable[dict[str, Any]]) -> None:
    for line in history_lines(entries):
        click.echo(f"  note: {line}", err=True)


_CHANGE = {
    ("merge", "email"): "matched by the same address",
    ("merge", "linkedin"): "matched by the same LinkedIn profile",
    ("merge", "user"): "merged by you",
    ("split", "user"): "split by you",
    ("apart", "user"): "kept apart from a namesake",
}


def _line(person: dict[str, Any]) -> str:
    emails = f" <{', '.join(person['emails'])}>" if person["emails"] else ""
    count = person["process_count"]
    where = ", ".join(person["companies"])
    kept = ", kept" if person["kept"] else ""
    plural = "es" if count != 1 else ""
    return f"{person['id']:>5}  {person['name']}{emails}  {count} process{plural}: {where}{kept}"


def _proposal(proposal: dict[str, Any]) -> str:
    return (
        f"  same person? {proposal['first']} and {proposal['second']}, both {proposal['name']} "
        f"at {proposal['because']}: bowout people merge {proposal['first']} "
        f"{proposal['second']}, or bowout people apart {proposal['first']} {proposal['second']}"
    )


@click.group(cls=Group, invoke_without_command=True)
@store_options
@click.pass_context
def people(click_ctx: click.Context, db: str | None, now: str | None, as_json: bool) -> None:
    """Everyone you dealt with, across processes and companies, and who may be one person.

    A contact is the same person as another with the same e-mail address or LinkedIn profile;
    the same name at the same company is only proposed, for you to merge or keep apart.

    \b
    Examples:
      bowout people
      bowout people merge 3 7
    """
    if click_ctx.invoked_subcommand is not None:
        return
    with context(db, now) as ctx:
        found = service.list_people(ctx)
    if as_json:
        emit_json(found)
        return
    for person in found["people"]:
        click.echo(_line(person))
    for proposal in found["proposals"]:
        click.echo(_proposal(proposal))
    if not found["people"]:
        click.echo("nobody yet: the contacts of your processes appear here", err=True)


def _changed(result: dict[str, Any], as_json: bool, what: str) -> None:
    if as_json:
        emit_json(result)
        return
    change = result["change"]
    click.echo(f"{what} (change {change['id']}; undo: bowout people undo {change['id']})")


@people.command("merge")
@click.argument("keep")
@click.argument("other")
@store_options
def merge(keep: str, other: str, db: str | None, now: str | None, as_json: bool) -> None:
    """Two people are one: OTHER's contacts join KEEP (by id, name or address).

    \b
    Example:
      bowout people merge 3 7
    """
    with context(db, now) as ctx:
        result = service.merge_people(ctx, keep, other)
    _changed(result, as_json, f"merged into {result['person']['name']} ({result['person']['id']})")


@people.command("split")
@click.argument("person")
@click.argument("contacts", nargs=-1, required=True, metavar="CONTACT...")
@store_options
def split(
    person: str, contacts: tuple[str, ...], db: str | None, now: str | None, as_json: bool
) -> None:
    """Some of a person's contacts (by id, see `bowout person`) are someone else.

    \b
    Example:
      bowout people split "Dana Reyes" 12
    """
    with context(db, now) as ctx:
        result = service.split_person(ctx, person, contacts)
    _changed(result, as_json, f"split out as person {result['person']['id']}")


@people.command("apart")
@click.argument("first")
@click.argument("second")
@store_options
def apart(first: str, second: str, db: str | None, now: str | None, as_json: bool) -> None:
    """Two people proposed as one are different people: stop proposing them.

    \b
    Example:
      bowout people apart 3 7
    """
    with context(db, now) as ctx:
        result = service.keep_apart(ctx, first, second)
    _changed(result, as_json, "kept apart")


@people.command("undo")
@click.argument("change", type=int)
@store_options
def undo(change: int, db: str | None, now: str | None, as_json: bool) -> None:
    """Take back a change to who is who: a match, a merge, a split or a keep-apart.

    \b
    Example:
      bowout people undo 4
    """
    with context(db, now) as ctx:
        result = service.undo_people_change(ctx, change)
    if as_json:
        emit_json(result)
    else:
        click.echo(f"change {result['change']['id']} ({result['change']['kind']}) undone")


@click.command(cls=Command)
@click.argument("person", metavar="NAME")
@store_options
def person(person: str, db: str | None, now: str | None, as_json: bool) -> None:
    """One person: every process and message with them, wherever they worked at the time, and
    what each process likely left them remembering.

    \b
    Example:
      bowout person "Dana Reyes" --json
    """
    with context(db, now) as ctx:
        found = service.person(ctx, person)
    if as_json:
        emit_json(found)
        return
    click.echo(_line(found))
    for item in found["processes"]:
        at = f" <{item['email']}>" if item["email"] else ""
        role = f" — {item['role']}" if item["role"] else ""
        click.echo(f"  process {item['process']}: {item['company']}{role} [{item['stage']}]")
        click.echo(f"    as {item['name']}{at}, {item['part'].replace('_', ' ')}")
        if item["ending"]:
            click.echo(f"    ended {item['ending'].replace('_', ' ')}: {item['said']}")
            click.echo(f"    they likely remember: {item['remembered']}")
    for message in found["messages"]:
        arrow = "<-" if message["direction"] == "in" else "->"
        first = message["body"].splitlines()[0][:60] if message["body"] else ""
        click.echo(
            f"  {arrow} {message['at'][:10]} {message['company']}: {message['subject'] or first}"
        )
    for proposal in found["proposals"]:
        click.echo(_proposal(proposal))
    for change in found["changes"]:
        if change["undone_at"] is None:
            what = _CHANGE.get((change["kind"], change["reason"]), change["kind"])
            click.echo(f"  {what} (change {change['id']}; undo: bowout people undo {change['id']})")
