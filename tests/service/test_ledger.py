"""The ledger over a real store: each way a process ends, read from what is stored; the late
answer that repairs a silence; and what the user went through with someone, carried into the
next draft and check for them (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bowout import service
from bowout.config import Settings
from bowout.errors import Conflict
from bowout.pipeline.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=BERLIN)
SETTINGS = Settings(me="Sam Okafor", timezone="Europe/Berlin")


def at(db: Store, when: datetime) -> service.Context:
    return service.Context(SETTINGS, now=when, store=db)


def hours(n: float) -> datetime:
    return T0 + timedelta(hours=n)


def start(db: Store, company: str, contact: str, interview: str | None = None) -> None:
    service.add_process(
        at(db, T0),
        company,
        role="Engineer",
        contacts=(contact,),
        interview_at=interview,
        zone="Europe/Berlin",
    )
    service.log_message(at(db, hours(1)), company, "in", f"Hi Sam, {company} would like to meet.")


def entry(db: Store, company: str, when: datetime) -> dict[str, object]:
    found = service.ledger(at(db, when))["processes"]
    return next(e for e in found if e["company"] == company)


def test_each_kind_of_ending_is_read_from_the_store(db: Store) -> None:
    start(db, "Ample", "Ana <ana@ample.example>", "2026-03-12T10:00")
    service.decline(at(db, hours(3)), "Ample", reason="lost_interest", confirm=True)
    start(db, "Sameday", "Bo <bo@sameday.example>", "2026-03-02T16:00")
    service.decline(at(db, hours(4)), "Sameday", confirm=True)
    start(db, "Sharp", "Cy <cy@sharp.example>")
    service.decline(
        at(db, hours(2)),
        "Sharp",
        text="Thanks, but the salary you offered was frankly insulting. I'm withdrawing.",
        confirm=True,
    )
    start(db, "Taken", "Di <di@taken.example>")
    start(db, "Chosen", "Ed <ed@chosen.example>")
    accepted = service.accept(at(db, hours(5)), "Chosen")
    (withdrawal,) = [w for w in accepted["withdrawals"] if w["company"] == "Taken"]
    service.followup_done(at(db, hours(6)), withdrawal["followup"])
    start(db, "Silent", "Fa <fa@silent.example>")
    service.set_stage(at(db, hours(200)), "Silent", "closed")
    start(db, "Turned", "Gu <gu@turned.example>")
    service.log_message(at(db, hours(2)), "Turned", "out", "Thank you, Tuesday works.")
    service.set_stage(at(db, hours(30)), "Turned", "rejected")
    start(db, "Quiet", "Ho <ho@quiet.example>")
    service.log_message(at(db, hours(2)), "Quiet", "out", "Thank you, Tuesday works.")
    service.set_stage(at(db, hours(400)), "Quiet", "closed")

    now = hours(500)
    ledger = service.ledger(at(db, now))
    ended = {e["company"]: e for e in ledger["processes"]}
    assert {c: (e["ending"], e["label"]) for c, e in ended.items()} == {
        "Ample": ("declined", "professional"),
        "Sameday": ("declined", "late_with_apology"),
        "Sharp": ("declined", "parting_shot"),
        "Taken": ("withdrew", "professional"),
        "Chosen": ("accepted", "professional"),
        "Silent": ("never_answered", "unanswered"),
        "Turned": ("rejected", "professional"),
        "Quiet": ("went_quiet", "professional"),
    }
    assert ended["Ample"]["notice"] == "ample"
    assert ended["Sameday"]["notice"] == "same_day"
    assert ended["Silent"]["remembered"].startswith("Never answered")
    assert ended["Sharp"]["impact"] == "negative"
    assert ended["Ample"]["people"][0]["name"] == "Ana"
    assert ended["Silent"]["next"] == {"action": "late_reply", "process": 6}
    assert ledger["summary"]["text"] == (
        "8 processes ended: 5 professional, 1 late with an apology, 1 left unanswered, "
        "1 a parting shot"
    )
    dates = [e["ended_at"] for e in ledger["processes"]]
    assert dates == sorted(dates, reverse=True)


def test_an_open_process_left_unanswered_is_in_the_ledger_until_the_late_reply(db: Store) -> None:
    start(db, "Initech", "Sam Wu <sam@initech.example>")
    assert service.ledger(at(db, hours(60)))["processes"] == []
    overdue = hours(1 + 24 * 5)
    assert entry(db, "Initech", overdue)["ending"] == "never_answered"
    plan = service.late_reply(at(db, overdue), "Initech")
    assert plan["draft"]["scenario"] == "late-reply"
    assert plan["check"]["findings"] == [], plan["draft"]["body"]
    assert plan["recorded"] is None
    assert entry(db, "Initech", overdue)["ending"] == "never_answered", "a plan changes nothing"
    done = service.late_reply(at(db, overdue), "Initech", confirm=True)
    assert done["recorded"]["intent"] == "decline"
    assert done["ledger"]["ending"] == "answered_late"
    assert done["ledger"]["label"] == "late_with_apology"
    later = entry(db, "Initech", overdue + timedelta(days=30))
    assert (later["ending"], later["said"]) == ("answered_late", "late with an apology")
    assert service.show_process(at(db, overdue), "Initech")["stage"] == "declined"


def test_a_late_answer_that_ignores_the_wait_is_warned_and_remembered_as_such(db: Store) -> None:
    start(db, "Initech", "Sam Wu <sam@initech.example>")
    overdue = hours(1 + 24 * 5)
    plain = "Hi Sam, thank you for thinking of me. I've decided not to go ahead. All the best."
    plan = service.late_reply(at(db, overdue), "Initech", text=plain, confirm=True)
    assert "unacknowledged-history" in {f["rule"] for f in plan["check"]["findings"]}
    assert plan["ledger"]["label"] == "strung_along"


def test_a_process_closed_in_silence_can_still_be_answered_late(db: Store) -> None:
    start(db, "Silent", "Fa <fa@silent.example>")
    service.set_stage(at(db, hours(200)), "Silent", "closed")
    done = service.late_reply(at(db, hours(300)), "Silent", confirm=True)
    assert done["ledger"]["ending"] == "answered_late"
    assert service.show_process(at(db, hours(300)), "Silent")["stage"] == "declined"


def test_a_late_reply_needs_something_of_theirs_waiting(db: Store) -> None:
    start(db, "Ample", "Ana <ana@ample.example>", "2026-03-12T10:00")
    service.decline(at(db, hours(3)), "Ample", confirm=True)
    with pytest.raises(Conflict, match="waiting for an answer"):
        service.late_reply(at(db, hours(5)), "Ample")


def test_decline_of_an_overdue_process_owns_the_delay_by_itself(db: Store) -> None:
    start(db, "Initech", "Sam Wu <sam@initech.example>")
    plan = service.decline(at(db, hours(100)), "Initech", reason="lost_interest")
    assert plan["draft"]["scenario"] == "late-reply"
    assert plan["check"]["findings"] == []


def test_someone_met_before_is_shown_with_how_it_ended(db: Store) -> None:
    start(db, "Northwind", "Dana Reyes <dana@talentbridge.example> linkedin.com/in/dana-reyes")
    service.decline(at(db, hours(3)), "Northwind", confirm=True)
    later = hours(24 * 200)
    added = service.add_process(
        at(db, later),
        "Quantis",
        contacts=("Dana Reyes <dana@hirewell.example> linkedin.com/in/dana-reyes",),
    )
    (met,) = added["history"]
    assert (met["name"], met["earlier"][0]["company"], met["earlier"][0]["label"]) == (
        "Dana Reyes",
        "Northwind",
        "professional",
    )
    assert service.show_process(at(db, later), "Quantis")["history"] == added["history"]
    logged = service.log_message(at(db, later), "Quantis", "in", "Hi Sam, are you open to a call?")
    assert logged["history"][0]["person"] == met["person"]
    (item,) = service.status(at(db, later + timedelta(hours=30)))["items"]
    assert item["history"][0]["earlier"][0]["ending"] == "declined"


def test_drafts_and_checks_for_someone_declined_before_acknowledge_it(db: Store) -> None:
    start(db, "Northwind", "Dana Reyes <dana@talentbridge.example> linkedin.com/in/dana-reyes")
    service.decline(at(db, hours(3)), "Northwind", confirm=True)
    later = hours(24 * 200)
    service.add_process(
        at(db, later),
        "Quantis",
        role="Platform Engineer",
        contacts=("Dana Reyes <dana@hirewell.example> linkedin.com/in/dana-reyes",),
    )
    drafted = service.process_draft(at(db, later), "Quantis", "comp-check", {"range": "EUR 95k"})
    assert drafted["body"].splitlines()[2] == (
        "We were last in touch about the Engineer role at Northwind, which I decided against at "
        "the time."
    )
    assert drafted["check"]["findings"] == []
    bare = "Hi Dana, before we go on: is EUR 95k within the budget for the role? Best, Sam"
    checked = service.check(at(db, later), bare, intent="comp_check", process="Quantis")
    assert "unacknowledged-history" in {f["rule"] for f in checked["findings"]}
    assert service.check(at(db, later), bare, intent="comp_check")["findings"] == []
    assert service.prefill(at(db, later), "Quantis")["history"] == "declined"


def test_a_message_to_someone_never_answered_is_checked_for_owning_it(db: Store) -> None:
    start(db, "Northwind", "Dana Reyes <dana@reyes.example>")
    service.set_stage(at(db, hours(300)), "Northwind", "closed")
    later = hours(24 * 100)
    service.add_process(at(db, later), "Quantis", contacts=("Dana <dana@reyes.example>",))
    drafted = service.process_draft(at(db, later), "Quantis", "comp-check", {"range": "EUR 95k"})
    assert "didn't reply to your message about the Engineer role at Northwind" in drafted["body"]
    assert drafted["check"]["findings"] == []
    sent = service.log_message(at(db, later), "Quantis", "out", "Hi Dana, is EUR 95k in budget?")
    assert "unacknowledged-history" in {f["rule"] for f in sent["check"]["findings"]}
    # acknowledged (or not) once: the next message in the process is not asked again
    again = service.log_message(at(db, later), "Quantis", "out", "Hi Dana, Tuesday works.")
    assert "unacknowledged-history" not in {f["rule"] for f in again["check"]["findings"]}


def test_a_sent_message_stored_without_its_check_is_judged_by_what_it_says(db: Store) -> None:
    import json

    start(db, "Sharp", "Cy <cy@sharp.example>")
    service.decline(at(db, hours(2)), "Sharp", confirm=True)
    data = json.loads(service.export(at(db, hours(3))))
    sent = data["processes"][0]["messages"][-1]
    sent["body"] = "Thanks, but your salary band was frankly insulting. I'm withdrawing."
    sent["findings"] = None  # as mail read from elsewhere would come: never checked here
    target = Store("sqlite://")
    service.import_text(at(target, hours(3)), json.dumps(data), fmt="json")
    (row,) = service.ledger(at(target, hours(4)))["processes"]
    assert (row["ending"], row["label"]) == ("declined", "parting_shot")
    target.close()
