from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bowout import config
from bowout.errors import InvalidInput


def test_layers_defaults_file_environment_flags(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('me = "Zoë"\ntimezone = "Europe/Berlin"\nreconnect_months = 6\n')
    settings = config.load(path, environ={"BOWOUT_TIMEZONE": "Asia/Tokyo"})
    assert (settings.me, settings.timezone, settings.reconnect_months) == ("Zoë", "Asia/Tokyo", 6)
    assert settings.linkedin_limit == 300  # default
    flagged = settings.with_overrides(me="Sam", timezone=None)
    assert (flagged.me, flagged.timezone) == ("Sam", "Asia/Tokyo")


def test_list_settings_from_environment(tmp_path: Path) -> None:
    settings = config.load(
        tmp_path / "none.toml", environ={"BOWOUT_IGNORE": "critique, no-gratitude"}
    )
    assert settings.ignore == ("critique", "no-gratitude")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("colour = 'blue'\n", "unknown setting 'colour'"),
        ("linkedin_limit = -4\n", "positive whole number"),
        ("timezone = 'Mars/Olympus'\n", "is not a time zone"),
        ("timezone = 'Europe'\n", "'Europe' is not a time zone"),  # a folder of zones
        (f"timezone = '{'x' * 300}'\n", "is not a time zone"),  # longer than a file name
        ("me = \n", "config file"),
    ],
)
def test_bad_config_names_the_problem(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(content)
    with pytest.raises(InvalidInput) as err:
        config.load(path, environ={})
    assert needle in err.value.message


def test_every_setting_is_declared_once() -> None:
    names = [row["name"] for row in config.describe()]
    assert len(names) == len(set(names))


def test_python_dash_m_runs_the_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bowout", "advise", "--reason", "anxiety", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert '"action": "attend"' in out.stdout
