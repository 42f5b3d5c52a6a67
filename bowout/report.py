"""Readable terminal output for the guide's commands (JSON is the machine form)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.console import Console

_LABEL = {
    "decline": "Decline",
    "reschedule": "Reschedule",
    "ask_compensation": "Ask about pay first",
    "attend": "Go to the interview",
}
_NOTICE = {
    "ample": "ample notice",
    "short": "short notice",
    "late": "late: under a day before the interview",
    "same_day": "same day as the interview",
    "past": "the interview has already started",
    "none": "no interview scheduled",
}


def advice(result: dict[str, Any], console: Console | None = None) -> None:
    out = console or Console(highlight=False)
    action = _LABEL[result["action"]]
    then = result.get("then")
    if then:
        action += f" (cancel today, then {'reschedule' if then == 'reschedule' else 'withdraw'})"
    style = "bold red" if result["urgent"] else "bold green"
    out.print(f"[{style}]{action}[/]")
    notice = result["notice"]
    hours = notice["hours"]
    ahead = f", {hours:.1f} h ahead" if hours is not None and hours > 0 else ""
    out.print(f"Notice: {_NOTICE[notice['class']]}{ahead}")
    if result["send_by"]:
        moment = datetime.fromisoformat(result["send_by"])
        out.print(f"Send by: {moment.strftime('%a %d %b %Y, %H:%M %Z').strip()}")
    out.print("\nWhy:")
    for line in result["why"]:
        out.print(f"  - {line}")
    if result["alternatives"]:
        out.print("\nWhat the other choices would cost:")
        for alt in result["alternatives"]:
            out.print(f"  - {_LABEL[alt['action']].lower()}: {alt['risk']}")
    if result["scenario"]:
        out.print(f"\nNext: bowout draft {result['scenario']} --to NAME --company NAME")
