"""The store commands run as a user runs them, on a fresh SQLite store per test: ``bowout(...)``
invokes the command line with the store and the clock given and checks the exit code;
``bowout_as`` makes one for another user or clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bowout.cli.main import cli

NOW = "2026-11-26T09:00+01:00"


@pytest.fixture
def bowout_as(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """``bowout_as(me=..., now=...)``: the command line of a user by that name, on that clock."""

    def as_user(me: str = "Alex Kim", now: str = NOW) -> Any:
        monkeypatch.setenv("BOWOUT_ME", me)
        monkeypatch.setenv("BOWOUT_TIMEZONE", "Europe/Berlin")
        db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
        runner = CliRunner()
        default = now

        def invoke(*args: str, now: str = default, code: int = 0) -> Result:
            result = runner.invoke(cli, [*args, "--db", db, "--now", now])
            assert result.exit_code == code, (result.stdout, result.stderr)
            return result

        return invoke

    return as_user


@pytest.fixture
def bowout(bowout_as: Any) -> Any:
    return bowout_as()
