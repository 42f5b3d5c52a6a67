"""Export and import: JSON round-trips exactly; CSV imports through a column mapping."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from bowout import service
from bowout.cli.main import cli
from bowout.config import Settings
from bowout.errors import Conflict, InvalidInput
from bowout.pipeline import transfer
from bowout.pipeline.store import Store

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SETTINGS = Settings(me="Alex Kim", timezone="Europe/Berlin")


def fill(store: Store) -> None:
    ctx = service.Context(SETTINGS, now=NOW, store=store)
    service.add_process(
        ctx,
        "Acme",
        role="Backend Engineer",
        link="https://acme.example/jobs/1",
        contacts=("Dana Reyes <dana@acme.example>",),
        interview_at="2026-12-03T10:00",
        zone="Europe/Berlin",
    )
    service.add_process(ctx, "Globex", contacts=("Lee Park <lee@globex.example>",))
    service.add_process(ctx, "Initech — Zürich", role="Data")
    service.log_message(ctx, "Acme", "in", "Could you do Wednesday?")
    later = service.Context(SETTINGS, now=NOW + timedelta(hours=1), store=store)
    service.log_message(later, "Acme", "out", "Wednesday works, thank you.")
    service.decline(ctx, "Globex", confirm=True)
    service.keep(ctx, "Globex", "Lee", why="recruiter-invested")
    service.accept(ctx, "Acme")


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
    added = service.add_process(service.Context(SETTINGS, now=NOW, store=target), "Hooli")
    assert added["id"] == 4  # new records continue after the imported ids
    target.close()


def test_import_into_a_store_that_is_not_empty_needs_merge(filled: Store) -> None:
    with filled.read() as session:
        data = transfer.export_json(session)
    with pytest.raises(Conflict, match="merge"), filled.write() as session:
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
    merged = runner.invoke(cli, ["import", str(out), "--db", copy, "--merge", "--json"])
    assert merged.exit_code == 0 and json.loads(merged.stdout)["ids_kept"] is False
