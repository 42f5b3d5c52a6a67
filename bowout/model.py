"""The vocabulary every part shares: the guide's enums and the records passed between parts.

The string values are contracts (DESIGN.md): other tools read them in our JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Reason(StrEnum):
    """Why the candidate is thinking of saying no."""

    ACCEPTED_OFFER = "accepted_offer"
    ROLE_MISMATCH = "role_mismatch"
    COMPENSATION = "compensation"
    LOST_INTEREST = "lost_interest"
    ANXIETY = "anxiety"
    SCHEDULE_CONFLICT = "schedule_conflict"
    AWAITING_OTHER_PROCESS = "awaiting_other_process"
    NEED_PREPARATION = "need_preparation"
    EMERGENCY = "emergency"


class Action(StrEnum):
    DECLINE = "decline"
    RESCHEDULE = "reschedule"
    ASK_COMPENSATION = "ask_compensation"
    ATTEND = "attend"


class Intent(StrEnum):
    """What a message is trying to do; the checker's rules depend on it."""

    DECLINE = "decline"
    RESCHEDULE = "reschedule"
    COMP_CHECK = "comp_check"
    SAME_DAY_CANCEL = "same_day_cancel"
    DEFERRAL = "deferral"
    RECONNECT = "reconnect"
    CONNECTION_NOTE = "connection_note"
    OTHER = "other"


class NoticeClass(StrEnum):
    """How much notice a message gives before the interview, in the interview's time zone."""

    AMPLE = "ample"  # 72 hours or more ahead
    SHORT = "short"  # 24 to 72 hours ahead
    LATE = "late"  # under 24 hours, on an earlier calendar day
    SAME_DAY = "same_day"  # on the interview's calendar day, before it starts
    PAST = "past"  # the interview has started
    NONE = "none"  # no interview scheduled


class Scenario(StrEnum):
    """A message `compose` can draft."""

    ACCEPTED_OFFER = "accepted-offer"
    NOT_RIGHT_FIT = "not-right-fit"
    ROLE_MISMATCH = "role-mismatch"
    OTHER_OPPORTUNITIES = "other-opportunities"
    COMP_CHECK = "comp-check"
    COMP_DECLINE = "comp-decline"
    RESCHEDULE = "reschedule"
    SAME_DAY_CANCEL = "same-day-cancel"
    WITHDRAW = "withdraw"
    LINKEDIN_NOTE = "linkedin-note"
    RECONNECT = "reconnect"
    RECONNECT_AFTER_DECLINE = "reconnect-after-decline"
    DECLINE_OFFER = "decline-offer"
    COUNTER_OFFER = "counter-offer"
    LATE_REPLY = "late-reply"  # a recruiter left unanswered too long: late, but not never


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"


class Impact(StrEnum):
    """Effect on a later reference call (the guide's perception table)."""

    POSITIVE_OR_NEUTRAL = "positive_or_neutral"
    NEUTRAL = "neutral"
    SLIGHTLY_NEGATIVE = "slightly_negative"
    NEGATIVE = "negative"


class Outcome(StrEnum):
    """The five ways of saying no that recruiters remember."""

    PROMPT_WARM = "prompt_warm"
    SAME_DAY_WITH_APOLOGY = "same_day_with_apology"
    VAGUE_DELAY = "vague_delay"
    GHOSTING = "ghosting"
    PARTING_SHOT = "parting_shot"


@dataclass(frozen=True)
class PerceptionRow:
    outcome: Outcome
    remembered: str
    impact: Impact


PERCEPTION: dict[Outcome, PerceptionRow] = {
    row.outcome: row
    for row in (
        PerceptionRow(
            Outcome.PROMPT_WARM,
            "Professional: they respected our time.",
            Impact.POSITIVE_OR_NEUTRAL,
        ),
        PerceptionRow(
            Outcome.SAME_DAY_WITH_APOLOGY,
            "Inconvenient, but handled properly; things happen.",
            Impact.NEUTRAL,
        ),
        PerceptionRow(
            Outcome.VAGUE_DELAY,
            "Strung us along before saying no.",
            Impact.SLIGHTLY_NEGATIVE,
        ),
        PerceptionRow(
            Outcome.GHOSTING,
            "Never answered; flagged as non-responsive in the tracking system.",
            Impact.NEGATIVE,
        ),
        PerceptionRow(
            Outcome.PARTING_SHOT,
            "Left with a dig at us and the role.",
            Impact.NEGATIVE,
        ),
    )
}


class Stage(StrEnum):
    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"
    CLOSED = "closed"

    @property
    def is_open(self) -> bool:
        return self in _OPEN_STAGES


_OPEN_STAGES = frozenset({Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER})


OPEN_STAGES = tuple(s.value for s in Stage if s.is_open)


class ProcessIntent(StrEnum):
    """What the user means to do before a process's next interview; status reminds them in time."""

    DECLINE = "decline"
    RESCHEDULE = "reschedule"


class InterviewStatus(StrEnum):
    SCHEDULED = "scheduled"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    RESCHEDULED = "rescheduled"
    DONE = "done"

    @property
    def is_live(self) -> bool:
        """Still going to happen: scheduled or confirmed."""
        return self in (InterviewStatus.SCHEDULED, InterviewStatus.CONFIRMED)


LIVE_INTERVIEWS = (InterviewStatus.SCHEDULED.value, InterviewStatus.CONFIRMED.value)


class FollowupKind(StrEnum):
    """Something the user owes after a decision: a message to send, a note to write."""

    WITHDRAWAL = "withdrawal"  # after accepting elsewhere, to every other open process
    REPLY = "reply"
    LINKEDIN_NOTE = "linkedin_note"  # soon after keeping a contact
    RECONNECT = "reconnect"  # months after keeping a contact


class StatusKind(StrEnum):
    """The kinds of item on the to-do list (`status`)."""

    REPLY_OWED = "reply_owed"
    DECIDE_BEFORE_INTERVIEW = "decide_before_interview"
    WITHDRAWAL_OWED = "withdrawal_owed"
    PAY_ANSWER_AWAITED = "pay_answer_awaited"
    RECONNECT_DUE = "reconnect_due"
    UPCOMING = "upcoming"


class NextAction(StrEnum):
    """The next step of a status item, as data; each front end renders it (a command, a button)."""

    WRITE_REPLY = "write_reply"  # answer their message (and log it as sent)
    DECLINE = "decline"  # draft and send the decline of the process
    RESCHEDULE = "reschedule"  # draft and send the request to move its interview
    SEND_WITHDRAWAL = "send_withdrawal"  # send the drafted withdrawal, then mark it sent
    LOG_ANSWER = "log_answer"  # record their answer when it comes
    SEND_NOTE = "send_note"  # a LinkedIn note or a reconnection that is due
    DECIDE_INTERVIEW = "decide_interview"  # go, move it or decline it, while the notice is kind


class Ending(StrEnum):
    """How a process ended, as the ledger reads it from the store."""

    DECLINED = "declined"  # the user said no (the notice it gave is kept beside it)
    WITHDREW = "withdrew"  # stepped out after accepting an offer elsewhere
    ANSWERED_LATE = "answered_late"  # said no, but only after leaving them waiting too long
    NEVER_ANSWERED = "never_answered"  # their last message is still unanswered
    REJECTED = "rejected"  # they said no
    WENT_QUIET = "went_quiet"  # it ended in silence on their side
    ACCEPTED = "accepted"


# What a message to someone with that history should acknowledge (``History.acknowledge``).
ACKNOWLEDGE = ("declined", "unanswered", "late")
# Messages that carry on with someone rather than say no again: after an earlier no, these name
# the earlier contact (a silence is owned by every message).
CARRYING_ON = frozenset(
    {Intent.RECONNECT, Intent.CONNECTION_NOTE, Intent.COMP_CHECK, Intent.RESCHEDULE, Intent.OTHER}
)


@dataclass(frozen=True)
class History:
    """The person a message goes to was dealt with before: how that ended. ``current``: the
    debt is in this very process (their message has waited past the overdue line)."""

    ending: Ending
    company: str
    role: str | None = None
    current: bool = False

    @property
    def acknowledge(self) -> str | None:
        """What the message should own: an earlier no, a message never answered, a slow reply;
        None when the history asks for nothing (they ended it, or it went quiet)."""
        if self.current:
            return "late"
        if self.ending is Ending.NEVER_ANSWERED:
            return "unanswered"
        if self.ending in (Ending.DECLINED, Ending.WITHDREW, Ending.ANSWERED_LATE):
            return "declined"
        return None

    def acknowledge_in(self, intent: Intent) -> str | None:
        """What a message with ``intent`` should own: a silence always; an earlier no only in a
        message that carries on with them."""
        need = self.acknowledge
        return None if need == "declined" and intent not in CARRYING_ON else need


class ContactRole(StrEnum):
    RECRUITER = "recruiter"
    HIRING_MANAGER = "hiring_manager"
    INTERVIEWER = "interviewer"


# Why a relationship is worth keeping after a process ends: the guide's three kinds.
KEEP_WHY = ("recruiter-invested", "hiring-manager-conversation", "follow-their-work")


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


# --- records passed between the core parts -------------------------------------------------


@dataclass(frozen=True)
class Notice:
    hours: float | None
    cls: NoticeClass

    def to_json(self) -> dict[str, Any]:
        return {"hours": self.hours, "class": self.cls.value}


@dataclass(frozen=True)
class Alternative:
    action: Action
    risk: str


@dataclass(frozen=True)
class Advice:
    action: Action
    scenario: Scenario | None  # None when the advice is to attend: nothing to send
    notice: Notice
    send_by: datetime | None
    urgent: bool
    why: tuple[str, ...]
    alternatives: tuple[Alternative, ...]
    then: Action | None = None  # after a same-day cancellation: reschedule or decline

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action.value,
            "scenario": self.scenario.value if self.scenario else None,
            "notice": self.notice.to_json(),
            "send_by": self.send_by.isoformat() if self.send_by else None,
            "urgent": self.urgent,
            "then": self.then.value if self.then else None,
            "why": list(self.why),
            "alternatives": [{"action": a.action.value, "risk": a.risk} for a in self.alternatives],
        }


@dataclass(frozen=True)
class Draft:
    scenario: Scenario
    variant: int
    subject: str
    body: str
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.value,
            "variant": self.variant,
            "subject": self.subject,
            "body": self.body,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    start: int
    end: int
    excerpt: str
    message: str
    suggestion: str

    def to_json(self) -> dict[str, Any]:
        # built by hand: asdict() deep-copies and dominated batch checking time
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class CheckContext:
    """What the checker knows besides the text. Every field is optional."""

    intent: Intent | None = None
    interview_at: datetime | None = None
    sent_at: datetime | None = None
    ignore: frozenset[str] = field(default_factory=frozenset)
    history: History | None = None  # the recipient was dealt with before


@dataclass(frozen=True)
class CheckReport:
    intent: Intent
    findings: tuple[Finding, ...]
    perception: PerceptionRow
    words: int
    sentences: int
    language: str = "en"  # "en", or "other": not read, so no findings mean nothing
    note: str | None = None  # what the reader should know about the check itself

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "intent": self.intent.value,
            "findings": [f.to_json() for f in self.findings],
            "perception": {
                "impact": self.perception.impact.value,
                "remembered": self.perception.remembered,
            },
            "stats": {"words": self.words, "sentences": self.sentences},
            "language": self.language,
        }
        if self.note is not None:
            out["note"] = self.note
        return out
