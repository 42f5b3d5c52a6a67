"""Mail in, as the service offers it: import a file or folder, sync the IMAP account, connect
one, and the threads proposed as new processes. Every call returns JSON-ready dicts."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bowout import config
from bowout.errors import InvalidInput
from bowout.service.context import Context

MAX_UPLOAD = 200 * 1024 * 1024


def import_mail(ctx: Context, path: str, *, name: str | None = None) -> dict[str, Any]:
    """Read an mbox (Google Takeout's included), a Maildir or a folder of .eml files."""
    from bowout.pipeline.inbox import imports

    with ctx.write() as session:
        return imports.import_path(
            session,
            path,
            now=ctx.now,
            addresses=ctx.settings.addresses,
            zone=ctx.settings.timezone,
            name=name,
        )


def import_mail_bytes(
    ctx: Context, data: bytes, *, filename: str = "upload.mbox"
) -> dict[str, Any]:
    """The same, for an mbox or .eml sent as bytes (an upload)."""
    if not data:
        raise InvalidInput(
            "the upload is empty: send an mbox file or an .eml message", field="file"
        )
    if len(data) > MAX_UPLOAD:
        raise InvalidInput("the upload is larger than 200 MB: import the file by its path", "file")
    suffix = ".eml" if filename.lower().endswith(".eml") else ".mbox"
    with tempfile.TemporaryDirectory(prefix="bowout-mail-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        return import_mail(ctx, str(path), name=f"upload: {Path(filename).name}")


def sync_mail(ctx: Context, *, config_file: Path | None = None) -> dict[str, Any]:
    """Read what is new in the IMAP account's INBOX and sent folder (read-only)."""
    from bowout.pipeline.inbox import imapsync

    account = imapsync.account_from(ctx.settings, config_file=config_file or config.config_path())
    return imapsync.sync(
        ctx.write,
        account,
        now=ctx.now,
        addresses=ctx.settings.addresses,
        zone=ctx.settings.timezone,
    )


def connect_mail(
    ctx: Context,
    *,
    host: str,
    user: str,
    password: str | None = None,
    port: int = 993,
    sent: str | None = None,
    config_file: Path | None = None,
) -> dict[str, Any]:
    """Check that the account logs in, then keep it in the config file (mode 0600)."""
    from bowout.pipeline.inbox import imapsync

    host, user = host.strip(), user.strip()
    if not host:
        raise InvalidInput("name the IMAP server (for example imap.gmail.com)", field="imap_host")
    if not user:
        raise InvalidInput("give the login for the IMAP server", field="imap_user")
    changes: dict[str, Any] = {"imap_host": host, "imap_user": user, "imap_port": port}
    if sent is not None:
        changes["imap_sent"] = sent.strip() or None
    if password:
        changes["imap_password"] = password
    trial = ctx.settings.with_overrides(**{k: v for k, v in changes.items() if v is not None})
    file = config_file or config.config_path()
    account = imapsync.account_from(trial, config_file=None)
    imapsync.check_login(account)
    saved = config.save(changes, file)
    return {"connected": True, "account": account.name, "imap_host": saved.imap_host}


def mail_overview(ctx: Context) -> dict[str, Any]:
    """Where mail comes from and when it was last read, who waits, and what is proposed."""
    from bowout.pipeline.inbox import imports, proposals

    settings = ctx.settings
    with ctx.read() as session:
        return {
            "account": {
                "host": settings.imap_host,
                "user": settings.imap_user,
                "port": settings.imap_port,
                "password": "(set)"
                if settings.imap_password or settings.imap_password_command
                else None,
            },
            "sources": imports.sources_json(session),
            "waiting": imports.waiting(session),
            "proposals": proposals.proposals(session),
        }


def mail_proposals(ctx: Context) -> list[dict[str, Any]]:
    from bowout.pipeline.inbox import proposals

    with ctx.read() as session:
        return proposals.proposals(session)


def confirm_proposal(
    ctx: Context, thread: int, *, company: str | None = None, role: str | None = None
) -> dict[str, Any]:
    """Create the process a proposed thread reads as; its messages go on its timeline."""
    from bowout.pipeline.inbox import proposals

    with ctx.write() as session:
        return proposals.confirm(session, thread, now=ctx.now, company=company, role=role)


def dismiss_proposal(ctx: Context, thread: int) -> dict[str, Any]:
    from bowout.pipeline.inbox import proposals

    with ctx.write() as session:
        return proposals.dismiss(session, thread)
