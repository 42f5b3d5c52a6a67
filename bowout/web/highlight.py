"""Findings shown in the text: a message cut at every finding's boundary, for the templates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bowout import service

SEVERITY_ORDER = ("error", "warning", "suggestion")


@dataclass(frozen=True)
class Segment:
    text: str
    severity: str | None
    findings: tuple[int, ...]
    title: str = ""
    gap: bool = False


def segments(text: str, findings: Sequence[Mapping[str, Any]]) -> list[Segment]:
    """The text cut at every finding boundary; each piece knows the findings covering it."""
    size = len(text)
    spans = [(min(f["start"], size), min(max(f["start"], f["end"]), size)) for f in findings]
    cuts = sorted({0, size, *(s for s, _ in spans), *(e for _, e in spans)})
    out: list[Segment] = []
    for i, point in enumerate(cuts):
        for index, (start, end) in enumerate(spans):
            if start == end == point:
                out.append(_segment("", (index,), findings, gap=True))
        if i + 1 < len(cuts):
            nxt = cuts[i + 1]
            covering = tuple(k for k, (s, e) in enumerate(spans) if s < e and s <= point < e)
            out.append(_segment(text[point:nxt], covering, findings))
    return out


def _segment(
    text: str, covering: tuple[int, ...], findings: Sequence[Mapping[str, Any]], gap: bool = False
) -> Segment:
    if not covering:
        return Segment(text, None, ())
    levels = {findings[k]["severity"] for k in covering}
    severity = next(level for level in SEVERITY_ORDER if level in levels)
    title = "; ".join(str(findings[k]["rule"]) for k in covering)
    return Segment(text, severity, covering, title, gap)


def checked(
    ctx: service.Context, text: str, **context: Any
) -> tuple[dict[str, Any], list[Segment]]:
    """The check of ``text`` and the text cut into highlighted segments."""
    report = service.check(ctx, text, **context)
    return report, segments(text, report["findings"])
