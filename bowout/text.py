"""Where the author's own words are: greeting, body, sign-off, signature and quoted replies.

Everything here keeps offsets into the text as given. Parts the checker must not judge (quoted
earlier messages, the signature) are blanked out with spaces in ``Body.masked``, which has the
same length as the original, so a match in the mask is a valid span of the original.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

# A line that opens a quoted earlier message; it and everything after it are not the author's.
_REPLY_HEADER = re.compile(
    r"^[ \t]*(?:"
    r"On\b[^\n]{0,300}?\bwrote:?"  # Gmail, Apple Mail
    r"|Am\b[^\n]{0,200}?\bschrieb[^\n]{0,80}:"  # German clients
    r"|Le\b[^\n]{0,200}?\ba écrit\s*:"  # French clients
    r"|-{2,}\s*(?:Original|Forwarded) Message\s*-{2,}"
    r"|_{8,}"  # Outlook separator line
    r"|From:[^\n]*\n[ \t]*(?:Sent|Date):"  # Outlook header block
    r")[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTED_LINE = re.compile(r"^[ \t]*>[^\n]*", re.MULTILINE)
_DASH_SIGNATURE = re.compile(r"^--[ \t]?$", re.MULTILINE)

SIGNOFF_WORDS = (
    r"(?i:best(?:\s+(?:regards|wishes))?|(?:kind|warm|warmest|kindest|many)\s+(?:regards|wishes)"
    r"|regards|with\s+(?:best\s+|kind\s+)?regards|many\s+thanks|thanks(?:\s+(?:again|so\s+much))?"
    r"|thank\s+you(?:\s+(?:again|so\s+much))?|cheers|sincerely|yours(?:\s+(?:sincerely|truly))?"
    r"|respectfully|all\s+the\s+best|take\s+care|cordially|warmly|with\s+(?:gratitude|thanks)"
    r"|best\s+wishes|greetings|saludos|cordialement|mit\s+freundlichen\s+grüßen|lg|bg)"
)
# A sign-off alone on its line ("Best,", "Kind regards") ...
_SIGNOFF_LINE = re.compile(r"^[ \t]*" + SIGNOFF_WORDS + r"[ \t]*[,.!]?[ \t]*$", re.M)
# ... or at the end of a one-line message ("... again. Best, Ana Lima").
_SIGNOFF_TAIL = re.compile(
    r"(?<=[.!?)])\s+" + SIGNOFF_WORDS + r"\s*[,!.]?\s+(?:[^\W\d_a-z][\w.'’-]*\s*){1,3}\s*$"
)
_GREETING = re.compile(
    r"\A\s*(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening)|greetings|hallo|hola"
    r"|bonjour)\b[^\n,!:.?]{0,40}?(?:[,!:—–][ \t]*|[ \t]*(?:\n|\Z))",
    re.I,
)
_SENTENCE = re.compile(r"[^\s][^.!?\n]*(?:[.!?]+[\"'’”)\]]*|(?=\n)|\Z)")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
MAX_CHARS = 20_000
_MARKER = re.compile(r"bowout:\s*ignore\s*=\s*([a-z][a-z\-]*(?:\s*,\s*[a-z][a-z\-]*)*)", re.I)


@dataclass(frozen=True)
class Body:
    """A message split into the author's words and the rest, with offsets kept."""

    text: str
    masked: str  # text lower-cased, same length; quotes, signature and marker are spaces
    start: int  # where the body begins (after the greeting)
    end: int  # where the author's words end (sign-off, signature or quote)
    signoff: str  # the sign-off words ("Thanks,"), counted as courtesy but never flagged
    sentences: tuple[tuple[int, int], ...]
    words: int
    ignored: frozenset[str]  # rule ids turned off by an inline marker
    memo: dict[int, list[re.Match[str]]] = field(default_factory=dict, compare=False, repr=False)

    def matches(self, pattern: Lazy) -> list[re.Match[str]]:
        """Every match of ``pattern`` in the author's words; each family is searched once."""
        found = self.memo.get(id(pattern))
        if found is None:
            found = self.memo[id(pattern)] = list(
                pattern.finditer(self.masked, self.start, self.end)
            )
        return found

    @property
    def active(self) -> str:
        return self.masked[self.start : self.end]

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The sentence containing ``offset`` (or the nearest one before it)."""
        index = bisect.bisect_right(self.sentences, (offset, sys.maxsize)) - 1
        return self.sentences[index] if index >= 0 else (self.start, self.end)

    def first_sentence(self) -> tuple[int, int]:
        return self.sentences[0] if self.sentences else (self.start, self.start)


_NOT_NEWLINE = re.compile(r"[^\n]")


def _masked(text: str, blanks: list[tuple[int, int]], end: int) -> str:
    """``text`` with the ``blanks`` spans and everything from ``end`` on as spaces."""
    if not blanks and end == len(text):
        return text
    pieces, position = [], 0
    for start, stop in blanks:
        if start < position:
            start = position
        pieces.append(text[position:start])
        pieces.append(_NOT_NEWLINE.sub(" ", text[start:stop]))
        position = max(position, stop)
    pieces.append(text[position:end])
    pieces.append(" " * (len(text) - end))  # never read: past the author's words
    return "".join(pieces)


def split(text: str) -> Body:
    """Find the author's own words in ``text``; never fails, whatever the input."""
    end = len(text)
    header = _REPLY_HEADER.search(text)
    if header:
        end = header.start()
    sig = _DASH_SIGNATURE.search(text, 0, end)
    if sig:
        end = sig.start()
    signoff = ""
    body_lines_before = text[:end]
    line = None
    for line in _SIGNOFF_LINE.finditer(body_lines_before):
        # a sign-off needs words before it and only a short block (name, title) after it
        if text[: line.start()].strip() and body_lines_before.count("\n", line.end()) <= 6:
            break
    else:
        line = None
    if line is not None:
        end = line.start()
        signoff = line.group(0).strip().lower()
    else:
        tail = _SIGNOFF_TAIL.search(text, 0, end)
        if tail:
            end = tail.start()
            signoff = tail.group(0).strip().lower()
    author_end = end
    # a message is judged on its first MAX_CHARS code points: enough for any real message,
    # and a bound on the time a pasted book can take
    end = min(end, MAX_CHARS)
    greeting = _GREETING.match(text, 0, end)
    start = greeting.end() if greeting else 0
    ignored: set[str] = set()
    blanks: list[tuple[int, int]] = []
    for marker in _MARKER.finditer(text, 0, end):
        ignored.update(part.strip().lower() for part in marker.group(1).split(","))
        blanks.append(marker.span())
    if ">" in text:
        blanks.extend(m.span() for m in _QUOTED_LINE.finditer(text, 0, end))
    masked = _lower(_masked(text, sorted(blanks), end))
    words = len(_WORD.findall(masked, 0, end)) + len(_WORD.findall(text, end, author_end))
    sentences = tuple(
        (m.start(), m.end()) for m in _SENTENCE.finditer(masked, start, end) if _has_word(m)
    )
    return Body(text, masked, start, end, signoff, sentences, words, frozenset(ignored))


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # a few characters grow when lower-cased ("İ"); keep those as they are, so offsets hold
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def _has_word(match: re.Match[str]) -> bool:
    return _WORD.search(match.group(0)) is not None


_FAMILIES: dict[str, list[str]] | None = None


def _families() -> dict[str, list[str]]:
    global _FAMILIES
    if _FAMILIES is None:
        import tomllib
        from importlib import resources

        raw = resources.files("bowout").joinpath("data/rules.toml").read_text(encoding="utf-8")
        _FAMILIES = tomllib.loads(raw)["families"]
    return _FAMILIES


class Lazy:
    """Regular expressions compiled on first use: the CLI pays only for the rules it runs.

    A phrase family is searched as up to three expressions (see `_split`); their matches are
    merged as one expression's would be: by position, without overlaps.
    """

    __slots__ = ("_compiled", "_parts", "_source")

    def __init__(
        self, source: str | Callable[[], str], parts: Callable[[], list[str]] | None = None
    ) -> None:
        self._source = source
        self._parts = parts
        self._compiled: list[re.Pattern[str]] | None = None

    @property
    def pattern(self) -> str:
        return self._source if isinstance(self._source, str) else self._source()

    @property
    def regexes(self) -> list[re.Pattern[str]]:
        if self._compiled is None:
            sources = self._parts() if self._parts else [self.pattern]
            self._compiled = [re.compile(p) for p in sources]
        return self._compiled

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        regexes = self.regexes
        if len(regexes) == 1:
            return regexes[0].search(text, pos, endpos)
        found = [m for rx in regexes if (m := rx.search(text, pos, endpos))]
        return min(found, key=lambda m: m.start()) if found else None

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        for rx in self.regexes:
            found = rx.match(text, pos, endpos)
            if found:
                return found
        return None

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        regexes = self.regexes
        if len(regexes) == 1:
            return regexes[0].finditer(text, pos, endpos)
        return iter(_merged([list(rx.finditer(text, pos, endpos)) for rx in regexes]))


def _merged(groups: list[list[re.Match[str]]]) -> list[re.Match[str]]:
    found = sorted((m for group in groups for m in group), key=lambda m: (m.start(), -m.end()))
    kept: list[re.Match[str]] = []
    for match in found:
        if not kept or match.start() >= kept[-1].end():
            kept.append(match)
    return kept


_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 -'")


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
    if fragment.startswith("\\d"):
        quantifier = re.match(r"\{(\d+),(\d+)\}|\+", fragment[2:])
        rest = fragment[2:]
        if quantifier and quantifier.group(0) == "+":
            rest = r"\d*" + rest[1:]
        elif quantifier:
            low, high = int(quantifier.group(1)), int(quantifier.group(2))
            if low < 1:
                return None
            rest = rf"\d{{{low - 1},{high - 1}}}" + rest[quantifier.end() :]
        elif rest[:1] in ("?", "*", "{"):
            return None
        return [(digit, rest) for digit in "0123456789"]
    if fragment[0] in _PLAIN:
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
        pairs: list[tuple[str, str]] = []
        for alternative in _alternatives(fragment[3:end]):
            expanded = by_first_char(alternative)
            if expanded is None:
                return None
            pairs.extend((c, f"(?:{rest}){after}" if rest else after) for c, rest in expanded)
        if optional:
            skipped = by_first_char(after)
            if skipped is None:
                return None
            pairs.extend(skipped)
        return pairs
    return None


def _split(fragments: list[str], suffix: str) -> list[str]:
    """The fragments as fast expressions: those starting with a letter grouped by that letter
    (so the engine jumps between candidate letters and skips, at each word, every fragment
    that cannot start there), those starting with an apostrophe, and the rest."""
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for fragment in fragments:
        try:
            pairs = by_first_char(fragment)
        except (ValueError, IndexError):
            pairs = None
        if pairs is None:
            others.append(fragment.replace("'", "['’]"))
            continue
        for first, rest in pairs:
            groups.setdefault(first, []).append(rest.replace("'", "['’]"))
    tail = r")(?!\w)" + suffix
    heads = []
    for first, rests in groups.items():
        # a word starts here (a contraction's apostrophe instead follows a word)
        boundary = r"(?<=\w.)" if first in "'’" else r"(?<!\w.)"
        heads.append(re.escape(first) + boundary + "(?:" + "|".join(rests) + ")")
    parts = ["(?:" + "|".join(heads) + tail] if heads else []
    if others:
        parts.append(r"\b(?:" + "|".join(others) + tail)
    return parts


def phrases(*names: str, suffix: str = "") -> Lazy:
    """One pattern for word-list families of data/rules.toml (loaded once, compiled on use).

    Patterns match lower-case text (``Body.masked``): case-folding the text once is much faster
    than matching every family case-insensitively.
    """

    def fragments() -> list[str]:
        return [f for name in names for f in _families()[name]]

    def source() -> str:
        joined = "|".join(f.replace("'", "['’]") for f in fragments())
        return r"\b(?:" + joined + r")(?!\w)" + suffix

    return Lazy(source, lambda: _split(fragments(), suffix))
