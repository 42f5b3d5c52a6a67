"""People, person, ledger and repair as a user runs them: readable output, JSON contracts,
clear errors, and the note wherever someone met before comes up again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bowout.cli.main import cli

T0 = "2026-03-02T09:00+01:00"
LATER = "2026-11-20T09:00+01:00"


@pytest.fixture
def bowout(bowout_as: Any) -> Any:
    return bowout_as(me="Sam Okafor", now=LATER)


def data(result: Result) -> Any:
    return json.loads(result.stdout)


@pytest.fixture
def moved(bowout: Any) -> Any:
    """A recruiter declined at one agency, met again at the next."""
    bowout("add", "Northwind", "--role", "Data Engineer",
           "--contact", "Dana Reyes <dana@talentbridge.example> linkedin.com/in/dana-reyes",
           "--interview", "2026-03-12T10:00", now=T0)  # fmt: skip
    bowout("log", "in", "Northwind", "--text", "Can you do the 12th?", now=T0)
    bowout("decline", "Northwind", "--reason", "lost_interest", "--yes", now=T0)
    return bowout


def test_a_recruiter_who_moved_agencies_is_one_person_with_both_processes(moved: Any) -> None:
    dana = "Dana Reyes <dana@hirewell.example> linkedin.com/in/dana-reyes"
    added = moved("add", "Quantis", "--role", "Platform Engineer", "--contact", dana)
    assert added.stdout == "2\n"
    assert "Dana Reyes, met before at Northwind (Data Engineer): declined" in added.stderr
    listed = moved("people").stdout
    assert "Dana Reyes <dana@talentbridge.example, dana@hirewell.example>" in listed
    assert "2 processes: Northwind, Quantis" in listed
    page = data(moved("person", "Dana", "--json"))
    assert [(p["company"], p["email"], p["ending"]) for p in page["processes"]] == [
        ("Northwind", "dana@talentbridge.example", "declined"),
        ("Quantis", "dana@hirewell.example", None),
    ]
    assert len(page["messages"]) == 2
    shown = moved("show", "Quantis").stdout
    assert 'likely remembered as "Professional: they respected our time."' in shown
    drafted = moved("draft", "comp-check", "--process", "Quantis", "--range", "EUR 95k").stdout
    assert "We were last in touch about the Data Engineer role at Northwind" in drafted


def test_people_merge_apart_and_undo_from_the_command_line(bowout: Any) -> None:
    bowout("add", "Acme", "--contact", "Lee Park <lee@acme.example>")
    bowout("add", "Acme Labs", "--contact", "Lee Park <l.park@acme.example>")
    listed = bowout("people").stdout
    assert "same person? 1 and 2, both Lee Park at acme.example: bowout people merge 1 2" in listed
    merged = bowout("people", "merge", "1", "2").stdout
    assert merged.startswith("merged into Lee Park (1) (change 1; undo: bowout people undo 1)")
    assert len(data(bowout("people", "--json"))["people"]) == 1
    assert "change 1 (merge) undone" in bowout("people", "undo", "1").stdout
    bowout("people", "apart", "1", "2")
    assert data(bowout("people", "--json"))["proposals"] == []


def test_errors_name_what_to_fix(bowout: Any) -> None:
    bowout("add", "Acme", "--contact", "Lee Park <lee@acme.example>")
    missing = bowout("person", "nobody", code=3)
    assert "nobody matching 'nobody'" in missing.stderr
    assert "no change 9" in bowout("people", "undo", "9", code=3).stderr
    assert "nothing of theirs" in bowout("repair", "Acme", code=4).stderr


def test_ledger_json_lists_every_ended_process_with_its_remembered_row(moved: Any) -> None:
    moved("add", "Initech", "--contact", "Sam Wu <sam@initech.example>", now=T0)
    moved("log", "in", "Initech", "--text", "Are you still interested?", now=T0)
    ledger = data(moved("ledger", "--json"))
    assert ledger["summary"]["text"] == "2 processes ended: 1 professional, 1 left unanswered"
    rows = {e["company"]: e for e in ledger["processes"]}
    assert rows["Northwind"]["remembered"] == "Professional: they respected our time."
    assert rows["Initech"]["ending"] == "never_answered"
    readable = moved("ledger").stdout
    assert "better late than never: bowout repair 2" in readable
    assert "or, to say no late rather than never: bowout repair 2" in moved("status").stdout
    repaired = moved("repair", "Initech", "--yes")
    assert "the ledger now reads: late with an apology" in repaired.stdout
    after = data(moved("ledger", "--json"))
    assert after["summary"]["text"] == "2 processes ended: 1 professional, 1 late with an apology"


def test_check_with_a_process_warns_when_the_history_is_ignored(moved: Any, tmp_path: Path) -> None:
    moved("add", "Quantis", "--contact", "Dana <dana@hirewell.example> linkedin.com/in/dana-reyes")
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Dana, is EUR 95k within your budget? Best, Sam\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    args = ["check", str(draft), "--intent", "comp_check", "--json"]
    with_history = CliRunner().invoke(cli, [*args, "--process", "Quantis", "--db", db])
    assert with_history.exit_code == 1
    rules = {f["rule"] for f in json.loads(with_history.stdout)["findings"]}
    assert "unacknowledged-history" in rules
    alone = CliRunner().invoke(cli, args)
    assert alone.exit_code == 0, alone.stdout
