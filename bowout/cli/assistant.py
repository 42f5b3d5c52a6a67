"""`bowout assist`: the whole flow in a terminal, from what happened to the final text."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

import click

from bowout import service
from bowout.config import Settings
from bowout.core import timing
from bowout.errors import BowoutError, InvalidInput
from bowout.model import Scenario

# What happened, in the user's words, mapped to the guide's reason ids.
CHOICES: tuple[tuple[str, str], ...] = (
    ("accepted_offer", "I accepted an offer elsewhere (a verbal yes counts)"),
    ("role_mismatch", "The role turned out different from what I applied for"),
    ("compensation", "I am worried the pay will not work"),
    ("lost_interest", "I have lost interest; other options fit better"),
    ("anxiety", "I am nervous about the interview"),
    ("schedule_conflict", "I have a conflict at the interview time"),
    ("awaiting_other_process", "I am waiting on another process first"),
    ("need_preparation", "I need more time to prepare"),
    ("emergency", "Something urgent came up today"),
)
_HONEST = {"schedule_conflict", "awaiting_other_process", "need_preparation", "emergency"}
_HONEST |= {"lost_interest"}


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def run(settings: Settings, now: datetime | None = None) -> None:
    if not interactive():
        raise InvalidInput(
            "assist needs a terminal to ask questions. In scripts use "
            "`bowout advise --situation FILE --json` and then `bowout draft SCENARIO --json`."
        )
    current = now or datetime.now(UTC)
    click.secho("What happened?", bold=True)
    for number, (_, label) in enumerate(CHOICES, start=1):
        click.echo(f"  {number}. {label}")
    picked = click.prompt("Choose", type=click.IntRange(1, len(CHOICES)))
    reason = CHOICES[picked - 1][0]
    situation: dict[str, Any] = {"reason": reason, "now": current.isoformat()}
    interview = _ask_instant(settings)
    situation["interview_at"] = interview.isoformat() if interview else None
    if reason == "compensation":
        discussed = click.confirm("Have you already discussed pay with them?", default=False)
        aligned = None
        if discussed:
            aligned = click.confirm("Does what they offered meet your needs?", default=False)
        situation["compensation"] = {"discussed": discussed, "aligned": aligned}
    if reason == "accepted_offer":
        signed = click.confirm("Have you signed the offer?", default=False)
        situation["accepted_elsewhere"] = "signed" if signed else "verbal"
    if reason in _HONEST:
        situation["would_attend_at_perfect_time"] = click.confirm(
            "Honestly: at a perfect, stress-free time, would you want this interview?",
            default=True,
        )
    result = service.advise(situation)
    click.echo()
    from bowout.cli import render as report

    report.advice(result)
    if result["scenario"] is None:
        click.secho("\nNothing to send. Good luck in the interview.", bold=True)
        return
    click.echo()
    text = _draft_loop(result, settings, situation, current)
    _finish(text, result)


def _ask_instant(settings: Settings) -> datetime | None:
    while True:
        raw = click.prompt(
            f"When is the interview? (e.g. 2026-12-03 14:00, your zone {settings.timezone};"
            " blank if none)",
            default="",
            show_default=False,
        ).strip()
        if not raw:
            return None
        try:
            moment = datetime.fromisoformat(raw)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=settings.zone)
            return timing.parse_instant(moment, "interview")
        except (ValueError, BowoutError):
            click.echo("  Please write a date and time like 2026-12-03 14:00.")


def _details(scenario: str, advice: dict[str, Any], settings: Settings) -> dict[str, Any]:
    details: dict[str, Any] = {
        "to": click.prompt("Their name (as you greet them)"),
        "company": click.prompt("The company"),
    }
    role = click.prompt("The role (blank to leave out)", default="", show_default=False)
    if role:
        details["role"] = role
    if not settings.me:
        details["me"] = click.prompt("Your name")
    if scenario == Scenario.ROLE_MISMATCH:
        details["detail"] = click.prompt("What exactly differs (e.g. the role is fully on-site)")
    if scenario in (Scenario.COMP_CHECK, Scenario.COUNTER_OFFER):
        details["range"] = click.prompt("Your target pay (e.g. 95,000-105,000 EUR)")
    if scenario == Scenario.SAME_DAY_CANCEL:
        details["then"] = "reschedule" if advice.get("then") == "reschedule" else "withdraw"
    wants_slots = scenario == Scenario.RESCHEDULE or details.get("then") == "reschedule"
    if wants_slots and not settings.availability:
        raw = click.prompt(
            "When could you do instead? Windows separated by ';' (e.g. Tue 12:00-17:00; "
            "Thu 09:00-12:00), blank for working hours",
            default="",
            show_default=False,
        )
        details["available"] = [w.strip() for w in raw.split(";") if w.strip()] or list(
            timing.WORKING_HOURS
        )
    return details


def _draft_loop(
    advice: dict[str, Any], settings: Settings, situation: dict[str, Any], now: datetime
) -> str:
    scenario = advice["scenario"]
    while True:
        try:
            details = _details(scenario, advice, settings)
            if situation.get("interview_at"):
                details["interview_at"] = situation["interview_at"]
            first = service.draft(scenario, details, settings=settings, now=now)
            break
        except BowoutError as exc:
            click.secho(f"  {exc.message}", fg="red")
    variant, draft = 1, first
    while True:
        click.secho(f"\nSubject: {draft['subject']}", bold=True)
        click.echo(draft["body"])
        for note in draft["notes"]:
            click.secho(f"note: {note}", fg="yellow")
        choice = click.prompt(
            "\n[a]ccept, [n]ext wording, [e]dit", type=click.Choice(["a", "n", "e"]), default="a"
        )
        if choice == "a":
            return f"Subject: {draft['subject']}\n\n{draft['body']}"
        if choice == "e":
            edited = click.edit(draft["body"])
            if edited is not None:
                return f"Subject: {draft['subject']}\n\n{edited.rstrip()}"
            continue
        variant += 1
        try:
            draft = service.draft(scenario, details, variant=variant, settings=settings, now=now)
        except InvalidInput:
            variant = 1
            draft = service.draft(scenario, details, variant=1, settings=settings, now=now)


def _finish(text: str, advice: dict[str, Any]) -> None:
    body = text.split("\n\n", 1)[1] if text.startswith("Subject:") else text
    try:
        intent = service.scenario_intent(advice["scenario"])
        findings = service.check(body, intent=intent)["findings"]
    except BowoutError:
        findings = []
    for finding in findings:
        click.secho(f"check: {finding['rule']}: {finding['message']}", fg="yellow")
        click.echo(f"       try: {finding['suggestion']}")
    click.secho("\nYour message:\n", bold=True)
    click.echo(text)
    if copy_to_clipboard(text):
        click.secho("\n(copied to the clipboard)", dim=True)
    if advice.get("send_by"):
        click.secho(f"Send it by {advice['send_by']}.", bold=True)


def copy_to_clipboard(text: str) -> bool:
    """Copy with whatever clipboard tool the system has; False when there is none."""
    for command in (["wl-copy"], ["xclip", "-selection", "clipboard"], ["xsel", "-b"], ["pbcopy"]):
        if shutil.which(command[0]):
            try:
                subprocess.run(command, input=text.encode(), check=True, timeout=5)
                return True
            except (OSError, subprocess.SubprocessError):
                continue
    return False
