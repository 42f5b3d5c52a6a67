"""The command line: one explicit registry of commands, imported only when run.

Each command lives in a ``cli_*`` module by subject; this file lists them all, so a reader finds
every command here. Errors from the library become messages on stderr and exit codes only here.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from typing import Any

import click

from bowout.errors import BowoutError

# name -> "module:attribute". Keep sorted by subject; every command is listed here and only here.
COMMANDS: dict[str, str] = {
    # the guide
    "advise": "bowout.cli.advising:advise",
    "slots": "bowout.cli.advising:slots",
    "draft": "bowout.cli.advising:draft",
    "scenarios": "bowout.cli.advising:scenarios",
    "assist": "bowout.cli.advising:assist",
    "config": "bowout.cli.advising:config_cmd",
    # the checker
    "check": "bowout.cli.checking:check",
    "rules": "bowout.cli.checking:rules",
    "explain": "bowout.cli.checking:explain",
    # the pipeline
    "add": "bowout.cli.processes:add",
    "list": "bowout.cli.processes:list_cmd",
    "show": "bowout.cli.processes:show",
    "edit": "bowout.cli.processes:edit",
    "stage": "bowout.cli.processes:stage",
    "interview": "bowout.cli.interviews:interview",
    "log": "bowout.cli.processes:log",
    "status": "bowout.cli.processes:status",
    "decline": "bowout.cli.endings:decline",
    "reschedule": "bowout.cli.endings:reschedule",
    "accept": "bowout.cli.endings:accept",
    "followup": "bowout.cli.processes:followup",
    "keep": "bowout.cli.endings:keep",
    "reconnect": "bowout.cli.endings:reconnect",
    "export": "bowout.cli.transfer:export",
    "import": "bowout.cli.transfer:import_cmd",
    # the web app
    "serve": "bowout.cli.serve:serve",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, from the registry above."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if _available(name)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None
            raise
        command = getattr(module, attr)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """The edge: library errors become a message on stderr and their exit code."""
        try:
            return super().invoke(ctx)
        except BowoutError as exc:
            click.echo(f"bowout: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            ctx.exit(0)


def _available(name: str) -> bool:
    module_name = COMMANDS[name].split(":")[0]
    return importlib.util.find_spec(module_name) is not None


def emit_json(data: Any) -> None:
    """Machine-readable output: one JSON document on stdout."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bowout")
def cli() -> None:
    """Say no well in a job search.

    Decide (advise), write (draft), review (check) and keep track (status) of every
    decline, reschedule and withdrawal, so nobody is left waiting.

    \b
    Example:
      bowout advise --reason schedule_conflict --interview-at 2026-12-03T10:00+01:00
    """


def main() -> None:
    cli(prog_name="bowout")
