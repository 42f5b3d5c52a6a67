"""Readable terminal output for the guide's commands (JSON is the machine form)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.table import Table

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
    with out.capture() as captured:
        _advice(result, out)
    # rich pads table cells to the width: drop the trailing spaces a pipe or a file would keep
    print("\n".join(line.rstrip() for line in captured.get().splitlines()))


def _advice(result: dict[str, Any], out: Console) -> None:
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
    out.print(_bullets(result["why"]))
    if result["alternatives"]:
        out.print("\nWhat the other choices would cost:")
        out.print(_bullets(f"{_LABEL[a['action']]}: {a['risk']}" for a in result["alternatives"]))
    if result["scenario"]:
        out.print(f"\nNext: bowout draft {result['scenario']} --to NAME --company NAME")


def _bullets(lines: Iterable[str]) -> Table:
    """A list whose wrapped lines hang under their text, not under the dash."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column()
    for line in lines:
        grid.add_row("-", line)
    return grid
