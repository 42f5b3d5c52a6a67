"""Which conversation a message belongs to: pure rules, used by ``ingest`` over the store.

Message-ID, In-Reply-To and References link messages first (any shared id joins two threads).
A message that names none of its thread's ids (a client that drops them, a reply written as a
new message) falls back to its subject with the reply prefixes taken off, plus a shared
participant, within a few months of the thread's last message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

FALLBACK_WINDOW = timedelta(days=120)
_PREFIX = re.compile(
    r"^\s*(?:(?:re|fwd?|aw|wg|sv|vs|antw|rif|tr|r|enc|odp|res)\s*(?:\[\d+\])?\s*:\s*)+",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
# Subjects too common to join two conversations on their own.
_GENERIC = frozenset(
    {
        "", "hi", "hello", "hey", "question", "quick question", "update", "thanks", "thank you",
        "follow up", "following up", "interview", "(no subject)",
    }
)  # fmt: skip


def subject_key(subject: str) -> str:
    """The subject without reply and forward prefixes, lower-cased, spaces collapsed."""
    stripped = _PREFIX.sub("", subject or "")
    return _SPACE.sub(" ", stripped).strip().lower()[:200]


def joinable(key: str) -> bool:
    return key not in _GENERIC and len(key) >= 4


def counterparts(sender: str, recipients: Iterable[str], mine: frozenset[str]) -> set[str]:
    """The other side of a message: everyone on it who is not the user."""
    return {a for a in (sender, *recipients) if a and a not in mine}


def same_conversation(
    key: str,
    people: set[str],
    at: datetime,
    thread_people: Iterable[str],
    thread_last: datetime,
) -> bool:
    """The fallback: same subject (already equal), someone in common, close enough in time."""
    if not joinable(key) or not people:
        return False
    if abs(at - thread_last) > FALLBACK_WINDOW:
        return False
    return not people.isdisjoint(thread_people)
