"""The checker as the service offers it: a rule explained with its examples' contexts."""

from __future__ import annotations

from datetime import datetime

from bowout import service
from bowout.checker import rules as rulebook


def test_explain_gives_every_example_with_its_context_and_span() -> None:
    info = service.explain("missing-timing-apology")
    rule = next(r for r in rulebook.REGISTRY if r.id == "missing-timing-apology")
    assert [c["text"] for c in info["cases"]] == [c.example.text for c in rule.cases]
    assert [c["text"] for c in info["cases"] if c["fires"]] == info["fires"]
    assert [c["text"] for c in info["cases"] if not c["fires"]] == info["passes"]
    late = next(c for c in info["cases"] if c["context"] and c["fires"])
    assert late["span"] and late["span"] in late["text"]
    assert set(late["context"]) == {"interview_at", "sent_at"}
    sent = datetime.fromisoformat(late["context"]["sent_at"])
    at = datetime.fromisoformat(late["context"]["interview_at"])
    assert sent.tzinfo is not None and (at - sent).total_seconds() < 24 * 3600
    # the context is given as a check request takes it
    checked = service.check(service.Context(), late["text"], **late["context"])
    assert "missing-timing-apology" in {f["rule"] for f in checked["findings"]}


def test_an_example_without_a_context_says_so() -> None:
    info = service.explain("critique")
    assert all(case["context"] is None for case in info["cases"])
    assert any(case["span"] for case in info["cases"])
