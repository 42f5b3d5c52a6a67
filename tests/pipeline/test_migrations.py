"""Migrations: an old store upgrades keeping every record; the newest matches the models."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bowout.pipeline import due, processes, transfer
from bowout.pipeline.schema import Base
from bowout.pipeline.serialize import process_json
from bowout.pipeline.store import HEAD_REVISION, Store

FIXTURE = Path(__file__).parents[1] / "data" / "store-0001.sqlite3"
AFTER = datetime(2026, 10, 3, 9, 0, tzinfo=UTC)
TABLES = ("processes", "stage_changes", "contacts", "interviews", "messages", "followups")


def rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as raw:
        return {
            table: raw.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in TABLES
        }


def test_upgrading_a_store_from_the_first_revision_keeps_every_record(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURE, path)
    before = rows(path)
    assert sum(len(r) for r in before.values()) == 14
    store = Store(f"sqlite:///{path}")
    assert store.revision() == HEAD_REVISION
    after = rows(path)
    # New columns, at the end, empty: processes' intent and archived_at; interviews' invitation
    # uid and sequence; messages' origin.
    added = {"processes": 2, "interviews": 2, "messages": 1}
    for table in TABLES:
        if table in added:
            width = added[table]
            assert [r[:-width] for r in after[table]] == before[table]
            assert {r[-width:] for r in after[table]} == {(None,) * width}
        elif table == "contacts":  # one new column, the person each contact is
            assert [r[:-1] for r in after[table]] == before[table]
            assert None not in {r[-1] for r in after[table]}
        else:
            assert after[table] == before[table]
    with store.read() as session:
        exported = transfer.export_json(session)
        acme = process_json(processes.resolve(session, "Acme"), full=True)
        kinds = [i["kind"] for i in due.status(session, now=AFTER)["items"]]
        assert kinds[0] == "reply_owed"
    assert [p["company"] for p in exported["processes"]] == ["Acme", "Globex", "Initech"]
    assert acme["interviews"][0]["start"] == "2026-10-10T15:00:00+02:00"
    assert exported["processes"][1]["contacts"][0]["keep"] is True
    assert exported["processes"][1]["messages"][0]["findings"] == []
    store.close()


def test_the_migrated_schema_matches_the_models(store_url: str) -> None:
    store = Store(store_url)
    with store.engine.connect() as conn:
        differences = compare_metadata(
            MigrationContext.configure(conn.execution_options(bowout_read=True)), Base.metadata
        )
    store.close()
    assert differences == []
