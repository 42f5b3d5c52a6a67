"""Where a form sends the user back to: only a path on this site, never elsewhere on a form's
say-so."""

from __future__ import annotations


def back_to(target: str, fallback: str) -> str:
    """``target`` if it is a path on this site, else ``fallback``."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback
