"""What every checker rule is built on: the message as rules see it, and the rule unit.

A rule is a function from a `Message` to the spans it flags, wrapped by `@rule` with its id,
severity, messages and examples; its docstring is the rationale `bowout explain` prints. The
rules themselves, and their one registry, are in `bowout.rules`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bowout.checker.phrases import Hit, Lazy
from bowout.checker.text import Body
from bowout.model import CheckContext, History, Intent, Severity

Span = tuple[int, int]


@dataclass(slots=True, eq=False)  # built for every message: plain slots are quickest
class Message:
    """A message as the rules see it: its parts, its intent and whether it comes late."""

    body: Body
    intent: Intent
    late: bool  # sent on the interview's day, or under 24 hours before it
    decided: bool  # states a clear decision (intent.decisions)
    history: History | None = None  # the recipient was dealt with before (context.history)

    def find(self, pattern: Lazy) -> Iterator[Hit]:
        return iter(self.body.matches(pattern))

    def has(self, pattern: Lazy) -> bool:
        return bool(self.body.matches(pattern))

    def sentence(self, offset: int) -> Span:
        return self.body.sentence_at(offset)

    def in_sentence(self, offset: int, pattern: Lazy) -> bool:
        start, end = self.sentence(offset)
        return pattern.search(self.body.masked, start, end) is not None

    def just_before(self, offset: int, pattern: Lazy, window: int = 40) -> bool:
        """``pattern`` occurs in the same clause shortly before ``offset``."""
        masked = self.body.masked
        start = max(self.sentence(offset)[0], offset - window)
        start = max(start, *(masked.rfind(mark, start, offset) + 1 for mark in ",;:—–"))
        return pattern.search(masked, start, offset) is not None


Check = Callable[[Message], Iterator[Span]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    message: str
    suggestion: str
    rationale: str
    fires: tuple[str, ...]
    passes: tuple[str, ...]
    check: Check
    context: CheckContext | None = None  # what the examples are checked with besides the text


DECORATED: list[str] = []  # every id given to @rule, so a test can compare it with REGISTRY


def rule(
    id: str,
    severity: Severity,
    *,
    summary: str,
    message: str,
    suggestion: str,
    fires: tuple[str, ...],
    passes: tuple[str, ...],
    context: CheckContext | None = None,
) -> Callable[[Check], Rule]:
    def wrap(check: Check) -> Rule:
        DECORATED.append(id)
        rationale = " ".join((check.__doc__ or "").split())
        return Rule(
            id, severity, summary, message, suggestion, rationale, fires, passes, check, context
        )

    return wrap
