"""People across processes, as the service offers them: the list with the proposed matches, a
person's page, and the changes to who is who (merge, split, keep apart, undo).

A contact is matched to a person when it is added (``attach``, called by every workflow that
adds contacts); a contact that somehow has none yet is matched the first time people are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bowout.errors import InvalidInput
from bowout.service.context import Context

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def attach(ctx: Context, session: Session) -> list[dict[str, Any]]:
    """Match the contacts added in this transaction to the people they are; the matches made."""
    from bowout.pipeline import people, person_matches

    return [people.change_json(c) for c in person_matches.attach(session, ctx.now)]


def settle(ctx: Context) -> None:
    """Contacts without a person (added by a path that did not match them) get one now."""
    from sqlalchemy import exists, select

    from bowout.pipeline import person_matches
    from bowout.pipeline.schema import Contact

    with ctx.read() as session:
        loose = session.scalar(select(exists().where(Contact.person_id.is_(None))))
    if loose:
        with ctx.write() as session:
            person_matches.attach(session, ctx.now)


def list_people(ctx: Context) -> dict[str, Any]:
    """Everyone the user has dealt with, by name, and the pairs that may be one person (the same
    name at the same company), to merge or keep apart."""
    from bowout.pipeline import people

    settle(ctx)
    with ctx.read() as session:
        return {
            "people": people.everyone(session),
            "proposals": people.proposals(session),
        }


def person(ctx: Context, ref: str) -> dict[str, Any]:
    """One person: every process and message with them, wherever they worked at the time, how
    each process ended and what they likely remember, and the changes to who they are."""
    from bowout.pipeline import history, people

    settle(ctx)
    with ctx.read() as session:
        return history.person(session, people.resolve(session, ref), ctx.now)


def merge_people(ctx: Context, keep: str, other: str) -> dict[str, Any]:
    """Two people are one: the second's contacts join the first (undoable)."""
    from bowout.pipeline import people

    with ctx.write() as session:
        return people.merge(session, keep, other, now=ctx.now)


def split_person(ctx: Context, ref: str, contacts: Sequence[int | str]) -> dict[str, Any]:
    """Some contacts of a person are someone else: they become a new person (undoable)."""
    from bowout.pipeline import people

    idents = []
    for contact in contacts:
        text = str(contact).strip()
        if not (text.isascii() and text.isdigit()):
            raise InvalidInput(f"a contact is named by its id (a number), not {text!r}", "contacts")
        idents.append(int(text))
    with ctx.write() as session:
        return people.split(session, ref, idents, now=ctx.now)


def keep_apart(ctx: Context, first: str, second: str) -> dict[str, Any]:
    """Two people proposed as one are different people: no longer proposed (undoable)."""
    from bowout.pipeline import people

    with ctx.write() as session:
        return people.apart(session, first, second, now=ctx.now)


def undo_people_change(ctx: Context, change_id: int) -> dict[str, Any]:
    """Take back a match, merge, split or keep-apart."""
    from bowout.pipeline import people

    if isinstance(change_id, bool) or not isinstance(change_id, int):
        raise InvalidInput("a change is named by its id (a number)", field="change")
    with ctx.write() as session:
        return people.undo(session, change_id, now=ctx.now)


def process_draft(
    ctx: Context,
    ref: str,
    scenario: str,
    details: dict[str, Any] | None = None,
    *,
    variant: int | None = None,
) -> dict[str, Any]:
    """A draft for one of the user's processes: the recipient, company, role and next
    interview come from the store, and so does what the recipient went through with the user
    before, which the draft acknowledges. ``details`` add to or override them."""
    from bowout.pipeline import interviews, processes
    from bowout.service import drafting
    from bowout.service.endings import check_for, draft_for

    with ctx.read() as session:
        process = processes.resolve(session, ref)
        upcoming = interviews.next_interview(process, ctx.now)
        given: dict[str, Any] = {"interview_at": upcoming.local_start if upcoming else None}
        given.update(details or {})
        result = draft_for(
            ctx, process, scenario, variant=variant, me=given.pop("me", None), **given
        )
        intent = drafting.scenario_intent(scenario)
        return {
            **result,
            "process": process.id,
            "check": check_for(ctx, result["body"], intent, process),
        }
