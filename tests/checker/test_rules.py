"""The rule registry: every rule listed once, documented, and true to its own examples."""

from __future__ import annotations

import pytest

from bowout.checker import engine as checker
from bowout.checker import rulebase, rules
from bowout.model import CheckContext

DESIGN_IDS = {
    "vague-deferral", "critique", "over-explaining", "vague-reschedule",
    "missing-timing-apology", "over-apologizing", "no-gratitude", "false-promise",
    "second-chance-ask", "unclear-decision",
}  # fmt: skip


def test_registry_ids_are_unique() -> None:
    ids = [r.id for r in rules.REGISTRY]
    assert len(ids) == len(set(ids))


def test_every_decorated_rule_is_listed_in_the_registry() -> None:
    assert sorted(rulebase.DECORATED) == sorted(r.id for r in rules.REGISTRY)
    assert len(rulebase.DECORATED) == len(set(rulebase.DECORATED)), "an id is used by two rules"
    defined = {v.id for v in vars(rules).values() if isinstance(v, rulebase.Rule)}
    assert defined == {r.id for r in rules.REGISTRY}


def test_the_design_ids_are_all_present() -> None:
    assert {r.id for r in rules.REGISTRY} >= DESIGN_IDS


@pytest.mark.parametrize("rule", rules.REGISTRY, ids=lambda r: r.id)
def test_rule_is_documented(rule: rulebase.Rule) -> None:
    assert len(rule.rationale) > 80, "the docstring is the rationale `bowout explain` prints"
    assert rule.summary and rule.message and rule.suggestion
    assert rule.fires and rule.passes, "each rule needs examples that fire and that pass"


EXAMPLES = [
    (rule, text, fires)
    for rule in rules.REGISTRY
    for fires, texts in ((True, rule.fires), (False, rule.passes))
    for text in texts
]


@pytest.mark.parametrize(
    ("rule", "text", "fires"),
    EXAMPLES,
    ids=[f"{r.id}-{'fires' if f else 'passes'}-{i}" for i, (r, _, f) in enumerate(EXAMPLES)],
)
def test_rule_examples(rule: rulebase.Rule, text: str, fires: bool) -> None:
    report = checker.check(text, rule.context or CheckContext())
    fired = {f.rule for f in report.findings}
    assert (rule.id in fired) is fires, f"{rule.id} on {text!r}: got {sorted(fired)}"


def test_ignored_rule_is_not_run() -> None:
    text = rules.REGISTRY[1].fires[0]
    context = CheckContext(ignore=frozenset({rules.REGISTRY[1].id}))
    assert rules.REGISTRY[1].id not in {f.rule for f in checker.check(text, context).findings}


def test_every_phrase_of_a_gated_family_contains_a_gate_word() -> None:
    """A rough guard: a fragment added to a gated family must name one of the gate words in
    each of its top-level alternatives, or the gate would hide its matches."""
    from bowout.checker.phrases import _alternatives, _families, gates

    for name, words in gates().items():
        for fragment in _families()[name]:
            for alternative in _alternatives(fragment):
                plain = alternative.replace("(?:", "").replace(")", "")
                assert any(w in plain for w in words), f"{name}: {fragment!r} escapes its gate"


def test_quick_to_compile_and_quick_to_run_expressions_find_the_same_phrases() -> None:
    """Families start as one simple expression and are recompiled for speed in a batch: the
    results must not depend on which one ran."""
    import json
    import re
    from pathlib import Path

    from bowout.checker.phrases import Lazy, _families, _simple, _split
    from bowout.checker.text import split

    corpus = Path(__file__).parents[2] / "corpus"
    texts = [
        json.loads(line)["text"]
        for path in sorted(corpus.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ][:300] or [r.fires[0] for r in rules.REGISTRY]
    bodies = [split(text) for text in texts]
    for name, fragments in _families().items():
        simple = Lazy(_simple(fragments, ""))
        fast = Lazy(_simple(fragments, ""))
        fast._compiled, fast._fast = [re.compile(p) for p in _split(fragments, "")], True
        for body in bodies:
            for pos in (0, body.start):
                one = [h.span() for h in simple.finditer(body.masked, pos, body.end)]
                other = [h.span() for h in fast.finditer(body.masked, pos, body.end)]
                assert one == other, f"{name} differs on {body.text[:80]!r}"
