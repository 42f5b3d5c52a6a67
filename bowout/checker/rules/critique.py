"""critique: a parting shot at the company, role, pay, process or people."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bowout.checker import evidence, features, learned
from bowout.checker import intent as cues
from bowout.checker.phrases import Hit, Lazy, phrases
from bowout.checker.rulebase import Draft, Example, Flag, Span, rule
from bowout.model import Severity

_CRITIQUE_STRONG = phrases("critique_strong")
_CRITIQUE = phrases("critique_strong", "critique_weak")
_FOR_ME = re.compile(r"\s+for\s+(?:me|my|what i|where i|someone|us)\b")
_NEGATOR = phrases("negator")
_OWN_SIDE = phrases("own_side")
_SELF = Lazy(r"\b(?:i|i'm|me|to (?:be|seem|sound|appear)|come across|sound)\b")
# the author owning a lapse of their own ("I never replied to your last email, sorry")
_ADMITS = re.compile(
    r"(?<![\w'])(?:i|we)(?:'ve| have|'d| had)?(?: (?:just|still|also|somehow|simply|really))? \Z"
)
# what the judgement is about decides which neutral example fits it
_TOPICS = (
    (
        re.compile(r"salar|pay|paid|money|offer|lowball|compensation|package|rate|\$|budget|range"),
        'State the fact neutrally: "The range is below what I need, so I\'ll step back."',
    ),
    (
        re.compile(r"process|round|interview|take-home|assignment|test|trial|wait|silence|repl"),
        'Leave the process out of it; if it drove the decision, say so as a fact: "The timeline '
        "doesn't work for me, so I'm withdrawing.\"",
    ),
    (
        re.compile(r"commute|office|location|on-site|onsite|travel|relocat|remote"),
        'State the fact neutrally: "The role is on-site five days a week and I am looking for '
        'remote work."',
    ),
    (
        re.compile(r"manager|team|recruiter|people|staff|you |hr\b|culture|company"),
        "Leave the people out of it: \"I've decided the role isn't the right fit for me.\"",
    ),
)


@rule(
    "critique",
    Severity.ERROR,
    summary="A judgement of the company, role, pay, process or people.",
    message="This judges their company, role or process; it is what they will remember.",
    suggestion="Leave the judgement out. If a fact drove the decision, state it neutrally "
    '("the role is on-site five days a week and I am looking for remote work").',
    fires=(
        Example(
            "Hi, I'm withdrawing. Frankly the salary is insulting and your process was a mess.",
            span="insulting",
        ),
        "Thanks for your time. The interview process was badly organised, so I will decline.",
        "Thank you for the offer. I was disappointed that nobody had read my portfolio, so I'm "
        "declining.",
        "Thanks for finally getting back to me after weeks of silence. I've accepted elsewhere.",
        Example(
            "Thanks for the offer, but I'm withdrawing. Please consider being more responsive to "
            "the next candidates.",
            span="consider being more responsive",
        ),
        Example(
            "Thanks for the offer, but I can't take that salary seriously for the level, so I'm "
            "declining.",
            span="seriously",
        ),
        Example(
            "Hi Joe, I'm withdrawing. Your team never replied to my last three emails.",
            span="never replied",
        ),
        "Thanks for the chat. To be honest the team seemed disengaged, so I'm withdrawing.",
        Example(
            "Hi Tomas,\n\nThank you for the offer. I have accepted another role, so I'm declining."
            "\n\nBest,\nPriya\n\nP.S. Your interview process was a shambles.",
            span="shambles",
        ),
    ),
    passes=(
        "I think I made a mess of the case study, so I'll withdraw my application. Thank you "
        "for your time.",
        "Could we move Thursday's interview to Friday at 11? It's been a chaotic week with a "
        "launch at work. Thanks for understanding.",
        "Thank you for the chat. Your project to sort out the disorganised parts catalogue is "
        "exactly the work I enjoy.",
        "Thank you for your answer. Could you tell me which part of my interview was weak, so I "
        "can improve?",
        "Unfortunately the range is below what I need, so I'll withdraw. Thank you for your time.",
        "I don't want to seem unprofessional, so I'm letting you know now that I'm withdrawing. "
        "Thank you.",
        "Thank you for your patience. I'm disappointed to say that I've accepted another offer, so "
        "I'm withdrawing.",
        "Thank you for the offer. The team seemed great, but I've decided to stay where I am.",
        "Hi Dana, I never replied to your last email, sorry. I've decided to withdraw from the "
        "process. Thank you for your time.",
        "Thanks for the offer. I've accepted elsewhere; I should have been more responsive, sorry.",
        "Sorry, I never got back to you about Thursday. I'm happy where I am, so I'll pass. "
        "Thanks!",
    ),
)
def critique(msg: Draft) -> Iterator[Flag]:
    """A parting shot is the decline recruiters remember longest: calling the pay insulting or
    the process a mess makes them feel bad about their opening and gives nothing back. A
    neutral fact ("the role is on-site") is useful feedback; a judgement is not. Found by the
    phrase families and, for the many ways people put it (sarcasm, lectures, complaints), by a
    learned score; the sentence that scores highest is the span."""
    cleared: list[tuple[int, int]] = []
    found = [*_phrased(msg, cleared)]
    if not found and msg.learned.get("critique", 0.0) > 0:
        # sentences the phrase rules cleared, and the decision itself, are not parting shots
        skip = {msg.sentence(start) for start, _ in cleared}
        skip.update(msg.sentence(hit.start()) for hit in cues.decisions(msg.body))
        # nor a thanks or a good wish, unless it scores as a critique on its own
        courteous = {msg.sentence(hit.start()) for hit in evidence.courtesies(msg)}
        # a cleared evaluative word ("I don't want to seem unprofessional") weighs in the
        # message's score: then only a sentence that scores as a critique alone counts
        worst = _worst_sentence(msg, skip, courteous, alone=bool(cleared))
        if worst is not None:
            found.append(worst)
    for start, end in found:
        yield start, end, _suggestion(msg, start, end)


def _phrased(msg: Draft, cleared: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Judgements the phrase families find; the evaluative words they clear go to ``cleared``
    ("I don't want to seem unprofessional", "I'm disappointed to say", "my insane week")."""
    strong: list[Hit] = []
    weak: list[Hit] = []
    for match in msg.find(_CRITIQUE):  # one search for both lists; then which one matched
        is_strong = _CRITIQUE_STRONG.match(msg.body.masked, match.start()) is not None
        (strong if is_strong else weak).append(match)
    for match in strong:
        disclaims = msg.just_before(match.start(), _NEGATOR, 30) and msg.just_before(
            match.start(), _SELF, 30
        )  # "I don't want to seem unprofessional", but not "if it weren't such a mess"
        admits = match.group(0).startswith("never ") and _ADMITS.search(
            msg.body.masked, max(0, match.start() - 20), match.start()
        )  # the author's own silence, owned
        if disclaims or admits or msg.in_sentence(match.start(), _OWN_SIDE):
            cleared.append(match.span())
            continue
        yield match.span()
    for match in weak:
        start, end = match.span()
        if _FOR_ME.match(msg.body.masked, end) or msg.in_sentence(start, _OWN_SIDE):
            cleared.append((start, end))
            continue
        if match.group(0).lower().startswith("not "):
            negated = False
        else:
            negated = msg.just_before(start, _NEGATOR, 25)
        if not negated and evidence.said_of_theirs(msg, start, end):
            yield start, end
        else:
            cleared.append((start, end))


def _worst_sentence(
    msg: Draft, skip: set[Span], courteous: set[Span], *, alone: bool
) -> Span | None:
    """The sentence the learned score finds most critical (the message as a whole scored as a
    critique), leaving out the sentences in ``skip``; ``alone``: only if it scores as a
    critique on its own, as a ``courteous`` one must."""
    models = msg.models or learned.load()
    body = msg.body
    best: tuple[float, tuple[int, int]] | None = None
    for span in body.sentences:
        if span in skip:
            continue
        score = models.flag("critique", features.bag_of(body.text[span[0] : span[1]]))
        if (best is None or score > best[0]) and (score > 0 or not (alone or span in courteous)):
            best = (score, span)
    return best[1] if best is not None else None


def _suggestion(msg: Draft, start: int, end: int) -> str:
    """The fix for what the judgement is about: a pay critique gets a neutral pay sentence."""
    excerpt = msg.body.masked[start:end]
    sentence = msg.body.masked[slice(*msg.sentence(start))]
    for text in (excerpt, sentence):
        for pattern, suggestion in _TOPICS:
            if pattern.search(text):
                return suggestion
    return RULE.suggestion


RULE = critique
