"""People across processes over a real store: who is matched to whom, what is only proposed,
and every change to who is who undone again (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bowout import service
from bowout.config import Settings
from bowout.errors import Ambiguous, Conflict, NotFound
from bowout.pipeline.store import Store

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SETTINGS = Settings(me="Sam Okafor", timezone="Europe/Berlin")


def at(db: Store, now: datetime = NOW) -> service.Context:
    return service.Context(SETTINGS, now=now, store=db)


def add(db: Store, company: str, *contacts: str, days: int = 0) -> dict[str, object]:
    return service.add_process(at(db, NOW + timedelta(days=days)), company, contacts=contacts)


def people_named(db: Store) -> list[tuple[str, list[str]]]:
    return [(p["name"], p["companies"]) for p in service.list_people(at(db))["people"]]


def test_the_same_address_at_two_companies_is_one_person(db: Store) -> None:
    add(db, "Northwind", "Dana Reyes <dana.reyes@gmail.com>")
    add(db, "Quantis", "D. Reyes <Dana.Reyes@gmail.com>", days=1)
    add(db, "Globex", "Lee Park <lee@globex.example>")
    assert people_named(db) == [("Dana Reyes", ["Northwind", "Quantis"]), ("Lee Park", ["Globex"])]
    dana = service.person(at(db), "dana.reyes@gmail.com")
    assert [p["company"] for p in dana["processes"]] == ["Northwind", "Quantis"]
    (match,) = dana["changes"]
    assert (match["kind"], match["reason"], match["other"]) == ("merge", "email", None)


def test_a_linkedin_profile_follows_a_recruiter_from_one_agency_to_the_next(db: Store) -> None:
    add(db, "Northwind", "Dana Reyes <dana@talentbridge.example> linkedin.com/in/dana-reyes")
    moved = add(
        db,
        "Quantis",
        "Dana Reyes <dana.reyes@hirewell.example> https://www.linkedin.com/in/Dana-Reyes/",
        days=200,
    )
    dana = service.person(at(db), "Dana Reyes")
    assert [(p["company"], p["email"]) for p in dana["processes"]] == [
        ("Northwind", "dana@talentbridge.example"),
        ("Quantis", "dana.reyes@hirewell.example"),
    ]
    assert dana["changes"][0]["reason"] == "linkedin"
    assert moved["contacts"][0]["linkedin"] == "https://www.linkedin.com/in/Dana-Reyes/"  # type: ignore[index]
    assert moved["history"][0]["earlier"][0]["company"] == "Northwind"  # type: ignore[index]


def test_a_shared_mailbox_does_not_make_two_names_one_person(db: Store) -> None:
    add(db, "Acme", "Dana Reyes <jobs@acme.example>")
    add(db, "Acme Robotics", "Lee Park <jobs@acme.example>")
    add(db, "Acme Labs", "Dana Reyes <Jobs@acme.example>")
    assert people_named(db) == [
        ("Dana Reyes", ["Acme", "Acme Labs"]),
        ("Lee Park", ["Acme Robotics"]),
    ]


def test_the_same_name_at_a_company_is_only_proposed_and_a_no_is_remembered(db: Store) -> None:
    add(db, "Acme", "Dana Reyes <dana@acme.example>")
    add(db, "Acme Robotics", "Dana Reyes <d.reyes@acme.example>")
    found = service.list_people(at(db))
    assert len(found["people"]) == 2, "never merged silently"
    (proposal,) = found["proposals"]
    assert (proposal["name"], proposal["because"]) == ("Dana Reyes", "acme.example")
    kept = service.keep_apart(at(db), str(proposal["first"]), str(proposal["second"]))
    assert service.list_people(at(db))["proposals"] == []
    service.undo_people_change(at(db), kept["change"]["id"])
    assert len(service.list_people(at(db))["proposals"]) == 1


def test_merge_and_undo_it(db: Store) -> None:
    add(db, "Northwind", "Dana Reyes <dana@talentbridge.example>")
    add(db, "Quantis", "Dana R. <dana@hirewell.example>")
    first, second = (p["id"] for p in service.list_people(at(db))["people"])
    merged = service.merge_people(at(db), str(first), str(second))
    assert merged["person"]["companies"] == ["Northwind", "Quantis"]
    assert len(service.list_people(at(db))["people"]) == 1
    with pytest.raises(NotFound, match="merged into person"):
        service.person(at(db), str(second))
    service.undo_people_change(at(db), merged["change"]["id"])
    assert people_named(db) == [("Dana R.", ["Quantis"]), ("Dana Reyes", ["Northwind"])]
    with pytest.raises(Conflict, match="already undone"):
        service.undo_people_change(at(db), merged["change"]["id"])
    # undone, the merge is not proposed back either: the user said they are two people
    assert service.list_people(at(db))["proposals"] == []


def test_undoing_an_automatic_match_gives_the_contact_a_person_of_its_own(db: Store) -> None:
    add(db, "Acme", "Dana Reyes <dana@shared.example>")
    add(db, "Globex", "Dana Reyes <dana@shared.example>")
    (dana,) = service.list_people(at(db))["people"]
    (match,) = service.person(at(db), str(dana["id"]))["changes"]
    service.undo_people_change(at(db), match["id"])
    found = service.list_people(at(db))
    assert [p["companies"] for p in found["people"]] == [["Acme"], ["Globex"]]
    assert found["proposals"] == [], "an undone match is not proposed again"


def test_split_and_undo_it(db: Store) -> None:
    add(db, "Acme", "Sam Lee <sam@one.example>")
    second = add(db, "Globex", "Sam Lee <sam@one.example>")
    contact = second["contacts"][0]["id"]  # type: ignore[index]
    split = service.split_person(at(db), "Sam Lee", [contact])
    assert split["person"]["companies"] == ["Globex"]
    assert len(service.list_people(at(db))["people"]) == 2
    with pytest.raises(Ambiguous, match="several people"):
        service.person(at(db), "Sam Lee")
    service.undo_people_change(at(db), split["change"]["id"])
    assert people_named(db) == [("Sam Lee", ["Acme", "Globex"])]


def test_a_change_cannot_be_undone_under_a_later_one(db: Store) -> None:
    add(db, "Acme", "Ana Silva <ana@acme.example>")
    add(db, "Globex", "Ana S <ana@globex.example>")
    add(db, "Initech", "A. Silva <ana@initech.example>")
    one, two, three = (p["id"] for p in service.list_people(at(db))["people"])
    first = service.merge_people(at(db), str(one), str(two))
    service.merge_people(at(db), str(three), str(one))
    with pytest.raises(Conflict, match="undo that first"):
        service.undo_people_change(at(db), first["change"]["id"])


def test_split_refuses_to_empty_a_person_or_take_someone_elses_contact(db: Store) -> None:
    only = add(db, "Acme", "Ana Silva <ana@acme.example>")
    other = add(db, "Globex", "Lee Park <lee@globex.example>")
    with pytest.raises(Conflict, match="leave at least one"):
        service.split_person(at(db), "Ana", [only["contacts"][0]["id"]])  # type: ignore[index]
    with pytest.raises(NotFound, match="has no contact"):
        service.split_person(at(db), "Ana", [other["contacts"][0]["id"]])  # type: ignore[index]


def test_contacts_added_later_or_kept_join_their_person(db: Store) -> None:
    add(db, "Acme", "Dana Reyes <dana@acme.example>")
    add(db, "Globex")
    edited = service.edit_process(at(db), "Globex", contacts=("Dana <dana@acme.example>",))
    assert edited["history"][0]["earlier"][0]["company"] == "Acme"
    (dana,) = service.list_people(at(db))["people"]
    assert dana["process_count"] == 2


def test_contacts_from_any_workflow_are_people_and_an_edited_address_rematches(db: Store) -> None:
    add(db, "Acme", "Dana Reyes <dana@acme.example>")
    add(db, "Globex")
    added = service.add_contact(at(db), "Globex", {"name": "Dana", "email": None})
    assert [p["name"] for p in service.list_people(at(db))["people"]] == ["Dana", "Dana Reyes"]
    edited = service.edit_contact(at(db), added["id"], {"email": "Dana@acme.example"})
    assert edited["person"] == 1, "the same address: the same person"
    (dana,) = [p for p in service.list_people(at(db))["people"] if p["id"] == 1]
    assert dana["companies"] == ["Acme", "Globex"]
