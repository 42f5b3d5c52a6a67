"""Real command output for the README's tour, run by cog (`make docs`; `make test` checks it).

Every ```console block of the tour is produced by running its commands in a throwaway home
(its own config file and store), so the README shows what bowout really prints, and a change
in output that the README does not follow fails the check. Commands run through bash, so pipes
and quoting read as they would in a terminal.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import cog  # type: ignore[import-not-found]  # provided by cogapp while it runs

CONFIG = 'me = "Sam Okafor"\ntimezone = "Europe/Berlin"\n'
# Files the tour reads, in our own words.
DRAFT = """Hi Dana,

Sorry, I'm not sure this is the right time for me, maybe later. Honestly the salary band \
seemed like a lowball.

I'll definitely be in touch!

Alex
"""
DANA = """From: Dana Reyes <dana@globex.example>
To: Sam Okafor <sam@example.org>
Subject: Next steps for Platform Engineer
Date: Tue, 24 Nov 2026 17:00:00 +0100
Content-Type: text/plain; charset=utf-8

Hi Sam,

Thanks for the first call. Could you confirm Wednesday 2 December at 14:00 for the technical
interview with the team?

Best,
Dana
"""
_homes: dict[str, Path] = {}


def _home(session: str) -> Path:
    """One folder per session: commands of the same session share its config and store."""
    if session not in _homes:
        home = Path(tempfile.mkdtemp(prefix=f"bowout-tour-{session}-"))
        (home / "config.toml").write_text(CONFIG, encoding="utf-8")
        _homes[session] = home
        atexit.register(shutil.rmtree, home, ignore_errors=True)
    return _homes[session]


def file(name: str, content: str, *, session: str = "main", show: bool = True) -> None:
    """Put a file in the session's folder (and show it, as `cat` would)."""
    (_home(session) / name).write_text(content, encoding="utf-8")
    if show:
        cog.outl(f"$ cat {name}")
        cog.out(content if content.endswith("\n") else content + "\n")


def run(command: str, *, session: str = "main", shown: str | None = None) -> None:
    """Run ``command`` as a user would and write the prompt line and what it printed."""
    home = _home(session)
    bin_dir = str(Path(sys.executable).parent)
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "HOME": str(home),
        "BOWOUT_CONFIG": str(home / "config.toml"),
        "BOWOUT_DATA_DIR": str(home / "data"),
        "COLUMNS": "88",
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
        "PYTHONUNBUFFERED": "1",  # stdout and stderr in the order they were written
    }
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=home,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
        check=False,
    )
    cog.outl(f"$ {shown or command}")
    out = done.stdout
    cog.out(out if out.endswith("\n") or not out else out + "\n")


def begin() -> None:
    cog.outl("```console")


def end() -> None:
    cog.outl("```")


def reset(session: str) -> None:
    """Start a session again from an empty store."""
    home = _homes.pop(session, None)
    if home is not None:
        shutil.rmtree(home, ignore_errors=True)


os.environ.setdefault("COLUMNS", "88")
