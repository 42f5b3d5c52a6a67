"""The words a learned model reads: one function, shared by training and checking.

A message becomes a bag of lower-case word unigrams and bigrams of the author's own words
(quoted replies and the signature left out), with placeholders (``[Name]``, ``%COMPANY%``,
``{{ date }}``, ``____``) as one token, numbers and clock times as tokens of their kind, and a few
tokens for the message's shape (its length, a question mark). Pure and quick: no I/O.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from bowout.checker.text import Body, own_words

_PLACEHOLDER = re.compile(r"\[[^\]\n]{1,80}\]|%[A-Za-z_ ]{1,40}%|\{\{?[^}\n]{1,60}\}\}?|_{3,}")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|__ph__")
_TIME = re.compile(r"\d{1,2}(?::\d\d)?(?:am|pm)|\d{1,2}:\d\d")
_NUMBER = re.compile(r"\d+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def words(text: str) -> list[str]:
    """The word tokens of ``text`` (already the author's part)."""
    lowered = _PLACEHOLDER.sub(" __ph__ ", text).lower().translate(_QUOTES)
    out = []
    for token in _WORD.findall(lowered):
        if token[0].isdigit():
            token = "__time__" if _TIME.fullmatch(token) else "__num__"
        out.append(token)
    return out


def bag(body: Body) -> Counter[str]:
    """The features of one message (its author's words), with counts."""
    return bag_of(own_words(body))


def bag_of(text: str) -> Counter[str]:
    """The features of a piece of text (a message's own words, or one sentence)."""
    tokens = words(text)
    feats: Counter[str] = Counter(tokens)
    feats.update(f"{a} {b}" for a, b in zip(["__s__", *tokens], tokens, strict=False))
    feats[f"__len{min(7, int(math.log2(len(tokens) + 1)))}__"] += 1
    if "?" in text:
        feats["__q__"] += 1
    return feats
