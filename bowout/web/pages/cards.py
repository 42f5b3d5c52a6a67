"""Drafted messages as cards (withdrawals on Accept an offer, notes on Relationships): each is
shown in its kept version, checked as it is edited, and kept as it is typed."""

from __future__ import annotations

from typing import Any

from bowout import service
from bowout.model import FollowupKind, Intent
from bowout.web.highlight import checked

# The intent each kind of follow-up's message is checked as.
FOLLOWUP_INTENT = {
    FollowupKind.WITHDRAWAL.value: Intent.DECLINE.value,
    FollowupKind.LINKEDIN_NOTE.value: Intent.CONNECTION_NOTE.value,
    FollowupKind.RECONNECT.value: Intent.RECONNECT.value,
}


def card(ctx: service.Context, followup: dict[str, Any]) -> dict[str, Any]:
    """A follow-up's drafted message as a card shows it: the kept version if the user edited
    it, and its check."""
    draft = dict(followup.get("draft") or {})
    kept = service.get_draft(ctx, f"followup-{followup['id']}")
    if kept is not None:
        draft.update(body=kept["body"], subject=kept["subject"] or draft.get("subject"))
    intent = FOLLOWUP_INTENT.get(followup["kind"])
    report = segments = None
    if draft.get("body"):
        report, segments = checked(ctx, str(draft["body"]), intent=intent)
    return {
        **followup,
        "draft": draft,
        "report": report,
        "segments": segments,
        "intent": intent,
        "edited": kept is not None,
    }
