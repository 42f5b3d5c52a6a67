"""People in the store: the migration that gathers existing contacts into people, and export
and import keeping people and every change to who is who."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from bowout import service
from bowout.config import Settings
from bowout.errors import InvalidInput
from bowout.pipeline.schema import Contact, Message
from bowout.pipeline.store import HEAD_REVISION, Store

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SETTINGS = Settings(me="Sam Okafor", timezone="Europe/Berlin")


def at(store: Store, now: datetime = NOW) -> service.Context:
    return service.Context(SETTINGS, now=now, store=store)


# --- the migration -------------------------------------------------------------------------------

ROWS = [  # id, process, name, email, linkedin
    (1, 1, "Dana Reyes", "dana@talentbridge.example", "linkedin.com/in/dana-reyes"),
    (2, 2, "Dana Reyes", "dana.reyes@hirewell.example", "https://www.linkedin.com/in/Dana-Reyes/"),
    (3, 3, "Lee Park", "Lee@Globex.example", None),
    (4, 4, "Lee P.", "lee@globex.example", None),
    (5, 3, "Ana Silva", "jobs@globex.example", None),
    (6, 4, "Bo Chen", "jobs@globex.example", None),
    (7, 4, "Cy Adams", None, None),
]


def test_the_migration_gathers_contacts_into_people_keeping_every_row(store_url: str) -> None:
    old = Store(store_url, migrate=False)
    old.migrate("0003")
    with old.engine.begin() as conn:
        for ident in range(1, 5):
            conn.execute(
                text(
                    "INSERT INTO processes (id, company, stage, created_at, updated_at) "
                    "VALUES (:id, :company, 'declined', :at, :at)"
                ),
                {"id": ident, "company": f"Company {ident}", "at": NOW},
            )
        for row in ROWS:
            conn.execute(
                text(
                    "INSERT INTO contacts (id, process_id, name, email, linkedin, part, keep) "
                    "VALUES (:id, :p, :name, :email, :linkedin, 'recruiter', false)"
                ),
                dict(zip(("id", "p", "name", "email", "linkedin"), row, strict=True)),
            )
        conn.execute(
            text(
                "INSERT INTO messages (id, process_id, contact_id, direction, channel, at, body) "
                "VALUES (1, 2, 2, 'in', 'email', :at, 'Hello again')"
            ),
            {"at": NOW},
        )
    old.close()
    store = Store(store_url)
    assert store.revision() == HEAD_REVISION
    with store.read() as session:
        contacts = session.scalars(select(Contact).order_by(Contact.id)).all()
        persons = [c.person_id for c in contacts]
        assert [(c.name, c.email, c.linkedin) for c in contacts] == [r[2:] for r in ROWS]
        assert session.scalars(select(Message.contact_id)).all() == [2]
    assert persons[0] == persons[1], "the same LinkedIn profile"
    assert persons[2] == persons[3], "the same address, whatever its case"
    assert persons[4] != persons[5], "a shared mailbox, two names"
    assert len(set(persons)) == 5 and None not in persons
    found = service.list_people(at(store))
    assert len(found["people"]) == 5
    reasons = sorted(
        c["reason"]
        for p in found["people"]
        for c in service.person(at(store), str(p["id"]))["changes"]
    )
    assert reasons == ["email", "linkedin"]
    store.close()


# --- export and import ---------------------------------------------------------------------------


@pytest.fixture
def people(store_url: str) -> Iterator[Store]:
    store = Store(store_url)
    ctx = at(store)
    service.add_process(
        ctx, "Northwind", contacts=("Dana Reyes <dana@a.example> linkedin.com/in/dr",)
    )
    service.add_process(
        ctx, "Quantis", contacts=("Dana Reyes <dana@b.example> linkedin.com/in/dr",)
    )
    service.add_process(ctx, "Acme", contacts=("Lee Park <lee@acme.example>",))
    service.add_process(ctx, "Acme Labs", contacts=("Lee Park <l.park@acme.example>",))
    service.add_process(ctx, "Globex", contacts=("Ana Silva <ana@globex.example>",))
    service.add_process(ctx, "Initech", contacts=("Ana S. <ana@initech.example>",))
    found = service.list_people(ctx)["people"]
    lee = [p["id"] for p in found if p["name"] == "Lee Park"]
    ana = [p["id"] for p in found if p["name"].startswith("Ana")]
    service.keep_apart(ctx, str(lee[0]), str(lee[1]))
    merged = service.merge_people(ctx, str(ana[0]), str(ana[1]))
    later = at(store, NOW + timedelta(hours=1))
    undone = service.merge_people(later, str(ana[0]), "Dana Reyes")
    service.undo_people_change(later, undone["change"]["id"])
    assert merged["change"]["kind"] == "merge"
    yield store
    store.close()


def test_export_import_export_keeps_people_and_their_changes_byte_for_byte(
    people: Store, tmp_path: Path
) -> None:
    first = service.export(at(people))
    data = json.loads(first)
    assert data["version"] == 2
    assert {c["kind"] for c in data["person_changes"]} == {"merge", "apart"}
    assert any(c["undone_at"] for c in data["person_changes"])
    target = Store(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    service.import_text(at(target), first, fmt="json")
    second = service.export(at(target))
    assert second == first
    assert service.list_people(at(target)) == service.list_people(at(people))
    # the undo history came along: the match by LinkedIn can still be undone there
    (dana,) = [p for p in service.list_people(at(target))["people"] if p["name"] == "Dana Reyes"]
    (match,) = service.person(at(target), str(dana["id"]))["changes"][:1]
    service.undo_people_change(at(target), match["id"])
    assert (
        len(service.list_people(at(target))["people"])
        == len(service.list_people(at(people))["people"]) + 1
    )
    target.close()


def test_an_import_beside_existing_people_matches_them_by_address(people: Store) -> None:
    other = Store("sqlite://")
    service.add_process(at(other), "Hooli", contacts=("Dana R <dana@a.example>",))
    exported = service.export(at(other))
    other.close()
    service.import_text(at(people), exported, fmt="json", merge=True)
    dana = service.person(at(people), "dana@a.example")
    assert [p["company"] for p in dana["processes"]] == ["Northwind", "Quantis", "Hooli"]
    assert dana["changes"][-1]["reason"] == "email"


def test_an_older_export_without_people_gets_them_on_import(people: Store) -> None:
    data = json.loads(service.export(at(people)))
    data["version"] = 1
    del data["people"], data["person_changes"]
    for process in data["processes"]:
        for contact in process["contacts"]:
            del contact["person"]
    target = Store("sqlite://")
    service.import_text(at(target), json.dumps(data), fmt="json")
    names = [(p["name"], p["process_count"]) for p in service.list_people(at(target))["people"]]
    assert ("Dana Reyes", 2) in names
    target.close()


def test_an_export_naming_an_unknown_person_is_refused(people: Store) -> None:
    data = json.loads(service.export(at(people)))
    data["processes"][0]["contacts"][0]["person"] = 999
    target = Store("sqlite://")
    with pytest.raises(InvalidInput, match="no person 999"):
        service.import_text(at(target), json.dumps(data), fmt="json")
    assert service.list_processes(at(target), everything=True) == []
    target.close()
