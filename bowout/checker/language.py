"""Whether a message is written in English: the only language the checker reads.

A message in another language would otherwise come back "nothing to fix", which is not true:
nothing was understood. The test is cheap: the share of very common English words among the
author's words, and the share of letters outside the Latin alphabet.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
_COMMON = frozenset(
    """the a an and or but to of in on at for with from by about as is are was were be been am
    i you he she we they it me my your our us them this that these those not no yes do does did
    have has had will would can could should may might must so if then than there here what when
    which who how why all any some just very thank thanks please sorry hi hello dear regards best
    interview job role offer position time today tomorrow week team company call meeting""".split()  # noqa: SIM905
)
MIN_WORDS = 6  # shorter notes are too short to tell: read them as English


def is_english(text: str) -> bool:
    """True unless the text is long enough to tell and does not read as English."""
    lowered = text.lower()
    letters = [ch for ch in lowered if ch.isalpha()]
    if len(letters) >= 12:
        latin = sum(1 for ch in letters if "a" <= ch <= "z" or "à" <= ch <= "ÿ")
        if latin < 0.7 * len(letters):
            return False
    words = _WORD.findall(lowered)
    if len(words) < MIN_WORDS:
        return True
    common = sum(1 for w in words if w in _COMMON)
    return common >= 0.15 * len(words)
