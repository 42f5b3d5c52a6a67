"""Settings saved through the service: each field checked before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from bowout import service
from bowout.errors import InvalidFields, InvalidInput


def test_every_bad_field_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    file = tmp_path / "config.toml"
    with pytest.raises(InvalidFields) as refused:
        service.save_settings(
            {"me": "Alex", "timezone": "Mars/Olympus", "linkedin_limit": "lots"}, file
        )
    assert [p.field for p in refused.value.problems] == ["timezone", "linkedin_limit"]
    assert refused.value.field == "timezone"  # the first, for a front end that shows one
    assert [p["field"] for p in refused.value.to_json()["problems"]] == [
        "timezone",
        "linkedin_limit",
    ]
    assert not file.exists()


def test_one_bad_field_is_a_plain_invalid_input(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        service.save_settings({"me": "Alex", "reconnect_months": "0"}, tmp_path / "c.toml")
    assert type(refused.value) is InvalidInput and refused.value.field == "reconnect_months"


def test_good_fields_are_saved(tmp_path: Path) -> None:
    saved = service.save_settings({"me": "Alex", "timezone": "Europe/Lisbon"}, tmp_path / "c.toml")
    assert (saved.me, saved.timezone) == ("Alex", "Europe/Lisbon")
