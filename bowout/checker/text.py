"""Where the author's own words are: greeting, body, sign-off, signature and quoted replies.

Everything here keeps offsets into the text as given. Parts the checker must not judge (quoted
earlier messages, the signature) are blanked out with spaces in ``Body.masked``, which has the
same length as the original, so a match in the mask is a valid span of the original.
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass, field

from bowout.checker.phrases import Hit, Lazy

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
_QUOTE_HINTS = re.compile("wrote|schrieb|écrit|Message|MESSAGE|From:|FROM:|____")
_VISIBLE = re.compile(r"\S")
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
# (found from the line break before it: a literal the engine scans for quickly)
_SIGNOFF_LINE = re.compile(r"\n[ \t]*(" + SIGNOFF_WORDS + r"[ \t]*[,.!]?)[ \t]*(?=\r?\n|\Z)")
# ... or at the end of a one-line message ("... again. Best, Ana Lima").
_SIGNOFF_TAIL = re.compile(
    r"(?<=[.!?)])\s+" + SIGNOFF_WORDS + r"\s*[,!.]?\s+(?:[^\W\d_a-z][\w.'’-]*\s*){1,3}\s*$"
)
# "Hi Dana," / "Dear Ms. Albrecht," / "Hello team!" or a greeting alone on its line: a few words
# at most, so "hey sam cant make it today, sorry" is not mistaken for one
_GREETING = re.compile(
    r"\A\s*(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening)|greetings|hallo|hola"
    r"|bonjour)\b(?:[ \t]+[^\s,!:?]+){0,4}?[ \t]*(?:[,!:—–][ \t]*|(?:\n|\Z))",
    re.I,
)
# a sentence: from its first visible character, through at least one word, to its end
_SENTENCE = re.compile(r"[^\w\s.!?]*\w[^.!?\n]*(?:[.!?]+[\"'’”)\]]*|(?=\n)|\Z)")
MAX_CHARS = 20_000
# "P.S. ..." after the sign-off: the author's words too, checked like the rest
_POSTSCRIPT = re.compile(r"^[ \t]*p\.?[ \t]?s\.?(?=[\s:,-])", re.IGNORECASE | re.MULTILINE)
_MARKER = re.compile(r"bowout:\s*ignore\s*=\s*([a-z][a-z\-]*(?:\s*,\s*[a-z][a-z\-]*)*)", re.I)


@dataclass(slots=True, eq=False)  # built for every message: plain slots are quickest
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
    skipped: tuple[tuple[int, int], ...]  # spans inside start:end that are not the author's
    memo: dict[int, list[Hit]] = field(default_factory=dict, compare=False, repr=False)

    def matches(self, pattern: Lazy) -> list[Hit]:
        """Every match of ``pattern`` in the author's words; each family is searched once."""
        found = self.memo.get(id(pattern))
        if found is None:
            found = self.memo[id(pattern)] = pattern.finditer(self.masked, self.start, self.end)
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
    header = _REPLY_HEADER.search(text) if _QUOTE_HINTS.search(text) else None
    if header:
        end = header.start()
    sig = _DASH_SIGNATURE.search(text, 0, end) if "--" in text else None
    if sig:
        end = sig.start()
    signoff = ""
    tail_start = end
    for _ in range(16):  # a sign-off is followed by a short block only: look at the last lines
        tail_start = text.rfind("\n", 0, tail_start)
        if tail_start < 0:
            tail_start = 0
            break
    line = None
    for line in _SIGNOFF_LINE.finditer(text, tail_start, end):
        # a sign-off needs words before it and only a short block (name, title) after it
        if _VISIBLE.search(text, 0, line.start()) and text.count("\n", line.end(), end) <= 14:
            break
    else:
        line = None
    if line is not None:
        end = line.start() + 1  # the sign-off line starts after the line break
        signoff = line.group(1).strip().lower()
    else:
        tail = _SIGNOFF_TAIL.search(text, max(0, end - 200), end)
        if tail:
            end = tail.start()
            signoff = tail.group(0).strip().lower()
    author_end = end
    blanks: list[tuple[int, int]] = []
    if signoff:
        limit = header.start() if header else len(text)
        postscript = _POSTSCRIPT.search(text, end, limit)
        if postscript:  # the sign-off and name are skipped; the P.S. is read
            blanks.append((end, postscript.end()))
            end = author_end = sig.start() if sig and sig.start() > postscript.start() else limit
    # a message is judged on its first MAX_CHARS code points: enough for any real message,
    # and a bound on the time a pasted book can take
    end = min(end, MAX_CHARS)
    greeting = _GREETING.match(text, 0, end)
    start = greeting.end() if greeting else 0
    ignored: set[str] = set()
    for marker in _MARKER.finditer(text, 0, end) if "owout" in text else ():
        ignored.update(part.strip().lower() for part in marker.group(1).split(","))
        blanks.append(marker.span())
    if ">" in text:
        blanks.extend(m.span() for m in _QUOTED_LINE.finditer(text, 0, end))
    masked = _lower(_masked(text, sorted(blanks), end))
    words = len(masked[:end].split()) + len(text[end:author_end].split())
    sentences = tuple([m.span() for m in _SENTENCE.finditer(masked, start, end)])
    masked = masked.translate(_SPACING)
    skipped = tuple(sorted(blanks))
    return Body(text, masked, start, end, signoff, sentences, words, frozenset(ignored), skipped)


def own_words(body: Body) -> str:
    """The author's words in their original case, without the parts that are not theirs."""
    pieces, position = [], body.start
    for start, stop in body.skipped:
        if stop <= position:
            continue
        pieces.append(body.text[position : max(position, start)])
        position = max(position, stop)
    if position < body.end:
        pieces.append(body.text[position : body.end])
    return " ".join(pieces)


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # a few characters grow when lower-cased ("İ"); keep those as they are, so offsets hold
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
