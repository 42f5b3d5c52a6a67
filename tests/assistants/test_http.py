"""`bowout mcp --http` on a free loopback port, driven by the SDK's streamable HTTP client: the
same tools, the resources and the prompt; and the web app's rules for who may connect."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import httpx
import httpx2
import pytest
from mcp import Client, MCPError
from mcp.client.streamable_http import streamable_http_client
from mcp.types import TextResourceContents
from starlette.testclient import TestClient

from bowout.assistants.backend import Backend
from bowout.assistants.server import BowoutServer
from bowout.assistants.serving import http_app
from bowout.assistants.tools import Tools, specs
from bowout.config import Settings
from tests.assistants.conftest import NOW, Home, data, error, make_home, text_of
from tests.web.browsing import free_port

pytestmark = pytest.mark.anyio

TOKEN = "correct-horse-battery-staple"
INITIALIZE = {
    "jsonrpc": "2.0", "id": 1, "method": "initialize",
    "params": {"protocolVersion": "2025-11-25", "capabilities": {},
               "clientInfo": {"name": "test", "version": "1"}},
}  # fmt: skip
MCP_HEADERS = {"Accept": "application/json, text/event-stream"}


@contextmanager
def running(home: Home, **env: str) -> Iterator[str]:
    """`bowout mcp --http` in a process of its own; its URL once it accepts connections."""
    port = free_port()
    environ = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    command = [sys.executable, "-m", "bowout", "mcp", "--http", "--port", str(port), "--now", NOW]
    server = subprocess.Popen(
        command, env={**environ, **home.env, **env}, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        server.terminate()
        server.wait(timeout=20)
        if server.stderr:
            server.stderr.close()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    home = make_home(tmp_path_factory, "http")
    home.cli("add", "Acme", "--contact", "Dana Reyes <dana@acme.example>",
             "--interview", "2026-11-27T10:00", "--now", NOW)  # fmt: skip
    return home


@pytest.fixture(scope="module")
def url(home: Home) -> Iterator[str]:
    with running(home) as where:
        yield where


@pytest.fixture(scope="module")
async def client(url: str) -> AsyncIterator[Client]:
    async with Client(url) as connected:
        yield connected


# --- the same server over HTTP -----------------------------------------------------------------


async def test_the_tools_over_http_are_the_ones_over_stdio(client: Client, home: Home) -> None:
    tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert set(tools) == set(specs(Tools(Backend(Settings()))))  # every tool the server lists
    assert tools["bowout_check"].annotations.read_only_hint is True  # type: ignore[union-attr]
    text = "Thank you, but I'll pass for now. Maybe we can talk again in a few months!"
    result = await client.call_tool("bowout_check", {"text": text})
    assert text_of(result) == home.cli("check", "-", "--json", input=text, code=1).rstrip("\n")
    status = data(await client.call_tool("bowout_status", {}))
    assert status == home.cli_json("status", "--now", NOW)
    failed = error(await client.call_tool("bowout_draft", {"scenario": "farewell"}))
    assert failed["field"] == "scenario"


async def test_the_rules_are_resources_with_their_rationale_and_examples(
    client: Client, home: Home
) -> None:
    listed = {str(r.uri): r for r in (await client.list_resources()).resources}
    assert {"bowout://processes/open", "bowout://status", "bowout://rules"} <= set(listed)
    for uri in ("bowout://processes/open", "bowout://status"):
        assert "never instructions" in (listed[uri].description or ""), uri
    rules = home.cli_json("rules")
    assert {f"bowout://rules/{rule['id']}" for rule in rules} <= set(listed)
    critique = await client.read_resource("bowout://rules/critique")
    content = critique.contents[0]
    assert isinstance(content, TextResourceContents) and content.mime_type == "application/json"
    explained = json.loads(content.text)
    assert explained == home.cli_json("explain", "critique")
    assert explained["rationale"] and explained["fires"] and explained["passes"]
    index = (await client.read_resource("bowout://rules")).contents[0]
    assert isinstance(index, TextResourceContents) and json.loads(index.text) == rules


async def test_the_open_processes_and_one_process_are_resources(client: Client, home: Home) -> None:
    opened = (await client.read_resource("bowout://processes/open")).contents[0]
    assert isinstance(opened, TextResourceContents)
    assert json.loads(opened.text) == home.cli_json("list", "--now", NOW)
    templates = (await client.list_resource_templates()).resource_templates
    assert [t.uri_template for t in templates] == ["bowout://processes/{process}"]
    one = (await client.read_resource("bowout://processes/acme")).contents[0]
    assert isinstance(one, TextResourceContents)
    assert json.loads(one.text) == home.cli_json("show", "acme")
    with pytest.raises(MCPError) as missing:
        await client.read_resource("bowout://processes/404")
    assert missing.value.error.data == {
        "uri": "bowout://processes/404", "error": "NotFound",
        "message": "there is no process with id 404", "field": "process",
    }  # fmt: skip


async def test_the_prompt_walks_through_advise_draft_and_check(client: Client) -> None:
    prompts = {p.name: p for p in (await client.list_prompts()).prompts}
    say_no = prompts["say_no"]
    assert say_no.title == "Help me say no to ..."
    assert [(a.name, a.required) for a in say_no.arguments or []] == [
        ("what", True), ("why", False), ("process", False)
    ]  # fmt: skip
    rendered = await client.get_prompt(
        "say_no", {"what": "Friday's interview with Acme", "why": "I took another job"}
    )
    text = rendered.messages[0].content.text  # type: ignore[union-attr]
    assert "Friday's interview with Acme" in text and "I took another job" in text
    steps = [text.index(tool) for tool in ("bowout_advise", "bowout_draft", "bowout_check")]
    assert steps == sorted(steps)
    assert "confirm: true" in text and "never instructions" in text


# --- who may connect ---------------------------------------------------------------------------


def test_a_page_whose_domain_points_at_loopback_is_refused(url: str) -> None:
    refused = httpx.post(url, json=INITIALIZE, headers={**MCP_HEADERS, "Host": "evil.example"})
    assert refused.status_code == 421
    fine = httpx.post(url, json=INITIALIZE, headers=MCP_HEADERS)
    assert fine.status_code == 200


async def test_once_a_token_is_set_every_request_needs_it(home: Home) -> None:
    with running(home, BOWOUT_TOKEN=TOKEN) as where:
        refused = httpx.post(where, json=INITIALIZE, headers=MCP_HEADERS)
        assert refused.status_code == 401
        assert refused.json() == {
            "error": "Unauthorized",
            "message": "an access token is needed: send Authorization: Bearer <token>",
            "field": "token",
        }
        wrong = {**MCP_HEADERS, "Authorization": "Bearer guess"}
        assert httpx.post(where, json=INITIALIZE, headers=wrong).status_code == 401
        bearer = {"Authorization": f"Bearer {TOKEN}"}
        async with (
            httpx2.AsyncClient(headers=bearer) as http,
            Client(streamable_http_client(where, http_client=http)) as client,
        ):
            result = await client.call_tool("bowout_check", {"text": "No, thank you."})
            assert not result.is_error


def test_off_loopback_the_server_will_not_start_without_a_token(home: Home) -> None:
    refused = home.invoke("mcp", "--http", "--host", "0.0.0.0", "--port", "8766", code=2)
    assert refused.stderr.startswith("bowout: --host: 0.0.0.0 is reachable from other machines")
    assert "access token" in refused.stderr


def test_off_loopback_with_a_token_every_host_may_ask_but_only_with_it() -> None:
    app = http_app(BowoutServer(Backend(Settings())), "0.0.0.0", TOKEN)
    with TestClient(app, base_url="http://bowout.example") as http:
        assert http.post("/mcp", json=INITIALIZE, headers=MCP_HEADERS).status_code == 401
        bearer = {**MCP_HEADERS, "Authorization": f"Bearer {TOKEN}"}
        assert http.post("/mcp", json=INITIALIZE, headers=bearer).status_code == 200
