"""The guide's commands: advise, slots, draft, scenarios, assist, config."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Any

import click

from bowout import service
from bowout.cli.main import emit_json
from bowout.config import Settings, describe, load
from bowout.errors import InvalidInput, UnreadableInput
from bowout.model import Reason, Scenario


def settings_from(**overrides: Any) -> Settings:
    """The config file and environment, then the flags that were given."""
    return load().with_overrides(**overrides)


def _now_option(value: str | None) -> datetime | None:
    from bowout.core import timing

    return timing.parse_instant(value, "--now") if value else None


def _read_json(path: str) -> Any:
    try:
        raw = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()  # noqa: SIM115
    except OSError as exc:
        raise UnreadableInput(f"--situation: cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UnreadableInput(f"--situation: {path} is not UTF-8 text") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"--situation: not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})",
            field="situation",
        ) from None


@click.command()
@click.option("--situation", metavar="FILE", help="Situation as JSON (a file, or - for stdin).")
@click.option(
    "--reason", type=click.Choice([r.value for r in Reason]), help="Why you would say no."
)
@click.option("--interview-at", metavar="ISO", help="Interview start, with offset.")
@click.option("--now", metavar="ISO", help="Pretend the current time is this (for planning).")
@click.option("--pay-discussed/--pay-not-discussed", default=None, help="Has pay been discussed?")
@click.option(
    "--pay-aligned/--pay-below",
    default=None,
    help="Was the discussed pay enough, or clearly below?",
)
@click.option(
    "--accepted-elsewhere",
    type=click.Choice(["none", "verbal", "signed"]),
    help="Have you accepted another offer (a verbal yes counts)?",
)
@click.option(
    "--would-attend/--would-not-attend",
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
    would_attend: bool | None,
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
            raise InvalidInput("--situation: expected a JSON object", field="situation")
        data.update(loaded)
    flags = {
        "reason": reason,
        "interview_at": interview_at,
        "now": now,
        "accepted_elsewhere": accepted_elsewhere,
        "would_attend_at_perfect_time": would_attend,
    }
    data.update({k: v for k, v in flags.items() if v is not None})
    if pay_discussed is not None or pay_aligned is not None:
        data["compensation"] = {"discussed": pay_discussed, "aligned": pay_aligned}
    result = service.advise(data)
    if as_json:
        emit_json(result)
        return
    from bowout.cli import render as report

    report.advice(result)


@click.command()
@click.option("--available", multiple=True, metavar="WINDOW", help="e.g. 'Tue 12:00-17:00'.")
@click.option("--original", metavar="ISO", help="The interview being moved (its day is skipped).")
@click.option("--recruiter-tz", metavar="ZONE", help="The recruiter's time zone (IANA name).")
@click.option("--timezone", "user_tz", metavar="ZONE", help="Your time zone (default: config).")
@click.option("--count", default=3, show_default=True, help="How many slots to propose.")
@click.option("--now", metavar="ISO", help="Pretend the current time is this.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def slots(
    available: tuple[str, ...],
    original: str | None,
    recruiter_tz: str | None,
    user_tz: str | None,
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
    settings = settings_from(timezone=user_tz)
    result = service.slots(
        available,
        now=_now_option(now),
        original=original,
        recruiter_tz=recruiter_tz,
        count=count,
        settings=settings,
    )
    if as_json:
        emit_json(result)
        return
    for item in result["slots"]:
        click.echo(f"- {item['text']}")


SCENARIO_HELP = {
    "accepted-offer": "decline an interview: you accepted an offer elsewhere",
    "not-right-fit": "decline: the role is not right for you",
    "role-mismatch": "decline, naming the concrete discrepancy (needs --detail)",
    "other-opportunities": "decline: moving ahead with options that fit better",
    "comp-check": "ask about pay before going on (needs --range)",
    "comp-decline": "decline: pay was discussed and is clearly below your need",
    "reschedule": "move an interview to concrete times (needs --slot or --available)",
    "same-day-cancel": "cancel on the day, apologising for the timing (needs --then)",
    "withdraw": "withdraw from a process after accepting elsewhere",
    "linkedin-note": "a connection note within LinkedIn's limit",
    "reconnect": "months later, a touch that asks for nothing (needs --news)",
    "reconnect-after-decline": "reconnect, acknowledging the earlier contact (--news optional)",
    "decline-offer": "decline a job offer",
    "counter-offer": "answer an offer with a counter (needs --range)",
}


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def scenarios(as_json: bool) -> None:
    """List the scenarios `bowout draft` can write.

    \b
    Example:
      bowout scenarios
    """
    rows = [{"scenario": s.value, "summary": SCENARIO_HELP[s.value]} for s in Scenario]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        click.echo(f"{row['scenario']:<25} {row['summary']}")


@click.command()
@click.argument("scenario", type=click.Choice([s.value for s in Scenario]), metavar="SCENARIO")
@click.option("--to", "to", metavar="NAME", help="Who you are writing to.")
@click.option("--company", metavar="NAME", help="Their company.")
@click.option("--role", metavar="TITLE", help="The role, if you want it named.")
@click.option("--me", metavar="NAME", help="Your name (default: config `me`).")
@click.option("--signature", metavar="TEXT", help="Lines under your name (default: config).")
@click.option("--detail", metavar="TEXT", help="role-mismatch: the concrete discrepancy.")
@click.option("--range", "pay_range", metavar="TEXT", help="comp-check/counter-offer: your target.")
@click.option("--slot", "slot_list", multiple=True, metavar="ISO", help="A time you can offer.")
@click.option("--available", multiple=True, metavar="WINDOW", help="Availability to propose from.")
@click.option("--then", type=click.Choice(["reschedule", "withdraw"]), help="same-day-cancel.")
@click.option("--news", metavar="TEXT", help="reconnect: the specific thing to mention.")
@click.option("--interview-at", metavar="ISO", help="The interview concerned (adds timing notes).")
@click.option("--recruiter-tz", metavar="ZONE", help="The recruiter's time zone for slots.")
@click.option("--variant", type=int, help="Which wording (1, 2, 3...).")
@click.option("--now", metavar="ISO", help="Pretend the current time is this.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def draft(scenario: str, as_json: bool, variant: int | None, now: str | None, **given: Any) -> None:
    """Write the message for a scenario, warm but decisive, in your details.

    Run `bowout scenarios` for the list and what each needs.

    \b
    Example:
      bowout draft role-mismatch --to Dana --company Acme --me 'Sam Lee' \\
        --detail 'the role is fully on-site, and I am looking for remote work'
    """
    details = {
        "to": given["to"],
        "company": given["company"],
        "role": given["role"],
        "me": given["me"],
        "signature": given["signature"],
        "detail": given["detail"],
        "range": given["pay_range"],
        "slots": list(given["slot_list"]),
        "available": list(given["available"]),
        "then": given["then"],
        "news": given["news"],
        "interview_at": given["interview_at"],
        "recruiter_tz": given["recruiter_tz"],
    }
    details = {k: v for k, v in details.items() if v not in (None, [])}
    result = service.draft(
        scenario, details, variant=variant, settings=settings_from(), now=_now_option(now)
    )
    if as_json:
        emit_json(result)
        return
    click.echo(f"Subject: {result['subject']}\n")
    click.echo(result["body"])
    for note in result["notes"]:
        click.echo(f"\nnote: {note}", err=True)


@click.command(name="assist")
def assist() -> None:
    """Answer a few questions; get advice, a draft, a check, and the final text.

    Needs a terminal. In scripts, use `bowout advise` and `bowout draft` instead.

    \b
    Example:
      bowout assist
    """
    from bowout.cli import assistant

    assistant.run(settings_from())


@click.command(name="config")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def config_cmd(as_json: bool) -> None:
    """Show the settings, their values, and where the config file lives.

    \b
    Example:
      bowout config
    """
    from dataclasses import asdict

    from bowout.config import SECRETS, config_path

    current = {
        name: ("(set)" if name in SECRETS and value else value)
        for name, value in asdict(load()).items()
    }
    rows = [{**row, "value": current[row["name"]]} for row in describe()]
    if as_json:
        emit_json({"file": str(config_path()), "settings": rows})
        return
    click.echo(f"config file: {config_path()}")
    for row in rows:
        click.echo(f"  {row['name']:<17} {row['value']!r:<22} {row['help']}")
