"""The pipeline's commands: add, list, show, edit, stage, log, status, followup.

How processes end (decline, reschedule, accept, keep, reconnect) is in ``cli_endings`` and the
``interview`` group in ``cli_interview``; ``bowout.cli.COMMANDS`` lists where each one lives.
"""

from __future__ import annotations

from typing import Any

import click

from bowout.cli.main import emit_json
from bowout.cli.options import part_option, read_letter, run, show_findings, store_options
from bowout.model import Stage


def _line(process: dict[str, Any]) -> str:
    role = f" — {process['role']}" if process.get("role") else ""
    intent = f" (means to {process['intent']})" if process.get("intent") else ""
    return f"{process['id']:>5}  {process['company']}{role}  [{process['stage']}]{intent}"


def _show(process: dict[str, Any]) -> None:
    click.echo(_line(process))
    for contact in process.get("contacts", []):
        kept = f", kept: {contact['keep_why']}" if contact["keep"] else ""
        email = f" <{contact['email']}>" if contact["email"] else ""
        click.echo(f"  contact {contact['id']}: {contact['name']}{email} ({contact['part']}{kept})")
    for meeting in process.get("interviews", []):
        click.echo(
            f"  interview {meeting['id']}: {meeting['start']} {meeting['zone']}, "
            f"{meeting['minutes']} min [{meeting['status']}]"
        )
    for message in process.get("messages", []):
        arrow = "<-" if message["direction"] == "in" else "->"
        first = message["body"].splitlines()[0][:70] if message["body"] else ""
        click.echo(f"  {arrow} {message['at']}  {message['subject'] or first}")
    for followup in process.get("followups", []):
        done = f"done {followup['done_at']}" if followup["done_at"] else f"due {followup['due']}"
        click.echo(f"  follow-up {followup['id']}: {followup['kind']}, {done}")


@click.command()
@click.argument("company")
@click.option("--role", metavar="TITLE", help="The role's title.")
@click.option("--link", metavar="URL", help="The job posting.")
@click.option("--source", help="Where it came from (referral, LinkedIn...).")
@click.option("--stage", "stage_name", default="applied", show_default=True, help="Stage.")
@click.option("--contact", multiple=True, metavar='"NAME <EMAIL>"', help="A recruiter (repeat).")
@click.option("--interview", "interview_at", metavar="ISO", help="First interview's start.")
@click.option("--tz", metavar="ZONE", help="The interview's IANA zone (default: your timezone).")
@click.option("--minutes", default=60, show_default=True, help="The interview's length.")
@click.option("--place", metavar="WHERE", help="The interview's place or video link.")
@store_options
def add(
    company: str,
    role: str | None,
    link: str | None,
    source: str | None,
    stage_name: str,
    contact: tuple[str, ...],
    interview_at: str | None,
    tz: str | None,
    minutes: int,
    place: str | None,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Start tracking a process; prints its id.

    \b
    Example:
      bowout add Acme --role "Backend Engineer" --contact "Dana Reyes <dana@acme.example>" \\
        --interview 2026-12-03T10:00+01:00 --tz Europe/Berlin
    """
    from bowout.pipeline import processes as tracker

    ctx = run(db, now)
    with ctx.write() as session:
        process = tracker.add_process(
            session,
            company,
            now=ctx.now,
            role=role,
            link=link,
            source=source,
            stage=stage_name,
            contacts=contact,
            interview=interview_at,
            zone=tz or ctx.settings.timezone,
            minutes=minutes,
            place=place,
        )
    emit_json(process) if as_json else click.echo(process["id"])


@click.command("list")
@click.option("--stage", "stage_name", help="Only this stage.")
@click.option("--all", "everything", is_flag=True, help="Include ended processes.")
@store_options
def list_cmd(
    stage_name: str | None, everything: bool, db: str | None, now: str | None, as_json: bool
) -> None:
    """List open processes, most recently changed first.

    \b
    Example:
      bowout list --all
    """
    from bowout.pipeline import processes as tracker

    with run(db, now).read() as session:
        found = tracker.list_processes(session, stage=stage_name, everything=everything)
    if as_json:
        emit_json({"processes": found})
        return
    for process in found:
        click.echo(_line(process))
    if not found:
        click.echo("nothing open; `bowout add COMPANY` starts tracking one", err=True)


@click.command()
@click.argument("process")
@store_options
def show(process: str, db: str | None, now: str | None, as_json: bool) -> None:
    """Everything about one process: contacts, interviews, messages, follow-ups.

    \b
    Example:
      bowout show Acme --json
    """
    from bowout.pipeline import processes as tracker

    with run(db, now).read() as session:
        found = tracker.show(session, process)
    emit_json(found) if as_json else _show(found)


@click.command()
@click.argument("process")
@click.option("--company", help="New company name.")
@click.option("--role", help="New role title.")
@click.option("--link", help="New posting link.")
@click.option("--source", help="New source.")
@click.option("--notes", help="Free notes.")
@click.option("--contact", multiple=True, metavar='"NAME <EMAIL>"', help="Add a contact.")
@part_option("The added contacts' part.")
@store_options
def edit(
    process: str,
    company: str | None,
    role: str | None,
    link: str | None,
    source: str | None,
    notes: str | None,
    contact: tuple[str, ...],
    part: str,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Change a process's details or add contacts.

    \b
    Example:
      bowout edit Acme --contact "Sam Lee <sam@acme.example>" --part hiring_manager
    """
    from bowout.pipeline import processes as tracker

    ctx = run(db, now)
    with ctx.write() as session:
        found = tracker.edit(
            session,
            process,
            now=ctx.now,
            company=company,
            role=role,
            link=link,
            source=source,
            notes=notes,
            contacts=contact,
            part=part,
        )
    emit_json(found) if as_json else _show(found)


@click.command()
@click.argument("process")
@click.argument("stage_name", metavar="[STAGE]", required=False, type=click.Choice(list(Stage)))
@click.option(
    "--intent",
    type=click.Choice(["decline", "reschedule", "none"]),
    help="What you mean to do before the next interview (status reminds you in time).",
)
@click.option("--note", help="Why the stage changed.")
@store_options
def stage(
    process: str,
    stage_name: str | None,
    intent: str | None,
    note: str | None,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Move a process to a stage, or mark that you mean to decline or move its interview.

    \b
    Examples:
      bowout stage Acme offer
      bowout stage Globex --intent decline
    """
    from bowout.pipeline import processes as tracker

    ctx = run(db, now)
    with ctx.write() as session:
        found = tracker.set_stage(
            session, process, stage_name, now=ctx.now, intent=intent, note=note
        )
    emit_json(found) if as_json else click.echo(_line(found))


@click.command()
@click.argument("direction", type=click.Choice(["in", "out"]))
@click.argument("process")
@click.option(
    "--at", metavar="ISO", help="When it was received or sent (default: an .eml's Date, or now)."
)
@click.option("--text", help="The message text.")
@click.option("--file", metavar="FILE", help="The message as text or .eml (- for stdin).")
@click.option("--subject", help="Its subject line.")
@click.option("--channel", default="email", show_default=True, help="email, linkedin, phone...")
@click.option("--intent", help="What a sent message does (default: detected by the checker).")
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
    from bowout.pipeline import messages as correspondence

    letter = read_letter(text, file)
    ctx = run(db, now)
    with ctx.write() as session:
        found = correspondence.log_message(
            session,
            process,
            direction,
            letter.text,
            now=ctx.now,
            at=at or letter.sent,
            subject=subject or letter.subject,
            channel=channel,
            intent=intent,
            settings=ctx.settings,
        )
    if as_json:
        emit_json(found)
        return
    click.echo(f"message {found['message']['id']} logged for {found['company']}")
    show_findings(found["check"])
    for followup_id in found["closed_followups"]:
        click.echo(f"follow-up {followup_id} marked done: the withdrawal is sent", err=True)


_MARK = {"overdue": "!!", "warning": "! ", "info": "  "}


@click.command()
@store_options
def status(db: str | None, now: str | None, as_json: bool) -> None:
    """What is due, most urgent first, each with the command to run next.

    \b
    Example:
      bowout status --json --now 2026-12-01T09:00+01:00
    """
    from bowout.pipeline import due as reminders

    ctx = run(db, now)
    with ctx.read() as session:
        found = reminders.status(session, now=ctx.now)
    if as_json:
        emit_json(found)
        return
    for item in found["items"]:
        click.echo(f"{_MARK[item['severity']]} {item['summary']}\n     next: {item['next']}")
    if not found["items"]:
        click.echo("nothing is due: nobody is waiting on you")


@click.group()
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
    from bowout.pipeline import due as reminders

    with run(db, now).read() as session:
        found = reminders.followups(session, everything=everything)
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
    from bowout.pipeline import due as reminders

    with run(db, now).read() as session:
        found = reminders.followup_show(session, followup_id)
    if as_json:
        emit_json(found)
        return
    click.echo(f"{found['kind']} for {found['company']}, due {found['due']}")
    if found["draft"]:
        click.echo(f"\nSubject: {found['draft']['subject']}\n\n{found['draft']['body']}")
    click.echo(f"\nonce sent: bowout followup done {found['id']}", err=True)


@followup.command("done")
@click.argument("followup_id", type=int)
@store_options
def followup_done(followup_id: int, db: str | None, now: str | None, as_json: bool) -> None:
    """Mark a follow-up done (a withdrawal: sent, and the process withdrawn).

    \b
    Example:
      bowout followup done 4
    """
    from bowout.pipeline import due as reminders

    ctx = run(db, now)
    with ctx.write() as session:
        found = reminders.followup_done(session, followup_id, now=ctx.now)
    emit_json(found) if as_json else click.echo(f"follow-up {found['id']} done")
