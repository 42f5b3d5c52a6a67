"""The pipeline commands as a user runs them: ids out, JSON contracts, clear errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bowout.cli.main import cli

NOW = "2026-11-26T09:00+01:00"  # the clock of the ``bowout`` fixture (conftest)


def data(result: Result) -> Any:
    return json.loads(result.stdout)


def test_a_whole_session_add_log_status_accept(bowout: Any, tmp_path: Path) -> None:
    assert bowout("add", "Acme", "--role", "Backend Engineer",
                  "--contact", "Dana Reyes <dana@acme.example>",
                  "--interview", "2026-12-03T10:00").stdout == "1\n"  # fmt: skip
    assert bowout("add", "Globex", "--contact", "Lee Park <lee@globex.example>",
                  "--interview", "2026-11-30T14:00").stdout == "2\n"  # fmt: skip
    initech = data(bowout("add", "Initech", "--role", "Data Engineer", "--json"))
    assert initech["id"] == 3 and initech["stage"] == "applied"
    mail = tmp_path / "invite.eml"
    mail.write_text(
        "From: Lee Park <lee@globex.example>\nSubject: Next round\n"
        "Content-Type: text/plain; charset=utf-8\n\nCould you confirm Monday at 14:00?\n",
        encoding="utf-8",
    )
    bowout("log", "in", "globex", "--at", "2026-11-24T10:00+01:00", "--file", str(mail))
    items = data(bowout("status", "--json"))["items"]
    assert [(i["kind"], i["company"], i["severity"]) for i in items] == [
        ("reply_owed", "Globex", "warning"),
        ("upcoming", "Globex", "info"),
        ("upcoming", "Acme", "info"),
    ]
    assert items[0]["next"] == {"action": "write_reply", "process": 2}
    assert 'next: bowout log out 2 --text "..."' in bowout("status").stdout
    assert items[0]["age_hours"] == 47.0
    accepted = data(bowout("accept", "Initech", "--verbal", "--json"))
    assert accepted["accepted"] == 3
    assert [(w["process"], w["company"]) for w in accepted["withdrawals"]] == [
        (1, "Acme"),
        (2, "Globex"),
    ]
    assert (
        accepted["withdrawals"][0]["draft"]["body"] != accepted["withdrawals"][1]["draft"]["body"]
    )
    assert {"subject", "body"} <= set(accepted["withdrawals"][0]["draft"])
    kinds = [i["kind"] for i in data(bowout("status", "--json"))["items"]]
    assert kinds.count("withdrawal_owed") == 2
    followup = accepted["withdrawals"][0]["followup"]
    assert "Acme" in bowout("followup", "show", str(followup)).stdout
    bowout("followup", "done", str(followup))
    assert data(bowout("show", "Acme", "--json"))["stage"] == "withdrawn"
    listed = data(bowout("list", "--all", "--json"))["processes"]
    assert {p["company"]: p["stage"] for p in listed} == {
        "Acme": "withdrawn",
        "Globex": "interviewing",
        "Initech": "accepted",
    }


def test_text_output_is_for_people(bowout: Any) -> None:
    bowout("add", "Acme", "--interview", "2026-11-27T15:00")
    bowout("stage", "Acme", "--intent", "decline")
    shown = bowout("status").stdout
    assert "decline the Acme interview" in shown and "next: bowout decline 1" in shown
    assert "Acme" in bowout("list").stdout
    assert "interview 1:" in bowout("show", "1").stdout


def test_an_ambiguous_name_lists_the_candidates_and_writes_nothing(bowout: Any) -> None:
    bowout("add", "Acme", "--role", "Backend")
    bowout("add", "Acme", "--role", "Data")
    result = bowout("log", "in", "acme", "--text", "hello", code=3)
    assert "1 (Acme, Backend)" in result.stderr and "2 (Acme, Data)" in result.stderr
    assert data(bowout("show", "1", "--json"))["messages"] == []


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("show", "Nobody"), 3, "no process for 'Nobody'"),
        (("add", "Hooli", "--interview", "2026-11-20T10:00"), 2, "in the past"),
        (("add", "Hooli", "--interview", "2026-13-01T10:00"), 2, "not a date"),
        (("add", "Acme"), 4, "already open"),
        (("log", "in", "Acme"), 2, "--text: give the message's text, or a file"),
        (("log", "in", "Acme", "--file", "/no/such/file"), 2, "cannot read"),
        (("interview", "confirm", "99"), 3, "no interview with id 99"),
        (("followup", "done", "7"), 3, "no follow-up"),
        (("show", "99999999999999999999999"), 3, "no process with id"),
        (("followup", "done", "99999999999999999999999"), 3, "no follow-up"),
        (("interview", "cancel", "99999999999999999999999"), 3, "no interview"),
        (("stage", "Acme"), 2, "STAGE]: give a stage"),
        (("stage", "Acme", "Hired"), 2, "'Hired' is not one of"),
        (("keep", "Acme", "Dana", "--why", "recruiter-invested"), 4, "still applied"),
    ],
)
def test_bad_input_gets_a_clear_error_and_exit_code(
    bowout: Any, args: tuple[str, ...], code: int, says: str
) -> None:
    bowout("add", "Acme")
    before = bowout("export").stdout
    result = bowout(*args, code=code)
    assert says in result.stderr
    assert bowout("export").stdout == before


def test_decline_without_yes_only_plans_and_with_yes_records(bowout: Any) -> None:
    bowout("add", "Globex", "--contact", "Lee Park <lee@globex.example>",
           "--interview", "2026-12-04T10:00")  # fmt: skip
    plan = data(bowout("decline", "Globex", "--reason", "lost_interest", "--json"))
    assert plan["recorded"] is None and "Lee" in plan["draft"]["body"]
    assert data(bowout("show", "Globex", "--json"))["stage"] == "interviewing"
    done = data(bowout("decline", "Globex", "--reason", "lost_interest", "--yes", "--json"))
    assert done["recorded"]["direction"] == "out"
    shown = data(bowout("show", "Globex", "--json"))
    assert shown["stage"] == "declined" and shown["interviews"][0]["status"] == "cancelled"
    kept = data(bowout("keep", "Globex", "Lee", "--why", "recruiter-invested", "--json"))
    assert [f["kind"] for f in kept["followups"]] == ["linkedin_note", "reconnect"]
    due = data(bowout("reconnect", "--json", now="2027-04-01T09:00+02:00"))["due"]
    assert [d["scenario"] for d in due] == ["linkedin-note", "reconnect-after-decline"]


def test_asking_for_the_role_back_after_declining_is_warned(bowout: Any) -> None:
    bowout("add", "Globex", "--contact", "Lee Park <lee@globex.example>")
    bowout("decline", "Globex", "--yes")
    result = bowout(
        "log", "out", "Globex", "--json", "--text",
        "Hi Lee, I was wondering if that role is still open? I'd love to be considered again.",
    )  # fmt: skip
    rules = [f["rule"] for f in data(result)["check"]["findings"]]
    assert "second-chance-ask" in rules
    text = bowout("log", "out", "Globex", "--text", "Hi Lee, is the position still available?")
    assert "second-chance-ask" in text.stderr


def test_interviews_can_be_added_moved_and_cancelled(bowout: Any) -> None:
    bowout("add", "Acme")
    added = data(
        bowout("interview", "add", "Acme", "2026-12-03T10:00", "--minutes", "45", "--json")
    )
    assert added["start"] == "2026-12-03T10:00:00+01:00" and added["minutes"] == 45
    moved = data(bowout("interview", "move", str(added["id"]), "2026-12-04T11:00", "--json"))
    assert moved["status"] == "scheduled" and moved["id"] != added["id"]
    bowout("interview", "confirm", str(moved["id"]))
    bowout("interview", "cancel", str(moved["id"]))
    statuses = [i["status"] for i in data(bowout("show", "Acme", "--json"))["interviews"]]
    assert statuses == ["rescheduled", "cancelled"]


def test_reschedule_proposes_the_given_times(bowout: Any) -> None:
    bowout(
        "add", "Acme", "--contact", "Dana <dana@acme.example>", "--interview", "2026-12-03T10:00"
    )
    plan = data(bowout("reschedule", "Acme", "--slot", "2026-12-08T10:00+01:00", "--json"))
    assert "8" in plan["draft"]["body"] and plan["recorded"] is None


def test_an_eml_gives_its_subject_and_date(bowout: Any, tmp_path: Path) -> None:
    bowout("add", "Acme")
    mail = tmp_path / "reply.eml"
    mail.write_text(
        "From: Dana Reyes <dana@acme.example>\nSubject: =?utf-8?q?N=C3=A4chste_Runde?=\n"
        "Date: Tue, 24 Nov 2026 10:15:00 +0100\nContent-Type: text/plain; charset=utf-8\n\n"
        "Would Thursday work?\n",
        encoding="utf-8",
    )
    logged = data(bowout("log", "in", "Acme", "--file", str(mail), "--json"))["message"]
    assert logged["subject"] == "Nächste Runde"
    assert logged["at"] == "2026-11-24T09:15:00+00:00"
    assert logged["body"].strip() == "Would Thursday work?"


def test_on_a_terminal_decline_asks_then_offers_to_keep_each_contact(
    bowout: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from bowout.cli import endings as cli_endings

    monkeypatch.setattr(cli_endings, "interactive", lambda: True)
    bowout("add", "Globex", "--contact", "Lee Park <lee@globex.example>")
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    result = runner.invoke(
        cli,
        ["decline", "Globex", "--db", db, "--now", NOW],
        input="y\nhiring-manager-conversation\n",
    )
    assert result.exit_code == 0, result.output
    assert "Keep in touch with Lee Park (recruiter)?" in result.output
    shown = data(bowout("show", "Globex", "--json"))
    assert shown["stage"] == "declined"
    assert shown["contacts"][0]["keep_why"] == "hiring-manager-conversation"
    assert [f["kind"] for f in shown["followups"]] == ["linkedin_note", "reconnect"]


@pytest.mark.parametrize("typed", ["offer", "Offer", "OFFER"])
def test_a_stage_is_taken_as_people_type_it(bowout: Any, typed: str) -> None:
    bowout("add", "Acme")
    assert data(bowout("stage", "Acme", typed, "--json"))["stage"] == "offer"
    listed = data(bowout("list", "--stage", typed.upper(), "--json"))["processes"]
    assert [p["company"] for p in listed] == ["Acme"]


def test_archive_restore_and_delete_a_process(bowout: Any) -> None:
    bowout("add", "Globex")
    bowout("add", "Initech")
    refused = bowout("delete", "Initech", code=4)  # only an archived process can be deleted
    assert "archive it first" in refused.stderr and "Traceback" not in refused.stderr
    assert "archived" in bowout("archive", "Initech").stdout
    assert [p["company"] for p in data(bowout("list", "--json"))["processes"]] == ["Globex"]
    assert "already archived" in bowout("archive", "Initech", code=4).stderr
    assert data(bowout("restore", "Initech", "--json"))["archived_at"] is None
    assert len(data(bowout("list", "--json"))["processes"]) == 2
    bowout("archive", "Initech")
    assert "deleted for good" in bowout("delete", "Initech").stdout
    assert "Initech" not in bowout("list").stdout
    bowout("show", "Initech", code=3)


def test_confirming_an_interview_drops_the_plan_to_decline_it(bowout: Any) -> None:
    bowout("add", "Globex", "--interview", "2026-12-03T14:00")
    bowout("stage", "Globex", "--intent", "decline")
    assert "decline" in bowout("status").stdout
    confirmed = data(bowout("interview", "confirm", "1", "--json"))
    assert confirmed["status"] == "confirmed"
    assert data(bowout("show", "Globex", "--json"))["intent"] is None
    late = bowout("interview", "confirm", "1", now="2026-12-03T15:00+01:00", code=4)
    assert "already started" in late.stderr
