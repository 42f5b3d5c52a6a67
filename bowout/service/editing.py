"""Changing what is stored, as the service offers it: a process's details and notes, its
contacts, and archiving, restoring or deleting it. Each call is one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bowout.service.context import Context


def edit_details(ctx: Context, ref: str, changes: Mapping[str, str | None]) -> dict[str, Any]:
    """Set a process's company, role, link, source or notes; an empty value clears one."""
    from bowout.pipeline import editing

    with ctx.write() as session:
        return editing.update_details(session, ref, changes, now=ctx.now)


def add_contact(ctx: Context, ref: str, values: Mapping[str, str | None]) -> dict[str, Any]:
    """A new contact of the process: name, and any of email, phone, linkedin and part."""
    from bowout.pipeline import editing

    with ctx.write() as session:
        return editing.add_contact(session, ref, values, now=ctx.now)


def edit_contact(ctx: Context, contact_id: int, values: Mapping[str, str | None]) -> dict[str, Any]:
    """Change a contact's name, e-mail, phone, LinkedIn or part; an empty value clears one."""
    from bowout.pipeline import editing, person_matches

    with ctx.write() as session:
        edited = editing.edit_contact(session, contact_id, values, now=ctx.now)
        if edited.get("person") is not None and ({"email", "linkedin"} & set(values)):
            # a new address or profile may say who they are: the same rule as for a new contact
            person_matches.rematch(session, [edited["person"]], now=ctx.now)
            edited = {**edited, "person": editing.get_contact(session, contact_id).person_id}
        return edited


def remove_contact(ctx: Context, contact_id: int) -> dict[str, Any]:
    from bowout.pipeline import editing

    with ctx.write() as session:
        return editing.remove_contact(session, contact_id, now=ctx.now)


def archive(ctx: Context, ref: str) -> dict[str, Any]:
    """Put a process away: out of the lists, the to-do list and an acceptance's withdrawals,
    kept whole until it is restored."""
    from bowout.pipeline import editing

    with ctx.write() as session:
        return editing.archive(session, ref, now=ctx.now)


def restore(ctx: Context, ref: str) -> dict[str, Any]:
    from bowout.pipeline import editing

    with ctx.write() as session:
        return editing.restore(session, ref, now=ctx.now)


def delete_process(ctx: Context, ref: str) -> dict[str, Any]:
    """Delete an archived process for good (a process in view must be archived first)."""
    from bowout.pipeline import editing

    with ctx.write() as session:
        return editing.delete(session, ref)
