"""The IMAP password: from a command (a keychain), the environment, or the config file — and
then only when nobody else can read that file. It is never logged, printed or stored."""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
from collections.abc import Mapping
from pathlib import Path

from bowout.config import Settings
from bowout.errors import InvalidInput

COMMAND_TIMEOUT = 30


def password(
    settings: Settings, *, config_file: Path | None, environ: Mapping[str, str] | None = None
) -> str:
    env = os.environ if environ is None else environ
    if settings.imap_password_command:
        return _from_command(settings.imap_password_command)
    if env.get("BOWOUT_IMAP_PASSWORD"):
        return env["BOWOUT_IMAP_PASSWORD"]
    if settings.imap_password:
        if config_file is not None:
            _private(config_file)
        return settings.imap_password
    raise InvalidInput(
        "no IMAP password: set imap_password_command (a command that prints it), the "
        "BOWOUT_IMAP_PASSWORD environment variable, or imap_password in the config file",
        field="imap_password",
    )


def _private(file: Path) -> None:
    try:
        mode = file.stat().st_mode
    except OSError:
        return
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InvalidInput(
            f"the config file {file} holds the IMAP password but others can read it "
            f"(mode {stat.S_IMODE(mode):o}); make it private (chmod 600) and sync again",
            field="imap_password",
        )


def _from_command(command: str) -> str:
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise InvalidInput(
            f"the password command cannot be read as a command ({exc})",
            field="imap_password_command",
        ) from None
    if not argv:
        raise InvalidInput("the password command is empty", field="imap_password_command")
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=COMMAND_TIMEOUT, check=False
        )
    except FileNotFoundError:
        raise InvalidInput(f"{argv[0]} was not found", field="imap_password_command") from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InvalidInput(
            f"the password command did not run ({type(exc).__name__})",
            field="imap_password_command",
        ) from None
    secret = done.stdout.rstrip("\r\n")
    if done.returncode != 0 or not secret:
        # its output may hold the secret: report the exit status only
        raise InvalidInput(
            f"the password command exited with status {done.returncode} and printed no password",
            field="imap_password_command",
        )
    return secret
