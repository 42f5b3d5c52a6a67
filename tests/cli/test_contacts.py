"""contact edit and remove as a user runs them."""

from __future__ import annotations

import json
from typing import Any


def test_a_contact_is_changed_and_removed(bowout: Any) -> None:
    bowout("add", "Acme", "--contact", "Dana Reyes <dana@acme.example>")
    changed = json.loads(
        bowout("contact", "edit", "1", "--email", "dana.reyes@acme.example",
               "--part", "hiring_manager", "--json").stdout
    )  # fmt: skip
    assert (changed["email"], changed["part"]) == ("dana.reyes@acme.example", "hiring_manager")
    cleared = json.loads(bowout("contact", "edit", "1", "--email", "", "--json").stdout)
    assert cleared["email"] is None
    assert "say what to change" in bowout("contact", "edit", "1", code=2).stderr
    assert "no contact with id 7" in bowout("contact", "remove", "7", code=3).stderr
    assert "removed" in bowout("contact", "remove", "1").stdout
    assert json.loads(bowout("show", "Acme", "--json").stdout)["contacts"] == []
