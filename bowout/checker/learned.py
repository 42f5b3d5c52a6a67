"""The checker's learned models: linear scores over `features.bag`, read from data/model.json.

Each model is a linear classifier over tf-idf weighted features (sublinear counts, l2-normed),
the weights fitted by `bowout.checker.learn.train` and shipped as data. Reading a message takes
a dictionary lookup per feature: no numeric library at run time.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

MODEL_FILE = "data/model.json"


@dataclass(frozen=True)
class Linear:
    """One linear classifier: per feature its idf and a weight per class."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    features: dict[str, list[float]]  # token -> [idf, weight for each class]

    def scores(self, bag: Counter[str]) -> list[float]:
        totals = list(self.intercept)
        rows = []
        norm = 0.0
        for token, count in bag.items():
            row = self.features.get(token)
            if row is None:
                continue
            value = (1.0 + math.log(count)) * row[0]
            norm += value * value
            rows.append((value, row))
        if not rows:
            return totals
        scale = 1.0 / math.sqrt(norm)
        width = len(totals)
        for value, row in rows:
            v = value * scale
            for k in range(width):
                totals[k] += v * row[k + 1]
        return totals

    def best(self, bag: Counter[str]) -> tuple[str, float]:
        """The top class and its margin over the runner-up (binary: the signed score)."""
        scores = self.scores(bag)
        if len(scores) == 1:
            return (self.classes[1] if scores[0] > 0 else self.classes[0]), scores[0]
        order = sorted(range(len(scores)), key=lambda k: -scores[k])
        return self.classes[order[0]], scores[order[0]] - scores[order[1]]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Linear:
        return cls(tuple(data["classes"]), tuple(data["intercept"]), data["features"])


@dataclass(frozen=True)
class Models:
    """Every learned model the checker uses, by name."""

    intent: Linear
    flags: dict[str, Linear]  # rule id -> a binary model (score > 0: the rule applies)
    inputs: dict[str, str]  # what they were fitted on: name -> sha256


_LOADED: list[Models] = []


def load() -> Models:
    """The shipped models (read once per process)."""
    if not _LOADED:
        raw = resources.files("bowout.checker").joinpath(MODEL_FILE).read_text(encoding="utf-8")
        _LOADED.append(parse(json.loads(raw)))
    return _LOADED[0]


def parse(data: dict[str, Any]) -> Models:
    models = data["models"]
    flags = {rule: Linear.from_json(m) for rule, m in models["flags"].items()}
    return Models(Linear.from_json(models["intent"]), flags, data["inputs"])
