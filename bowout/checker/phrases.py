"""Phrase families: the word lists of data/rules.toml as fast regular expressions.

Patterns match `text.Body.masked`: lower-case, apostrophes straight, line breaks and brackets
turned into spaces. Every phrase starts after a space (or at the start), a contraction ("'ll")
right after a word, and ends at a word boundary.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

_DATA: dict[str, dict[str, list[str]]] = {}


def _load() -> dict[str, dict[str, list[str]]]:
    if not _DATA:
        import tomllib
        from importlib import resources

        raw = (
            resources.files("bowout.checker")
            .joinpath("data/rules.toml")
            .read_text(encoding="utf-8")
        )
        _DATA.update(tomllib.loads(raw))
    return _DATA


def _families() -> dict[str, list[str]]:
    return _load()["families"]


def gates() -> dict[str, list[str]]:
    """Per family, words one of which every phrase of it contains: a text with none of them
    cannot match, and a substring test is much cheaper than a search."""
    return _load().get("gates", {})


class Hit:
    """Where a phrase matched (in ``text``): the part of `re.Match` the rules use."""

    __slots__ = ("_end", "_start", "_text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end

    def group(self, index: int = 0) -> str:
        return self._text[self._start : self._end]


class Lazy:
    """Regular expressions compiled on first use: the CLI pays only for the rules it runs.

    A phrase family starts as one expression that is quick to compile (`simple`); once it has
    been used a few times (a batch), it is recompiled as up to three expressions that are quick
    to run (see `_split`), whose matches are merged as one expression's would be. Both find the
    same phrases, reported as group 1.
    """

    __slots__ = ("_compiled", "_fast", "_gate", "_parts", "_source", "_uses")

    def __init__(
        self,
        source: str | Callable[[], str],
        parts: Callable[[], list[str]] | None = None,
        gate: Callable[[], list[str] | None] | None = None,
    ) -> None:
        self._source = source
        self._parts = parts
        self._gate: Callable[[], list[str] | None] | tuple[str, ...] | None = gate
        self._compiled: list[re.Pattern[str]] | None = None
        self._fast = parts is None
        self._uses = 0

    @property
    def pattern(self) -> str:
        return self._source if isinstance(self._source, str) else self._source()

    @property
    def regexes(self) -> list[re.Pattern[str]]:
        if self._fast and self._compiled is not None:
            return self._compiled
        self._uses += 1
        if self._compiled is None:
            self._compiled = [re.compile("(" + self.pattern + ")")]
        elif self._uses > _WARM_UP and self._parts is not None:
            self._compiled = [re.compile(p) for p in self._parts()]
            self._fast = True
        return self._compiled

    def _shut(self, text: str, pos: int, endpos: int) -> bool:
        gate = self._gate
        if gate is None:
            return False
        if not isinstance(gate, tuple):
            words = gate()
            self._gate = gate = tuple(words) if words is not None else None
            if gate is None:
                return False
        return not any(text.find(word, pos, endpos) >= 0 for word in gate)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Hit]:
        hits: list[Hit] = []
        if self._gate is not None and self._shut(text, pos, endpos):
            return hits
        regexes = self._compiled if self._fast and self._compiled else self.regexes
        if pos and len(regexes) == 1:  # the common case, kept short
            regex = regexes[0]
            back = pos - 1 if regex.pattern[0] == " " else pos
            for found in regex.finditer(text, back, endpos):
                start, end = found.span(1)
                if start >= pos:
                    hits.append(Hit(start, end, text))
            return hits
        for regex in regexes:
            # a split phrase expression finds a phrase at ``pos`` through the space before it
            back = pos - 1 if pos and regex.pattern[0] == " " else pos
            for found in regex.finditer(text, back, endpos):
                start, end = found.span(1)
                if start >= pos:
                    hits.append(Hit(start, end, text))
            if not pos and regex.pattern[0] == " ":
                first = _at_start(regex, text, endpos)
                if first:
                    hits.append(first)
        return _merged(hits) if len(regexes) > 1 or not pos else hits

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Hit | None:
        best: Hit | None = None
        if self._gate is not None and self._shut(text, pos, endpos):
            return best
        regexes = self._compiled if self._fast and self._compiled else self.regexes
        if pos and len(regexes) == 1:  # the common case, kept short
            regex = regexes[0]
            found = regex.search(text, pos - 1 if regex.pattern[0] == " " else pos, endpos)
            return Hit(*found.span(1), text) if found else None
        for regex in regexes:
            back = pos - 1 if pos and regex.pattern[0] == " " else pos
            found = regex.search(text, back, endpos)
            hit = Hit(*found.span(1), text) if found else None
            if not pos and regex.pattern[0] == " ":
                hit = _at_start(regex, text, endpos) or hit
            if hit and hit.start() >= pos and (best is None or hit.start() < best.start()):
                best = hit
        return best

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Hit | None:
        for regex in self.regexes:
            phrase = regex.pattern[0] == " "
            found = regex.match(text, pos - 1 if phrase and pos else pos, endpos)
            if found and found.start(1) == pos:
                return Hit(pos, found.end(1), text)
            if phrase and not pos:
                return _at_start(regex, text, endpos)
        return None


def _at_start(regex: re.Pattern[str], text: str, endpos: int) -> Hit | None:
    """A phrase at the very start of ``text`` (no character before it to find it by)."""
    found = regex.match(" " + text[: min(endpos, 400)])
    return Hit(0, found.end(1) - 1, text) if found else None


def _merged(hits: list[Hit]) -> list[Hit]:
    hits.sort(key=lambda h: (h.start(), -h.end()))
    kept: list[Hit] = []
    for hit in hits:
        if not kept or hit.start() >= kept[-1].end():
            kept.append(hit)
    return kept


_META = frozenset("\\()[]{}.*+?|^$")


def _closing(text: str, i: int) -> int:
    """Index of the parenthesis closing the group that opens at ``i``."""
    depth = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = text.index("]", i + 1)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unbalanced")


def _alternatives(body: str) -> list[str]:
    parts, depth, start, i = [], 0, 0, 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = body.index("]", i + 1)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return parts


def by_first_char(fragment: str) -> list[tuple[str, str]] | None:
    """``fragment`` as (first character, rest) pairs, or None when its start is not literal."""
    if not fragment:
        return None
    alternatives = _alternatives(fragment)
    if len(alternatives) > 1:  # "a|b" at the top: each alternative on its own
        pairs: list[tuple[str, str]] = []
        for alternative in alternatives:
            expanded = by_first_char(alternative)
            if expanded is None:
                return None
            pairs.extend(expanded)
        return pairs
    if fragment.startswith("\\d"):
        quantifier = re.match(r"\{(\d+)(?:,(\d+))?\}|\+", fragment[2:])
        rest = fragment[2:]
        if quantifier and quantifier.group(0) == "+":
            rest = r"\d*" + rest[1:]
        elif quantifier:
            low = int(quantifier.group(1))
            high = int(quantifier.group(2) or low)
            if low < 1:
                return None
            rest = rf"\d{{{low - 1},{high - 1}}}" + rest[quantifier.end() :]
        elif rest[:1] in ("?", "*", "{"):
            return None
        return [(digit, rest) for digit in "0123456789"]
    if fragment[0] == "\\" and fragment[1:2] in ("$", ".", "?", "+", "-"):
        if fragment[2:3] and fragment[2] in "?*+{":
            return None
        return [(fragment[1], fragment[2:])]
    if fragment[0] not in _META:
        if fragment[1:2] and fragment[1] in "?*+{":
            return None
        heads = ("'", "’") if fragment[0] == "'" else (fragment[0],)
        return [(head, fragment[1:]) for head in heads]
    if fragment.startswith("(?:"):
        end = _closing(fragment, 0)
        after = fragment[end + 1 :]
        optional = after[:1] == "?" and after[1:2] != "?"
        if optional:
            after = after[1:]
        elif after[:1] in ("?", "*", "+", "{"):
            return None
        firsts: dict[str, list[str]] = {}
        for alternative in _alternatives(fragment[3:end]):
            expanded = by_first_char(alternative)
            if expanded is None:
                return None
            for c, rest in expanded:
                firsts.setdefault(c, []).append(rest)
        # one copy of what follows the group per first character, not per alternative
        pairs = [(c, f"(?:{'|'.join(rests)}){after}") for c, rests in firsts.items()]
        if optional:
            skipped = by_first_char(after)
            if skipped is None:
                return None
            pairs.extend(skipped)
        return pairs
    return None


_WARM_UP = 8  # uses of a family before it is recompiled for speed


def _simple(fragments: list[str], suffix: str) -> str:
    """The fragments as one expression with the same boundaries as `_split`'s: a phrase starts
    after a space (or at the start), a contraction after a word, anything else at a word
    boundary. Group 1 is the phrase."""
    letters: list[str] = []
    quotes: list[str] = []
    others: list[str] = []
    for fragment in fragments:
        try:
            pairs = by_first_char(fragment)
        except (ValueError, IndexError):
            pairs = None
        if pairs is None:
            others.append(fragment)
            continue
        if any(first != "'" for first, _ in pairs):
            letters.append(fragment)
        quotes.extend("'" + rest for first, rest in pairs if first == "'")
    parts = []
    if letters:
        parts.append(r"(?<![^ ])(?:" + "|".join(letters) + ")")
    if quotes:
        parts.append(r"(?<=\w)(?:" + "|".join(quotes) + ")")
    if others:
        parts.append(r"\b(?:" + "|".join(others) + ")")
    return "(?:" + "|".join(parts) + r")(?!\w)" + suffix


def _split(fragments: list[str], suffix: str) -> list[str]:
    """The fragments as fast expressions, as a trie over their first characters: the engine
    jumps from space to space (a literal it finds fast) and, at each word, tries only the
    fragments that can start with its first letters. Contractions ("'ll") follow a word and
    get their own expression; fragments that start with no literal are searched as they are.
    Patterns see `Body.masked`, where every apostrophe is a straight one."""
    groups, others = _by_first(fragments)
    tail = r"))(?!\w)" + suffix
    heads = [_branch(first, rests) for first, rests in groups.items() if first != "'"]
    parts = [r" ((?:" + "|".join(heads) + tail] if heads else []
    if "'" in groups:
        parts.append(r"('(?<=\w.)(?:" + "|".join(groups["'"]) + tail)
    if others:
        parts.append(r"\b((?:" + "|".join(others) + tail)
    return parts


def _by_first(fragments: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for fragment in fragments:
        try:
            pairs = by_first_char(fragment)
        except (ValueError, IndexError):
            pairs = None
        if pairs is None:
            others.append(fragment)
            continue
        for first, rest in pairs:
            groups.setdefault(first, []).append(rest)
    return groups, sorted(others, key=lambda f: f == "")  # an empty rest is tried last


def _branch(first: str, rests: list[str]) -> str:
    return re.escape(first) + "(?:" + "|".join(rests) + ")"


_MADE: dict[tuple[tuple[str, ...], str], Lazy] = {}


def phrases(*names: str, suffix: str = "") -> Lazy:
    """One pattern for word-list families of data/rules.toml (loaded once, compiled on use).

    Patterns match lower-case text (``Body.masked``): case-folding the text once is much faster
    than matching every family case-insensitively. Asked twice for the same families, it gives
    the same object, so a message's matches (remembered per pattern) are searched once.
    """
    made = _MADE.get((names, suffix))
    if made is None:
        made = _MADE[(names, suffix)] = _phrases(names, suffix)
    return made


def _phrases(names: tuple[str, ...], suffix: str) -> Lazy:

    def fragments() -> list[str]:
        return [f for name in names for f in _families()[name]]

    def source() -> str:
        return _simple(fragments(), suffix)

    def gate() -> list[str] | None:
        words = [gates().get(name) for name in names]
        return None if None in words else [w for ws in words if ws for w in ws]

    return Lazy(source, lambda: _split(fragments(), suffix), gate)
