"""`bowout assist` driven through a real pseudo-terminal, answering its questions like a person."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest


class Terminal:
    """A child process on a pseudo-terminal: wait for a prompt, then type an answer."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
        )
        os.close(slave)
        self.seen = ""

    def expect(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"never saw {text!r}; screen so far:\n{self.seen}")
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"exited before {text!r}; screen:\n{self.seen}")
                self.seen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def close(self) -> int:
        """Read everything the program still prints, then its exit code."""
        try:
            while True:
                ready, _, _ = select.select([self.master], [], [], 20)
                if not ready:
                    break
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                self.seen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
            return self.proc.wait(timeout=20)
        finally:
            os.close(self.master)


@pytest.fixture
def terminal_env(isolated_home: Path) -> dict[str, str]:
    (isolated_home / "config.toml").write_text('me = "Sam Okafor"\ntimezone = "Europe/Berlin"\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOWOUT_")}
    env.update(
        BOWOUT_CONFIG=str(isolated_home / "config.toml"),
        BOWOUT_DATA_DIR=str(isolated_home / "data"),
        TERM="dumb",
        COLUMNS="100",
        PATH="/usr/bin:/bin",  # no clipboard tool: the copy step is skipped
    )
    return env


def test_assist_from_what_happened_to_the_final_message(terminal_env: dict[str, str]) -> None:
    term = Terminal([sys.executable, "-m", "bowout", "assist"], terminal_env)
    term.expect("What happened?")
    term.type("2")  # the role turned out different
    term.expect("When is the interview?")
    term.type("2030-03-12 14:00")
    term.expect("Decline")
    term.expect("Their name")
    term.type("Dana")
    term.expect("The company")
    term.type("Northwind Labs")
    term.expect("The role")
    term.type("Data Engineer")
    term.expect("What exactly differs")
    term.type("the role is fully on-site, and I am looking for remote work")
    term.expect("[a]ccept, [n]ext wording, [e]dit")
    term.type("n")  # look at another wording first
    term.expect("[a]ccept, [n]ext wording, [e]dit")
    term.type("a")
    term.expect("Your message:")
    assert term.close() == 0
    final = term.seen.split("Your message:", 1)[1]
    assert "Hi Dana" in final or "Dana," in final
    assert "fully on-site" in final
    assert "check:" not in term.seen  # the accepted draft passed the checker


def test_anxiety_means_go_and_nothing_is_drafted(terminal_env: dict[str, str]) -> None:
    term = Terminal([sys.executable, "-m", "bowout", "assist"], terminal_env)
    term.expect("What happened?")
    term.type("5")
    term.expect("When is the interview?")
    term.type("")
    term.expect("Nothing to send")
    assert term.close() == 0
    assert "Go to the interview" in term.seen


def test_a_bad_time_is_asked_again(terminal_env: dict[str, str]) -> None:
    term = Terminal([sys.executable, "-m", "bowout", "assist"], terminal_env)
    term.expect("What happened?")
    term.type("5")
    term.expect("When is the interview?")
    term.type("next tuesday-ish")
    term.expect("Please write a date and time")
    term.type("")
    term.expect("Nothing to send")
    assert term.close() == 0


def test_choices_cover_every_reason() -> None:
    from bowout import service
    from bowout.model import Reason

    assert {r["reason"] for r in service.reasons()} == {r.value for r in Reason}
