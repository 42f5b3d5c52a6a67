"""The learned weights: shipped as data, rebuilt from the data by `make model`, never stale."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from bowout.checker import features, learned
from bowout.checker.learn import dataset, train
from bowout.checker.text import split

SHIPPED = json.loads(train.OUT.read_text(encoding="utf-8"))
REAL_KEY = "shared/corpus/real_dev.jsonl"
NO_REAL = f"{dataset.REAL} is absent: the real-data part of the model cannot be checked here"


def test_shipped_weights_are_fresh_against_our_corpus_and_the_code() -> None:
    now = {k: v for k, v in train.inputs().items() if k != REAL_KEY}
    recorded = {k: v for k, v in SHIPPED["inputs"].items() if k != REAL_KEY}
    stale = sorted(k for k in now.keys() | recorded.keys() if now.get(k) != recorded.get(k))
    assert stale == [], f"model.json is stale for {stale}: run `make model`"


@pytest.mark.skipif(not dataset.real_available(), reason=NO_REAL)
def test_shipped_weights_are_fresh_against_the_real_messages() -> None:
    assert SHIPPED["inputs"].get(REAL_KEY) == train.sha256(dataset.REAL), (
        "the real messages changed since model.json was built: run `make model`"
    )


@pytest.mark.skipif(not dataset.real_available(), reason=NO_REAL)
def test_make_model_rebuilds_the_shipped_file_byte_for_byte() -> None:
    pytest.importorskip("sklearn", reason="scikit-learn (the dev extra) fits the model")
    assert train.build() == train.OUT.read_text(encoding="utf-8")


def test_the_frozen_split_is_never_trained_on() -> None:
    if not dataset.real_available():
        pytest.skip(NO_REAL)
    dev, frozen = dataset.real_split()
    trained = {r.id for r in train.training_set() if r.origin == "real"}
    assert trained == {r.id for r in dev}
    assert not trained & {r.id for r in frozen}
    assert 0.2 <= len(frozen) / (len(dev) + len(frozen)) <= 0.35
    sources = {r.group for r in frozen}
    assert not sources & {r.group for r in dev}, "a source straddles the split"


def test_run_time_scores_equal_the_fitted_classifier() -> None:
    """The pure-Python scorer reproduces scikit-learn's decision function on the same data."""
    pytest.importorskip("sklearn", reason="scikit-learn (the dev extra) fits the model")
    texts = [
        ("Thank you, but I have accepted another offer and withdraw.", "decline"),
        ("Could we move the interview to Friday at 10am?", "reschedule"),
        ("What is the salary range for this role?", "comp_check"),
        ("I have accepted another offer, thank you for your time.", "decline"),
        ("Can we do Thursday at 2pm instead of Monday?", "reschedule"),
        ("Before we go on, could you share the pay band?", "comp_check"),
    ]
    docs = [features.bag(split(t)) for t, _ in texts]
    model = learned.Linear.from_json(train.fit_linear(docs, [y for _, y in texts], 1.0))
    for doc, (_, label) in zip(docs, texts, strict=True):
        assert model.best(doc) == label
    assert model.scores(Counter()) == list(model.intercept)


def test_shipped_model_reads_every_intent() -> None:
    models = learned.load()
    assert set(models.intents) == {
        "decline", "reschedule", "comp_check", "same_day_cancel", "deferral", "reconnect",
        "connection_note", "other",
    }  # fmt: skip
    assert set(models.flags) == set(train.LEARNED_FLAGS)


def test_the_table_scores_like_the_fitted_classifiers() -> None:
    """Every column of the joint table is the decision function scikit-learn fitted."""
    pytest.importorskip("sklearn", reason="scikit-learn (the dev extra) fits the model")
    rows = dataset.ours()[:200]
    docs = train.bags(rows)
    vocab, idf = train.vocabulary(docs)
    x = train.matrix(docs, vocab, idf)
    _, coef, intercept = train.svm(x, [r.intent for r in rows], train.C_INTENT)
    fitted = x @ coef.T + intercept
    table = learned.Linear.from_json(train.fit(rows))
    for doc, expected in zip(docs, fitted, strict=True):
        got = table.scores(doc)[: len(expected)]
        assert got == pytest.approx(list(expected), abs=1e-3)
