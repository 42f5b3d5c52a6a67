"""`bowout mail import|sync|connect|proposals|confirm|dismiss`: mail in, read-only and local."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

import click

from bowout import service
from bowout.cli.main import Group, emit_json
from bowout.cli.options import context, store_options


@click.group(cls=Group)
def mail() -> None:
    """Read your mail (a file, a folder or your IMAP account) to see who waits for an answer.

    Nothing is ever sent, moved or marked read. Threads from recruiters nobody tracks yet are
    proposed as processes for you to confirm.

    \b
    Example:
      bowout mail import ~/Downloads/Takeout/Mail/All\\ mail\\ Including\\ Spam\\ and\\ Trash.mbox
    """


def _waiting(report: dict[str, Any], zone: tzinfo) -> None:
    waiting = report.get("waiting", [])
    if not waiting:
        click.echo("nobody is waiting for an answer")
        return
    click.echo("waiting for an answer:")
    for item in waiting:
        who = item["from_name"] or item["from"] or "someone"
        since = datetime.fromisoformat(item["since"]).astimezone(zone).strftime("%a %d %b %H:%M")
        click.echo(f"  {item['company']}: {who}, since {since} — {item['subject']}")


def _report(report: dict[str, Any], zone: tzinfo) -> None:
    if report.get("unchanged"):
        click.echo("nothing new: this mail was read before")
    else:
        click.echo(
            f"read {report['read']} messages: {report['new']} new, "
            f"{report['already_known']} seen before, {report['flags_changed']} newly answered"
        )
    for added in report.get("contacts_added", []):
        click.echo(
            f"  new contact for process {added['process']}: {added['name']} <{added['email']}>"
        )
    for item in report.get("skipped", []):
        click.echo(f"  skipped {item['name']}: {item['reason']}", err=True)
    if report.get("skipped_count", 0) > len(report.get("skipped", [])):
        click.echo(f"  ... {report['skipped_count']} skipped in all", err=True)
    calendar = report.get("calendar") or {}
    for item in calendar.get("added", []):
        click.echo(f"  interview added to {item['company']} from an invitation")
    _waiting(report, zone)
    if report.get("proposals_open"):
        click.echo(
            f"{report['proposals_open']} thread(s) look like new processes: bowout mail proposals"
        )


@mail.command("import")
@click.argument("path", type=click.Path(exists=False, path_type=str))
@store_options
def mail_import(path: str, db: str | None, now: str | None, as_json: bool) -> None:
    """Import an mbox (a Google Takeout export too), a Maildir or a folder of .eml files.

    Importing the same mail again changes nothing; a broken message is skipped and reported.

    \b
    Example:
      bowout mail import ~/Mail/takeout.mbox
    """
    with context(db, now) as ctx:
        report = service.import_mail(ctx, path)
    emit_json(report) if as_json else _report(report, ctx.zone)


@mail.command("sync")
@store_options
def mail_sync(db: str | None, now: str | None, as_json: bool) -> None:
    """Read what is new in your IMAP account's INBOX and sent folder (over TLS, read-only).

    The account comes from the config file (imap_host, imap_user, and imap_password_command,
    BOWOUT_IMAP_PASSWORD or imap_password); see bowout mail connect.

    \b
    Example:
      BOWOUT_IMAP_PASSWORD=app-password bowout mail sync
    """
    with context(db, now) as ctx:
        report = service.sync_mail(ctx)
    if as_json:
        emit_json(report)
        return
    for folder in report["folders"]:
        click.echo(f"{folder['folder']}: {folder.get('new', 0)} new")
    _report(report, ctx.zone)


@mail.command("connect")
@click.option("--host", required=True, help="The IMAP server, e.g. imap.gmail.com.")
@click.option("--user", required=True, help="The login, usually your address.")
@click.option("--port", default=993, show_default=True, help="The TLS port.")
@click.option("--sent", metavar="FOLDER", help="The folder of sent mail (default: found).")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from stdin and keep it (0600)."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def mail_connect(
    host: str, user: str, port: int, sent: str | None, password_stdin: bool, as_json: bool
) -> None:
    """Check that an IMAP account logs in, then keep it in the config file (mode 0600).

    Without --password-stdin the password comes from imap_password_command or
    BOWOUT_IMAP_PASSWORD, and is not written anywhere.

    \b
    Example:
      bowout mail connect --host imap.gmail.com --user me@gmail.com --password-stdin
    """
    import sys

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    with context() as ctx:
        found = service.connect_mail(
            ctx, host=host, user=user, port=port, sent=sent, password=password
        )
    emit_json(found) if as_json else click.echo(f"connected: {found['account']}")


@mail.command("proposals")
@store_options
def mail_proposals(db: str | None, now: str | None, as_json: bool) -> None:
    """Threads that read as a recruiter's approach or an invitation, from nobody tracked yet.

    \b
    Example:
      bowout mail proposals
    """
    with context(db, now) as ctx:
        found = service.mail_proposals(ctx)
    if as_json:
        emit_json({"proposals": found})
        return
    for item in found:
        guess = item["proposal_company"] or "?"
        click.echo(
            f"{item['id']:>5}  {item['proposal']:<10} {guess:<20} {item['from']}  {item['subject']}"
        )
    if not found:
        click.echo("nothing proposed")


@mail.command("confirm")
@click.argument("thread", type=int)
@click.option("--company", help="The company (default: guessed from the sender's domain).")
@click.option("--role", help="The role's title.")
@store_options
def mail_confirm(
    thread: int,
    company: str | None,
    role: str | None,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Track a proposed thread as a new process, with its sender as the contact.

    \b
    Example:
      bowout mail confirm 12 --company Hooli --role "Platform Engineer"
    """
    with context(db, now) as ctx:
        found = service.confirm_proposal(ctx, thread, company=company, role=role)
    process = found["process"]
    emit_json(found) if as_json else click.echo(f"process {process['id']}: {process['company']}")


@mail.command("dismiss")
@click.argument("thread", type=int)
@store_options
def mail_dismiss(thread: int, db: str | None, now: str | None, as_json: bool) -> None:
    """Drop a proposal: the thread is not a process (it stays read, and stays quiet).

    \b
    Example:
      bowout mail dismiss 12
    """
    with context(db, now) as ctx:
        found = service.dismiss_proposal(ctx, thread)
    emit_json(found) if as_json else click.echo(f"thread {found['id']} dismissed")
