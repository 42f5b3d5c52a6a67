"""Where the author's own words are: greeting, body, sign-off, signature and quoted replies.

Everything here keeps offsets into the text as given. Parts the checker must not judge (quoted
earlier messages, the signature) are blanked out with spaces in ``Body.masked``, which has the
same length as the original, so a match in the mask is a valid span of the original.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Callable
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
# Characters a phrase can follow, made spaces once so every phrase search can look for " x"
# (a literal prefix the regex engine finds fast) instead of testing a word boundary everywhere.
_SPACING = str.maketrans(dict.fromkeys('\n\r\t\f\v"“”«»()[]{}*/_|<>~', " ") | {"’": "'", "‘": "'"})
_QUOTE_HINTS = ("wrote", "schrieb", "écrit", "Message", "MESSAGE", "From:", "FROM:", "____")
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
# a sentence: from its first visible character, through at least one word, to its end
_SENTENCE = re.compile(r"[^\w\s.!?]*\w[^.!?\n]*(?:[.!?]+[\"'’”)\]]*|(?=\n)|\Z)")
MAX_CHARS = 20_000
_MARKER = re.compile(r"bowout:\s*ignore\s*=\s*([a-z][a-z\-]*(?:\s*,\s*[a-z][a-z\-]*)*)", re.I)


@dataclass(frozen=True)
class Body:
    """A message split into the author's words and the rest, with offsets kept."""

    text: str
    masked: str  # text lower-cased, same length; quotes, signature, marker, line breaks,
    # brackets and quote marks are spaces (the sentences are found before that)
    start: int  # where the body begins (after the greeting)
    end: int  # where the author's words end (sign-off, signature or quote)
    signoff: str  # the sign-off words ("Thanks,"), counted as courtesy but never flagged
    sentences: tuple[tuple[int, int], ...]
    words: int
    ignored: frozenset[str]  # rule ids turned off by an inline marker
    memo: dict[int, list[Hit]] = field(default_factory=dict, compare=False, repr=False)

    def matches(self, pattern: Lazy) -> list[Hit]:
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
    quoting = any(hint in text for hint in _QUOTE_HINTS)
    header = _REPLY_HEADER.search(text) if quoting else None
    if header:
        end = header.start()
    sig = _DASH_SIGNATURE.search(text, 0, end) if "--" in text else None
    if sig:
        end = sig.start()
    signoff = ""
    tail_start = end
    for _ in range(8):  # a sign-off is followed by a short block only: look at the last lines
        tail_start = text.rfind("\n", 0, tail_start)
        if tail_start < 0:
            tail_start = 0
            break
    line = None
    for line in _SIGNOFF_LINE.finditer(text, tail_start, end):
        # a sign-off needs words before it and only a short block (name, title) after it
        if text[: line.start()].strip() and text.count("\n", line.end(), end) <= 6:
            break
    else:
        line = None
    if line is not None:
        end = line.start()
        signoff = line.group(0).strip().lower()
    else:
        tail = _SIGNOFF_TAIL.search(text, max(0, end - 200), end)
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
    for marker in _MARKER.finditer(text, 0, end) if "owout" in text else ():
        ignored.update(part.strip().lower() for part in marker.group(1).split(","))
        blanks.append(marker.span())
    if ">" in text:
        blanks.extend(m.span() for m in _QUOTED_LINE.finditer(text, 0, end))
    masked = _lower(_masked(text, sorted(blanks), end))
    words = len(masked[:end].split()) + len(text[end:author_end].split())
    sentences = tuple((m.start(), m.end()) for m in _SENTENCE.finditer(masked, start, end))
    masked = masked.translate(_SPACING)
    return Body(text, masked, start, end, signoff, sentences, words, frozenset(ignored))


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # a few characters grow when lower-cased ("İ"); keep those as they are, so offsets hold
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


_FAMILIES: dict[str, list[str]] | None = None


def _families() -> dict[str, list[str]]:
    global _FAMILIES
    if _FAMILIES is None:
        import tomllib
        from importlib import resources

        raw = resources.files("bowout").joinpath("data/rules.toml").read_text(encoding="utf-8")
        _FAMILIES = tomllib.loads(raw)["families"]
    return _FAMILIES


class Hit:
    """Where a phrase matched: the part of `re.Match` the rules use."""

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
        return self._text


class Lazy:
    """Regular expressions compiled on first use: the CLI pays only for the rules it runs.

    A phrase family starts as one expression that is quick to compile (`simple`); once it has
    been used a few times (a batch), it is recompiled as up to three expressions that are quick
    to run (see `_split`), whose matches are merged as one expression's would be. Both find the
    same phrases, reported as group 1.
    """

    __slots__ = ("_compiled", "_fast", "_parts", "_source", "_uses")

    def __init__(
        self, source: str | Callable[[], str], parts: Callable[[], list[str]] | None = None
    ) -> None:
        self._source = source
        self._parts = parts
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

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Hit]:
        hits: list[Hit] = []
        regexes = self.regexes
        for regex in regexes:
            # a split phrase expression finds a phrase at ``pos`` through the space before it
            back = pos - 1 if pos and regex.pattern[0] == " " else pos
            for found in regex.finditer(text, back, endpos):
                start, end = found.span(1)
                if start >= pos:
                    hits.append(Hit(start, end, text[start:end]))
            if not pos and regex.pattern[0] == " ":
                first = _at_start(regex, text, endpos)
                if first:
                    hits.append(first)
        return _merged(hits) if len(regexes) > 1 or not pos else hits

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Hit | None:
        best: Hit | None = None
        for regex in self.regexes:
            back = pos - 1 if pos and regex.pattern[0] == " " else pos
            found = regex.search(text, back, endpos)
            hit = Hit(*found.span(1), found.group(1)) if found else None
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
                return Hit(pos, found.end(1), found.group(1))
            if phrase and not pos:
                return _at_start(regex, text, endpos)
        return None


def _at_start(regex: re.Pattern[str], text: str, endpos: int) -> Hit | None:
    """A phrase at the very start of ``text`` (no character before it to find it by)."""
    found = regex.match(" " + text[: min(endpos, 400)])
    return Hit(0, found.end(1) - 1, found.group(1)) if found else None


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


TRIE_DEPTH = 0
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
    heads = [_branch(first, rests, TRIE_DEPTH) for first, rests in groups.items() if first != "'"]
    parts = [r" ((?:" + "|".join(heads) + tail] if heads else []
    if "'" in groups:
        parts.append(r"('(?<=\w.)(?:" + _alternation(groups["'"], TRIE_DEPTH) + tail)
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


def _branch(first: str, rests: list[str], depth: int) -> str:
    return re.escape(first) + "(?:" + _alternation(rests, depth) + ")"


def _alternation(fragments: list[str], depth: int) -> str:
    if depth <= 0:
        return "|".join(fragments)
    groups, others = _by_first(fragments)
    return "|".join([_branch(c, rests, depth - 1) for c, rests in groups.items()] + others)


def phrases(*names: str, suffix: str = "") -> Lazy:
    """One pattern for word-list families of data/rules.toml (loaded once, compiled on use).

    Patterns match lower-case text (``Body.masked``): case-folding the text once is much faster
    than matching every family case-insensitively.
    """

    def fragments() -> list[str]:
        return [f for name in names for f in _families()[name]]

    def source() -> str:
        return _simple(fragments(), suffix)

    return Lazy(source, lambda: _split(fragments(), suffix))
