"""The command line: one explicit registry of commands, imported only when run.

Each command lives in a module by subject; this file lists them all, so a reader finds every
command here. Errors from the service become messages on stderr and exit codes only here: an
error's ``field`` is shown as the flag or argument that sets it.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from typing import Any

import click

from bowout.errors import BowoutError, InvalidInput

# name -> "module:attribute". Keep sorted by subject; every command is listed here and only here.
COMMANDS: dict[str, str] = {
    # advice and drafting
    "advise": "bowout.cli.advising:advise",
    "slots": "bowout.cli.advising:slots",
    "draft": "bowout.cli.drafting:draft",
    "scenarios": "bowout.cli.drafting:scenarios",
    "assist": "bowout.cli.assistant:assist",
    "config": "bowout.cli.preferences:config_cmd",
    # the checker
    "check": "bowout.cli.checking:check",
    "rules": "bowout.cli.checking:rules",
    "explain": "bowout.cli.checking:explain",
    # the pipeline
    "add": "bowout.cli.processes:add",
    "list": "bowout.cli.processes:list_cmd",
    "show": "bowout.cli.processes:show",
    "edit": "bowout.cli.processes:edit",
    "contact": "bowout.cli.contacts:contact",
    "stage": "bowout.cli.processes:stage",
    "archive": "bowout.cli.processes:archive",
    "restore": "bowout.cli.processes:restore",
    "delete": "bowout.cli.processes:delete",
    "interview": "bowout.cli.interviews:interview",
    "log": "bowout.cli.messages:log",
    "status": "bowout.cli.messages:status",
    "upcoming": "bowout.cli.messages:upcoming",
    "answered": "bowout.cli.messages:answered",
    "followup": "bowout.cli.messages:followup",
    "decline": "bowout.cli.endings:decline",
    "reschedule": "bowout.cli.endings:reschedule",
    "accept": "bowout.cli.endings:accept",
    "keep": "bowout.cli.relationships:keep",
    "reconnect": "bowout.cli.relationships:reconnect",
    # people across processes, and what each of them remembers
    "people": "bowout.cli.people:people",
    "person": "bowout.cli.people:person",
    "ledger": "bowout.cli.ledger:ledger",
    "repair": "bowout.cli.ledger:repair",
    "export": "bowout.cli.transfer:export",
    "import": "bowout.cli.transfer:import_cmd",
    # mail and calendar in, the calendar feed out
    "mail": "bowout.cli.inbox:mail",
    "calendar": "bowout.cli.invites:calendar",
    # the web app, and bowout for AI assistants
    "serve": "bowout.cli.serve:serve",
    "mcp": "bowout.cli.assistants:mcp",
}


class Command(click.Command):
    """A command whose errors remember it, so the message can name its flags."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BowoutError as exc:
            exc.__dict__.setdefault("cli_command", self)
            raise


class Group(click.Group):
    """A group of subcommands (``interview add``); its subcommands are ``Command``s."""

    command_class = Command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BowoutError as exc:
            exc.__dict__.setdefault("cli_command", self)
            raise


def flag_for(command: click.Command | None, field: str | None) -> str | None:
    """How the user sets ``field`` on this command line: its flag, or its argument's name."""
    if command is None or not field:
        return None
    wanted = field.replace("-", "_")
    for param in command.params:
        names = {param.name, *(opt.lstrip("-").replace("-", "_") for opt in param.opts)}
        if wanted in names:
            if isinstance(param, click.Argument):
                return param.human_readable_name
            return max(param.opts, key=len)
    return None


def error_line(exc: BowoutError) -> str:
    """The error as one line for stderr: the flag (or setting) it concerns, then the message."""
    from bowout.config import EDITABLE

    command = exc.__dict__.get("cli_command")
    flag = flag_for(command, exc.field)
    where = f"{flag}: " if flag else ""
    if not flag and exc.field and exc.field not in ("config",):
        where = f"{exc.field}: "
    hint = ""
    if exc.field in EDITABLE:
        hint = f" (or set {exc.field} in the config file; see bowout config)"
    return f"bowout: {where}{exc.message}{hint}"


class LazyGroup(Group):
    """The top group: commands are imported on first use, from the registry above."""

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
        """The edge: service errors become a message on stderr and their exit code."""
        try:
            return super().invoke(ctx)
        except BowoutError as exc:
            click.echo(error_line(exc), err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            ctx.exit(0)


def undecodable(args: list[str]) -> str | None:
    """The first argument holding bytes that are not UTF-8 (a lone surrogate), shown safely."""
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return arg.encode("utf-8", "replace").decode()
    return None


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
    # A desktop terminal may be strict UTF-8: never crash printing a stored odd character.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    bad = undecodable(sys.argv[1:])
    if bad is not None:
        error = InvalidInput(f"{bad!r} holds bytes that are not valid UTF-8; retype it", "argument")
        click.echo(error_line(error), err=True)
        raise SystemExit(error.exit_code)
    cli(prog_name="bowout")
