"""The README's section on `bowout mcp`, from the server itself (run by cog; `make test` checks
it): the table of tools with what each changes, and real answers from the SDK's own client."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import anyio
import cog  # type: ignore[import-not-found]  # provided by cogapp while it runs
from mcp import Client
from mcp.types import TextContent

from bowout.assistants.backend import Backend
from bowout.assistants.server import BowoutServer
from bowout.assistants.tools import Tools, specs
from bowout.config import Settings


def tools_table() -> None:
    cog.outl("| tool | what it does | changes the store |")
    cog.outl("|---|---|---|")
    for name, spec in specs(Tools(Backend(Settings()))).items():
        doc = " ".join((spec.function.__doc__ or "").split())
        summary = re.split(r"[:.] ", doc, maxsplit=1)[0]
        writes = re.search(r"[Cc]hanges the store: ([^.]*)", doc)
        if spec.annotations.read_only_hint:
            changes = "no"
        elif "confirm" in spec.function.__code__.co_varnames:
            changes = "only with `confirm: true`"
        else:
            changes = f"yes: {writes.group(1)}" if writes else "yes"
        cog.outl(f"| `{name}` | {summary} | {changes} |")


def call(tool: str, arguments: dict[str, Any]) -> None:
    """A tool's answer as the model reads it, in a throwaway home."""
    home = Path(tempfile.mkdtemp(prefix="bowout-docs-"))
    (home / "config.toml").write_text('me = "Sam Okafor"\ntimezone = "Europe/Berlin"\n', "utf-8")
    os.environ.update(BOWOUT_CONFIG=str(home / "config.toml"), BOWOUT_DATA_DIR=str(home))

    async def ask() -> str:
        async with Client(BowoutServer(Backend(Settings()))) as client:
            result = await client.call_tool(tool, arguments)
        block = result.content[0]
        assert isinstance(block, TextContent)
        return block.text

    try:
        text = anyio.run(ask)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    cog.outl("```json")
    cog.outl(f"// {tool} {json.dumps(arguments, ensure_ascii=False)}")
    cog.outl(text)
    cog.outl("```")
