"""Drafts kept as the user writes them, as the service offers them: saved on every pause in
typing, read back when the page comes again, discarded once the message is sent."""

from __future__ import annotations

from typing import Any

from bowout.service.context import Context


def get_draft(ctx: Context, key: str) -> dict[str, Any] | None:
    """The draft kept under ``key``, or None."""
    from bowout.pipeline import drafts

    with ctx.read() as session:
        return drafts.get(session, key)


def save_draft(
    ctx: Context,
    key: str,
    body: str,
    *,
    subject: str | None = None,
    process: str | None = None,
) -> dict[str, Any]:
    """Keep the draft as it is now; ``process`` ties it to one, so sending for it ends it."""
    from bowout.pipeline import drafts

    with ctx.write() as session:
        return drafts.save(session, key, body=body, subject=subject, process=process, now=ctx.now)


def discard_draft(ctx: Context, key: str) -> dict[str, Any]:
    """Forget the draft kept under ``key`` (to start again from the suggested wording)."""
    from bowout.pipeline import drafts

    with ctx.write() as session:
        return {"key": key, "discarded": drafts.discard(session, key)}
