"""What the MCP tests share: a home of their own (config and store) that the server and the CLI
both use, the server started as an assistant starts it, and the CLI's JSON to compare with."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from mcp import Client, StdioServerParameters
from mcp.types import CallToolResult, TextContent

from bowout.cli.main import cli

NOW = "2026-11-26T09:00+01:00"  # a Thursday morning in Berlin
CONFIG = 'me = "Sam Lee"\ntimezone = "Europe/Berlin"\n'


@dataclass(frozen=True)
class Home:
    """A config file and a data directory: the server and the CLI read the same ones."""

    root: Path

    @property
    def env(self) -> dict[str, str]:
        return {
            "BOWOUT_CONFIG": str(self.root / "config.toml"),
            "BOWOUT_DATA_DIR": str(self.root / "data"),
        }

    def invoke(self, *args: str, input: str | None = None, code: int = 0) -> Result:
        """The CLI run in this process, in this home."""
        result = CliRunner().invoke(cli, list(args), env=self.env, input=input)
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    def cli(self, *args: str, input: str | None = None, code: int = 0) -> str:
        """The CLI's stdout for these arguments."""
        return self.invoke(*args, input=input, code=code).stdout

    def cli_json(self, *args: str, input: str | None = None, code: int = 0) -> Any:
        return json.loads(self.cli(*args, "--json", input=input, code=code))


def make_home(tmp_path_factory: pytest.TempPathFactory, name: str) -> Home:
    root = tmp_path_factory.mktemp(name)
    (root / "config.toml").write_text(CONFIG, encoding="utf-8")
    return Home(root)


@asynccontextmanager
async def over_stdio(home: Home, *extra: str) -> AsyncIterator[Client]:
    """The server as a desktop assistant runs it: `python -m bowout mcp`, spoken to over stdio."""
    command = ["-m", "bowout", "mcp", "--now", NOW, *extra]
    params = StdioServerParameters(command=sys.executable, args=command, env=home.env)
    async with Client(params) as client:
        yield client


def text_of(result: CallToolResult) -> str:
    assert len(result.content) == 1 and isinstance(result.content[0], TextContent)
    return result.content[0].text


def data(result: CallToolResult) -> Any:
    """A successful call's JSON: the text the model reads and the structured content agree."""
    assert not result.is_error, text_of(result)
    parsed = json.loads(text_of(result))
    assert parsed == result.structured_content
    return parsed


def error(result: CallToolResult) -> dict[str, Any]:
    """A tool error: the error JSON every front end uses, and no traceback."""
    assert result.is_error, text_of(result)
    parsed = json.loads(text_of(result))
    assert parsed == result.structured_content
    assert set(parsed) == {"error", "message", "field"}
    assert "Traceback" not in parsed["message"]
    return parsed


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"
