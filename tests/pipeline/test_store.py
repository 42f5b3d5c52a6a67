"""The store: created and migrated on first use, one transaction per command, clear failures."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bowout import config
from bowout.errors import InvalidInput, StoreError
from bowout.pipeline import store
from bowout.pipeline.schema import Process
from bowout.pipeline.store import HEAD_REVISION, Store

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(store.MIGRATIONS))
    scripts = ScriptDirectory.from_config(cfg)
    assert scripts.get_current_head() == HEAD_REVISION
    assert sorted(s.revision for s in scripts.walk_revisions()) == list(store.REVISIONS)


def test_a_new_store_is_created_and_migrated_on_first_use(store_url: str) -> None:
    first = Store(store_url)
    assert first.revision() == HEAD_REVISION
    with first.write() as session:
        session.add(Process(company="Acme", stage="applied", created_at=NOW, updated_at=NOW))
    first.close()
    again = Store(store_url)  # opening an up-to-date store migrates nothing and keeps the data
    with again.read() as session:
        assert session.scalar(select(func.count()).select_from(Process)) == 1
    again.close()


def test_an_error_inside_a_write_leaves_nothing_written(store_url: str) -> None:
    db = Store(store_url)
    with pytest.raises(InvalidInput), db.write() as session:
        session.add(Process(company="Acme", stage="applied", created_at=NOW, updated_at=NOW))
        session.flush()
        raise InvalidInput("something the user must fix")
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Process)) == 0
    db.close()


def test_times_come_back_aware_and_in_utc(store_url: str) -> None:
    db = Store(store_url)
    berlin = datetime.fromisoformat("2026-12-03T10:00:00+01:00")
    with db.write() as session:
        session.add(Process(company="Acme", stage="applied", created_at=berlin, updated_at=NOW))
    with db.read() as session:
        stored = session.scalars(select(Process)).one().created_at
    assert stored == berlin and stored.utcoffset() is not None and stored.hour == 9
    db.close()


def test_default_store_is_a_wal_sqlite_file_in_the_data_directory(tmp_path: Path) -> None:
    url = store.resolve_url(config.load())
    assert url == f"sqlite:///{config.data_dir() / 'bowout.sqlite3'}"
    db = Store(url)
    with db.engine.connect() as conn:
        conn = conn.execution_options(bowout_read=True)
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == store.BUSY_TIMEOUT_MS
    db.close()
    assert (config.data_dir() / "bowout.sqlite3").exists()


def test_the_flag_beats_the_setting_which_beats_the_default() -> None:
    settings = config.Settings(db="sqlite:////tmp/from-config.sqlite3")
    assert store.resolve_url(settings, "sqlite:////tmp/flag.sqlite3").endswith("flag.sqlite3")
    assert store.resolve_url(settings).endswith("from-config.sqlite3")


def test_an_unusable_url_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot use the database URL"):
        Store("nosuchdialect://x")


def test_a_store_made_by_a_newer_bowout_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="9999"):
        Store(f"sqlite:///{path}")


def test_a_database_that_cannot_be_reached_is_a_store_error_with_the_cause() -> None:
    with pytest.raises(StoreError, match=r"refused|failed") as caught:
        Store("postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    assert caught.value.exit_code == 5
    assert "secret" not in caught.value.message
