"""`bowout mcp` as a command: registered, cheap to list, and clear about its options."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from bowout.cli.main import cli
from bowout.config import is_loopback


def test_listing_the_commands_does_not_load_the_sdk() -> None:
    code = (
        "import sys; from bowout.cli.main import main; sys.argv = ['bowout', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in ('mcp', 'bowout.assistants', 'pydantic', 'starlette') "
        "if m in sys.modules]\n"
        "print('LOADED=' + ','.join(loaded))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "  mcp " in out.stdout  # listed...
    assert out.stdout.strip().splitlines()[-1] == "LOADED="  # ...without importing it


def test_an_address_without_http_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["mcp", "--port", "9000"])
    assert result.exit_code == 2
    assert result.stderr == "bowout: --http: an address and a port are for HTTP: add --http\n"


def test_a_bad_pretend_time_is_refused_before_serving(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["mcp", "--now", "tomorrowish"])
    assert result.exit_code == 2 and result.stderr.startswith("bowout: --now: ")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.1.2.3", True), ("localhost", True), ("::1", True),
     ("[::1]", True), ("0.0.0.0", False), ("192.168.1.5", False), ("example.com", False)],
)  # fmt: skip
def test_only_names_of_this_machine_are_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
