"""`bowout assist`: the whole flow in a terminal, from what happened to the final text."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from typing import Any

import click

from bowout import service
from bowout.cli.main import Command
from bowout.cli.options import context, interactive
from bowout.config import Settings
from bowout.errors import BowoutError, InvalidInput
from bowout.model import Scenario


@click.command(name="assist", cls=Command)
def assist() -> None:
    """Answer a few questions; get advice, a draft, a check, and the final text.

    Needs a terminal. In scripts, use `bowout advise` and `bowout draft` instead.

    \b
    Example:
      bowout assist
    """
    run(context())


def run(ctx: service.Context) -> None:
    if not interactive():
        raise InvalidInput(
            "assist needs a terminal to ask questions. In scripts use "
            "`bowout advise --situation FILE --json` and then `bowout draft SCENARIO --json`.",
            field="terminal",
        )
    choices = service.reasons()
    click.secho("What happened?", bold=True)
    for number, choice in enumerate(choices, start=1):
        click.echo(f"  {number}. {choice['label']}")
    picked = choices[click.prompt("Choose", type=click.IntRange(1, len(choices))) - 1]
    reason = picked["reason"]
    situation: dict[str, Any] = {"reason": reason}
    interview = _ask_instant(ctx)
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
    if picked["honest_question"]:
        situation["would_attend_at_perfect_time"] = click.confirm(
            "Honestly: at a perfect, stress-free time, would you want this interview?",
            default=True,
        )
    result = service.advise(ctx, situation)
    click.echo()
    from bowout.cli import render as report

    report.advice(result)
    if result["scenario"] is None:
        click.secho("\nNothing to send. Good luck in the interview.", bold=True)
        return
    click.echo()
    text = _draft_loop(ctx, result, situation)
    _finish(ctx, text, result)


def _ask_instant(ctx: service.Context) -> datetime | None:
    settings = ctx.settings
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
            return service.instant(ctx, raw, "interview_at")
        except BowoutError:
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
            service.WORKING_HOURS
        )
    return details


def _draft_loop(ctx: service.Context, advice: dict[str, Any], situation: dict[str, Any]) -> str:
    scenario = advice["scenario"]
    settings = ctx.settings
    while True:
        try:
            details = _details(scenario, advice, settings)
            if situation.get("interview_at"):
                details["interview_at"] = situation["interview_at"]
            first = service.draft(ctx, scenario, details)
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
            draft = service.draft(ctx, scenario, details, variant=variant)
        except InvalidInput:
            variant = 1
            draft = service.draft(ctx, scenario, details, variant=1)


def _finish(ctx: service.Context, text: str, advice: dict[str, Any]) -> None:
    body = text.split("\n\n", 1)[1] if text.startswith("Subject:") else text
    try:
        intent = service.scenario_intent(advice["scenario"])
        findings = service.check(ctx, body, intent=intent)["findings"]
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
