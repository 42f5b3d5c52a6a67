"""The words a learned model reads: one function, shared by training and checking.

A message becomes a bag of lower-case word unigrams and bigrams of the author's own words
(quoted replies and the signature left out), with placeholders (``[Name]``, ``%COMPANY%``,
``{{ date }}``, ``____``) as one token, numbers and clock times as tokens of their kind, and a few
tokens for the message's shape (its length, a question mark). Beside the words, one token per
speech act the phrase families find in the message (a decision, a request to move, a pay word,
a sign of the day, thanks, an apology...): the structure the rules read, given to the model
too, so that it learns how much each act says about the intent. Pure and quick: no I/O.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from bowout.checker import intent
from bowout.checker.phrases import phrases
from bowout.checker.text import Body, own_words

_PLACEHOLDER = re.compile(r"\[[^\]\n]{1,80}\]|%[A-Za-z_ ]{1,40}%|\{\{?[^}\n]{1,60}\}\}?|_{3,}")
_WORD = re.compile(r"__[a-z]+__|[a-z0-9]+(?:'[a-z]+)?")
_TIME = re.compile(r"(?<![a-z0-9])(?:\d{1,2}(?::\d\d)?(?:am|pm)|\d{1,2}:\d\d)(?![a-z0-9])")
_NUMBER = re.compile(r"(?<![a-z0-9_])[0-9][a-z0-9]*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


_PLACEHOLDER_HINT = re.compile(r"[\[%{]|___")
_DIGIT = re.compile(r"[0-9]")


def words(text: str) -> list[str]:
    """The word tokens of ``text`` (already the author's part)."""
    if _PLACEHOLDER_HINT.search(text):  # most messages have no placeholder: skip the pass
        text = _PLACEHOLDER.sub(" __ph__ ", text)
    lowered = text.lower().translate(_QUOTES)
    if _DIGIT.search(lowered):  # nor a number or a time
        lowered = _NUMBER.sub(" __num__ ", _TIME.sub(" __time__ ", lowered))
    return _WORD.findall(lowered)


# the speech acts whose presence in a message is a feature of it: a pause, a sign of the day,
# pay, an earlier contact, an answer to their rejection, thanks, an apology (`Body.matches`
# remembers each search, so the rules that ask again pay nothing; more families measured
# no better and cost a scan each, and "today" measured worse than `same_day_cue` alone)
CUES = tuple(
    (f"__{name}__", phrases(name))
    for name in (
        "hedge", "same_day_cue", "compensation", "reconnect_cue", "rejection_reply", "gratitude",
        "apology",
    )
)  # fmt: skip


def cues(body: Body) -> list[str]:
    """The speech-act tokens of a message: one per family it contains, and whether it states
    a decision (`intent.decisions`)."""
    found = [token for token, pattern in CUES if body.matches(pattern)]
    if intent.decisions(body):
        found.append("__decided__")
    return found


def bag(body: Body) -> Counter[str]:
    """The features of one message (its author's words and its speech acts), with counts."""
    feats = bag_of(own_words(body))
    feats.update(cues(body))
    return feats


def bag_of(text: str, tokens: list[str] | None = None) -> Counter[str]:
    """The features of a piece of text (a message's own words, or one sentence); ``tokens``:
    its `words`, when the caller has them already."""
    if tokens is None:
        tokens = words(text)
    feats: Counter[str] = Counter(tokens)
    feats[f"__s__ {tokens[0]}" if tokens else "__s__"] += 1
    feats[f"__len{min(7, int(math.log2(len(tokens) + 1)))}__"] += 1
    if "?" in text:
        feats["__q__"] += 1
    return feats
