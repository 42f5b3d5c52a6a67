"""The pipeline's commands for messages and what is owed: log, answered, status, upcoming,
followup."""

from __future__ import annotations

import click

from bowout import service
from bowout.cli.main import Command, Group, emit_json
from bowout.cli.options import (
    context,
    next_command,
    read_letter,
    show_findings,
    store_options,
)
from bowout.cli.people import history_lines, show_history
from bowout.model import Intent


@click.command(cls=Command)
@click.argument("direction", type=click.Choice(["in", "out"], case_sensitive=False))
@click.argument("process")
@click.option(
    "--at", metavar="ISO", help="When it was received or sent (default: an .eml's Date, or now)."
)
@click.option("--text", help="The message text.")
@click.option("--file", metavar="FILE", help="The message as text or .eml (- for stdin).")
@click.option("--subject", help="Its subject line.")
@click.option("--channel", default="email", show_default=True, help="email, linkedin, phone...")
@click.option(
    "--intent",
    type=click.Choice([i.value for i in Intent], case_sensitive=False),
    help="What a sent message does (default: read by the checker).",
)
@store_options
def log(
    direction: str,
    process: str,
    at: str | None,
    text: str | None,
    file: str | None,
    subject: str | None,
    channel: str,
    intent: str | None,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Record a message received (in) or sent (out); a sent one is checked.

    \b
    Example:
      bowout log in Acme --at 2026-11-24T09:12+01:00 --file invite.eml
    """
    letter = read_letter(text, file)
    with context(db, now) as ctx:
        found = service.log_message(
            ctx,
            process,
            direction.lower(),
            letter.text,
            at=at or letter.sent,
            subject=subject or letter.subject,
            channel=channel,
            intent=intent.lower() if intent else None,
        )
    if as_json:
        emit_json(found)
        return
    click.echo(f"message {found['message']['id']} logged for {found['company']}")
    show_findings(found["check"])
    if found["message"]["direction"] == "in":
        show_history(found["history"])
    for followup_id in found["closed_followups"]:
        click.echo(f"follow-up {followup_id} marked done: the withdrawal is sent", err=True)


_MARK = {"overdue": "!!", "warning": "! ", "info": "  "}
_FROM = {"mail": "  (from your mail)", "calendar": "  (from your calendar)"}


@click.command(cls=Command)
@store_options
def status(db: str | None, now: str | None, as_json: bool) -> None:
    """What is due, most urgent first, each with the command to run next.

    \b
    Example:
      bowout status --json --now 2026-12-01T09:00+01:00
    """
    with context(db, now) as ctx:
        found = service.status(ctx)
    if as_json:
        emit_json(found)
        return
    lines = []  # printed at once: a heavy user's list is thousands of lines
    for item in found["items"]:
        lines.append(
            f"{_MARK[item['severity']]} {item['summary']}{_FROM.get(item.get('source'), '')}"
        )
        lines.append(f"     next: {next_command(item['next'])}")
        if item["kind"] == "reply_owed" and item["severity"] == "overdue":
            late = next_command({"action": "late_reply", "process": item["process"]})
            lines.append(f"     or, to say no late rather than never: {late}")
        lines.extend(f"     {line}" for line in history_lines(item.get("history", [])))
    click.echo("\n".join(lines) if lines else "nothing is due: nobody is waiting on you")


@click.command(cls=Command)
@click.argument("process")
@click.option(
    "--channel",
    type=click.Choice(["email", "phone", "linkedin", "in_person", "other"], case_sensitive=False),
    default="email",
    show_default=True,
    help="How you answered.",
)
@store_options
def answered(process: str, channel: str, db: str | None, now: str | None, as_json: bool) -> None:
    """You answered their latest message outside bowout (by phone, from your own mail): it is
    recorded as a reply whose text is not kept, so nothing is owed any more.

    \b
    Example:
      bowout answered Globex --channel phone
    """
    with context(db, now) as ctx:
        found = service.mark_answered(ctx, process, channel=channel.lower())
    if as_json:
        emit_json(found)
    else:
        click.echo(f"{found['company']}: answered by {channel.lower()}, nothing is owed now")


@click.command(cls=Command)
@click.option(
    "--days",
    default=service.HORIZON_DAYS,
    show_default=True,
    type=int,
    help="How many days ahead to look.",
)
@store_options
def upcoming(days: int, db: str | None, now: str | None, as_json: bool) -> None:
    """Interviews and deadlines ahead, by day, in your time zone; passed deadlines under today.

    \b
    Example:
      bowout upcoming --days 7
    """
    with context(db, now) as ctx:
        found = service.upcoming(ctx, days=days)
    if as_json:
        emit_json(found)
        return
    lines = []
    for day in found["days"]:
        lines.append(day["label"])
        for entry in day["entries"]:
            late = " (overdue)" if entry["overdue"] else ""
            what = f"interview {entry['interview']}" if entry["kind"] == "interview" else "due"
            summary = f": {entry['summary']}" if entry.get("summary") else ""
            lines.append(f"  {entry['time']}  {entry['company']}, {what}{late}{summary}")
    click.echo("\n".join(lines) if lines else f"nothing in the next {days} days")


@click.group(cls=Group)
def followup() -> None:
    """List follow-ups, show one (with its draft), or mark one done.

    \b
    Example:
      bowout followup done 4
    """


@followup.command("list")
@click.option("--all", "everything", is_flag=True, help="Include the ones done.")
@store_options
def followup_list(everything: bool, db: str | None, now: str | None, as_json: bool) -> None:
    """Open follow-ups, soonest first.

    \b
    Example:
      bowout followup list --json
    """
    with context(db, now) as ctx:
        found = service.followups(ctx, everything=everything)
    if as_json:
        emit_json({"followups": found})
        return
    for item in found:
        click.echo(f"{item['id']:>5}  {item['kind']:<14} {item['company']}  due {item['due']}")


@followup.command("show")
@click.argument("followup_id", type=int)
@store_options
def followup_show(followup_id: int, db: str | None, now: str | None, as_json: bool) -> None:
    """One follow-up and its drafted message.

    \b
    Example:
      bowout followup show 4
    """
    with context(db, now) as ctx:
        found = service.followup_show(ctx, followup_id)
    if as_json:
        emit_json(found)
        return
    click.echo(f"{found['kind']} for {found['company']}, due {found['due']}")
    if found["draft"]:
        click.echo(f"\nSubject: {found['draft']['subject']}\n\n{found['draft']['body']}")
    click.echo(f"\nonce sent: bowout followup done {found['id']}", err=True)


@followup.command("done")
@click.argument("followup_id", type=int)
@click.option("--text", help="What you sent, if you changed the drafted message.")
@click.option("--file", metavar="FILE", help="What you sent, from a file (.txt or .eml).")
@store_options
def followup_done(
    followup_id: int,
    text: str | None,
    file: str | None,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Mark a follow-up done: the message you sent (the drafted one, unless you give yours) is
    logged, and a withdrawal withdraws the process.

    \b
    Example:
      bowout followup done 4
    """
    sent = read_letter(text, file) if text is not None or file is not None else None
    with context(db, now) as ctx:
        found = service.followup_done(
            ctx,
            followup_id,
            text=sent.text if sent else None,
            subject=sent.subject if sent else None,
        )
    emit_json(found) if as_json else click.echo(f"follow-up {found['id']} done")
