"""Spreadsheets: CSV in through a column mapping, and out one row per process."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bowout.errors import InvalidInput
from bowout.pipeline import processes, spreadsheet, transfer
from bowout.pipeline.serialize import process_json
from bowout.pipeline.store import Store

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
BERLIN = ZoneInfo("Europe/Berlin")


def test_csv_from_a_spreadsheet_through_a_mapping(store_url: str) -> None:
    sheet = (
        "Company,Position,Status,Recruiter,Recruiter email,Applied on\n"
        "Acme,Backend Engineer,Interview,Dana Reyes,dana@acme.example,2026-10-01\n"
        "Globex,,Rejection,,,\n"
    )
    mapping = spreadsheet.parse_mapping(
        "company=Company,role=Position,stage=Status,contact_name=Recruiter,"
        "contact_email=Recruiter email,created_at=Applied on"
    )
    store = Store(store_url)
    with store.write() as session:
        result = spreadsheet.import_csv(session, sheet, mapping=mapping, now=NOW, zone=BERLIN)
    assert result["imported"] == 2
    with store.read() as session:
        acme = process_json(processes.resolve(session, "Acme"), full=True)
        globex = process_json(processes.resolve(session, "Globex"))
        exported = spreadsheet.export_csv(session)
    assert (acme["role"], acme["stage"]) == ("Backend Engineer", "interviewing")
    assert acme["contacts"][0]["email"] == "dana@acme.example"
    assert acme["created_at"] == "2026-09-30T22:00:00+00:00"
    assert globex["stage"] == "rejected"
    assert exported.splitlines()[0].startswith("id,company,role,stage")
    store.close()


@pytest.mark.parametrize(
    ("sheet", "spec", "message"),
    [
        ("Name,Title\nAcme,x\n", None, "which column holds the company"),
        ("Company\nAcme\n", "company=Firm", "no column 'Firm'"),
        ("Company,Status\nAcme,sleeping\n", "stage=Status", "line 2: unknown stage"),
        ("Company\nAcme\n", "employer=Company", "no field 'employer'"),
        ("Company,Applied\nAcme,31/12/2026\n", "created_at=Applied", "line 2"),
    ],
)
def test_csv_errors_say_what_to_fix(
    tmp_path: Path, sheet: str, spec: str | None, message: str
) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    with pytest.raises(InvalidInput, match=message), store.write() as session:
        spreadsheet.import_csv(
            session, sheet, mapping=spreadsheet.parse_mapping(spec), now=NOW, zone=BERLIN
        )
    with store.read() as session:
        assert transfer.export_json(session)["processes"] == []
    store.close()


FORMULA = '=HYPERLINK("http://x.example","Details")'


def test_csv_export_keeps_formulas_from_running_and_reads_them_back(
    store_url: str, tmp_path: Path
) -> None:
    import csv
    import io

    store = Store(store_url)
    with store.write() as session:
        processes.add_process(session, FORMULA, role="+1+1", now=NOW)
        dash = processes.add_process(session, "-Dash", role="@SUM(A1)", now=NOW)
        plain = processes.add_process(
            session, "Plain Co", contacts=("=cmd|' /C calc'!A0 <e@x.example>",), now=NOW
        )
        # Tabs and carriage returns never survive the cleaning of typed text; a store written by
        # another tool may hold them all the same.
        dash.notes, plain.notes = "\t=1+2", "\r=1+2"
    with store.read() as session:
        exported = spreadsheet.export_csv(session)
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
        spreadsheet.import_csv(session, exported, mapping={}, now=NOW, zone=BERLIN)
    with copy.read() as session:
        back = {p["company"]: p for p in processes.list_processes(session, everything=True)}
    copy.close()
    assert set(back) == {FORMULA, "-Dash", "Plain Co"}
    assert back[FORMULA]["role"] == "+1+1" and back["-Dash"]["role"] == "@SUM(A1)"


def test_a_cell_too_large_for_the_csv_module_is_refused_and_nothing_written(
    tmp_path: Path,
) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    sheet = "company,notes\nAcme,ok\nGlobex," + "x" * 200_000 + "\n"
    refused = pytest.raises(InvalidInput, match="near line 3: not readable as CSV")
    with refused as error, store.write() as session:
        spreadsheet.import_csv(session, sheet, mapping={}, now=NOW, zone=BERLIN)
    assert error.value.field == "file"
    with store.read() as session:
        assert transfer.export_json(session)["processes"] == []
    store.close()
