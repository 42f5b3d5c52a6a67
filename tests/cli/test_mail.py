"""`bowout mail` and `bowout calendar`: the same JSON as the service, clear errors, and no
calendar or IMAP library loaded just to list the commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import icalendar
from click.testing import CliRunner

from bowout.cli.main import cli

DATA = Path(__file__).parents[1] / "data"
NOW = "2026-11-30T12:00+00:00"


def run(runner: CliRunner, *args: str) -> object:
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_a_takeout_import_then_status_shows_who_waits_from_mail(
    runner: CliRunner, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    run(runner, "add", "Acme", "--contact", "Dana Reyes <dana@acme.example>", "--db", db)
    run(runner, "add", "Initech", "--db", db)
    mbox = str(DATA / "mail" / "takeout.mbox")
    result = run(runner, "mail", "import", mbox, "--db", db, "--now", NOW)
    assert "waiting for an answer:" in result.output  # type: ignore[attr-defined]
    assert "Acme: Dana Reyes" in result.output  # type: ignore[attr-defined]
    report = json.loads(
        run(runner, "mail", "import", mbox, "--db", db, "--now", NOW, "--json").output  # type: ignore[attr-defined]
    )
    assert report["unchanged"] is True
    status = run(runner, "status", "--db", db, "--now", NOW)
    assert "Acme wrote" in status.output and "(from your mail)" in status.output  # type: ignore[attr-defined]
    proposals = json.loads(run(runner, "mail", "proposals", "--db", db, "--json").output)  # type: ignore[attr-defined]
    [proposal] = proposals["proposals"]
    made = run(runner, "mail", "confirm", str(proposal["id"]), "--company", "Hooli", "--db", db)
    assert "Hooli" in made.output  # type: ignore[attr-defined]


def test_a_missing_path_names_the_argument(runner: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    result = runner.invoke(cli, ["mail", "import", str(tmp_path / "nope.mbox"), "--db", db])
    assert result.exit_code == 2
    assert "PATH:" in result.output and "does not exist" in result.output


def test_sync_without_an_account_says_which_setting_to_give(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(cli, ["mail", "sync", "--db", f"sqlite:///{tmp_path / 's.db'}"])
    assert result.exit_code == 2
    assert "imap_host" in result.output


def test_calendar_import_and_export(runner: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    run(runner, "add", "Acme", "--contact", "Dana <dana@acme.example>", "--db", db)
    invite = str(DATA / "calendar" / "google_invite.ics")
    added = run(runner, "calendar", "import", invite, "--db", db, "--now", NOW)
    assert "added: Acme on 2026-12-03T10:00:00+01:00 (Europe/Berlin)" in added.output  # type: ignore[attr-defined]
    out = tmp_path / "feed.ics"
    run(runner, "calendar", "export", "--output", str(out), "--db", db, "--now", NOW)
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Interview: Acme"]
    streamed = run(runner, "calendar", "export", "--db", db, "--now", NOW)
    assert "BEGIN:VCALENDAR" in streamed.output  # type: ignore[attr-defined]
    listed = json.loads(
        run(runner, "calendar", "export", "--json", "--db", db, "--now", NOW).output
    )  # type: ignore[attr-defined]
    assert [(e["summary"], e["zone"], e["status"]) for e in listed["events"]] == [
        ("Interview: Acme", "Europe/Berlin", "CONFIRMED")
    ]


def test_listing_the_commands_loads_no_calendar_or_imap_library() -> None:
    code = (
        "import sys; from bowout.cli.main import main\n"
        "for argv in (['bowout', '--help'], ['bowout', 'mail', '--help'],"
        " ['bowout', 'calendar', '--help']):\n"
        "    sys.argv = argv\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "names = ('icalendar', 'imaplib', 'mailbox', 'sqlalchemy')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY="
