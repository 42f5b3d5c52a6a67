"""Export and import as JSON: every record, round-tripped exactly.

Export, import into an empty store, export again: the two files are identical (ids, times and
findings included). ``merge=True`` imports beside existing records, under new ids. Spreadsheets
(CSV) are in ``spreadsheet``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from bowout.errors import Conflict, InvalidInput
from bowout.model import ContactRole, Stage
from bowout.pipeline import exportrows
from bowout.pipeline.schema import (
    Contact,
    Person,
    PersonChange,
    Process,
    StageChange,
)
from bowout.pipeline.serialize import iso
from bowout.pipeline.store import reset_sequences

FORMAT = "bowout-export"
VERSION = 2  # 2: people and the changes to who is who; version 1 files still import
READABLE = (1, 2)
# --- JSON ------------------------------------------------------------------------------------


def export_json(session: Session) -> dict[str, Any]:
    processes = session.scalars(
        select(Process)
        .order_by(Process.id)
        .options(
            selectinload(Process.stages),
            selectinload(Process.contacts),
            selectinload(Process.interviews),
            selectinload(Process.messages),
            selectinload(Process.followups),
        )
    )
    people = session.scalars(select(Person).order_by(Person.id))
    changes = session.scalars(select(PersonChange).order_by(PersonChange.id))
    return {
        "format": FORMAT,
        "version": VERSION,
        "processes": [_dump(p) for p in processes],
        "people": [{"id": p.id, "name": p.name, "created_at": iso(p.created_at)} for p in people],
        "person_changes": [
            {
                "id": c.id,
                "kind": c.kind,
                "person": c.person_id,
                "other": c.other_id,
                "contacts": list(c.contacts),
                "reason": c.reason,
                "at": iso(c.at),
                "undone_at": iso(c.undone_at),
            }
            for c in changes
        ],
    }


def _dump(p: Process) -> dict[str, Any]:
    return {
        "id": p.id,
        "company": p.company,
        "role": p.role,
        "link": p.link,
        "source": p.source,
        "stage": p.stage,
        "intent": p.intent,
        "notes": p.notes,
        "created_at": iso(p.created_at),
        "updated_at": iso(p.updated_at),
        "archived_at": iso(p.archived_at),
        "stages": [
            {"id": s.id, "stage": s.stage, "at": iso(s.at), "note": s.note}
            for s in sorted(p.stages, key=lambda s: s.id)
        ],
        "contacts": [
            {
                "id": c.id,
                "name": c.name,
                "email": c.email,
                "phone": c.phone,
                "linkedin": c.linkedin,
                "part": c.part,
                "keep": c.keep,
                "keep_why": c.keep_why,
                "person": c.person_id,
            }
            for c in sorted(p.contacts, key=lambda c: c.id)
        ],
        "interviews": [
            {
                "id": i.id,
                "start": iso(i.start),
                "zone": i.zone,
                "minutes": i.minutes,
                "place": i.place,
                "status": i.status,
                # from a calendar invitation: its UID and SEQUENCE (absent otherwise)
                **({"uid": i.uid, "sequence": i.sequence or 0} if i.uid else {}),
            }
            for i in sorted(p.interviews, key=lambda i: i.id)
        ],
        "messages": [
            {
                "id": m.id,
                "contact": m.contact_id,
                "direction": m.direction,
                "channel": m.channel,
                "at": iso(m.at),
                "subject": m.subject,
                "body": m.body,
                "intent": m.intent,
                "findings": m.findings,
                **({"origin": m.origin} if m.origin else {}),  # read from mail (absent: by hand)
            }
            for m in sorted(p.messages, key=lambda m: m.id)
        ],
        "followups": [
            {
                "id": f.id,
                "contact": f.contact_id,
                "kind": f.kind,
                "due": iso(f.due),
                "done_at": iso(f.done_at),
                "note": f.note,
                "draft": f.draft,
            }
            for f in sorted(p.followups, key=lambda f: f.id)
        ],
    }


def import_json(
    session: Session, data: Any, *, merge: bool = False, now: datetime | None = None
) -> dict[str, Any]:
    """Load an export; into an empty store ids are kept, with ``merge`` they are new (and the
    people imported are matched to those already stored by address and profile, at ``now``)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput(
            f"this is not an export from bowout (an object with format {FORMAT!r})", field="file"
        )
    if data.get("version") not in READABLE:
        known = " or ".join(str(v) for v in READABLE)
        raise InvalidInput(
            f"export version {data.get('version')!r}; this bowout reads {known}", field="file"
        )
    rows = data.get("processes")
    if not isinstance(rows, list):
        raise InvalidInput("the export's processes must be a list", field="processes")
    if not merge and session.scalar(select(func.count()).select_from(Process)):
        raise Conflict(
            "the store already holds processes: import into an empty one, or merge", "merge"
        )
    keep_ids = not merge
    people = _people(data, keep_ids)
    contacts: dict[int, Contact] = {}
    for index, row in enumerate(rows):
        session.add(_load(exportrows.Row(row, f"processes[{index}]"), keep_ids, people, contacts))
    session.add_all(people.values())
    session.flush()
    for change in _changes(data, keep_ids, people, contacts):
        session.add(change)
    session.flush()
    if keep_ids:
        reset_sequences(session)
    elif now is not None:
        from bowout.pipeline.person_matches import rematch

        rematch(session, [p.id for p in people.values()], now=now)
    return {"imported": len(rows), "ids_kept": keep_ids}


def _people(data: dict[str, Any], keep_ids: bool) -> dict[int, Person]:
    """The export's people, by their exported id (contacts and changes refer to them)."""
    found: dict[int, Person] = {}
    for item in exportrows.Row(data, "export").rows("people"):
        old = item.number("id")
        if old is None:
            raise InvalidInput(f"{item.where}.id: every person needs an id", field="id")
        name = item.text("name", required=True)
        found[old] = Person(
            id=old if keep_ids else None, name=name, created_at=item.when("created_at")
        )
    return found


def _changes(
    data: dict[str, Any],
    keep_ids: bool,
    people: Mapping[int, Person],
    contacts: Mapping[int, Contact],
) -> list[PersonChange]:
    """The export's changes to who is who, pointing at the people and contacts as imported."""
    found = []
    for item in exportrows.Row(data, "export").rows("person_changes"):
        kind = item.text("kind", required=True)
        if kind not in ("merge", "split", "apart"):
            raise InvalidInput(f"{item.where}.kind: unknown value {kind!r}", field="kind")
        moved = item.data.get("contacts") or []
        if not isinstance(moved, list) or not all(
            isinstance(c, int) and not isinstance(c, bool) and c in contacts for c in moved
        ):
            raise InvalidInput(
                f"{item.where}.contacts: expected ids of contacts in this export", field="contacts"
            )
        other = item.number("other")
        found.append(
            PersonChange(
                id=item.number("id") if keep_ids else None,
                kind=kind,
                person_id=_person_id(item, "person", people),
                other_id=_person_id(item, "other", people) if other is not None else None,
                contacts=[contacts[c].id for c in moved],
                reason=item.text("reason", required=True),
                at=item.when("at"),
                undone_at=item.when("undone_at", required=False),
            )
        )
    return found


def _person(item: exportrows.Row, key: str, people: Mapping[int, Person]) -> Person | None:
    """The person ``item[key]`` names (None when it names none); unknown ones are an error."""
    ref = item.number(key)
    if ref is None:
        return None
    if ref not in people:
        raise InvalidInput(f"{item.where}.{key}: no person {ref} in this export", field=key)
    return people[ref]


def _person_id(item: exportrows.Row, key: str, people: Mapping[int, Person]) -> int:
    person = _person(item, key, people)
    if person is None:
        raise InvalidInput(f"{item.where}.{key}: say which person", field=key)
    return person.id


def _load(
    row: exportrows.Row, keep_ids: bool, people: Mapping[int, Person], every: dict[int, Contact]
) -> Process:
    """One exported process, every part checked; ids kept only into an empty store. Its
    contacts join ``every`` (by exported id), for the changes to who is who."""

    def ident(item: exportrows.Row) -> int | None:
        return item.number("id") if keep_ids else None

    process = Process(
        id=ident(row),
        company=row.text("company", required=True),
        role=row.text("role"),
        link=row.text("link"),
        source=row.text("source"),
        stage=row.choice("stage", Stage),
        intent=row.text("intent"),
        notes=row.text("notes"),
        created_at=row.when("created_at"),
        updated_at=row.when("updated_at"),
        archived_at=row.when("archived_at", required=False),
    )
    for item in row.rows("stages"):
        process.stages.append(
            StageChange(
                id=ident(item),
                stage=item.choice("stage", Stage),
                at=item.when("at"),
                note=item.text("note"),
            )
        )
    contacts = _contacts(row, process, ident, people)
    every.update(contacts)
    for item in row.rows("interviews"):
        process.interviews.append(exportrows.interview(item, ident(item)))
    for item in row.rows("messages"):
        process.messages.append(exportrows.message(item, ident(item), contacts))
    for item in row.rows("followups"):
        process.followups.append(exportrows.followup(item, ident(item), contacts))
    return process


def _contacts(
    row: exportrows.Row,
    process: Process,
    ident: Callable[[exportrows.Row], int | None],
    people: Mapping[int, Person],
) -> dict[int, Contact]:
    """The process's contacts, by their exported id (messages and follow-ups refer to them)."""
    contacts: dict[int, Contact] = {}
    for item in row.rows("contacts"):
        keep = item.data.get("keep", False)
        if not isinstance(keep, bool):
            raise InvalidInput(f"{item.where}.keep: expected true or false", field="keep")
        contact = Contact(
            id=ident(item),
            name=item.text("name", required=True),
            email=item.text("email"),
            phone=item.text("phone"),
            linkedin=item.text("linkedin"),
            part=item.choice("part", ContactRole),
            keep=keep,
            keep_why=item.text("keep_why"),
            person=_person(item, "person", people),
        )
        old = item.number("id")
        if old is not None:
            contacts[old] = contact
        process.contacts.append(contact)
    return contacts
