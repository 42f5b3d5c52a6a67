"""What one mail import did: messages read, new and known, threads matched or proposed, people
added, files skipped; ``Tally.report()`` is its JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bowout.pipeline.inbox.sources import Skipped

MAX_SKIPPED_LISTED = 50


@dataclass
class Tally:
    """What one import did; ``report()`` is its JSON."""

    read: int = 0
    new: int = 0
    known: int = 0
    flags: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    skipped_count: int = 0
    threads_new: int = 0
    matched: set[int] = field(default_factory=set)
    proposed: set[int] = field(default_factory=set)
    contacts_added: list[dict[str, Any]] = field(default_factory=list)
    calendars: list[tuple[bytes, int | None, str]] = field(default_factory=list)

    def skip(self, item: Skipped) -> None:
        self.skipped_count += 1
        if len(self.skipped) < MAX_SKIPPED_LISTED:
            self.skipped.append({"name": item.name, "reason": item.reason})

    def report(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "new": self.new,
            "already_known": self.known,
            "flags_changed": self.flags,
            "threads_new": self.threads_new,
            "threads_matched": len(self.matched),
            "threads_proposed": len(self.proposed),
            "contacts_added": self.contacts_added,
            "skipped": self.skipped,
            "skipped_count": self.skipped_count,
        }
