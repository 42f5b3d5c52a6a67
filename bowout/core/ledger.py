"""How each process ended and what the other side likely remembers: the pure part of the ledger.

The store hands over what it holds about a process (``Track``: its stage, its messages with the
rules their checks fired, its interviews, whether it owed a withdrawal); ``verdict`` reads the
ending from them and picks the guide's perception row for it. Nothing is typed in by the user
and nothing here reads a clock or a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bowout.core import timing
from bowout.core.agenda import REPLY_OVERDUE
from bowout.model import (
    PERCEPTION,
    Ending,
    Impact,
    Intent,
    NoticeClass,
    Outcome,
    PerceptionRow,
    Stage,
)

# How the user comes across, from best to worst: the summary counts processes by these.
LABELS: dict[str, str] = {
    "professional": "professional",
    "late_with_apology": "late with an apology",
    "late_without_apology": "late without an apology",
    "strung_along": "strung along",
    "unanswered": "left unanswered",
    "parting_shot": "a parting shot",
}
# A no given under a day before the interview with no word about the timing: the guide's
# same-day row, remembered worse for the missing apology.
_LATE_UNAPOLOGISED = PerceptionRow(
    Outcome.SAME_DAY_WITH_APOLOGY,
    "Called it off at the last minute, without a word about the timing.",
    Impact.SLIGHTLY_NEGATIVE,
)
_LATE = frozenset({NoticeClass.LATE, NoticeClass.SAME_DAY, NoticeClass.PAST})
_SAYING_NO = frozenset({Intent.DECLINE.value, Intent.SAME_DAY_CANCEL.value})
_VAGUE_RULES = frozenset({"vague-deferral", "unclear-decision"})
UNACKNOWLEDGED = "unacknowledged-history"


@dataclass(frozen=True, slots=True)  # one per message of the store: plain slots are quickest
class Said:
    """One message of a process: when, which way, what it did, and what its check found."""

    at: datetime
    direction: str  # model.Direction
    intent: str | None = None
    fired: frozenset[str] = frozenset()  # the rule ids of its check (sent messages)


@dataclass(frozen=True)
class Track:
    """What the store holds about one process, as the ledger reads it."""

    id: int
    company: str
    stage: str
    role: str | None = None
    ended_at: datetime | None = None  # when it reached its present stage
    messages: tuple[Said, ...] = ()  # oldest first
    interviews: tuple[datetime, ...] = ()  # starts (aware, in the interview's zone), not done
    withdrawal: bool = False  # it owed a withdrawal after an offer was accepted elsewhere


@dataclass(frozen=True)
class Verdict:
    """How one process ended, and the row of the guide's table that goes with it."""

    ending: Ending
    label: str  # a key of LABELS
    row: PerceptionRow
    at: datetime | None  # when it ended (for one left unanswered: when their message came)
    notice: NoticeClass | None = None  # the notice a no gave before the interview
    waited_hours: float | None = None  # how long their message waited for the answer
    basis: str = ""  # what the verdict was read from, in words

    def to_json(self) -> dict[str, Any]:
        return {
            "ending": self.ending.value,
            "label": self.label,
            "said": LABELS[self.label],
            "outcome": self.row.outcome.value,
            "remembered": self.row.remembered,
            "impact": self.row.impact.value,
            "ended_at": self.at.isoformat() if self.at else None,
            "notice": self.notice.value if self.notice else None,
            "waited_hours": self.waited_hours,
            "basis": self.basis,
        }


def verdict(track: Track, now: datetime) -> Verdict | None:
    """How the process ended; None while it is open and nobody is left waiting too long."""
    said = sorted(track.messages, key=lambda m: m.at)
    if Stage(track.stage).is_open:
        waiting = _waiting(said, now)
        if waiting is not None and now - waiting.at >= REPLY_OVERDUE:
            return _unanswered(waiting, now)
        return None
    if track.stage == Stage.ACCEPTED.value:
        return _conduct(Ending.ACCEPTED, track, said, "you accepted their offer")
    if track.stage == Stage.REJECTED.value:
        return _conduct(Ending.REJECTED, track, said, "they turned the application down")
    decisive = next((m for m in reversed(said) if m.direction == "out" and _says_no(m)), None)
    if decisive is not None:
        return _said_no(track, said, decisive)
    if track.stage in (Stage.DECLINED.value, Stage.WITHDRAWN.value):
        ending = Ending.WITHDREW if track.stage == Stage.WITHDRAWN.value else Ending.DECLINED
        return _conduct(ending, track, said, f"recorded as {track.stage}; no message was logged")
    waiting = _waiting(said, now)
    if waiting is not None:
        return _unanswered(waiting, now)
    return _conduct(Ending.WENT_QUIET, track, said, "it ended with nothing owed to them")


def _says_no(message: Said) -> bool:
    return message.intent in _SAYING_NO


def _waiting(said: Sequence[Said], until: datetime) -> Said | None:
    """Their message still waiting for an answer at ``until``: the first one since the user's
    last message, if any came after it."""
    first: Said | None = None
    for message in said:
        if message.at > until:
            break
        if message.direction == "out":
            first = None
        elif first is None:
            first = message
    return first


def _hours(span: timedelta) -> float:
    return round(span.total_seconds() / 3600, 1)


def _unanswered(waiting: Said, now: datetime) -> Verdict:
    days = (now - waiting.at).days
    return Verdict(
        Ending.NEVER_ANSWERED,
        "unanswered",
        PERCEPTION[Outcome.GHOSTING],
        waiting.at,
        waited_hours=_hours(now - waiting.at),
        basis=f"their message has waited {days} day{'s' if days != 1 else ''} for an answer",
    )


def _conduct(ending: Ending, track: Track, said: Sequence[Said], basis: str) -> Verdict:
    """An ending the user did not write: judged by how their own messages read."""
    fired: set[str] = set()
    for message in said:
        if message.direction == "out":
            fired |= message.fired
    if "critique" in fired:
        label, row = "parting_shot", PERCEPTION[Outcome.PARTING_SHOT]
    elif fired & _VAGUE_RULES:
        label, row = "strung_along", PERCEPTION[Outcome.VAGUE_DELAY]
    else:
        label, row = "professional", PERCEPTION[Outcome.PROMPT_WARM]
    return Verdict(ending, label, row, track.ended_at, basis=basis)


def _said_no(track: Track, said: Sequence[Said], decisive: Said) -> Verdict:
    """A process the user ended with a message: its notice, its wait and its check decide."""
    ending = (
        Ending.WITHDREW
        if track.withdrawal or track.stage == Stage.WITHDRAWN.value
        else Ending.DECLINED
    )
    ahead = [start for start in track.interviews if start > decisive.at]
    notice = timing.notice(min(ahead), decisive.at).cls if ahead else NoticeClass.NONE
    waiting = _waiting([m for m in said if m is not decisive], decisive.at)
    waited = decisive.at - waiting.at if waiting is not None else None
    late_answer = waited is not None and waited >= REPLY_OVERDUE
    if late_answer:
        ending = Ending.ANSWERED_LATE
    fired = decisive.fired
    deferred = any(m.intent == Intent.DEFERRAL.value for m in said if m.direction == "out")
    if "critique" in fired:
        label, row = "parting_shot", PERCEPTION[Outcome.PARTING_SHOT]
    elif late_answer:
        owned = UNACKNOWLEDGED not in fired
        label = "late_with_apology" if owned else "strung_along"
        row = PERCEPTION[Outcome.SAME_DAY_WITH_APOLOGY if owned else Outcome.VAGUE_DELAY]
    elif fired & _VAGUE_RULES or deferred:
        label, row = "strung_along", PERCEPTION[Outcome.VAGUE_DELAY]
    elif notice in _LATE:
        apologised = "missing-timing-apology" not in fired
        label = "late_with_apology" if apologised else "late_without_apology"
        row = PERCEPTION[Outcome.SAME_DAY_WITH_APOLOGY] if apologised else _LATE_UNAPOLOGISED
    else:
        label, row = "professional", PERCEPTION[Outcome.PROMPT_WARM]
    basis = f"your message of {decisive.at.date().isoformat()}"
    if notice is not NoticeClass.NONE:
        basis += f", with {notice.value.replace('_', '-')} notice before the interview"
    if late_answer and waited is not None:
        basis += f", {waited.days} days after their message"
    return Verdict(
        ending,
        label,
        row,
        decisive.at,
        notice=notice,
        waited_hours=_hours(waited) if waited is not None else None,
        basis=basis,
    )


def summary(verdicts: Iterable[Verdict]) -> dict[str, Any]:
    """The counts by how the user came across, and one line: "14 processes ended: 12
    professional, 1 late with an apology, 1 left unanswered"."""
    counts = dict.fromkeys(LABELS, 0)
    total = 0
    for item in verdicts:
        counts[item.label] += 1
        total += 1
    parts = [f"{count} {LABELS[label]}" for label, count in counts.items() if count]
    head = f"{total} process{'es' if total != 1 else ''} ended"
    return {
        "ended": total,
        "counts": counts,
        "text": f"{head}: {', '.join(parts)}" if parts else "no process has ended yet",
    }
