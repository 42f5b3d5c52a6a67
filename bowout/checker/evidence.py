"""Measurements the rules share: how much a message justifies, whether it proposes a time,
which apologies are about the timing. Each is a pure function of a `rulebase.Draft`."""

from __future__ import annotations

import re

from bowout.checker import intent as cues
from bowout.checker.phrases import Hit, Lazy, phrases
from bowout.checker.rulebase import Draft
from bowout.model import Intent

_GOODWILL = phrases("goodwill")
_GRATITUDE = phrases("gratitude")
_PROPOSING = Lazy(
    r"(?<!\w)(?:available|free|could (?:we|do|meet)|would\b[^.?!]{0,40}\bwork|how about|instead"
    r"|options?|prefer|suits? me|open (?:on|at)|works? for me|propose|suggest|alternatively|either"
    r"|happy to|can do|could make|i can(?! no\b| not\b)|or)(?![\w'])"
)
_ORIGINAL_SLOT = re.compile(
    r"(?:invitation|invite|interview|call|chat|meeting|panel|session|scheduled|planned|booked|"
    r"slot|appointment|assessment|round|arranged|fixed|missed|missing|you)(?: \S+){0,3} "
    r"(?:on|for|at)(?: the)?(?: (?:mon|tues|wednes|thurs|fri|satur|sun)day,?)? \Z"
    r"|(?<![^ ])(?:the|my|our|your) \Z"  # "the 9am isn't happening": the slot being missed
)
_APOLOGY = phrases("apology")
SORRY_TO_HEAR = re.compile(r"sorry to (?:hear|see|learn)")
TIMING_COST = phrases("timing_cost")
_THEIRS = phrases(
    "theirs",
    suffix=r"(?:\s+\w+){0,5}?\s+(?:is|was|are|were|seems?|seemed|felt|feels?|looks?|looked|sounds?"
    r"|sounded|appears?|appeared|has been|have been|['’]s|remains?|came across as)"
    r"(?:\s+(?:frankly|honestly|quite|really|very|pretty|rather|just|so|simply|clearly|totally"
    r"|completely|extremely|a bit|somewhat|kind of|a little|also|still|overall))*\s*\Z",
)
# "I found your process disorganised": a judgement of theirs without "is"
_FOUND_THEIRS = Lazy(
    r"\b(?:found|find|thought|consider|considered|felt) (?:the|your|this|that|their) "
    r"(?:[\w'-]+ ){1,3}(?:(?:very|really|quite|rather|pretty|so|too|extremely) )?\Z"
)
_THEIRS_AFTER = Lazy(lambda: r"\s+" + phrases("theirs").pattern)

EXPLANATION_WORDS = 40  # one short reason takes a sentence of 10-25 words


def explanation_words(msg: Draft) -> int:
    """Words in sentences that neither thank, wish well nor state the decision: the case."""
    body = msg.body
    words = body.masked[body.start : body.end].split()
    if len(words) < EXPLANATION_WORDS:
        return len(words)
    hits = [*cues.decisions(body), *body.matches(_GRATITUDE), *body.matches(_GOODWILL)]
    courtesy = {body.sentence_at(hit.start()) for hit in hits}
    return sum(
        len(body.masked[start:end].split())
        for start, end in body.sentences
        if (start, end) not in courtesy
    )


def courtesies(msg: Draft) -> list[Hit]:
    """Thanks and good wishes in the author's words."""
    return [*msg.find(_GRATITUDE), *msg.find(_GOODWILL)]


def proposes_time(msg: Draft) -> bool:
    """Some concrete day or time is offered (not just the slot that no longer works)."""
    for match in msg.find(cues.CONCRETE):
        if msg.in_sentence(match.start(), _PROPOSING):
            return True
        masked = msg.body.masked
        before = masked[max(0, match.start() - 50) : match.start()]
        if match.group(0).startswith(("at ", "by ")):  # "the interview this morning at 10:00"
            before += match.group(0)[:3]
        original = masked.startswith("'s", match.end()) or _ORIGINAL_SLOT.search(before)
        # "Monday's interview", "the interview on the 12th": the slot being moved
        stopping = msg.in_sentence(match.start(), cues.CONFLICT) or msg.in_sentence(
            match.start(), cues.CANCEL
        )
        if not original and not stopping:
            return True
    return False


def timing_apologies(msg: Draft) -> list[Hit]:
    """Apologies said in a sentence about the timing, the cancellation or today."""
    found = []
    for match in msg.find(_APOLOGY):
        if SORRY_TO_HEAR.match(msg.body.masked, match.start()):
            continue
        start, end = msg.sentence(match.start())
        text = msg.body.masked
        if (
            TIMING_COST.search(text, start, end)
            or cues.CANCEL.search(text, start, end)
            or cues.TODAY.search(text, start, end)
        ):
            found.append(match)
    return found


def said_of_theirs(msg: Draft, start: int, end: int) -> bool:
    """The evaluative word at ``start:end`` is said of something of theirs ("the team seemed
    disengaged", "I found your process tedious", "a confusing process")."""
    masked = msg.body.masked
    near = max(msg.sentence(start)[0], start - 70)
    return bool(
        _THEIRS.search(masked, near, start)
        or _FOUND_THEIRS.search(masked, near, start)
        or _THEIRS_AFTER.match(masked, end)
    )


_ACKNOWLEDGMENT = phrases("acknowledgment")
_NEW_TIME = phrases("new_time")
_HORIZON = phrases("horizon")
SAME_DAY_CUE = phrases("same_day_cue")
# a placeholder for a time the author offers ("[two or three times]", "{{ $newDate }}")
_OFFERED_SLOT = re.compile(
    r"[\[{%<](?=[^\]}%>\n]{0,80}(?:date|time|day|slot|availability|window|option))"
    r"(?![^\]}%>\n]{0,80}(?:original|scheduled|current|interview date|missed))[^\]}%>\n]{1,80}"
    r"[\]}%>]",
    re.IGNORECASE,
)


def thanks(msg: Draft) -> bool:
    """Some thanks: in the author's words or in the sign-off ("Thanks, Kim")."""
    body = msg.body
    if msg.has(_GRATITUDE) or _GRATITUDE.search(body.signoff) is not None:
        return True
    # "hey thanks for the message, ..." is read as a greeting; its thanks still count
    return body.start > 0 and _GRATITUDE.search(body.masked, 0, body.start) is not None


def acknowledges(msg: Draft) -> bool:
    """Thanks, or an acknowledgment of what the message costs them (an apology for the
    trouble). A bare "sorry" about a decision is not one; about a missed slot it is."""
    if thanks(msg) or msg.has(_ACKNOWLEDGMENT):
        return True
    if msg.intent is Intent.DECLINE:
        return False
    return any(not SORRY_TO_HEAR.match(msg.body.masked, m.start()) for m in msg.find(_APOLOGY))


def apologises(msg: Draft) -> bool:
    """Any apology at all (not "sorry to hear")."""
    return any(not SORRY_TO_HEAR.match(msg.body.masked, m.start()) for m in msg.find(_APOLOGY))


def offers_slot_placeholder(msg: Draft) -> bool:
    """A template's placeholder for the times the author offers counts as a concrete offer
    (not one for the slot being moved: "my interview on [date]")."""
    body = msg.body
    for match in _OFFERED_SLOT.finditer(body.text, body.start, body.end):
        before = body.masked[max(body.start, match.start() - 50) : match.start()]
        if not _ORIGINAL_SLOT.search(before.rstrip() + " "):
            return True
    return False


def asks_new_time(msg: Draft) -> bool:
    """The message asks to meet at another time (or offers one)."""
    return (
        msg.has(cues.MOVE)
        or msg.has(cues.HANDBACK)
        or msg.has(_NEW_TIME)
        or proposes_time(msg)
        or offers_slot_placeholder(msg)
    )


def horizon(msg: Draft) -> Hit | None:
    """A stated horizon for a pause ("until Monday", "a couple of days", "by [date]")."""
    return next(msg.find(_HORIZON), None)
