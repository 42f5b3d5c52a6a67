"""`bowout contact edit|remove`: a contact of a process (add one with `bowout edit --contact`)."""

from __future__ import annotations

from typing import Any

import click

from bowout import service
from bowout.cli.main import Group, emit_json
from bowout.cli.options import context, store_options
from bowout.model import ContactRole


@click.group(cls=Group)
def contact() -> None:
    """Change or remove a contact of a process (ids are in `bowout show`).

    \b
    Example:
      bowout contact edit 3 --email dana.reyes@acme.example
    """


def _out(found: dict[str, Any], as_json: bool, done: str) -> None:
    if as_json:
        emit_json(found)
        return
    email = f" <{found['email']}>" if found.get("email") else ""
    click.echo(f"contact {found['id']}: {found['name']}{email} ({found['part']}) {done}")


@contact.command("edit")
@click.argument("contact_id", type=int, metavar="CONTACT")
@click.option("--name", help="Their name.")
@click.option("--email", help="Their e-mail address (empty to clear it).")
@click.option("--phone", help="Their phone number (empty to clear it).")
@click.option("--linkedin", metavar="URL", help="Their LinkedIn profile (empty to clear it).")
@click.option(
    "--part",
    type=click.Choice([r.value for r in ContactRole], case_sensitive=False),
    help="Their part in the process.",
)
@store_options
def contact_edit(
    contact_id: int,
    name: str | None,
    email: str | None,
    phone: str | None,
    linkedin: str | None,
    part: str | None,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Change a contact's name, e-mail, phone, LinkedIn or part.

    \b
    Example:
      bowout contact edit 3 --part hiring_manager
    """
    given = {"name": name, "email": email, "phone": phone, "linkedin": linkedin, "part": part}
    changes = {key: value for key, value in given.items() if value is not None}
    if not changes:
        raise click.UsageError("say what to change: --name, --email, --phone, --linkedin or --part")
    with context(db, now) as ctx:
        found = service.edit_contact(ctx, contact_id, changes)
    _out(found, as_json, "changed")


@contact.command("remove")
@click.argument("contact_id", type=int, metavar="CONTACT")
@store_options
def contact_remove(contact_id: int, db: str | None, now: str | None, as_json: bool) -> None:
    """Forget a contact; the messages and follow-ups that named them stay.

    \b
    Example:
      bowout contact remove 3
    """
    with context(db, now) as ctx:
        found = service.remove_contact(ctx, contact_id)
    _out(found, as_json, "removed")
