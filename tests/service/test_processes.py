"""The pipeline, as the service offers it, over a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bowout import service
from bowout.config import Settings
from bowout.errors import Ambiguous, Conflict, InvalidInput, NotFound
from bowout.pipeline import processes
from bowout.pipeline.schema import Interview, Message, Process
from bowout.pipeline.store import Store

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SETTINGS = Settings(me="Alex Kim", timezone="Europe/Berlin")


def at(db: Store, now: datetime = NOW) -> service.Context:
    return service.Context(SETTINGS, now=now, store=db)


def add(db: Store, company: str, **values: object) -> int:
    return int(service.add_process(at(db), company, **values)["id"])  # type: ignore[arg-type]


def count(db: Store, model: type) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_add_keeps_contacts_and_interview_in_its_zone(db: Store) -> None:
    process = service.add_process(
        at(db),
        "Acme",
        role="Backend Engineer",
        contacts=("Dana Reyes <dana@acme.example>",),
        interview_at="2026-12-03T10:00",
        zone="Europe/Berlin",
    )
    assert process["stage"] == "interviewing"
    assert [s["stage"] for s in process["stages"]] == ["applied", "interviewing"]
    assert process["contacts"][0] | {"id": 0, "person": 0} == {
        "id": 0,
        "person": 0,
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
        assert processes.resolve(session, "globex").id == globex
        assert processes.resolve(session, str(acme)).id == acme
        with pytest.raises(Ambiguous) as caught:
            processes.resolve(session, "acme")
        assert "Backend" in caught.value.message and "Data" in caught.value.message
        with pytest.raises(NotFound, match="Initech"):
            processes.resolve(session, "Initech")
        with pytest.raises(NotFound):
            processes.resolve(session, "999")


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"interview_at": "2026-11-01T10:00+01:00"}, InvalidInput),  # in the past
        ({"interview_at": "2026-02-30T10:00"}, InvalidInput),  # no such day
        ({"interview_at": "9999-12-31T23:59-01:00"}, InvalidInput),  # beyond any calendar
        ({"minutes": 10**30, "interview_at": "2026-12-03T10:00"}, InvalidInput),
        ({"stage": "hired"}, InvalidInput),
        ({"contacts": ("   ",)}, InvalidInput),
        ({"zone": "Mars/Olympus", "interview_at": "2026-12-03T10:00"}, InvalidInput),
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
    add(db, "Acme", interview_at="2026-12-03T10:00", zone="Europe/Berlin")
    logged = service.log_message(
        at(db), "Acme", "out", "I'm not sure this is the right time, maybe later."
    )
    assert logged["check"] is not None
    rules = {f["rule"] for f in logged["message"]["findings"]}
    assert logged["message"]["findings"] == logged["check"]["findings"]
    assert rules, "a vague deferral should draw at least one finding"


def test_a_message_from_the_future_or_empty_is_refused(db: Store) -> None:
    add(db, "Acme")
    with pytest.raises(InvalidInput, match="future"):
        service.log_message(at(db), "Acme", "in", "hi", at="2027-01-01T00:00+00:00")
    with pytest.raises(InvalidInput, match="empty"):
        service.log_message(at(db), "Acme", "in", "  ")
    assert count(db, Message) == 0


def test_intent_to_decline_puts_the_interview_on_the_agenda(db: Store) -> None:
    add(db, "Acme", interview_at="2026-11-27T15:00", zone="Europe/Berlin")
    service.set_stage(at(db), "Acme", None, intent="decline")
    items = service.status(at(db))["items"]
    assert [(i["kind"], i["severity"], i["next"]) for i in items] == [
        (
            "decide_before_interview",
            "warning",
            {"action": "decline", "process": 1, "interview": 1},
        )
    ]
    assert items[0]["notice"]["class"] == "short"


def test_reply_owed_ages_into_overdue(db: Store) -> None:
    add(db, "Acme")
    service.log_message(at(db), "Acme", "in", "Are you free Monday?")
    for hours, severity in ((2, "info"), (30, "warning"), (80, "overdue")):
        items = service.status(at(db, NOW + timedelta(hours=hours)))["items"]
        assert [(i["kind"], i["severity"]) for i in items] == [("reply_owed", severity)]
    later = at(db, NOW + timedelta(hours=1))
    service.log_message(later, "Acme", "out", "Monday at 10 works for me, thank you.")
    assert service.status(at(db, NOW + timedelta(hours=80)))["items"] == []


def test_moving_an_interview_keeps_the_old_one_as_rescheduled(db: Store) -> None:
    add(db, "Acme", interview_at="2026-12-03T10:00", zone="Europe/Berlin")
    moved = service.update_interview(at(db), 1, at="2026-12-05T14:00")
    assert moved["start"] == "2026-12-05T14:00:00+01:00"
    with db.read() as session:
        statuses = sorted(session.scalars(select(Interview.status)))
    assert statuses == ["rescheduled", "scheduled"]
    with pytest.raises(Conflict):
        service.update_interview(at(db), 1, status="confirmed")


def test_stage_changes_are_recorded_and_closing_clears_the_intent(db: Store) -> None:
    add(db, "Acme")
    service.set_stage(at(db), "Acme", None, intent="decline")
    shown = service.set_stage(at(db), "Acme", "Rejected", note="they chose another")
    assert shown["intent"] is None
    assert shown["stages"][-1] == {
        "stage": "rejected",
        "at": NOW.astimezone(ZoneInfo("UTC")).isoformat(),
        "note": "they chose another",
    }
    with pytest.raises(Conflict):
        service.set_stage(at(db), "Acme", None, intent="decline")


def test_kept_contacts_lists_only_those_worth_keeping_with_their_company(db: Store) -> None:
    add(db, "Acme", contacts=["Dana Reyes <dana@acme.example>", "Lee Park"])
    add(db, "Globex", contacts=["Priya Nair"])
    for company in ("Acme", "Globex"):
        service.set_stage(at(db), company, "declined")
    service.keep(at(db), "Acme", "Dana", why="recruiter-invested")
    kept = service.kept_contacts(at(db))
    assert [(c["name"], c["company"], c["keep_why"]) for c in kept] == [
        ("Dana Reyes", "Acme", "recruiter-invested")
    ]


def test_closing_a_process_cancels_its_interviews(db: Store) -> None:
    add(db, "Acme", interview_at="2026-12-03T10:00", zone="Europe/Berlin")
    shown = service.set_stage(at(db), "Acme", "rejected")
    assert [i["status"] for i in shown["interviews"]] == ["cancelled"]


def test_an_upcoming_interview_is_on_the_agenda_with_its_notice(db: Store) -> None:
    add(db, "Acme", interview_at="2026-11-28T10:00", zone="Europe/Berlin")
    add(db, "Globex", interview_at="2026-12-20T10:00", zone="Europe/Berlin")  # beyond 14 days
    items = service.status(at(db))["items"]
    assert [(i["kind"], i["company"], i["notice"]["class"]) for i in items] == [
        ("upcoming", "Acme", "short")
    ]
    assert items[0]["next"] == {"action": "decide_interview", "process": 1, "interview": 1}


def test_reading_without_the_orm_shows_exactly_what_the_orm_objects_show(db: Store) -> None:
    """show and list run Core queries; their JSON is the ORM objects' JSON, part for part."""
    from bowout.pipeline.serialize import process_json

    acme = add(
        db,
        "Acme",
        role="SRE",
        contacts=("Dana Reyes <dana@acme.example>", "Sam Lee"),
        interview_at="2026-12-03T10:00",
        zone="America/New_York",
    )
    service.add_interview(at(db), "Acme", "2026-12-01T15:00+01:00", place="video")
    service.log_message(
        at(db), "Acme", "in", "Could you do Thursday?", at="2026-11-25T10:00", subject="Next"
    )
    service.log_message(at(db), "Acme", "out", "Thursday at 10 works well for me, thank you.")
    service.set_stage(at(db), "Acme", "offer", note="first call went well")
    service.set_stage(at(db), "Acme", "rejected")
    service.keep(at(db), "Acme", "Dana", why="recruiter-invested")
    add(db, "Globex", stage="screening")
    with db.read() as session:
        orm_show = process_json(processes.resolve(session, "Acme"), full=True)
        everything = session.scalars(
            select(Process).order_by(Process.updated_at.desc(), Process.id.desc())
        )
        orm_list = [process_json(p) for p in everything]
    shown = service.show_process(at(db), str(acme))
    assert {k: v for k, v in shown.items() if k != "history"} == orm_show
    assert len(shown["stages"]) >= 3 and shown["stages"][-2]["note"] == "first call went well"
    assert [len(shown[part]) for part in ("contacts", "interviews", "messages", "followups")] == [
        2,
        2,
        2,
        2,
    ]
    assert shown["messages"][1]["findings"] is not None
    listed = service.list_processes(at(db), everything=True)
    assert [{k: v for k, v in p.items() if k != "next_interview"} for p in listed] == orm_list
    assert [p["company"] for p in service.list_processes(at(db))] == ["Globex"]
