"""The pipeline service layer over a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bowout.config import Settings
from bowout.errors import Ambiguous, Conflict, InvalidInput, NotFound
from bowout.pipeline import due as reminders
from bowout.pipeline import messages as correspondence
from bowout.pipeline import processes as tracker
from bowout.pipeline import relationships
from bowout.pipeline.schema import Interview, Message, Process
from bowout.pipeline.store import Store

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SETTINGS = Settings(me="Alex Kim", timezone="Europe/Berlin")


@pytest.fixture
def db(store_url: str) -> Iterator[Store]:
    store = Store(store_url)
    yield store
    store.close()


def add(db: Store, company: str, **values: object) -> int:
    with db.write() as session:
        return int(tracker.add_process(session, company, now=NOW, **values)["id"])  # type: ignore[arg-type]


def count(db: Store, model: type) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_add_keeps_contacts_and_interview_in_its_zone(db: Store) -> None:
    with db.write() as session:
        process = tracker.add_process(
            session,
            "Acme",
            role="Backend Engineer",
            contacts=("Dana Reyes <dana@acme.example>",),
            interview="2026-12-03T10:00",
            zone="Europe/Berlin",
            now=NOW,
        )
    assert process["stage"] == "interviewing"
    assert [s["stage"] for s in process["stages"]] == ["applied", "interviewing"]
    assert process["contacts"][0] | {"id": 0} == {
        "id": 0,
        "name": "Dana Reyes",
        "email": "dana@acme.example",
        "phone": None,
        "linkedin": None,
        "part": "recruiter",
        "keep": False,
        "keep_why": None,
    }
    assert process["interviews"][0]["start"] == "2026-12-03T10:00:00+01:00"
    assert process["interviews"][0]["zone"] == "Europe/Berlin"


def test_names_resolve_exactly_then_by_prefix_and_ambiguity_lists_candidates(db: Store) -> None:
    acme = add(db, "Acme", role="Backend")
    add(db, "Acme", role="Data")
    globex = add(db, "Globex Corporation")
    with db.read() as session:
        assert tracker.resolve(session, "globex").id == globex
        assert tracker.resolve(session, str(acme)).id == acme
        with pytest.raises(Ambiguous) as caught:
            tracker.resolve(session, "acme")
        assert "Backend" in caught.value.message and "Data" in caught.value.message
        with pytest.raises(NotFound, match="Initech"):
            tracker.resolve(session, "Initech")
        with pytest.raises(NotFound):
            tracker.resolve(session, "999")


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"interview": "2026-11-01T10:00+01:00"}, InvalidInput),  # in the past
        ({"interview": "2026-02-30T10:00"}, InvalidInput),  # no such day
        ({"stage": "hired"}, InvalidInput),
        ({"contacts": ("   ",)}, InvalidInput),
        ({"zone": "Mars/Olympus", "interview": "2026-12-03T10:00"}, InvalidInput),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    db: Store, values: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        add(db, "Acme", **values)
    assert count(db, Process) == 0


def test_a_duplicate_open_process_is_a_conflict(db: Store) -> None:
    add(db, "Acme", role="Backend")
    with pytest.raises(Conflict, match="already open"):
        add(db, "acme", role="backend")
    assert count(db, Process) == 1


def test_logging_an_outgoing_message_stores_the_checkers_findings(db: Store) -> None:
    add(db, "Acme", interview="2026-12-03T10:00", zone="Europe/Berlin")
    with db.write() as session:
        logged = correspondence.log_message(
            session,
            "Acme",
            "out",
            "I'm not sure this is the right time, maybe later.",
            now=NOW,
            settings=SETTINGS,
        )
    assert logged["check"] is not None
    rules = {f["rule"] for f in logged["message"]["findings"]}
    assert logged["message"]["findings"] == logged["check"]["findings"]
    assert rules, "a vague deferral should draw at least one finding"


def test_a_message_from_the_future_or_empty_is_refused(db: Store) -> None:
    add(db, "Acme")
    with pytest.raises(InvalidInput, match="future"), db.write() as session:
        correspondence.log_message(
            session, "Acme", "in", "hi", at="2027-01-01T00:00+00:00", now=NOW
        )
    with pytest.raises(InvalidInput, match="empty"), db.write() as session:
        correspondence.log_message(session, "Acme", "in", "  ", now=NOW)
    assert count(db, Message) == 0


def test_intent_to_decline_puts_the_interview_on_the_agenda(db: Store) -> None:
    add(db, "Acme", interview="2026-11-27T15:00", zone="Europe/Berlin")
    with db.write() as session:
        tracker.set_stage(session, "Acme", None, intent="decline", now=NOW)
    with db.read() as session:
        items = reminders.status(session, now=NOW)["items"]
    assert [(i["kind"], i["severity"], i["next"]) for i in items] == [
        ("decide_before_interview", "warning", "bowout decline 1")
    ]
    assert items[0]["notice"]["class"] == "short"


def test_reply_owed_ages_into_overdue(db: Store) -> None:
    add(db, "Acme")
    with db.write() as session:
        correspondence.log_message(session, "Acme", "in", "Are you free Monday?", now=NOW)
    for hours, severity in ((2, "info"), (30, "warning"), (80, "overdue")):
        with db.read() as session:
            items = reminders.status(session, now=NOW + timedelta(hours=hours))["items"]
        assert [(i["kind"], i["severity"]) for i in items] == [("reply_owed", severity)]
    with db.write() as session:
        correspondence.log_message(
            session,
            "Acme",
            "out",
            "Monday at 10 works for me, thank you.",
            now=NOW + timedelta(hours=1),
            settings=SETTINGS,
        )
    with db.read() as session:
        assert reminders.status(session, now=NOW + timedelta(hours=80))["items"] == []


def test_moving_an_interview_keeps_the_old_one_as_rescheduled(db: Store) -> None:
    add(db, "Acme", interview="2026-12-03T10:00", zone="Europe/Berlin")
    with db.write() as session:
        moved = tracker.update_interview(session, 1, now=NOW, at="2026-12-05T14:00")
    assert moved["start"] == "2026-12-05T14:00:00+01:00"
    with db.read() as session:
        statuses = sorted(session.scalars(select(Interview.status)))
    assert statuses == ["rescheduled", "scheduled"]
    with pytest.raises(Conflict), db.write() as session:
        tracker.update_interview(session, 1, now=NOW, status="confirmed")


def test_stage_changes_are_recorded_and_closing_clears_the_intent(db: Store) -> None:
    add(db, "Acme")
    with db.write() as session:
        tracker.set_stage(session, "Acme", None, intent="decline", now=NOW)
        shown = tracker.set_stage(session, "Acme", "rejected", now=NOW, note="they chose another")
    assert shown["intent"] is None
    assert shown["stages"][-1] == {
        "stage": "rejected",
        "at": NOW.astimezone(ZoneInfo("UTC")).isoformat(),
        "note": "they chose another",
    }
    with pytest.raises(Conflict), db.write() as session:
        tracker.set_stage(session, "Acme", None, intent="decline", now=NOW)


def test_kept_contacts_lists_only_those_worth_keeping_with_their_company(db: Store) -> None:

    add(db, "Acme", contacts=["Dana Reyes <dana@acme.example>", "Lee Park"])
    add(db, "Globex", contacts=["Priya Nair"])
    settings = Settings(me="Alex", timezone="Europe/Berlin")
    with db.write() as session:
        for company in ("Acme", "Globex"):
            tracker.set_stage(session, company, "declined", now=NOW)
        relationships.keep(
            session, "Acme", "Dana", why="recruiter-invested", now=NOW, settings=settings
        )
    with db.read() as session:
        kept = tracker.kept_contacts(session)
    assert [(c["name"], c["company"], c["keep_why"]) for c in kept] == [
        ("Dana Reyes", "Acme", "recruiter-invested")
    ]
