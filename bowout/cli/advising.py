"""`bowout advise` and `bowout slots`: what to do and by when, and concrete times to propose."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from bowout import service
from bowout.cli.main import Command, emit_json
from bowout.cli.options import context
from bowout.errors import InvalidInput, UnreadableInput
from bowout.model import Reason


def _read_json(path: str) -> Any:
    try:
        raw = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()  # noqa: SIM115
    except OSError as exc:
        raise UnreadableInput(f"cannot read {path}: {exc.strerror}", field="situation") from None
    except UnicodeDecodeError:
        raise UnreadableInput(f"{path} is not UTF-8 text", field="situation") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})", field="situation"
        ) from None
    except RecursionError:
        raise InvalidInput("the JSON is nested too deeply", field="situation") from None


@click.command(cls=Command)
@click.option("--situation", metavar="FILE", help="Situation as JSON (a file, or - for stdin).")
@click.option(
    "--reason",
    type=click.Choice([r.value for r in Reason], case_sensitive=False),
    help="Why you would say no.",
)
@click.option("--interview-at", metavar="ISO", help="Interview start (a bare time is yours).")
@click.option("--now", metavar="ISO", help="Pretend the current time is this (for planning).")
@click.option("--pay-discussed/--pay-not-discussed", default=None, help="Has pay been discussed?")
@click.option(
    "--pay-aligned/--pay-below",
    default=None,
    help="Was the discussed pay enough, or clearly below?",
)
@click.option(
    "--accepted-elsewhere",
    type=click.Choice(["none", "verbal", "signed"], case_sensitive=False),
    help="Have you accepted another offer (a verbal yes counts)?",
)
@click.option(
    "--would-attend/--would-not-attend",
    "would_attend_at_perfect_time",
    default=None,
    help="The honest question: at a perfect time, would you want this interview?",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def advise(
    situation: str | None,
    reason: str | None,
    interview_at: str | None,
    now: str | None,
    pay_discussed: bool | None,
    pay_aligned: bool | None,
    accepted_elsewhere: str | None,
    would_attend_at_perfect_time: bool | None,
    as_json: bool,
) -> None:
    """Decline, reschedule, ask about pay first, or go: with reasons and a send-by time.

    \b
    Example:
      bowout advise --reason compensation --pay-not-discussed
      echo '{"reason": "anxiety", "interview_at": null}' | bowout advise --situation - --json
    """
    data: dict[str, Any] = {}
    if situation:
        loaded = _read_json(situation)
        if not isinstance(loaded, dict):
            raise InvalidInput("expected a JSON object", field="situation")
        data.update(loaded)
    flags = {
        "reason": reason.lower() if reason else None,
        "interview_at": interview_at,
        "now": now,
        "accepted_elsewhere": accepted_elsewhere.lower() if accepted_elsewhere else None,
        "would_attend_at_perfect_time": would_attend_at_perfect_time,
    }
    data.update({k: v for k, v in flags.items() if v is not None})
    if pay_discussed is not None or pay_aligned is not None:
        data["compensation"] = {"discussed": pay_discussed, "aligned": pay_aligned}
    result = service.advise(context(), data)
    if as_json:
        emit_json(result)
        return
    from bowout.cli import render

    render.advice(result)


@click.command(cls=Command)
@click.option("--available", multiple=True, metavar="WINDOW", help="e.g. 'Tue 12:00-17:00'.")
@click.option("--original", metavar="ISO", help="The interview being moved (its day is skipped).")
@click.option("--recruiter-tz", metavar="ZONE", help="The recruiter's time zone (IANA name).")
@click.option("--timezone", metavar="ZONE", help="Your time zone (default: config).")
@click.option("--count", default=3, show_default=True, help="How many slots to propose.")
@click.option("--now", metavar="ISO", help="Pretend the current time is this.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def slots(
    available: tuple[str, ...],
    original: str | None,
    recruiter_tz: str | None,
    timezone: str | None,
    count: int,
    now: str | None,
    as_json: bool,
) -> None:
    """Propose concrete alternative times for a reschedule.

    Without --available, your configured availability is used, else working hours
    (Mon-Fri 09:00-17:00). Slots start at least 48 hours ahead, on different days.

    \b
    Example:
      bowout slots --available 'Tue 12:00-17:00' --available 'Thu 09:00-12:00' \\
                   --original 2026-12-03T10:00-05:00 --timezone Europe/Lisbon
    """
    ctx = context(now=now, timezone=timezone)
    result = service.slots(
        ctx, available, original=original, recruiter_tz=recruiter_tz, count=count
    )
    if as_json:
        emit_json(result)
        return
    for item in result["slots"]:
        click.echo(f"- {item['text']}")
