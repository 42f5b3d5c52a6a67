"""Shared fixtures. Add new ones with small edits; several engineers rely on this file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from bowout.pipeline.store import Store

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test reads or writes the developer's real config or data directory."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("BOWOUT_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("BOWOUT_DATA_DIR", str(home / "data"))
    for name in ("BOWOUT_DB", "BOWOUT_ME", "BOWOUT_TIMEZONE", "BOWOUT_IGNORE", "BOWOUT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    yield home


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def now() -> datetime:
    """A fixed Thursday morning in Berlin."""
    return datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)


# --- the pipeline store: every store test runs on SQLite and on PostgreSQL ------------------

PG_SKIP = "PostgreSQL not configured: set BOWOUT_TEST_PG_URL (.ci/run starts a server and sets it)"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    import os
    import uuid

    base = os.environ.get("BOWOUT_TEST_PG_URL")
    if not base:
        pytest.skip(PG_SKIP)
    import sqlalchemy as sa

    schema = f"bowout_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    joiner = "&" if "?" in base else "?"
    try:
        yield f"{base}{joiner}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# --- the real IMAP server (dovecot): .ci/run starts it and sets BOWOUT_TEST_IMAP_URL ----------


@pytest.fixture
def db(store_url: str) -> Iterator[Store]:
    """An empty store over ``store_url``, closed afterwards (a test module that needs records
    in it from the start defines its own ``db``)."""
    store = Store(store_url)
    yield store
    store.close()


@pytest.fixture
def imap_server() -> object:
    from tests.imapserver import SKIP, ImapServer

    server = ImapServer.from_environment()
    if server is None:
        pytest.skip(SKIP)
    return server


# --- browsers: assertions wait longer than playwright's 5 s, for a loaded 2-core CI machine ---
try:
    from playwright.sync_api import expect as _expect
except ImportError:  # pragma: no cover - playwright is a dev dependency
    pass
else:
    _expect.set_options(timeout=20_000)
