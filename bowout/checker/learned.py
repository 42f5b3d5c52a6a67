"""The checker's learned models: linear scores over `features.bag`, read from data/model.json.

Each model is a linear classifier over idf-weighted features (present or not, l2-normed),
the weights fitted by `bowout.checker.learn.train` and shipped as data. Reading a message takes
a dictionary lookup per feature: no numeric library at run time.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from dataclasses import dataclass
from operator import mul
from typing import Any

# next to this module (os.path rather than importlib.resources: a cold `bowout check` pays
# for every import)
MODEL_FILE = os.path.join(os.path.dirname(__file__), "data", "model.json")


@dataclass(frozen=True)
class Linear:
    """One linear classifier: per feature its idf and a weight per class."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    features: dict[str, list[float]]  # token -> [idf, idf x weight for each class]

    def scores(self, bag: Counter[str]) -> list[float]:
        """One score per class (a binary model: one score, > 0 for its second class).

        A feature present in the message is worth its idf, the whole l2-normed; the weights
        come multiplied by the idf, so the rows of the features present are summed column by
        column (in C, by ``zip`` and ``sum``): a word said twice counts once, which scores as
        well as counting it and saves a pass."""
        rows = list(filter(None, map(self.features.get, bag)))
        if not rows:
            return list(self.intercept)
        columns = zip(*rows, strict=True)
        idf = next(columns)
        scale = 1.0 / math.sqrt(sum(map(mul, idf, idf)))
        return [b + s * scale for b, s in zip(self.intercept, map(sum, columns), strict=True)]

    def best(self, bag: Counter[str]) -> str:
        """The class with the top score."""
        scores = self.scores(bag)
        return self.classes[max(range(len(scores)), key=scores.__getitem__)]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Linear:
        return cls(tuple(data["classes"]), tuple(data["intercept"]), data["features"])


@dataclass(frozen=True)
class Models:
    """Every learned model the checker uses, read in one pass: one table whose columns are
    the intent classes ("intent:decline", ...) and the learned rules ("flag:critique", ...),
    since all of them score the same tf-idf features."""

    table: Linear
    inputs: dict[str, str]  # what they were fitted on: name -> sha256

    def read(self, bag: Counter[str]) -> tuple[str, dict[str, float]]:
        """The best intent and each learned rule's score (> 0: the rule applies)."""
        scores = self.table.scores(bag)
        intent, best = "", float("-inf")
        flags = {}
        for column, score in zip(self.table.classes, scores, strict=True):
            kind, _, name = column.partition(":")
            if kind == "flag":
                flags[name] = score
            elif score > best:
                intent, best = name, score
        return intent, flags

    def flag(self, rule: str, bag: Counter[str]) -> float:
        return self.read(bag)[1][rule]

    @property
    def intents(self) -> tuple[str, ...]:
        return tuple(c.split(":", 1)[1] for c in self.table.classes if c.startswith("intent:"))

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(c.split(":", 1)[1] for c in self.table.classes if c.startswith("flag:"))


_LOADED: list[Models] = []


def load() -> Models:
    """The shipped models (read once per process)."""
    if not _LOADED:
        with open(MODEL_FILE, encoding="utf-8") as file:
            _LOADED.append(parse(json.load(file)))
    return _LOADED[0]


def parse(data: dict[str, Any]) -> Models:
    return Models(Linear.from_json(data["table"]), data["inputs"])
