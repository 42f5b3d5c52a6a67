"""The store commands run as a user runs them, on a fresh SQLite store per test: ``bowout(...)``
invokes the command line with the store and the clock given and checks the exit code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bowout.cli.main import cli

NOW = "2026-11-26T09:00+01:00"


@pytest.fixture
def bowout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("BOWOUT_ME", "Alex Kim")
    monkeypatch.setenv("BOWOUT_TIMEZONE", "Europe/Berlin")
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner()

    def invoke(*args: str, now: str = NOW, code: int = 0) -> Result:
        result = runner.invoke(cli, [*args, "--db", db, "--now", now])
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    return invoke
