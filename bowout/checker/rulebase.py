"""What every checker rule is built on: the message as rules see it, and the rule unit.

A rule is a function from a `Draft` to the spans it flags, wrapped by `@rule` with its id,
severity, messages and examples; its docstring is the rationale `bowout explain` prints. The
rules themselves are in `bowout.checker.rules`, one module each, listed once in its registry.
A rule may yield a span with a suggestion of its own, when the fix depends on what it found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from bowout.checker.learned import Models
from bowout.checker.phrases import Hit, Lazy
from bowout.checker.text import Body
from bowout.model import CheckContext, History, Intent, Severity

Span = tuple[int, int]
Flag = tuple[int, int] | tuple[int, int, str]  # a span, or a span with its own suggestion


@dataclass(slots=True, eq=False)  # built for every message: plain slots are quickest
class Draft:
    """A message as the rules see it (a draft to check, whoever wrote it): its parts, its intent
    and whether it comes late. Not the stored `pipeline.schema.Message`."""

    body: Body
    intent: Intent
    late: bool  # sent on the interview's day, or under 24 hours before it
    decided: bool  # states a clear decision (intent.decisions)
    learned: dict[str, float] = field(default_factory=dict)  # rule id -> score (> 0: applies)
    models: Models | None = None  # the learned models in use (None: the shipped ones)
    late_by_context: bool = False  # the context's times say under 24 hours
    stated: bool = False  # the intent was stated by the caller, not read from the text
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


Check = Callable[[Draft], Iterator[Flag]]


@dataclass(frozen=True)
class Example:
    """A rule's example: a text, what the checker is told besides it, and where the finding
    must be (a piece of the text that the finding's excerpt contains)."""

    text: str
    context: CheckContext | None = None
    span: str | None = None


@dataclass(frozen=True)
class Case:
    example: Example
    fires: bool


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    message: str
    suggestion: str
    rationale: str
    fires: tuple[str, ...]  # the example texts, for `explain`
    passes: tuple[str, ...]
    check: Check
    cases: tuple[Case, ...] = ()  # every example with its context and expected span


DECORATED: list[str] = []  # every id given to @rule, so a test can compare it with REGISTRY


def rule(
    id: str,
    severity: Severity,
    *,
    summary: str,
    message: str,
    suggestion: str,
    fires: tuple[str | Example, ...],
    passes: tuple[str | Example, ...],
) -> Callable[[Check], Rule]:
    def example(item: str | Example) -> Example:
        return item if isinstance(item, Example) else Example(item)

    cases = tuple(Case(example(x), True) for x in fires) + tuple(
        Case(example(x), False) for x in passes
    )

    def wrap(check: Check) -> Rule:
        DECORATED.append(id)
        rationale = " ".join((check.__doc__ or "").split())
        texts = tuple(c.example.text for c in cases if c.fires)
        clean = tuple(c.example.text for c in cases if not c.fires)
        return Rule(
            id, severity, summary, message, suggestion, rationale, texts, clean, check, cases
        )

    return wrap
