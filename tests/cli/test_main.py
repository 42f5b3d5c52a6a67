"""The command registry: every command listed resolves, and its help ends with an example."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from bowout.cli.main import COMMANDS, cli


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_registered_command_resolves_with_an_example(runner: CliRunner, name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None, f"{name} -> {COMMANDS[name]} does not resolve"
    result = runner.invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`bowout {name} --help` should end with an example"


def test_unknown_command_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["frobnicate"])
    assert result.exit_code == 2


def test_checking_a_message_does_not_load_the_web_or_database_stack() -> None:
    code = (
        "import sys; from bowout.cli.main import main; sys.argv = ['bowout', 'rules']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('sqlalchemy', 'fastapi', 'alembic', 'uvicorn', 'jinja2') "
        "if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY="


def test_listing_the_commands_loads_no_database_or_web_stack() -> None:
    """`bowout --help` imports every command module: none may pull in the heavy stack."""
    code = (
        "import sys; from bowout.cli.main import main; sys.argv = ['bowout', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('sqlalchemy', 'fastapi', 'alembic', 'uvicorn', 'jinja2') "
        "if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY="
