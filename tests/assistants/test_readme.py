"""The README's table of MCP tools is the server's: every tool, and whether it writes."""

from __future__ import annotations

import re
from pathlib import Path

from bowout.assistants.backend import Backend
from bowout.assistants.tools import Tools, specs
from bowout.config import Settings

README = Path(__file__).resolve().parents[2] / "README.md"
ROW = re.compile(r"^\| `(bowout_\w+)` \| [^|]+ \| ([^|]+) \|$", re.MULTILINE)


def test_the_readme_lists_every_tool_and_says_which_change_the_store() -> None:
    rows = {name: writes.strip() for name, writes in ROW.findall(README.read_text("utf-8"))}
    tools = specs(Tools(Backend(Settings())))
    assert list(rows) == list(tools)
    for name, spec in tools.items():
        assert (rows[name] == "no") is bool(spec.annotations.read_only_hint), name
        if "confirm" in rows[name]:
            assert "confirm" in spec.function.__code__.co_varnames, name
