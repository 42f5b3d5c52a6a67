"""Whether a message is written in English: the only language the checker reads.

A message in another language would otherwise come back "nothing to fix", which is not true:
nothing was understood. The test is cheap: the share of very common English words among the
author's words (and that they outnumber the commonest words of other European languages), and
the share of letters outside the Latin alphabet.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN = re.compile(r"[^\W\d_a-zà-ÿ]")
_COMMON = frozenset(
    """the a an and or but to of in on at for with from by about as is are was were be been am
    i you he she we they it me my your our us them this that these those not no yes do does did
    have has had will would can could should may might must so if then than there here what when
    which who how why all any some just very thank thanks please sorry hi hello dear regards best
    interview job role offer position time today tomorrow week team company call meeting""".split()  # noqa: SIM905
)
# The commonest words of the languages a job seeker in Europe most often writes instead, that are
# not English words too (so "a", "in", "die", "also" are left out): a message with more of these
# than of the English ones above is not in English, however many names and numbers it holds.
_FOREIGN = frozenset(
    """el la los las del que y en un una por con para es muy pero gracias hola saludos entrevista
    proceso le les des et est une pour avec dans pas vous nous je merci bonjour cordialement
    entretien der das und ist nicht ich sie wir mit für auf dem den zu vielen dank leider
    hallo grüße il di che non per sono grazie ciao colloquio della obrigado obrigada não uma
    com pela pelo het een niet ik je bedankt voor met och jag att för tack inte""".split()  # noqa: SIM905
)
_NO_LANGUAGE = ("__ph__", "__num__", "__time__")
MIN_WORDS = 6  # shorter notes are too short to tell: read them as English


def is_english(text: str, tokens: list[str] | None = None) -> bool:
    """True unless the text is long enough to tell and does not read as English. ``tokens``:
    its words as `features.words` found them, when the caller has them already."""
    if not text.isascii():
        lowered = text.lower()
        letters = len(_LETTER.findall(lowered))
        if letters >= 12 and len(_NON_LATIN.findall(lowered)) > 0.3 * letters:
            return False
    words = _WORD.findall(text.lower()) if tokens is None else tokens
    # placeholders, numbers and times (`features.words` tokens) are in no language
    counted = len(words) - sum(map(words.count, _NO_LANGUAGE))
    if counted < MIN_WORDS:
        return True
    common = sum(map(_COMMON.__contains__, words))
    foreign = sum(map(_FOREIGN.__contains__, words))
    return common >= 0.15 * counted and common > foreign
