"""The rule registry: every rule listed once, in its own module, documented, and true to its
own examples (each with its context and, where given, the span the finding must cover)."""

from __future__ import annotations

import pkgutil

import pytest

from bowout.checker import engine as checker
from bowout.checker import rulebase, rules
from bowout.checker.rules import registry
from bowout.model import CheckContext, Intent

DESIGN_IDS = {
    "vague-deferral", "critique", "over-explaining", "vague-reschedule",
    "missing-timing-apology", "over-apologizing", "no-gratitude", "false-promise",
    "second-chance-ask", "unclear-decision",
}  # fmt: skip


def test_registry_ids_are_unique() -> None:
    ids = [r.id for r in rules.REGISTRY]
    assert len(ids) == len(set(ids))


def test_every_rule_module_is_listed_in_the_registry_once() -> None:
    modules = {m.name for m in pkgutil.iter_modules(rules.__path__)} - {"registry"}
    listed = {r.check.__module__.rsplit(".", 1)[1] for r in rules.REGISTRY}
    assert modules == listed
    assert sorted(rulebase.DECORATED) == sorted(r.id for r in rules.REGISTRY)
    assert len(rulebase.DECORATED) == len(set(rulebase.DECORATED)), "an id is used by two rules"
    for rule in registry.REGISTRY:
        module = rule.check.__module__.rsplit(".", 1)[1]
        assert module == rule.id.replace("-", "_"), "a rule's module is named after its id"


def test_the_design_ids_are_all_present() -> None:
    assert {r.id for r in rules.REGISTRY} >= DESIGN_IDS


@pytest.mark.parametrize("rule", rules.REGISTRY, ids=lambda r: r.id)
def test_rule_is_documented(rule: rulebase.Rule) -> None:
    assert len(rule.rationale) > 80, "the docstring is the rationale `bowout explain` prints"
    assert rule.summary and rule.message and rule.suggestion
    assert rule.fires and rule.passes, "each rule needs examples that fire and that pass"
    assert len(rule.cases) == len(rule.fires) + len(rule.passes)


CASES = [(rule, case) for rule in rules.REGISTRY for case in rule.cases]


@pytest.mark.parametrize(
    ("rule", "case"),
    CASES,
    ids=[f"{r.id}-{'fires' if c.fires else 'passes'}-{i}" for i, (r, c) in enumerate(CASES)],
)
def test_rule_examples(rule: rulebase.Rule, case: rulebase.Case) -> None:
    example = case.example
    report = checker.check(example.text, example.context or CheckContext())
    mine = [f for f in report.findings if f.rule == rule.id]
    got = sorted({f.rule for f in report.findings})
    assert bool(mine) is case.fires, f"{rule.id} on {example.text!r}: got {got}"
    for finding in mine:
        assert finding.message and finding.suggestion
        assert example.text[finding.start : finding.end] == finding.excerpt
    if example.span is not None:
        assert any(example.span in f.excerpt for f in mine), (
            f"{rule.id}: expected a finding covering {example.span!r}, got "
            f"{[f.excerpt for f in mine]}"
        )


def test_ignored_rule_is_not_run() -> None:
    rule = rules.REGISTRY[1]
    context = CheckContext(ignore=frozenset({rule.id}))
    assert rule.id not in {f.rule for f in checker.check(rule.fires[0], context).findings}


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


def _as_read(text: str, intent: Intent, *, stated: bool = False) -> rulebase.Draft:
    """``text`` as the rules see it when its intent is ``intent`` (stated by the caller, or
    read by the model from the words alone)."""
    from bowout.checker.intent import decisions
    from bowout.checker.text import split

    body = split(text)
    return rulebase.Draft(body, intent, False, bool(decisions(body)), stated=stated)


@pytest.mark.parametrize("rule_id", ["vague-reschedule", "no-gratitude"])
def test_a_reschedule_read_from_words_that_ask_for_no_move_is_not_judged(rule_id: str) -> None:
    rule = next(r for r in rules.REGISTRY if r.id == rule_id)
    flexible = "I'm easy either way."
    assert not list(rule.check(_as_read(flexible, Intent.RESCHEDULE)))
    assert list(rule.check(_as_read(flexible, Intent.RESCHEDULE, stated=True)))
    moving = "Could we reschedule the interview?"
    assert list(rule.check(_as_read(moving, Intent.RESCHEDULE)))
