"""How processes end, over a real store: accept cascade, decline, reschedule, keep, reconnect."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bowout import service
from bowout.config import Settings
from bowout.errors import Ambiguous, Conflict, InvalidInput
from bowout.pipeline import relationships
from bowout.pipeline.store import Store

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SETTINGS = Settings(me="Alex Kim", timezone="Europe/Berlin", reconnect_months=4)


def at(store: Store, now: datetime = NOW, settings: Settings = SETTINGS) -> service.Context:
    return service.Context(settings, now=now, store=store)


@pytest.fixture
def db(store_url: str) -> Iterator[Store]:
    store = Store(store_url)
    ctx = at(store)
    service.add_process(
        ctx, "Acme", role="Backend Engineer", contacts=("Dana Reyes <dana@acme.example>",)
    )
    for company, contact, day in (
        ("Globex", "Lee Park <lee@globex.example>", "2026-11-30T10:00"),
        ("Initech", "Sam Wu <sam@initech.example>", "2026-12-02T14:00"),
        ("Hooli", "Ana Silva <ana@hooli.example>", None),
    ):
        service.add_process(
            ctx,
            company,
            role="Engineer",
            contacts=(contact,),
            interview_at=day,
            zone="Europe/Berlin",
        )
    yield store
    store.close()


def test_accept_drafts_a_different_withdrawal_for_every_other_open_process(db: Store) -> None:
    result = service.accept(at(db), "Acme", verbal=True)
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
    shown = service.show_process(at(db), "Globex")
    items = service.status(at(db))["items"]
    acme = service.show_process(at(db), "Acme")
    assert shown["interviews"][0]["status"] == "cancelled"
    assert acme["stage"] == "accepted" and acme["stages"][-1]["note"] == "verbal acceptance"
    assert [(i["kind"], i["company"]) for i in items] == [
        ("withdrawal_owed", "Globex"),
        ("withdrawal_owed", "Initech"),
        ("withdrawal_owed", "Hooli"),
    ]


def test_a_withdrawal_stays_owed_until_marked_sent_or_logged(db: Store) -> None:
    result = service.accept(at(db), "Acme")
    first, second = result["withdrawals"][0], result["withdrawals"][1]
    later = at(db, NOW + timedelta(hours=2))
    service.followup_done(later, first["followup"])
    logged = service.log_message(later, "Initech", "out", second["draft"]["body"])
    assert logged["closed_followups"] == [second["followup"]]
    items = service.status(later)["items"]
    globex = service.show_process(later, "Globex")
    assert globex["stage"] == "withdrawn"
    assert service.show_process(later, "Initech")["stage"] == "withdrawn"
    # marking the withdrawal sent logged the drafted message, as sending it does
    assert globex["messages"][-1]["body"] == first["draft"]["body"]
    assert globex["messages"][-1]["direction"] == "out"
    assert [i["company"] for i in items] == ["Hooli"]
    with pytest.raises(Conflict):
        service.followup_done(later, first["followup"])


def test_accepting_an_ended_process_is_refused_and_nothing_changes(db: Store) -> None:
    service.set_stage(at(db), "Hooli", "rejected")
    with pytest.raises(Conflict):
        service.accept(at(db), "Hooli")
    assert service.followups(at(db)) == []


def test_decline_plans_without_writing_then_records_on_confirmation(db: Store) -> None:
    plan = service.decline(
        at(db), "Globex", reason="role_mismatch", detail="the role is fully on-site"
    )
    assert plan["recorded"] is None
    assert plan["advice"]["action"] == "decline"
    assert "fully on-site" in plan["draft"]["body"]
    assert service.show_process(at(db), "Globex")["stage"] == "interviewing"
    done = service.decline(
        at(db),
        "Globex",
        reason="role_mismatch",
        detail="the role is fully on-site",
        confirm=True,
    )
    assert done["recorded"]["body"] == plan["draft"]["body"]
    shown = service.show_process(at(db), "Globex")
    assert shown["stage"] == "declined"
    assert shown["interviews"][0]["status"] == "cancelled"
    assert shown["messages"][0]["direction"] == "out"


def test_reschedule_needs_times_and_moves_the_interview(db: Store) -> None:
    with pytest.raises(InvalidInput) as err:
        service.reschedule(at(db), "Globex")
    assert err.value.field == "slots"
    done = service.reschedule(
        at(db),
        "Globex",
        slots=("2026-12-07T10:00+01:00", "2026-12-08T15:00+01:00"),
        to="2026-12-07T10:00",
        confirm=True,
    )
    assert done["moved_to"]["start"] == "2026-12-07T10:00:00+01:00"
    assert done["recorded"]["intent"] == "reschedule"


def test_keep_schedules_a_note_soon_and_a_reconnection_months_later(db: Store) -> None:
    with pytest.raises(Conflict, match="still"):
        service.keep(at(db), "Globex", "Lee", why="recruiter-invested")
    service.decline(at(db), "Globex", confirm=True)
    kept = service.keep(at(db), "Globex", "Lee", why="hiring-manager-conversation")
    assert kept["contact"]["keep_why"] == "hiring-manager-conversation"
    note, later = kept["followups"]
    assert note["kind"] == "linkedin_note" and later["kind"] == "reconnect"
    assert later["due"].startswith("2027-03-26")
    soon = service.reconnect(at(db, NOW + timedelta(days=3)))
    months = service.reconnect(
        at(db, NOW + timedelta(days=130)), news="the launch of their public API"
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
    plan = service.decline(at(db, morning), "Globex")
    assert plan["draft"]["scenario"] == "same-day-cancel"
    assert not [f for f in plan["check"]["findings"] if f["rule"] == "missing-timing-apology"]


def test_declining_the_evening_before_also_apologises_for_the_timing(db: Store) -> None:
    evening = datetime(2026, 11, 29, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    plan = service.decline(at(db, evening), "Globex")
    assert plan["draft"]["scenario"] == "same-day-cancel"
    assert "tomorrow" in plan["draft"]["body"]
    assert plan["check"]["findings"] == []


def test_a_declined_message_keeps_the_subject_the_user_edited(db: Store) -> None:
    early = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    plan = service.decline(at(db, early), "Globex", subject="My own subject", confirm=True)
    assert plan["recorded"]["subject"] == "My own subject"


def test_accepting_without_a_name_names_the_field_and_writes_nothing(db: Store) -> None:
    nameless = Settings(timezone="Europe/Berlin")
    with pytest.raises(InvalidInput) as err:
        service.accept(at(db, settings=nameless), "Acme")
    assert err.value.field == "me" and "your name" in err.value.message
    assert "--" not in err.value.message
    assert service.show_process(at(db), "Acme")["stage"] != "accepted"


def test_keeping_an_ambiguous_contact_name_lists_the_candidates(db: Store) -> None:
    service.edit_process(at(db), "Hooli", contacts=("Ana Costa <ana.c@hooli.example>",))
    service.set_stage(at(db), "Hooli", "rejected")
    with pytest.raises(Ambiguous, match=r"Ana Silva.*Ana Costa"):
        service.keep(at(db), "Hooli", "Ana", why="follow-their-work")
