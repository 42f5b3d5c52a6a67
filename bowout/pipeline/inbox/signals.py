"""What a message does, from its headers and its author's own words: pure functions.

Automated mail (mailing lists, no-reply senders, tracking-system notices) never creates reply
debt. A person's message creates it when it asks something: a question, a time to confirm, a
request. Incoming messages are also read for what they are: an approach, an invitation to
interview, a rejection, an offer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from bowout.pipeline.matching import tracking_domain

_NO_REPLY = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|postmaster|bounces?|notifications?"
    r"|alerts?|newsletters?|news|info|updates|jobs-noreply|jobalerts?)(?:[-_.+].*)?$"
)
_BULK_PRECEDENCE = frozenset({"bulk", "list", "junk", "auto_reply"})
_QUOTE_START = re.compile(
    r"^[ \t]*(?:On\b[^\n]{0,300}?\bwrote:?|Am\b[^\n]{0,200}?\bschrieb[^\n]{0,80}:"
    r"|Le\b[^\n]{0,200}?\ba écrit\s*:|-{2,}\s*(?:Original|Forwarded) Message\s*-{2,}|_{8,}"
    r"|From:[^\n]*\n[ \t]*(?:Sent|Date):)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTE_HINTS = re.compile("wrote|schrieb|écrit|Message|MESSAGE|From:|FROM:|____")  # cheap first
_QUOTED_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
_SIGNATURE = re.compile(r"^-- ?$", re.MULTILINE)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_REQUEST = re.compile(
    r"\b(?:please\s+(?:let\s+(?:me|us)\s+know|confirm|send|share|reply|respond|select|choose|pick"
    r"|book|schedule|fill|complete|advise|indicate|get\s+back)"
    r"|(?:could|can|would|will)\s+you\b|let\s+(?:me|us)\s+know|get\s+back\s+to\s+(?:me|us)"
    r"|your\s+availability|what\s+times?\s+(?:works?|suits?)|(?:does|do|would)\s+[^.\n]{0,40}"
    r"\bwork\s+for\s+you|are\s+you\s+(?:available|free|open|interested)"
    r"|(?:kindly\s+)?confirm\s+(?:your|the|whether|if)|rsvp|looking\s+forward\s+to\s+hearing"
    r"|bitte\s+(?:teilen|bestätigen|senden|geben)|können\s+sie|merci\s+de\s+(?:confirmer|me))",
    re.IGNORECASE,
)
_OFFER = re.compile(
    r"\b(?:pleased|happy|delighted|excited)\s+to\s+(?:extend\s+(?:you\s+)?an?\s+|make\s+(?:you\s+)?"
    r"an?\s+|offer\s+you)|offer\s+(?:letter|of\s+employment)|extend\s+(?:you\s+)?an?\s+offer"
    r"|(?:formal|written|verbal)\s+offer",
    re.IGNORECASE,
)
_REJECTION = re.compile(
    r"\b(?:not\s+(?:to\s+)?(?:be\s+)?(?:moving|move|going|proceed\w*|progress\w*)\s+"
    r"(?:forward|ahead|further)?|decided\s+(?:to\s+)?(?:move|proceed|go|continue)\s+(?:forward\s+)?"
    r"with\s+(?:other|another)|(?:position|role)\s+has\s+(?:been|now\s+been)\s+filled"
    r"|will\s+not\s+be\s+(?:moving|progressing|proceeding)|unfortunately[^.\n]{0,80}"
    r"(?:not|unable|other\s+candidates)|regret\s+to\s+inform)",
    re.IGNORECASE,
)
_INVITATION = re.compile(
    r"\b(?:invite\s+you\s+(?:to|for)|invitation\s+to|like\s+to\s+(?:schedule|set\s+up|arrange|book"
    r"|invite)|schedule\s+(?:a|an|your|the)\s+(?:\w+\s+){0,2}(?:interview|call|chat|conversation)"
    r"|(?:interview|call)\s+(?:on|at)\s+\w+|next\s+(?:round|step|stage)|book\s+a\s+(?:time|slot)"
    r"|(?:your|some)\s+availability|time\s+slots?)",
    re.IGNORECASE,
)
_INTERVIEW_WORD = re.compile(r"\b(?:interview\w*|call|chat|meet|conversation|round)\b", re.I)
_APPROACH = re.compile(
    r"\b(?:came\s+across\s+your|(?:saw|found|read)\s+your\s+(?:profile|background|cv|resume|work)"
    r"|reaching\s+out\s+(?:about|regarding|because|with|to\s+you)|(?:exciting|new)\s+"
    r"(?:opportunit\w+|role|position)|(?:would|might)\s+you\s+be\s+(?:interested|open)"
    r"|are\s+you\s+(?:open|interested)\s+(?:to|in)|i(?:'m|\s+am)\s+(?:a|the)\s+(?:\w+\s+)?"
    r"(?:recruiter|talent|sourcer)|on\s+behalf\s+of|hiring\s+for|we\s+are\s+(?:hiring|looking))",
    re.IGNORECASE,
)
_JOB_WORD = re.compile(r"\b(?:role|position|opportunit\w+|job|team|hiring|vacanc\w+)\b", re.I)


def is_automated(headers: Mapping[str, str], sender: str) -> bool:
    """Mailing lists, bulk senders, auto-replies and no-reply addresses (headers lower-cased)."""
    if headers.get("list-unsubscribe") or headers.get("list-id"):
        return True
    if headers.get("precedence", "").strip().lower() in _BULK_PRECEDENCE:
        return True
    submitted = headers.get("auto-submitted", "").strip().lower()
    if submitted and submitted != "no":
        return True
    if headers.get("x-autoreply") or headers.get("x-autorespond"):
        return True
    if headers.get("return-path", "").strip() == "<>":
        return True
    local = sender.split("@", 1)[0]
    return bool(_NO_REPLY.match(local))


def is_ats(sender: str) -> bool:
    return tracking_domain(sender.rsplit("@", 1)[-1])


def own_words(text: str) -> str:
    """The author's own words: quoted earlier messages and the signature cut off."""
    quote = _QUOTE_START.search(text) if _QUOTE_HINTS.search(text) else None
    if quote:
        text = text[: quote.start()]
    signature = _SIGNATURE.search(text)
    if signature:
        text = text[: signature.start()]
    if ">" in text:
        text = _QUOTED_LINE.sub("", text)
    return text


# Words each family cannot match without: a cheap test on the lower-cased text first, so the
# regular expressions run only on the few messages that might match.
_REQUEST_CUES = (
    "please", "you", "let me", "let us", "get back", "confirm", "rsvp", "hearing", "bitte",
    "können", "merci",
)  # fmt: skip
_OFFER_CUES = ("offer",)
_REJECTION_CUES = (
    "forward", "ahead", "further", "proceed", "progress", "filled", "unfortunately", "regret",
)  # fmt: skip
_INVITATION_CUES = ("invit", "schedule", "set up", "arrange", "book", "next ", "availab", "slot")
_APPROACH_CUES = (
    "across your", "your profile", "your background", "your cv", "your resume", "your work",
    "reaching out", "opportunit", "new role", "new position", "interested", "open to",
    "recruiter", "talent", "sourcer", "behalf", "hiring", "looking",
)  # fmt: skip


@cache
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(cue) for cue in cues))


def _any(text: str, cues: tuple[str, ...]) -> bool:
    return _cue_pattern(cues).search(text) is not None


def asks(words: str) -> bool:
    """A question, a time to confirm or a request, in the author's own words."""
    if "?" in words and "?" in _URL.sub("", words):
        return True
    return _any(words.lower(), _REQUEST_CUES) and _REQUEST.search(words) is not None


def reading(subject: str, words: str) -> str | None:
    """What an incoming message is: "offer", "rejection", "invitation", "approach" or None."""
    text = f"{subject}\n{words}"
    lowered = text.lower()
    if _any(lowered, _OFFER_CUES) and _OFFER.search(text):
        return "offer"
    if _any(lowered, _REJECTION_CUES) and _REJECTION.search(text):
        return "rejection"
    invites = _any(lowered, _INVITATION_CUES) and _INVITATION.search(text)
    if invites and _INTERVIEW_WORD.search(text):
        return "invitation"
    if _any(lowered, _APPROACH_CUES) and _APPROACH.search(text) and _JOB_WORD.search(text):
        return "approach"
    return None


# What a sent message must mention for its intent to matter to the pipeline: a decline or
# withdrawal (it settles what is owed), a pay question (status waits for the answer), a move.
_SENT_CUES = (
    "declin", "withdraw", "accept", "offer", "no longer", "not be", "not to", "pursue",
    "salary", "compensation", "pay", "range", "budget", "rate", "package", "resched", "move",
    "another time", "cancel", "can't make", "cannot make", "won't be able",
)  # fmt: skip


def sent_worth_reading(words: str) -> bool:
    return _any(words.lower(), _SENT_CUES)
