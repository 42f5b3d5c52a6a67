"""Scoring the checker on labelled messages, with the definitions it is judged by, and
grouped cross-validation of the learned part.

Figures: intent accuracy; per-rule precision, recall and F1 (a rule counts as fired when any
finding carries its id); macro-F1 over the rules with at least `MIN_SUPPORT` labelled examples
in the set scored; false alarms: the share of messages labelled clean that get any finding.
Real messages are checked on their text alone, as a user pasting one would; our corpus with
its context.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bowout.checker import engine, learned
from bowout.checker.learn import train
from bowout.checker.learn.dataset import Example
from bowout.model import CheckContext, Intent

MIN_SUPPORT = 5
FOLDS = 5


@dataclass(frozen=True)
class Outcome:
    id: str
    expected_intent: str
    got_intent: str
    expected: frozenset[str]
    got: frozenset[str]


def context_of(example: Example) -> CheckContext:
    ctx = example.context
    if not ctx:
        return CheckContext()

    def when(key: str) -> datetime | None:
        value = ctx.get(key)
        return datetime.fromisoformat(value) if value else None

    hint = ctx.get("intent")
    return CheckContext(
        intent=Intent(hint) if hint else None,
        interview_at=when("interview_at"),
        sent_at=when("sent_at"),
    )


def run(rows: Sequence[Example], models: learned.Models | None = None) -> list[Outcome]:
    out = []
    for row in rows:
        report = engine.check(row.text, context_of(row), models=models)
        got = frozenset(f.rule for f in report.findings)
        out.append(Outcome(row.id, row.intent, report.intent.value, row.rules, got))
    return out


def baseline(rows: Sequence[Example]) -> list[Outcome]:
    """The trivial checker: every message a decline, never a finding."""
    return [Outcome(r.id, r.intent, "decline", r.rules, frozenset()) for r in rows]


def score(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    clean = alarms = right = 0
    for o in outcomes:
        right += o.got_intent == o.expected_intent
        if o.got_intent != o.expected_intent:
            confusion[(o.expected_intent, o.got_intent)] += 1
        if not o.expected:
            clean += 1
            alarms += bool(o.got)
        for rule in o.got | o.expected:
            (tp if rule in o.got and rule in o.expected else fp if rule in o.got else fn)[rule] += 1
    rules = {}
    for rule in sorted(set(tp) | set(fp) | set(fn)):
        n = tp[rule] + fn[rule]
        precision = tp[rule] / (tp[rule] + fp[rule]) if tp[rule] + fp[rule] else 0.0
        recall = tp[rule] / n if n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rules[rule] = {
            "n": n, "precision": precision, "recall": recall, "f1": f1,
            "tp": tp[rule], "fp": fp[rule], "fn": fn[rule],
        }  # fmt: skip
    scored = [v["f1"] for v in rules.values() if v["n"] >= MIN_SUPPORT]
    return {
        "messages": len(outcomes),
        "intent_accuracy": right / len(outcomes) if outcomes else 0.0,
        "macro_f1": sum(scored) / len(scored) if scored else None,
        "rules_in_macro": len(scored),
        "clean_messages": clean,
        "false_alarms": alarms / clean if clean else 0.0,
        "rules": rules,
        "confusion": [
            {"expected": e, "got": g, "count": n} for (e, g), n in confusion.most_common()
        ],
    }


def fold_of(group: str, folds: int = FOLDS) -> int:
    """A deterministic fold per group (another slice of the hash than the frozen split uses)."""
    return int(hashlib.sha256(group.encode("utf-8")).hexdigest()[8:16], 16) % folds


def cross_validate(
    real: Sequence[Example],
    ours: Sequence[Example],
    folds: int = FOLDS,
    checker: Callable[[Sequence[Example], learned.Models], list[Outcome]] = run,
) -> list[Outcome]:
    """Every real message checked by models fitted without its group: on our corpus and the
    other folds of the real messages."""
    out: list[Outcome] = []
    for k in range(folds):
        held = [r for r in real if fold_of(r.group, folds) == k]
        if not held:
            continue
        rest = [r for r in real if fold_of(r.group, folds) != k]
        models = learned.parse({"inputs": {}, "table": train.fit([*ours, *rest])})
        out.extend(checker(held, models))
    return out
