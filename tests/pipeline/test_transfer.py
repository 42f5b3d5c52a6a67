"""Export and import: JSON round-trips exactly; CSV imports through a column mapping."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from bowout.cli.main import cli
from bowout.config import Settings
from bowout.errors import Conflict, InvalidInput
from bowout.pipeline import endings, relationships, transfer
from bowout.pipeline import messages as correspondence
from bowout.pipeline import processes as tracker
from bowout.pipeline.store import Store

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
BERLIN = ZoneInfo("Europe/Berlin")
SETTINGS = Settings(me="Alex Kim", timezone="Europe/Berlin")


def fill(store: Store) -> None:
    with store.write() as session:
        tracker.add_process(
            session,
            "Acme",
            role="Backend Engineer",
            link="https://acme.example/jobs/1",
            contacts=("Dana Reyes <dana@acme.example>",),
            interview="2026-12-03T10:00",
            zone="Europe/Berlin",
            now=NOW,
        )
        tracker.add_process(session, "Globex", contacts=("Lee Park <lee@globex.example>",), now=NOW)
        tracker.add_process(session, "Initech — Zürich", role="Data", now=NOW)
        correspondence.log_message(session, "Acme", "in", "Could you do Wednesday?", now=NOW)
        correspondence.log_message(
            session,
            "Acme",
            "out",
            "Wednesday works, thank you.",
            now=NOW + timedelta(hours=1),
            settings=SETTINGS,
        )
        endings.decline(session, "Globex", now=NOW, settings=SETTINGS, confirm=True)
        relationships.keep(
            session, "Globex", "Lee", why="recruiter-invested", now=NOW, settings=SETTINGS
        )
        endings.accept(session, "Acme", now=NOW, settings=SETTINGS)


@pytest.fixture
def filled(store_url: str) -> Iterator[Store]:
    store = Store(store_url)
    fill(store)
    yield store
    store.close()


def test_json_export_import_export_is_identical(filled: Store, tmp_path: Path) -> None:
    with filled.read() as session:
        first = transfer.export_json(session)
    assert len(first["processes"]) == 3
    assert first["processes"][1]["contacts"][0]["keep_why"] == "recruiter-invested"
    target = Store(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    with target.write() as session:
        assert transfer.import_json(session, first) == {"imported": 3, "ids_kept": True}
    with target.read() as session:
        second = transfer.export_json(session)
    assert json.dumps(second, sort_keys=True) == json.dumps(first, sort_keys=True)
    with target.write() as session:  # new records continue after the imported ids
        added = tracker.add_process(session, "Hooli", now=NOW)
    assert added["id"] == 4
    target.close()


def test_import_into_a_store_that_is_not_empty_needs_merge(filled: Store) -> None:
    with filled.read() as session:
        data = transfer.export_json(session)
    with pytest.raises(Conflict, match="--merge"), filled.write() as session:
        transfer.import_json(session, data)
    with filled.write() as session:
        assert transfer.import_json(session, data, merge=True)["ids_kept"] is False
    with filled.read() as session:
        again = transfer.export_json(session)
    assert len(again["processes"]) == 6
    assert again["processes"][4]["contacts"][0]["name"] == "Lee Park"
    assert (
        again["processes"][4]["followups"][0]["contact"]
        == again["processes"][4]["contacts"][0]["id"]
    )


def test_a_broken_export_names_the_bad_field_and_writes_nothing(
    filled: Store, tmp_path: Path
) -> None:
    with filled.read() as session:
        data = transfer.export_json(session)
    data["processes"][2]["interviews"] = [{"start": "tomorrow", "status": "scheduled"}]
    target = Store(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    where = r"processes\[2\]\.interviews\[0\]\.start"
    with pytest.raises(InvalidInput, match=where), target.write() as session:
        transfer.import_json(session, data)
    with target.read() as session:
        assert transfer.export_json(session)["processes"] == []
    target.close()


def test_csv_from_a_spreadsheet_through_a_mapping(store_url: str) -> None:
    sheet = (
        "Company,Position,Status,Recruiter,Recruiter email,Applied on\n"
        "Acme,Backend Engineer,Interview,Dana Reyes,dana@acme.example,2026-10-01\n"
        "Globex,,Rejection,,,\n"
    )
    mapping = transfer.parse_mapping(
        "company=Company,role=Position,stage=Status,contact_name=Recruiter,"
        "contact_email=Recruiter email,created_at=Applied on"
    )
    store = Store(store_url)
    with store.write() as session:
        result = transfer.import_csv(session, sheet, mapping=mapping, now=NOW, zone=BERLIN)
    assert result["imported"] == 2
    with store.read() as session:
        acme = tracker.show(session, "Acme")
        globex = tracker.show(session, "Globex")
        exported = transfer.export_csv(session)
    assert (acme["role"], acme["stage"]) == ("Backend Engineer", "interviewing")
    assert acme["contacts"][0]["email"] == "dana@acme.example"
    assert acme["created_at"] == "2026-09-30T22:00:00+00:00"
    assert globex["stage"] == "rejected"
    assert exported.splitlines()[0].startswith("id,company,role,stage")
    store.close()


FORMULA = '=HYPERLINK("http://x.example","Details")'


def test_csv_export_keeps_formulas_from_running_and_reads_them_back(
    store_url: str, tmp_path: Path
) -> None:
    import csv
    import io

    from bowout.pipeline.schema import Process

    store = Store(store_url)
    with store.write() as session:
        tracker.add_process(session, FORMULA, role="+1+1", now=NOW)
        tracker.add_process(session, "-Dash", role="@SUM(A1)", now=NOW)
        tracker.add_process(
            session, "Plain Co", contacts=("=cmd|' /C calc'!A0 <e@x.example>",), now=NOW
        )
        # Tabs and carriage returns never survive the tracker's cleaning; a store written by
        # another tool may hold them all the same.
        for process in session.query(Process):
            process.notes = {"-Dash": "\t=1+2", "Plain Co": "\r=1+2"}.get(process.company)
    with store.read() as session:
        exported = transfer.export_csv(session)
    store.close()
    rows = list(csv.DictReader(io.StringIO(exported)))
    cells = [value for row in rows for value in row.values() if value]
    assert not [cell for cell in cells if cell[0] in "=+-@\t\r"], exported
    by_company = {row["company"]: row for row in rows}
    assert set(by_company) == {"'" + FORMULA, "'-Dash", "Plain Co"}
    assert by_company["'" + FORMULA]["role"] == "'+1+1"
    assert by_company["'-Dash"]["role"] == "'@SUM(A1)"
    assert by_company["'-Dash"]["notes"] == "'\t=1+2"
    assert by_company["Plain Co"]["notes"] == "'\n=1+2"  # a lone CR would end the row early
    assert by_company["Plain Co"]["contact_name"] == "'=cmd|' /C calc'!A0"
    assert by_company["Plain Co"]["created_at"].startswith("2026-")  # dates are left as they are
    # Imported back, the apostrophes come off again: each text is what was typed.
    copy = Store(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    with copy.write() as session:
        transfer.import_csv(session, exported, mapping={}, now=NOW, zone=BERLIN)
    with copy.read() as session:
        back = {p["company"]: p for p in tracker.list_processes(session, everything=True)}
    copy.close()
    assert set(back) == {FORMULA, "-Dash", "Plain Co"}
    assert back[FORMULA]["role"] == "+1+1" and back["-Dash"]["role"] == "@SUM(A1)"


@pytest.mark.parametrize(
    ("sheet", "spec", "message"),
    [
        ("Name,Title\nAcme,x\n", None, "no company column"),
        ("Company\nAcme\n", "company=Firm", "no column 'Firm'"),
        ("Company,Status\nAcme,sleeping\n", "stage=Status", "line 2: unknown stage"),
        ("Company\nAcme\n", "employer=Company", "unknown field 'employer'"),
        ("Company,Applied\nAcme,31/12/2026\n", "created_at=Applied", "line 2"),
    ],
)
def test_csv_errors_say_what_to_fix(
    tmp_path: Path, sheet: str, spec: str | None, message: str
) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    with pytest.raises(InvalidInput, match=message), store.write() as session:
        transfer.import_csv(
            session, sheet, mapping=transfer.parse_mapping(spec), now=NOW, zone=BERLIN
        )
    with store.read() as session:
        assert transfer.export_json(session)["processes"] == []
    store.close()


def test_the_commands_round_trip_through_files(tmp_path: Path) -> None:
    runner = CliRunner()
    source = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    fill(Store(source))
    out = tmp_path / "pipeline.json"
    result = runner.invoke(cli, ["export", "--db", source, "--output", str(out)])
    assert result.exit_code == 0, result.output
    copy = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    result = runner.invoke(cli, ["import", str(out), "--db", copy, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["imported"] == 3
    again = runner.invoke(cli, ["export", "--db", copy])
    assert again.stdout == out.read_text(encoding="utf-8")
    csv_out = runner.invoke(cli, ["export", "--db", copy, "--format", "csv"])
    assert csv_out.stdout.count("\n") == 4
    refused = runner.invoke(cli, ["import", str(out), "--db", copy])
    assert refused.exit_code == 4 and "--merge" in refused.stderr
