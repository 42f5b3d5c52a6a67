"""How processes end, over a real store: accept cascade, decline, reschedule, keep, reconnect."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bowout.config import Settings
from bowout.errors import Ambiguous, Conflict, InvalidInput
from bowout.pipeline import due as reminders
from bowout.pipeline import endings, relationships
from bowout.pipeline import messages as correspondence
from bowout.pipeline import processes as tracker
from bowout.pipeline.store import Store

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SETTINGS = Settings(me="Alex Kim", timezone="Europe/Berlin", reconnect_months=4)


@pytest.fixture
def db(store_url: str) -> Iterator[Store]:
    store = Store(store_url)
    with store.write() as session:
        tracker.add_process(
            session,
            "Acme",
            role="Backend Engineer",
            contacts=("Dana Reyes <dana@acme.example>",),
            now=NOW,
        )
        for company, contact, day in (
            ("Globex", "Lee Park <lee@globex.example>", "2026-11-30T10:00"),
            ("Initech", "Sam Wu <sam@initech.example>", "2026-12-02T14:00"),
            ("Hooli", "Ana Silva <ana@hooli.example>", None),
        ):
            tracker.add_process(
                session,
                company,
                role="Engineer",
                contacts=(contact,),
                interview=day,
                zone="Europe/Berlin",
                now=NOW,
            )
    yield store
    store.close()


def test_accept_drafts_a_different_withdrawal_for_every_other_open_process(db: Store) -> None:
    with db.write() as session:
        result = endings.accept(session, "Acme", now=NOW, settings=SETTINGS, verbal=True)
    assert result["accepted"] == 1
    withdrawals = result["withdrawals"]
    assert [w["company"] for w in withdrawals] == ["Globex", "Initech", "Hooli"]
    bodies = [w["draft"]["body"] for w in withdrawals]
    assert len(set(bodies)) == 3
    assert len({w["draft"]["variant"] for w in withdrawals}) > 1
    for withdrawal, name in zip(withdrawals, ("Lee", "Sam", "Ana"), strict=True):
        assert name in withdrawal["draft"]["body"]
        assert withdrawal["company"] in withdrawal["draft"]["body"]
    assert withdrawals[0]["interviews_cancelled"] == [1]
    with db.read() as session:
        shown = tracker.show(session, "Globex")
        items = reminders.status(session, now=NOW)["items"]
        acme = tracker.show(session, "Acme")
    assert shown["interviews"][0]["status"] == "cancelled"
    assert acme["stage"] == "accepted" and acme["stages"][-1]["note"] == "verbal acceptance"
    assert [(i["kind"], i["company"]) for i in items] == [
        ("withdrawal_owed", "Globex"),
        ("withdrawal_owed", "Initech"),
        ("withdrawal_owed", "Hooli"),
    ]


def test_a_withdrawal_stays_owed_until_marked_sent_or_logged(db: Store) -> None:
    with db.write() as session:
        result = endings.accept(session, "Acme", now=NOW, settings=SETTINGS)
    first, second = result["withdrawals"][0], result["withdrawals"][1]
    later = NOW + timedelta(hours=2)
    with db.write() as session:
        reminders.followup_done(session, first["followup"], now=later)
        logged = correspondence.log_message(
            session, "Initech", "out", second["draft"]["body"], now=later, settings=SETTINGS
        )
    assert logged["closed_followups"] == [second["followup"]]
    with db.read() as session:
        items = reminders.status(session, now=later)["items"]
        assert tracker.show(session, "Globex")["stage"] == "withdrawn"
        assert tracker.show(session, "Initech")["stage"] == "withdrawn"
    assert [i["company"] for i in items] == ["Hooli"]
    with pytest.raises(Conflict), db.write() as session:
        reminders.followup_done(session, first["followup"], now=later)


def test_accepting_an_ended_process_is_refused_and_nothing_changes(db: Store) -> None:
    with db.write() as session:
        tracker.set_stage(session, "Hooli", "rejected", now=NOW)
    with pytest.raises(Conflict), db.write() as session:
        endings.accept(session, "Hooli", now=NOW, settings=SETTINGS)
    with db.read() as session:
        assert reminders.followups(session) == []


def test_decline_plans_without_writing_then_records_on_confirmation(db: Store) -> None:
    with db.read() as session:
        plan = endings.decline(
            session,
            "Globex",
            now=NOW,
            settings=SETTINGS,
            reason="role_mismatch",
            detail="the role is fully on-site",
        )
    assert plan["recorded"] is None
    assert plan["advice"]["action"] == "decline"
    assert "fully on-site" in plan["draft"]["body"]
    with db.read() as session:
        assert tracker.show(session, "Globex")["stage"] == "interviewing"
    with db.write() as session:
        done = endings.decline(
            session,
            "Globex",
            now=NOW,
            settings=SETTINGS,
            reason="role_mismatch",
            detail="the role is fully on-site",
            confirm=True,
        )
    assert done["recorded"]["body"] == plan["draft"]["body"]
    with db.read() as session:
        shown = tracker.show(session, "Globex")
    assert shown["stage"] == "declined"
    assert shown["interviews"][0]["status"] == "cancelled"
    assert shown["messages"][0]["direction"] == "out"


def test_reschedule_needs_times_and_moves_the_interview(db: Store) -> None:
    with pytest.raises(InvalidInput, match="--slot"), db.read() as session:
        endings.reschedule(session, "Globex", now=NOW, settings=SETTINGS)
    with db.write() as session:
        done = endings.reschedule(
            session,
            "Globex",
            now=NOW,
            settings=SETTINGS,
            slots=("2026-12-07T10:00+01:00", "2026-12-08T15:00+01:00"),
            to="2026-12-07T10:00",
            confirm=True,
        )
    assert done["moved_to"]["start"] == "2026-12-07T10:00:00+01:00"
    assert done["recorded"]["intent"] == "reschedule"


def test_keep_schedules_a_note_soon_and_a_reconnection_months_later(db: Store) -> None:
    with pytest.raises(Conflict, match="still"), db.write() as session:
        relationships.keep(
            session, "Globex", "Lee", why="recruiter-invested", now=NOW, settings=SETTINGS
        )
    with db.write() as session:
        endings.decline(session, "Globex", now=NOW, settings=SETTINGS, confirm=True)
        kept = relationships.keep(
            session, "Globex", "Lee", why="hiring-manager-conversation", now=NOW, settings=SETTINGS
        )
    assert kept["contact"]["keep_why"] == "hiring-manager-conversation"
    note, later = kept["followups"]
    assert note["kind"] == "linkedin_note" and later["kind"] == "reconnect"
    assert later["due"].startswith("2027-03-26")
    with db.read() as session:
        soon = relationships.reconnect(session, now=NOW + timedelta(days=3), settings=SETTINGS)
        months = relationships.reconnect(
            session,
            now=NOW + timedelta(days=130),
            settings=SETTINGS,
            news="the launch of their public API",
        )
    assert [d["scenario"] for d in soon["due"]] == ["linkedin-note"]
    assert [d["scenario"] for d in months["due"]] == ["linkedin-note", "reconnect-after-decline"]
    body = months["due"][1]["draft"]["body"]
    assert "Lee" in body and "?" not in body.split("\n\n", 1)[1].rsplit("\n\n", 1)[0]


def test_add_months_keeps_the_day_within_the_month() -> None:
    assert relationships.add_months(datetime(2026, 10, 31, tzinfo=ZoneInfo("UTC")), 4).day == 28
    assert relationships.add_months(datetime(2026, 11, 26, tzinfo=ZoneInfo("UTC")), 4).month == 3


def test_declining_on_the_interview_day_drafts_an_apology_for_the_timing(db: Store) -> None:
    morning = datetime(2026, 11, 30, 7, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    with db.read() as session:
        plan = endings.decline(session, "Globex", now=morning, settings=SETTINGS)
    assert plan["draft"]["scenario"] == "same-day-cancel"
    assert not [f for f in plan["check"]["findings"] if f["rule"] == "missing-timing-apology"]


def test_declining_the_evening_before_also_apologises_for_the_timing(db: Store) -> None:
    evening = datetime(2026, 11, 29, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    with db.read() as session:
        plan = endings.decline(session, "Globex", now=evening, settings=SETTINGS)
    assert plan["draft"]["scenario"] == "same-day-cancel"
    assert "tomorrow" in plan["draft"]["body"]
    assert plan["check"]["findings"] == []


def test_a_declined_message_keeps_the_subject_the_user_edited(db: Store) -> None:
    early = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    with db.write() as session:
        plan = endings.decline(
            session, "Globex", now=early, settings=SETTINGS, subject="My own subject", confirm=True
        )
    assert plan["recorded"]["subject"] == "My own subject"


def test_accepting_without_a_name_says_how_to_set_it_and_writes_nothing(db: Store) -> None:
    nameless = Settings(timezone="Europe/Berlin")
    with pytest.raises(InvalidInput) as err, db.write() as session:
        endings.accept(session, "Acme", now=NOW, settings=nameless)
    assert err.value.field == "me" and "config" in err.value.message
    with db.read() as session:
        assert tracker.show(session, "Acme")["stage"] != "accepted"


def test_keeping_an_ambiguous_contact_name_lists_the_candidates(db: Store) -> None:
    with db.write() as session:
        tracker.edit(session, "Hooli", contacts=("Ana Costa <ana.c@hooli.example>",), now=NOW)
        tracker.set_stage(session, "Hooli", "rejected", now=NOW)
    with pytest.raises(Ambiguous, match=r"Ana Silva.*Ana Costa"), db.write() as session:
        relationships.keep(
            session, "Hooli", "Ana", why="follow-their-work", now=NOW, settings=SETTINGS
        )
