"""Shared fixtures. Add new ones with small edits; several engineers rely on this file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

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
