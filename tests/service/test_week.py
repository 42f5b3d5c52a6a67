"""The service behind the web app's workflows, over a real store (SQLite and PostgreSQL): drafts
kept as they are typed, editing, archiving, answering, going, the view by day, the accept plan,
what each reason needs, and availability as days and hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bowout import service
from bowout.config import Settings
from bowout.errors import Conflict, InvalidInput, NotFound
from bowout.model import Reason
from bowout.pipeline.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)  # a Thursday
SETTINGS = Settings(me="Alex Kim", timezone="Europe/Berlin", signature="Data Engineer")


def at(db: Store, now: datetime = NOW) -> service.Context:
    return service.Context(SETTINGS, now=now, store=db)


def add(db: Store, company: str, **values: object) -> int:
    return int(service.add_process(at(db), company, **values)["id"])  # type: ignore[arg-type]


def receive(db: Store, ref: str, text: str, hours_ago: float = 30) -> None:
    when = (NOW - timedelta(hours=hours_ago)).isoformat()
    service.log_message(at(db), ref, "in", text, at=when, subject="Next steps")


def kinds(db: Store, now: datetime = NOW) -> list[tuple[str, str]]:
    return [(i["kind"], i["company"]) for i in service.status(at(db, now))["items"]]


# --- drafts --------------------------------------------------------------------------------------


def test_a_draft_is_kept_replaced_and_dropped_once_its_message_is_sent(db: Store) -> None:
    acme = add(db, "Acme", contacts=("Dana Reyes",))
    service.save_draft(at(db), "assistant-1", "Hi Dana,\n\nfirst", process=str(acme))
    later = at(db, NOW + timedelta(minutes=5))
    kept = service.save_draft(later, "assistant-1", "Hi Dana,\r\n\r\nsecond", subject="Re: x")
    assert kept["body"] == "Hi Dana,\n\nsecond" and kept["process"] == acme  # still tied to it
    assert service.get_draft(at(db), "assistant-1") == kept
    assert service.get_draft(at(db), "assistant-2") is None
    service.mark_sent(at(db), str(acme), "Hi Dana,\n\nThank you. I am withdrawing.\n\nAlex")
    assert service.get_draft(at(db), "assistant-1") is None


def test_a_bad_draft_key_or_body_is_refused(db: Store) -> None:
    for key in ("", "Upper", "a b", "x" * 101, "../etc"):
        with pytest.raises(InvalidInput):
            service.save_draft(at(db), key, "text")
    with pytest.raises(InvalidInput, match="at most"):
        service.save_draft(at(db), "check", "x" * 100_001)
    with pytest.raises(NotFound):
        service.save_draft(at(db), "check", "text", process="Nowhere")
    assert service.discard_draft(at(db), "check") == {"key": "check", "discarded": False}


def test_drafts_untouched_for_months_are_forgotten(db: Store) -> None:
    service.save_draft(at(db), "old", "from long ago")
    service.save_draft(at(db, NOW + timedelta(days=91)), "new", "today")
    assert service.get_draft(at(db), "old") is None
    assert service.get_draft(at(db), "new") is not None


# --- editing -------------------------------------------------------------------------------------


def test_details_are_set_and_cleared_but_the_company_stays(db: Store) -> None:
    acme = str(add(db, "Acme", role="SRE", link="https://jobs.acme.test/1"))
    changed = service.edit_details(
        at(db), acme, {"role": "", "link": "https://jobs.acme.test/2", "notes": "Ask\r\nabout pay"}
    )
    assert (changed["role"], changed["link"], changed["notes"]) == (
        None,
        "https://jobs.acme.test/2",
        "Ask\nabout pay",
    )
    with pytest.raises(InvalidInput, match="company") as caught:
        service.edit_details(at(db), acme, {"company": "  "})
    assert caught.value.field == "company"
    with pytest.raises(InvalidInput) as caught:
        service.edit_details(at(db), acme, {"stage": "offer"})
    assert caught.value.field == "stage"
    assert service.show_process(at(db), acme)["company"] == "Acme"


def test_contacts_are_added_edited_and_removed(db: Store) -> None:
    acme = str(add(db, "Acme", contacts=("Dana Reyes",)))
    dana = service.show_process(at(db), acme)["contacts"][0]
    assert dana["name"] == "Dana Reyes"  # a bare name keeps its surname
    edited = service.edit_contact(
        at(db),
        dana["id"],
        {
            "email": "dana@acme.test",
            "linkedin": "https://www.linkedin.com/in/dr",
            "part": "hiring_manager",
        },
    )
    assert (edited["email"], edited["part"], edited["process"]) == (
        "dana@acme.test",
        "hiring_manager",
        int(acme),
    )
    with pytest.raises(InvalidInput) as caught:
        service.edit_contact(at(db), dana["id"], {"email": "dana at acme"})
    assert caught.value.field == "email"
    with pytest.raises(InvalidInput) as caught:
        service.edit_contact(at(db), dana["id"], {"part": "boss"})
    assert caught.value.field == "part"
    lee = service.add_contact(at(db), acme, {"name": "Lee Park", "email": "lee@acme.test"})
    assert lee["part"] == "recruiter"
    with pytest.raises(InvalidInput) as caught:
        service.add_contact(at(db), acme, {"email": "x@acme.test"})
    assert caught.value.field == "name"
    service.remove_contact(at(db), lee["id"])
    names = [c["name"] for c in service.show_process(at(db), acme)["contacts"]]
    assert names == ["Dana Reyes"]
    with pytest.raises(NotFound):
        service.remove_contact(at(db), lee["id"])
    # The recipient of a draft is the contact as edited.
    assert service.prefill(at(db), acme)["email"] == "dana@acme.test"


# --- archiving -----------------------------------------------------------------------------------


def test_an_archived_process_leaves_the_lists_the_agenda_and_an_acceptance(db: Store) -> None:
    add(db, "Acme", interview_at="2026-11-28T10:00")
    add(db, "Globex", stage="offer")
    initech = str(add(db, "Initech"))
    receive(db, "Initech", "Are you free next week?")
    assert ("reply_owed", "Initech") in kinds(db)
    service.archive(at(db), initech)
    assert [p["company"] for p in service.list_processes(at(db))] == ["Globex", "Acme"]
    assert [p["company"] for p in service.list_processes(at(db), archived=True)] == ["Initech"]
    assert ("reply_owed", "Initech") not in kinds(db)
    assert [w["company"] for w in service.accept_plan(at(db), "Globex")["withdrawals"]] == ["Acme"]
    assert [w["company"] for w in service.accept(at(db), "Globex")["withdrawals"]] == ["Acme"]
    assert service.show_process(at(db), initech)["stage"] == "applied"  # left alone
    with pytest.raises(Conflict):
        service.archive(at(db), initech)
    service.restore(at(db), initech)
    assert ("reply_owed", "Initech") in kinds(db)


def test_only_an_archived_process_is_deleted(db: Store) -> None:
    acme = str(add(db, "Acme", contacts=("Dana",)))
    service.save_draft(at(db), "reply-1", "Hi Dana", process=acme)
    with pytest.raises(Conflict, match="archive it first"):
        service.delete_process(at(db), acme)
    service.archive(at(db), acme)
    service.delete_process(at(db), acme)
    assert service.list_processes(at(db), everything=True, archived=True) == []
    assert service.get_draft(at(db), "reply-1") is None  # its drafts go with it


def test_an_archived_open_process_does_not_block_adding_it_again(db: Store) -> None:
    add(db, "Acme", role="SRE")
    service.archive(at(db), "Acme")
    assert add(db, "Acme", role="SRE") == 2


def test_an_export_keeps_what_was_archived(db: Store) -> None:
    add(db, "Acme")
    service.archive(at(db), "Acme")
    exported = service.export(at(db), "json")
    assert '"archived_at": "2026-11-26T08:00:00+00:00"' in exported


# --- search and sort -----------------------------------------------------------------------------


def test_processes_are_searched_and_sorted(db: Store) -> None:
    add(db, "Globex", role="SRE", interview_at="2026-12-04T10:00")
    add(db, "acme", role="Data_Engineer 100%", contacts=("Dana Reyes <dana@acme.test>",))
    add(db, "Initech", stage="offer", interview_at="2026-12-01T10:00")
    service.edit_details(at(db), "Initech", {"notes": "Referred by Sam"})

    def names(**options: object) -> list[str]:
        rows = service.list_processes(at(db), **options)  # type: ignore[arg-type]
        return [p["company"] for p in rows]

    assert names(query="DANA@acme") == ["acme"]
    assert names(query="sam") == ["Initech"]
    assert names(query="100%") == ["acme"] and names(query="a_e") == ["acme"]  # literal % and _
    assert names(query="data reyes") == ["acme"]  # every word must match somewhere
    assert names(query="nobody") == []
    assert names(sort="company") == ["acme", "Globex", "Initech"]
    assert names(sort="interview") == ["Initech", "Globex", "acme"]  # none last
    assert names(sort="stage") == ["acme", "Globex", "Initech"]  # applied, interviewing, offer
    rows = service.list_processes(at(db), sort="interview")
    assert rows[0]["next_interview"] == "2026-12-01T09:00:00+00:00"
    assert rows[2]["next_interview"] is None
    with pytest.raises(InvalidInput) as caught:
        names(sort="mood")
    assert caught.value.field == "sort"


# --- answering and going -------------------------------------------------------------------------


def test_a_reply_starts_from_their_message_and_is_logged_when_sent(db: Store) -> None:
    add(db, "Globex", contacts=("Kim Ortega <kim@globex.test>",))
    receive(db, "Globex", "Would you be free for a call?")
    reply = service.reply_draft(at(db), "Globex")
    assert (reply["to"], reply["email"], reply["subject"]) == (
        "Kim Ortega",
        "kim@globex.test",
        "Re: Next steps",
    )
    assert reply["body"].startswith("Hi Kim,\n\n") and reply["body"].endswith(
        "Best,\nAlex Kim\nData Engineer"
    )
    assert reply["message"]["body"] == "Would you be free for a call?"
    service.save_draft(at(db), "reply-1", "Hi Kim, yes", process="Globex")
    sent = service.send_reply(at(db), "Globex", "Hi Kim,\n\nYes, Tuesday works.\n\nAlex")
    assert sent["message"]["direction"] == "out" and sent["check"] is not None
    assert ("reply_owed", "Globex") not in kinds(db)
    assert service.get_draft(at(db), "reply-1") is None


def test_marking_an_answer_given_elsewhere_clears_what_is_owed(db: Store) -> None:
    add(db, "Globex")
    with pytest.raises(Conflict, match="no message waiting"):
        service.mark_answered(at(db), "Globex")
    receive(db, "Globex", "Are you free?")
    done = service.mark_answered(at(db), "Globex", channel="phone")
    assert (done["message"]["channel"], done["message"]["body"]) == ("phone", "")
    assert ("reply_owed", "Globex") not in kinds(db)
    with pytest.raises(Conflict):
        service.mark_answered(at(db), "Globex")
    later = at(db, NOW + timedelta(hours=1))
    service.log_message(later, "Globex", "in", "One more question")  # they wrote again
    with pytest.raises(InvalidInput) as caught:
        service.mark_answered(later, "Globex", channel="pigeon")
    assert caught.value.field == "channel"


def test_going_confirms_the_interview_and_drops_a_plan_to_decline(db: Store) -> None:
    acme = add(db, "Acme", interview_at="2026-11-28T14:00")
    service.set_stage(at(db), str(acme), None, intent="decline")
    assert kinds(db) == [("decide_before_interview", "Acme")]
    interview = service.list_interviews(at(db), str(acme))[0]["id"]
    confirmed = service.going(at(db), interview)
    assert confirmed["status"] == "confirmed"
    item = service.status(at(db))["items"][0]
    assert (item["kind"], item["going"]) == ("upcoming", True)
    assert "you said you will go" in item["summary"]
    assert service.show_process(at(db), str(acme))["intent"] is None
    with pytest.raises(Conflict, match="already started"):
        service.going(at(db, datetime(2026, 11, 28, 14, 30, tzinfo=BERLIN)), interview)
    with pytest.raises(NotFound):
        service.going(at(db), 999)


# --- what is coming, by day ----------------------------------------------------------------------


def test_upcoming_lists_interviews_and_deadlines_by_the_users_day(db: Store) -> None:
    add(db, "Acme", interview_at="2026-11-26T16:00")  # today
    add(db, "Globex", interview_at="2026-11-27T15:00", zone="America/New_York")  # 21:00 for me
    add(db, "Initech", interview_at="2027-01-20T10:00")  # beyond four weeks
    add(db, "Hooli")
    receive(db, "Hooli", "Are you free?", hours_ago=30)  # a reply owed since yesterday
    days = service.upcoming(at(db))["days"]
    assert [d["label"] for d in days] == ["Today", "Tomorrow"]
    today = days[0]["entries"]
    assert [(e["kind"], e["company"], e["overdue"]) for e in today] == [
        ("deadline", "Hooli", True),
        ("interview", "Acme", False),
    ]
    assert today[1]["time"] == "16:00" and today[1]["notice"]["class"] == "same_day"
    (globex,) = days[1]["entries"]
    assert (globex["time"], globex["zone"], globex["local"][11:16]) == (
        "21:00",
        "America/New_York",
        "15:00",
    )
    longer = service.upcoming(at(db), days=60)["days"]
    assert longer[-1]["label"] == "Wednesday 20 January"
    with pytest.raises(InvalidInput):
        service.upcoming(at(db), days=0)


def test_upcoming_shows_the_notes_falling_due(db: Store) -> None:
    acme = str(add(db, "Acme", contacts=("Dana",)))
    service.set_stage(at(db), acme, "declined")
    contact = service.show_process(at(db), acme)["contacts"][0]["id"]
    service.keep(at(db), acme, str(contact), why="recruiter-invested")
    days = service.upcoming(at(db))["days"]
    assert [(d["label"], e["summary"]) for d in days for e in d["entries"]] == [
        ("Saturday 28 November", "a LinkedIn note to Acme falls due")
    ]


# --- the accept plan, and what each reason needs -------------------------------------------------


def test_the_accept_plan_says_what_accepting_would_do_and_records_nothing(db: Store) -> None:
    add(db, "Contoso", stage="offer")
    add(db, "Fabrikam", contacts=("Lee",), interview_at="2026-12-01T10:00")
    plan = service.accept_plan(at(db), "Contoso")
    assert plan["accepting"] == 1 and plan["stage"] == "offer"
    (withdrawal,) = plan["withdrawals"]
    assert (withdrawal["company"], withdrawal["to"], len(withdrawal["interviews"])) == (
        "Fabrikam",
        "Lee",
        1,
    )
    assert service.show_process(at(db), "Contoso")["stage"] == "offer"
    assert service.followups(at(db)) == []


def test_each_reason_says_what_it_asks_and_what_its_message_needs() -> None:
    needs = {r["reason"]: (r["asks"], r["needs"]) for r in service.reasons()}
    assert set(needs) == {r.value for r in Reason}
    assert needs["role_mismatch"] == ([], ["to", "company", "me", "detail"])
    assert needs["compensation"] == (["compensation"], ["to", "company", "me", "range"])
    assert needs["anxiety"] == ([], [])  # go: nothing to send
    assert needs["schedule_conflict"][1][-1] == "slots"


# --- availability as days and hours --------------------------------------------------------------


def test_availability_round_trips_through_days_and_hours() -> None:
    laid = service.availability_days(
        ("Tue 12:00-17:00", "Thu 9:00-12:00", "2026-12-09 09:00-12:00")
    )
    days = {d["key"]: d["windows"] for d in laid["days"]}
    assert days["tue"] == [("12:00", "17:00")] and days["thu"] == [("09:00", "12:00")]
    assert days["mon"] == [] and laid["other"] == ["2026-12-09 09:00-12:00"]
    picked = {"tue": ("12:00", "17:00"), "wed": ("", ""), "thu": ("09:00", "12:00")}
    assert service.availability_from(picked, ["2026-12-09 09:00-12:00"]) == (
        "Tue 12:00-17:00",
        "Thu 09:00-12:00",
        "2026-12-09 09:00-12:00",
    )


@pytest.mark.parametrize(
    ("picked", "field"),
    [
        ({"thu": ("17:00", "09:00")}, "availability.thu.end"),
        ({"fri": ("09:00", "")}, "availability.fri.end"),
        ({"mon": ("", "12:00")}, "availability.mon.start"),
        ({"funday": ("09:00", "12:00")}, "availability"),
    ],
)
def test_a_half_given_or_backwards_day_names_itself(
    picked: dict[str, tuple[str, str]], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        service.availability_from(picked)
    assert caught.value.field == field
