"""Calendar in and out, as the service offers it: invitations imported, the feed of interviews,
send-by deadlines and follow-ups, and the cancellation file for a drafted message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bowout.service.context import Context


def import_calendar(ctx: Context, path: str) -> dict[str, Any]:
    """Apply an .ics file: new invitations become interviews, updates move them, cancellations
    cancel them."""
    from bowout.pipeline.invites import applying

    with ctx.write() as session:
        return applying.import_file(
            session,
            path,
            now=ctx.now,
            zone=ctx.settings.timezone,
            addresses=ctx.settings.addresses,
        )


def import_calendar_bytes(ctx: Context, data: bytes, *, name: str = "upload.ics") -> dict[str, Any]:
    from bowout.pipeline.invites import applying

    with ctx.write() as session:
        return applying.apply_bytes(
            session,
            data,
            now=ctx.now,
            zone=ctx.settings.timezone,
            addresses=ctx.settings.addresses,
            name=Path(name).name,
        )


def calendar_feed(ctx: Context) -> bytes:
    """The feed a calendar app subscribes to (text/calendar)."""
    from bowout.pipeline.invites import feed

    with ctx.read() as session:
        return feed.feed(session, now=ctx.now)


def calendar_events(ctx: Context) -> dict[str, Any]:
    """The feed as JSON: each event's UID, title, start, zone, status and SEQUENCE."""
    from bowout.pipeline.invites import feed

    return {"events": feed.events(calendar_feed(ctx))}


def cancellation(ctx: Context, interview: int) -> bytes:
    """A METHOD:CANCEL .ics for a cancelled interview, to attach to the message that says so."""
    from bowout.pipeline.invites import feed

    with ctx.read() as session:
        return feed.cancellation(session, interview, now=ctx.now)
