"""People, not rows: the contacts of every process gathered into the persons they are.

A new contact joins the person an address or a LinkedIn profile says it is (``person_matches``); the
same name at the same company is only proposed here. Every change to who is who (a match, a merge, a
split, two people said to be different) is a ``PersonChange``, and any of them can be undone.
What the user went through with each person, and how it ended, is in ``history``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bowout.core import identity
from bowout.errors import Ambiguous, Conflict, InvalidInput, NotFound
from bowout.pipeline.fields import check_encodable
from bowout.pipeline.person_matches import MERGE, move_contacts
from bowout.pipeline.processes import by_id
from bowout.pipeline.schema import Contact, Person, PersonChange, Process
from bowout.pipeline.serialize import iso

SPLIT, APART = "split", "apart"


# --- finding people ------------------------------------------------------------------------------


def resolve(session: Session, ref: str | int) -> Person:
    """A person by id, by an address or LinkedIn profile of theirs, or by an unambiguous name."""
    text = check_encodable(str(ref), "person").strip()
    if not text:
        raise InvalidInput("say who: a person's id, name or e-mail address", field="person")
    if text.isascii() and text.isdigit():
        person = by_id(session, Person, int(text))
        if person is None:
            raise NotFound(f"there is no person with id {text}", field="person")
        if not person.contacts:
            raise NotFound(_where_they_went(session, person), field="person")
        return person
    if identity.email_key(text) is not None and " " not in text:
        matches = _people_of(
            session.scalars(select(Contact).where(func.lower(Contact.email) == text.lower()))
        )
    elif identity.looks_like_linkedin(text):
        wanted = identity.linkedin_key(text)
        matches = _people_of(
            c
            for c in session.scalars(select(Contact).where(Contact.linkedin.is_not(None)))
            if identity.linkedin_key(c.linkedin) == wanted
        )
    else:
        wanted_name = identity.name_key(text) or ""
        known = _people_of(session.scalars(select(Contact).where(Contact.person_id.is_not(None))))
        exact = [p for p in known if wanted_name in _names(p)]
        matches = exact or [p for p in known if any(wanted_name in n for n in _names(p))]
    if not matches:
        raise NotFound(f"there is nobody matching {text!r}", field="person")
    if len(matches) > 1:
        names = ", ".join(f"{p.id} ({p.name}, {', '.join(_companies(p))})" for p in matches)
        raise Ambiguous(f"{text!r} matches several people: {names}; give the id", "person")
    return matches[0]


def _people_of(contacts: Iterable[Contact]) -> list[Person]:
    found: dict[int, Person] = {}
    for contact in contacts:
        if contact.person is not None:
            found.setdefault(contact.person.id, contact.person)
    return [found[key] for key in sorted(found)]


def _names(person: Person) -> set[str]:
    keys = {identity.name_key(person.name)} | {identity.name_key(c.name) for c in person.contacts}
    return {key for key in keys if key}


def _companies(person: Person) -> list[str]:
    return list(dict.fromkeys(c.process.company for c in person.contacts))


def _where_they_went(session: Session, person: Person) -> str:
    merged = session.scalars(
        select(PersonChange)
        .where(
            PersonChange.kind == MERGE,
            PersonChange.other_id == person.id,
            PersonChange.undone_at.is_(None),
        )
        .order_by(PersonChange.id.desc())
    ).first()
    if merged is not None:
        return f"person {person.id} was merged into person {merged.person_id}"
    return f"person {person.id} has no contacts left"


# --- listing and showing -------------------------------------------------------------------------


def person_line(person: Person) -> dict[str, Any]:
    """A person in a list: their names, addresses, profiles and where they worked."""
    contacts = sorted(person.contacts, key=lambda c: (c.process.created_at, c.id))
    return {
        "id": person.id,
        "name": person.name,
        "emails": _distinct(c.email for c in contacts),
        "linkedin": _profiles(c.linkedin for c in contacts),
        "companies": _companies(person),
        "parts": _distinct(c.part for c in contacts),
        "process_count": len({c.process_id for c in contacts}),
        "kept": any(c.keep for c in contacts),
    }


def _distinct(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _profiles(values: Iterable[str | None]) -> list[str]:
    """LinkedIn profiles, each once however it was written (as first written)."""
    found: dict[str, str] = {}
    for value in values:
        key = identity.linkedin_key(value)
        if key is not None:
            found.setdefault(key, value or key)
    return list(found.values())


def everyone(session: Session) -> list[dict[str, Any]]:
    """Every person with at least one contact, by name, as ``person_line`` shows them (read
    in one query, not one per person)."""
    rows = session.connection().execute(
        select(
            Person.id,
            Person.name,
            Contact.email,
            Contact.linkedin,
            Contact.part,
            Contact.keep,
            Contact.process_id,
            Process.company,
        )
        .join(Contact, Contact.person_id == Person.id)
        .join(Process, Contact.process_id == Process.id)
        .order_by(Person.id, Process.created_at, Contact.id)
    )
    found: dict[int, dict[str, Any]] = {}
    for ident, name, email, linkedin, part, keep, process_id, company in rows:
        line = found.setdefault(
            ident,
            {"id": ident, "name": name, "emails": [], "linkedin": [], "companies": [],
             "parts": [], "process_count": set(), "kept": False},
        )  # fmt: skip
        for key, value in (("emails", email), ("companies", company), ("parts", part)):
            if value and value not in line[key]:
                line[key].append(value)
        line["linkedin"] = _profiles([*line["linkedin"], linkedin])
        line["process_count"].add(process_id)
        line["kept"] = line["kept"] or bool(keep)
    for line in found.values():
        line["process_count"] = len(line["process_count"])
    return sorted(found.values(), key=lambda p: (identity.name_key(p["name"]) or "", p["id"]))


def proposals(session: Session, names: set[str] | None = None) -> list[dict[str, Any]]:
    """People who may be one person (the same name at the same company), for the user to
    merge or keep apart; the pairs they already kept apart are not proposed again. ``names``
    (name keys): only proposals for these names."""
    rows = session.execute(
        select(Contact.person_id, Contact.name, Contact.email, Contact.process_id, Process.company)
        .join(Process, Contact.process_id == Process.id)
        .where(Contact.person_id.is_not(None))
    ).all()
    domains: dict[int, set[str]] = {}
    for _, _, email, process_id, _ in rows:
        own = identity.domain(email)
        if own:
            domains.setdefault(process_id, set()).add(own)
    seen = [
        identity.Seen(
            person=person,
            name=name,
            email=email,
            company=company,
            domains=frozenset(domains.get(process_id, ())),
        )
        for person, name, email, process_id, company in rows
        if person is not None and (names is None or identity.name_key(name) in names)
    ]
    found = identity.proposals(seen, apart_pairs(session))
    return [
        {"first": p.first, "second": p.second, "name": p.name, "because": p.because} for p in found
    ]


def apart_pairs(session: Session) -> list[tuple[int, int]]:
    """Pairs the user has said are different people: kept apart, split, or a merge undone."""
    pairs = []
    for change in session.scalars(select(PersonChange).where(PersonChange.other_id.is_not(None))):
        assert change.other_id is not None
        if (change.kind in (APART, SPLIT) and change.undone_at is None) or (
            change.kind == MERGE and change.undone_at is not None
        ):
            pairs.append((change.person_id, change.other_id))
    return pairs


def change_json(change: PersonChange) -> dict[str, Any]:
    return {
        "id": change.id,
        "kind": change.kind,
        "person": change.person_id,
        "other": change.other_id,
        "contacts": list(change.contacts),
        "reason": change.reason,
        "at": iso(change.at),
        "undone_at": iso(change.undone_at),
    }


def changes_of(session: Session, person: Person) -> list[dict[str, Any]]:
    query = (
        select(PersonChange)
        .where((PersonChange.person_id == person.id) | (PersonChange.other_id == person.id))
        .order_by(PersonChange.id)
    )
    return [change_json(c) for c in session.scalars(query)]


# --- merging, splitting, keeping apart, undoing --------------------------------------------------


def merge(session: Session, keep_ref: str, other_ref: str, *, now: datetime) -> dict[str, Any]:
    """One person from two: the second's contacts join the first."""
    keep, other = resolve(session, keep_ref), resolve(session, other_ref)
    if keep.id == other.id:
        raise Conflict(f"{keep.name} is one person already (id {keep.id})", field="person")
    change = move_contacts(session, list(other.contacts), keep, other, MERGE, "user", now)
    session.expire(keep, ["contacts"])
    return {"change": change_json(change), "person": person_line(keep)}


def split(session: Session, ref: str, contacts: Sequence[int], *, now: datetime) -> dict[str, Any]:
    """Some of a person's contacts are someone else: they become a new person."""
    person = resolve(session, ref)
    if not contacts:
        raise InvalidInput("say which of their contacts is someone else", field="contacts")
    mine = {c.id: c for c in person.contacts}
    unknown = [str(ident) for ident in contacts if ident not in mine]
    if unknown:
        held = ", ".join(f"{c.id} ({c.name}, {c.process.company})" for c in person.contacts)
        raise NotFound(
            f"{person.name} has no contact {', '.join(unknown)}; theirs are {held}",
            field="contacts",
        )
    chosen = [mine[ident] for ident in dict.fromkeys(contacts)]
    if len(chosen) == len(mine):
        raise Conflict(
            f"that is every contact of {person.name}: leave at least one with them",
            field="contacts",
        )
    new = Person(name=chosen[0].name, created_at=now)
    session.add(new)
    change = move_contacts(session, chosen, new, person, SPLIT, "user", now)
    return {"change": change_json(change), "person": person_line(new)}


def apart(session: Session, first_ref: str, second_ref: str, *, now: datetime) -> dict[str, Any]:
    """Two people with the same name are different people: stop proposing them as one."""
    first, second = resolve(session, first_ref), resolve(session, second_ref)
    if first.id == second.id:
        raise Conflict(f"{first.name} is one person (id {first.id})", field="person")
    low, high = sorted((first.id, second.id))
    change = PersonChange(
        kind=APART, person_id=low, other_id=high, contacts=[], reason="user", at=now
    )
    session.add(change)
    session.flush()
    return {"change": change_json(change)}


def undo(session: Session, change_id: int, *, now: datetime) -> dict[str, Any]:
    """Take a change back: a merge's contacts return to who they came from (a new person, for a
    contact matched when it was added), a split's go back, two people kept apart may be
    proposed again. Refused when a later change has moved those contacts since."""
    change = by_id(session, PersonChange, change_id)
    if change is None:
        raise NotFound(f"there is no change {change_id} to who is who", field="change")
    if change.undone_at is not None:
        raise Conflict(f"change {change_id} was already undone", field="change")
    moved = [session.get(Contact, ident) for ident in change.contacts]
    present = [c for c in moved if c is not None]
    if change.kind in (MERGE, SPLIT):
        strays = [c for c in present if c.person_id != change.person_id]
        if strays:
            raise Conflict(
                f"a later change moved {', '.join(c.name for c in strays)} again: undo that first",
                field="change",
            )
        back = session.get(Person, change.other_id) if change.other_id is not None else None
        if back is None and present:
            back = Person(name=present[0].name, created_at=now)
            session.add(back)
            session.flush()
            change.other_id = back.id
        for contact in present:
            contact.person = back
    change.undone_at = now
    session.flush()
    for person_id in (change.person_id, change.other_id):
        if person_id is not None:
            held = session.get(Person, person_id)
            if held is not None:
                session.expire(held, ["contacts"])
    return {"change": change_json(change)}
