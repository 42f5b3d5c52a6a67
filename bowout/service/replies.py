"""Answering a recruiter's message that needs no decision: a plain reply to write (greeting and
sign-off filled in, their message beside it), sent and logged; or the note that it was answered
some other way (by phone, from the user's own mail), so nothing is owed any more."""

from __future__ import annotations

from typing import Any

from bowout.model import Direction
from bowout.service.context import Context


def reply_draft(ctx: Context, ref: str) -> dict[str, Any]:
    """What a reply to the process's latest message starts from: their message, who it goes
    to, a subject, and a body with the greeting and the user's sign-off around an empty middle."""
    from bowout.pipeline import processes
    from bowout.pipeline.serialize import message_json
    from bowout.service.endings import recipient

    with ctx.read() as session:
        process = processes.resolve(session, ref)
        received = [m for m in process.messages if m.direction == Direction.IN.value]
        last = max(received, key=lambda m: m.at) if received else None
        to = recipient(process, last.contact if last is not None else None)
        first = to.name.split()[0] if to is not None else None
        about = (last.subject if last is not None else None) or process.role or process.company
        subject = about if about.lower().startswith("re:") else f"Re: {about}"
        sign = "\n".join(
            part
            for part in (ctx.settings.me, (ctx.settings.signature or "").replace("\\n", "\n"))
            if part
        )
        greeting = f"Hi {first}," if first else "Hello,"
        body = f"{greeting}\n\n\n\nBest,\n{sign}" if sign else f"{greeting}\n\n\n\nBest,"
        return {
            "process": process.id,
            "company": process.company,
            "to": to.name if to is not None else None,
            "email": to.email if to is not None else None,
            "subject": subject,
            "body": body,
            "message": message_json(last) if last is not None else None,
        }


def send_reply(ctx: Context, ref: str, body: str, *, subject: str | None = None) -> dict[str, Any]:
    """The reply went out: logged as sent (and checked), its kept draft dropped."""
    from bowout.pipeline import drafts, messages, processes

    with ctx.write() as session:
        logged = messages.log_message(
            session,
            ref,
            Direction.OUT.value,
            body,
            now=ctx.now,
            settings=ctx.settings,
            subject=subject,
        )
        drafts.discard_for(session, processes.resolve(session, ref).id)
        return logged


def mark_answered(ctx: Context, ref: str, *, channel: str = "email") -> dict[str, Any]:
    """The user answered outside bowout (by phone, from their own mail): recorded as a reply
    whose text is not kept, so the process owes nothing any more."""
    from bowout.pipeline import editing

    with ctx.write() as session:
        return editing.answered(session, ref, now=ctx.now, channel=channel)
