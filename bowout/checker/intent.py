"""What a message is trying to do, from cues in the author's own words.

Cheap on purpose: a handful of precompiled phrase families, each searched once. A stated intent
(the caller's hint) always wins over what the text suggests.
"""

from __future__ import annotations

from bowout.checker.phrases import Hit, Lazy, phrases
from bowout.checker.text import Body, split
from bowout.model import Intent

DECISION = phrases("decision")
_DECISION_GUARD = phrases("decision_guard", suffix=r"[^.!?\n,;:—–]*\Z")
HEDGE = phrases("hedge")
MOVE = phrases("move")
CANCEL = phrases("cancel")
TODAY = phrases("today")
TOMORROW = phrases("tomorrow")
SECOND_CHANCE = phrases("second_chance")
CONFLICT = phrases("conflict")
CONCRETE = phrases("concrete_time")
HANDBACK = phrases("handback")
_RECONNECT = phrases("reconnect_cue")
_CONNECTION = phrases("connection_cue")
_COMPENSATION = phrases("compensation")
_COUNTER = phrases("counter")
_STRONG_MOVE = phrases("strong_move")
_ASKS = phrases("asks")
CONNECTION_NOTE_CHARS = 320
_CONDITIONS = ("if ", "unless ", "should ", "in case ", "when ")
_SLOT_NAMED = tuple(
    f"{a} {b}" for a in ("our", "the", "my") for b in ("interview", "call", "meeting", "chat")
)


def decisions(body: Body) -> list[Hit]:
    """Clear decision statements, leaving out hedged or negated ones ("not sure I should
    withdraw", "I don't want to withdraw")."""
    cached = body.memo.get(0)  # 0 is never an id(): the key for this list
    if cached is not None:
        return cached
    found: list[Hit] = []
    for match in body.matches(DECISION):
        sentence_start = body.sentence_at(match.start())[0]
        near = max(sentence_start, match.start() - 60)
        guarded = _DECISION_GUARD.search(body.masked, near, match.start())
        if guarded or body.masked.startswith(_CONDITIONS, sentence_start):
            continue  # "not sure I should withdraw"; "if the pay is low, I'm not interested"
        found.append(match)
    body.memo[0] = found
    return found


def late_in_text(body: Body) -> bool:
    """The text itself says the interview is today, in hours, or (with a cancel) tomorrow."""
    masked = body.masked
    if body.matches(TODAY):
        return True
    for match in body.matches(TOMORROW):
        sentence = body.sentence_at(match.start())
        if CANCEL.search(masked, *sentence) or DECISION.search(masked, *sentence):
            return True
    return False


def _clash(body: Body) -> bool:
    """A conflict with the slot is said, beyond naming it ("the call later today at 4pm")."""
    return any(not hit.group(0).startswith(_SLOT_NAMED) for hit in body.matches(CONFLICT))


def detect(text: str, hint: Intent | None = None) -> Intent:
    """The intent of ``text``; ``hint`` (a stated intent) wins."""
    if hint is not None:
        return hint
    return classify(split(text))


def classify(body: Body, *, same_day: bool = False, decided: bool | None = None) -> Intent:
    """The intent of a message's own words; ``same_day``: the context says it is the day;
    ``decided``: whether it states a decision, when the caller already knows."""

    def has(pattern: Lazy) -> bool:  # remembered: the rules ask again
        return bool(body.matches(pattern))

    def seen(pattern: Lazy) -> bool:  # only asked here: stop at the first match
        return pattern.search(body.masked, body.start, body.end) is not None

    if decided is None:
        decided = bool(decisions(body))

    def stops() -> bool:
        return decided or has(CANCEL)

    # each family is searched at most once (and only when the answer depends on it)
    if (same_day or has(TODAY)) and (stops() or has(MOVE) or _clash(body)):
        return Intent.SAME_DAY_CANCEL
    short = len(body.active.strip()) <= CONNECTION_NOTE_CHARS
    if short and has(_CONNECTION) and not stops():
        return Intent.CONNECTION_NOTE
    if decided:
        return Intent.DECLINE
    if has(SECOND_CHANCE):
        return Intent.RECONNECT
    if seen(_STRONG_MOVE) or (
        has(MOVE) and (stops() or has(CONFLICT) or has(CONCRETE) or has(HANDBACK))
    ):
        return Intent.RESCHEDULE
    asks = "?" in body.masked[body.start : body.end] or seen(_ASKS)
    if seen(_COMPENSATION) and asks and not seen(_COUNTER):
        return Intent.COMP_CHECK
    if has(HEDGE):
        return Intent.DEFERRAL
    if (stops() and has(CONCRETE)) or ((stops() or has(CONFLICT)) and has(HANDBACK)):
        return Intent.RESCHEDULE
    if seen(_RECONNECT):
        return Intent.RECONNECT
    if short and has(_CONNECTION):
        return Intent.CONNECTION_NOTE
    return Intent.OTHER


_SAME_DAY_CUE = phrases("same_day_cue")
_HORIZON = phrases("horizon")
_EXPEDITE = phrases("expedite")
_REJECTION_REPLY = phrases("rejection_reply")
_FAREWELL = phrases("farewell")
_NEW_TIME = phrases("new_time")
_STILL_INTERESTED = phrases("still_interested")
_UNAVAILABLE = phrases("unavailable")
_TOMORROW_WORD = phrases("tomorrow_word")
_MISSED_YESTERDAY = phrases("missed_yesterday")
_RAISE = phrases("raise_offer")
_NEGATED_MOVE = phrases("negated_move")
_CONNECTED = phrases("connected")  # after they accepted the request, or a nudge
_RECONNECTING = phrases("reconnecting")
_RESCHEDULING = phrases("rescheduling")
_CANCELLING = frozenset({Intent.DEFERRAL, Intent.RESCHEDULE, Intent.SAME_DAY_CANCEL})


def infer(
    body: Body,
    label: str,
    same_day: bool,
    decided: bool,
    *,
    notice_known: bool = False,
) -> Intent:
    """The intent from the learned model's ``label``, with the structure deciding what the
    words alone cannot: a stated same day (in the text or the context) makes a cancellation
    a same-day one; a context that puts the interview days away, or a withdrawal with no
    sign of the day, makes it a decline; a stated decision is not a pause, nor is a request
    to speed the process up; a question about pay without a decision is a pay question."""
    intent = Intent(label)

    def said_today() -> bool:
        if same_day:
            return True
        if body.matches(_MISSED_YESTERDAY):
            return False  # the interview was yesterday: written the day after, not on the day
        if body.matches(_SAME_DAY_CUE):
            return True
        # "I am not available tomorrow": the interview is within a day
        masked = body.masked
        return any(
            _UNAVAILABLE.search(masked, *body.sentence_at(hit.start()))
            for hit in body.matches(_TOMORROW_WORD)
        )

    if intent is Intent.SAME_DAY_CANCEL and not same_day and (notice_known or not said_today()):
        if decided:
            return Intent.DECLINE
        if notice_known:
            return Intent.RESCHEDULE if body.matches(MOVE) else Intent.DEFERRAL
    if intent is Intent.SAME_DAY_CANCEL and not same_day and body.matches(_MISSED_YESTERDAY):
        # the interview was yesterday: written the day after, not on the day
        if decided:
            return Intent.DECLINE
        moves = body.matches(MOVE) or body.matches(HANDBACK) or body.matches(_NEW_TIME)
        return Intent.RESCHEDULE if moves else Intent.DEFERRAL
    if decided and intent in (Intent.DEFERRAL, Intent.OTHER):
        return Intent.DECLINE  # a stated decision is not a pause
    if (
        intent in (Intent.DECLINE, Intent.SAME_DAY_CANCEL)
        and not decided
        and body.matches(_STILL_INTERESTED)
        and not (body.matches(CANCEL) or body.matches(HEDGE) or body.matches(MOVE))
    ):
        return Intent.OTHER  # says it wants the job and stops nothing: a thank-you, a nudge
    if (
        intent in (Intent.DECLINE, Intent.RESCHEDULE)
        and not decided
        and body.matches(CANCEL)
        and body.matches(_NEGATED_MOVE)
        and not (body.matches(HANDBACK) or body.matches(_NEW_TIME))
    ):
        return Intent.DEFERRAL  # calls it off, rules out a new time and withdraws from nothing
    if not decided and (
        (
            intent is Intent.DECLINE
            and body.matches(_RESCHEDULING)
            and not body.matches(_NEGATED_MOVE)
        )
        or (
            intent is Intent.DEFERRAL
            and body.matches(_RESCHEDULING)
            and not body.matches(_NEGATED_MOVE)
        )
    ):
        intent = Intent.RESCHEDULE  # asks to move it and never says no
    if (
        intent in (Intent.RESCHEDULE, Intent.DEFERRAL)
        and not decided
        and body.matches(_COMPENSATION)
        and not body.matches(MOVE)
        and not body.matches(HEDGE)
    ):
        return Intent.COMP_CHECK  # about the pay, not the time
    if (
        intent in (Intent.DECLINE, Intent.OTHER)
        and not decided
        and body.matches(_COMPENSATION)
        and ("?" in body.active or body.matches(_ASKS))
        and not body.matches(MOVE)
        and not body.matches(HEDGE)
    ):
        return Intent.COMP_CHECK  # asks about the pay and decides nothing
    if (
        not decided
        and (
            intent is Intent.DECLINE
            or (intent is Intent.RESCHEDULE and "interview" not in body.active)
        )
        and body.matches(_HORIZON)
    ):
        return Intent.DEFERRAL  # asks for time ("a couple of days", a later start date)
    pausing = intent is Intent.DEFERRAL and body.matches(HEDGE) and not body.matches(CANCEL)
    if intent in _CANCELLING and not decided and not pausing and said_today():
        return Intent.SAME_DAY_CANCEL  # ("not sure I can commit right now" calls nothing off)
    if (
        (
            intent in (Intent.RESCHEDULE, Intent.DEFERRAL)
            or (intent is Intent.RECONNECT and body.matches(CANCEL))
        )
        and not decided
        and body.matches(_FAREWELL)
        and not (body.matches(MOVE) or body.matches(HANDBACK) or body.matches(_NEW_TIME))
        and not body.matches(HEDGE)
    ):
        return Intent.DECLINE  # cancels, asks for nothing, and wishes them well in the search
    if intent is Intent.CONNECTION_NOTE and body.matches(_RECONNECTING):
        return Intent.RECONNECT  # picks up a contact that lapsed
    if (
        intent is Intent.CONNECTION_NOTE or (intent is Intent.DECLINE and not decided)
    ) and body.matches(_CONNECTED):
        return Intent.OTHER  # written once connected, or a nudge: not a request to connect
    if (
        intent is Intent.OTHER
        and not decided
        and body.matches(_RECONNECT)
        and not body.matches(_REJECTION_REPLY)
    ):
        return Intent.RECONNECT  # recalls an earlier contact and asks nothing else
    if (
        intent is Intent.DEFERRAL
        and not decided
        and body.matches(_EXPEDITE)
        and not body.matches(CANCEL)
    ):
        return Intent.OTHER  # asks them to hurry (another offer has a deadline), not for time
    if intent in (Intent.DEFERRAL, Intent.DECLINE) and not decided:
        if body.matches(_REJECTION_REPLY) and not (
            body.matches(CANCEL) or body.matches(MOVE) or body.matches(HEDGE)
        ):
            return Intent.OTHER  # answers their no: nothing of the candidate's is stopped
        if intent is Intent.DECLINE and body.matches(_RECONNECT) and not body.matches(_FAREWELL):
            return Intent.RECONNECT  # recalls an earlier contact and decides nothing
        if intent is Intent.DECLINE and body.matches(_RAISE) and not body.matches(CANCEL):
            return Intent.COMP_CHECK  # asks them to improve the offer: a negotiation
    return intent
