"""Fit the checker's learned models and write them to bowout/checker/data/model.json.

    python -m bowout.checker.learn.train          # what `make model` runs

Trained on our development corpus plus the development part of the real messages (never the
frozen part, never our held-out files). Deterministic: the same inputs give the same file,
byte for byte. Needs scikit-learn and scipy (the dev extra); checking a message does not.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bowout.checker import features, intent, phrases
from bowout.checker.learn import dataset
from bowout.checker.learn.dataset import Example
from bowout.checker.text import split

OUT = Path(__file__).resolve().parents[1] / "data" / "model.json"
# what the features are computed by: the speech-act tokens come from the phrase families
CODE = (
    Path(features.__file__),
    Path(__file__),
    Path(intent.__file__),
    Path(phrases.__file__),
    Path(phrases.__file__).parent / "data" / "rules.toml",
)
C_INTENT = 0.3
C_FLAG = 0.5
LEARNED_FLAGS = ("critique", "over-explaining")  # rules whose judgement is learned
MIN_DF = 2  # a feature seen in one message only is dropped: it is noise, and it bloats the file
DIGITS = 5


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def inputs(corpus: Path = dataset.CORPUS, real: Path = dataset.REAL) -> dict[str, str]:
    """What the models are fitted from, by name, with the hash of each file."""
    out = {f"corpus/{p.name}": sha256(p) for p in sorted(corpus.glob("*.jsonl"))}
    out = {k: v for k, v in out.items() if Path(k).name not in dataset.HELD_OUT}
    if dataset.real_available(real):
        out["shared/corpus/real_dev.jsonl"] = sha256(real)
    for path in CODE:
        out[f"code/{path.name}"] = sha256(path)
    return out


def training_set(corpus: Path = dataset.CORPUS, real: Path = dataset.REAL) -> list[Example]:
    rows = dataset.ours(corpus)
    if dataset.real_available(real):
        rows += dataset.real_split(real)[0]
    return rows


def bags(rows: Sequence[Example]) -> list[Counter[str]]:
    return [features.bag(split(r.text)) for r in rows]


def vocabulary(docs: Sequence[Counter[str]]) -> tuple[list[str], list[float]]:
    """The features kept (seen in at least `MIN_DF` messages) and their idf."""
    import math

    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    vocab = sorted(t for t, n in df.items() if n >= MIN_DF)
    n = len(docs)
    return vocab, [math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocab]


def matrix(docs: Sequence[Counter[str]], vocab: list[str], idf: list[float]) -> Any:
    """Idf for each feature present, l2-normed rows: what `learned.Linear.scores` computes."""
    import math

    from scipy import sparse

    index = {t: i for i, t in enumerate(vocab)}
    data: list[float] = []
    cols: list[int] = []
    ptr = [0]
    for doc in docs:
        row = sorted((index[t], idf[index[t]]) for t in doc if t in index)
        norm = math.sqrt(sum(v * v for _, v in row)) or 1.0
        cols.extend(i for i, _ in row)
        data.extend(v / norm for _, v in row)
        ptr.append(len(cols))
    return sparse.csr_matrix((data, cols, ptr), shape=(len(docs), len(vocab)))


def svm(features: Any, labels: Sequence[str], c: float) -> tuple[list[str], Any, Any]:
    """A linear SVM: its classes, weights (one row per class; one row for two classes,
    scoring the second) and intercepts."""
    import numpy as np
    from sklearn.svm import LinearSVC

    model = LinearSVC(C=c, class_weight="balanced", random_state=0, max_iter=20000)
    model.fit(features, np.array(labels))
    return [str(k) for k in model.classes_], model.coef_, model.intercept_


def fit_linear(docs: Sequence[Counter[str]], labels: Sequence[str], c: float) -> dict[str, Any]:
    """One linear classifier as `learned.Linear` reads it (used for a single model)."""
    vocab, idf = vocabulary(docs)
    classes, coef, intercept = svm(matrix(docs, vocab, idf), labels, c)
    if len(classes) == 2:
        classes = [classes[1]]
    return table(vocab, idf, classes, coef, intercept)


def table(
    vocab: list[str], idf: list[float], columns: list[str], coef: Any, intercept: Any
) -> dict[str, Any]:
    return {
        "classes": columns,
        "intercept": [round(float(b), DIGITS) for b in intercept],
        # each weight multiplied by the idf, as `learned.Linear.scores` reads it
        "features": {
            t: [round(idf[i], DIGITS), *(round(float(w) * idf[i], DIGITS) for w in coef[:, i])]
            for i, t in enumerate(vocab)
        },
    }


def fit(rows: Sequence[Example]) -> dict[str, Any]:
    """The intent model and the learned rules from ``rows``, as one table of columns."""
    import numpy as np

    docs = bags(rows)
    vocab, idf = vocabulary(docs)
    features = matrix(docs, vocab, idf)
    classes, coef, intercept = svm(features, [r.intent for r in rows], C_INTENT)
    columns = [f"intent:{k}" for k in classes]
    coefs, intercepts = [coef], [intercept]
    for rule in LEARNED_FLAGS:
        labels = ["yes" if rule in r.rules else "no" for r in rows]
        _, flag_coef, flag_intercept = svm(features, labels, C_FLAG)
        columns.append(f"flag:{rule}")
        coefs.append(flag_coef)
        intercepts.append(flag_intercept)
    return table(vocab, idf, columns, np.vstack(coefs), np.concatenate(intercepts))


def build(corpus: Path = dataset.CORPUS, real: Path = dataset.REAL) -> str:
    """The text of model.json for the data as it is now."""
    data = {"inputs": inputs(corpus, real), "table": fit(training_set(corpus, real))}
    return json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"


def main() -> int:
    """Write model.json for the data as it is now (a test says when the shipped one is stale)."""
    if not dataset.real_available():
        print(f"note: {dataset.REAL} is absent; fitting on our corpus only", file=sys.stderr)
    text = build()
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
