"""Matching a new contact to the person it is: the same address (a team's shared mailbox only
when the names match too) or the same LinkedIn profile. Each match is a ``PersonChange``, so a
wrong one is undone like any other (``people.undo``); the same name at the same company is never
matched here, only proposed (``people.proposals``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bowout.core import identity
from bowout.pipeline.schema import Contact, Person, PersonChange

MERGE = "merge"


def attach(session: Session, now: datetime) -> list[PersonChange]:
    """Give every contact without a person one: the person its address or profile names, else
    a new one. Each match is logged, so it can be undone; returns the matches made."""
    session.flush()
    loose = session.scalars(
        select(Contact).where(Contact.person_id.is_(None)).order_by(Contact.id)
    ).all()
    made = []
    for contact in loose:
        found = _match(session, contact)
        if found is None:
            contact.person = Person(name=contact.name, created_at=now)
        else:
            person, reason = found
            contact.person = person
            change = PersonChange(
                kind=MERGE,
                person_id=person.id,
                other_id=None,
                contacts=[contact.id],
                reason=reason,
                at=now,
            )
            session.add(change)
            made.append(change)
        session.flush()
    return made


def attach_loose(session: Session, now: datetime) -> None:
    """``attach``, only when some contact has no person yet (one indexed look-up otherwise)."""
    session.flush()
    if session.scalar(select(Contact.id).where(Contact.person_id.is_(None)).limit(1)) is not None:
        attach(session, now)


def rematch(session: Session, imported: Sequence[int], *, now: datetime) -> list[PersonChange]:
    """People just imported beside others: each one whose address or profile is already known
    joins the person who has it (logged, so it can be undone)."""
    made = []
    fresh = set(imported)
    for ident in imported:
        person = session.get(Person, ident)
        if person is None or not person.contacts:
            continue
        for contact in person.contacts:
            found = _match(session, contact, outside=fresh)
            if found is not None:
                target, reason = found
                moved = list(person.contacts)
                made.append(move_contacts(session, moved, target, person, MERGE, reason, now))
                break
    return made


def move_contacts(
    session: Session,
    contacts: Sequence[Contact],
    to: Person,
    source: Person,
    kind: str,
    reason: str,
    now: datetime,
) -> PersonChange:
    """``contacts`` leave ``source`` for ``to``; the change is logged, so it can be undone."""
    for contact in contacts:
        contact.person = to
    session.flush()
    change = PersonChange(
        kind=kind,
        person_id=to.id,
        other_id=source.id,
        contacts=[c.id for c in contacts],
        reason=reason,
        at=now,
    )
    session.add(change)
    session.flush()
    session.expire(source, ["contacts"])
    return change


def _match(
    session: Session, contact: Contact, *, outside: set[int] | None = None
) -> tuple[Person, str] | None:
    """The person an address or a profile says ``contact`` is (among people not in
    ``outside``), and which of the two said it."""
    skip = outside or set()
    address = identity.email_key(contact.email)
    if address is not None:
        same = session.scalars(
            select(Contact)
            .where(
                func.lower(Contact.email) == address,
                Contact.person_id.is_not(None),
                Contact.id != contact.id,
            )
            .order_by(Contact.id.desc())
        )
        name = identity.name_key(contact.name)
        for other in same:
            if other.person_id in skip or other.person_id == contact.person_id:
                continue
            if not identity.shared_box(address) or identity.name_key(other.name) == name:
                assert other.person is not None
                return other.person, "email"
    profile = identity.linkedin_key(contact.linkedin)
    if profile is not None:
        for other in session.scalars(
            select(Contact)
            .where(Contact.linkedin.is_not(None), Contact.person_id.is_not(None))
            .order_by(Contact.id.desc())
        ):
            if other.person_id in skip or other.person_id == contact.person_id:
                continue
            if other.id != contact.id and identity.linkedin_key(other.linkedin) == profile:
                assert other.person is not None
                return other.person, "linkedin"
    return None
