"""Hostile inputs for the fuzz tests: the text, times, numbers and JSON people and tools send.

``EXAMPLES`` cases per fuzz test: a few by default, so `make test` stays fast; set
BOWOUT_FUZZ_EXAMPLES (e.g. 2000) for a long run. Run with ``--hypothesis-show-statistics`` to see
how many cases each test ran.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("BOWOUT_FUZZ_EXAMPLES", "10"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)

# Every code point, lone surrogates and control characters included.
ANY_CHAR = st.characters(exclude_categories=())
FRAGMENTS = (
    "Thank you for your time.", "Maybe later!", "I will circle back.", "Let me know when else",
    "works.", "Unfortunately your company is a mess.", "I'm so sorry, I apologise.",
    "I have accepted an offer elsewhere.", "Bcc: all@evil.example", "\r\n", "\n\n", "\t",
    "\x00", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "\ud800", "\udcff", "\U0001f600", "é",
    "—", "'; DROP TABLE processes; --", "{{ 7*7 }}", "<script>alert(1)</script>", "%s%n",
    "=cmd|' /C calc'!A0", "bowout: ignore=critique", "bowout: ignore=nonsense", " ", "",
)  # fmt: skip


class Long(str):
    """A long string that prints as the expression that made it, so a failing case stays short."""

    recipe: str

    def __new__(cls, value: str, recipe: str) -> Long:
        made = super().__new__(cls, value)
        made.recipe = recipe
        return made

    def __repr__(self) -> str:
        return self.recipe


LONG_TEXT = (
    Long("x" * 20_000, "'x' * 20_000"),
    Long("Maybe later! " * 2_000, "'Maybe later! ' * 2_000"),
)
DEEP_JSON = (
    Long("[" * 100_000 + "]" * 100_000, "'[' * 100_000 + ']' * 100_000"),
    Long('{"a":' * 50_000 + "1" + "}" * 50_000, """'{"a":' * 50_000 + '1' + '}' * 50_000"""),
    Long("[" * 100_000, "'[' * 100_000"),
)
TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=80),
    st.lists(st.sampled_from(FRAGMENTS), max_size=25).map(" ".join),
    st.sampled_from(["", " ", *LONG_TEXT]),
)
# Names and short values: what a person types into one field.
NAME = st.one_of(st.text(ANY_CHAR, max_size=30), st.sampled_from(FRAGMENTS))

_OFFSETS = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
EXTREME_TIMES = (
    "0001-01-01T00:00+01:00", "9999-12-31T23:59-01:00", "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59.999999+00:00", "0001-01-01T00:00:00-23:59", "1899-12-31T23:59+00:00",
    "2201-01-01T00:00+00:00", "2026-12-03T10:00", "2026-02-30T10:00+01:00",
    "2026-12-03T10:00+25:00", "2026-12-03", "2026-12-03T10:00Z", "20261203T100000+0100",
    "tomorrow", "", " ", "nan", "1e309", "-1", "2026-12-03T10:00+01:00\n",
)  # fmt: skip
# hypothesis takes naive bounds and adds the offsets itself
_EVER = (datetime(1, 1, 2), datetime(9999, 12, 30))  # noqa: DTZ001
_SOON = (datetime(2026, 11, 1), datetime(2027, 3, 1))  # noqa: DTZ001
SOON_TIME = st.datetimes(*_SOON, timezones=_OFFSETS).map(
    lambda moment: moment.isoformat(timespec="minutes")
)
# Half the times are ones a person would give (so the command gets past them), half are not.
TIME = st.one_of(
    SOON_TIME,
    SOON_TIME,
    SOON_TIME,
    st.sampled_from(EXTREME_TIMES),
    st.datetimes(*_EVER, timezones=_OFFSETS).map(lambda moment: moment.isoformat()),
    NAME,
)
NUMBER = st.one_of(
    st.sampled_from([0, -1, -5, 1, 2, 3, 60, 2**31, 2**63 - 1, 2**63, 2**64, 2**70, 10**30]),
    st.integers(min_value=-(2**80), max_value=2**80),
)
JSON_NUMBER = st.one_of(NUMBER, st.floats(allow_nan=True, allow_infinity=True))
# Lengths in minutes: mostly ones a calendar holds, sometimes any integer at all.
MINUTES = st.one_of(st.sampled_from([30, 45, 60, 90]), st.sampled_from([30, 60]), NUMBER)
_KNOWN_ZONES = st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])
ZONE = st.one_of(
    _KNOWN_ZONES,
    _KNOWN_ZONES,
    st.sampled_from(
        [
            "Mars/Base",
            "",
            "../../etc/passwd",
            "Europe/Berlin\x00",
            "utc",
            "+01:00",
            "Europe",
            "America/",
            "x" * 300,
        ]
    ),
    NAME,
)
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), JSON_NUMBER, TEXT, TIME),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(NAME, inner, max_size=4)),
    max_leaves=12,
)

REASONS = (
    "accepted_offer", "role_mismatch", "compensation", "lost_interest", "anxiety",
    "schedule_conflict", "awaiting_other_process", "need_preparation", "emergency",
)  # fmt: skip
INTENTS = ("decline", "reschedule", "comp_check", "same_day_cancel", "deferral", "reconnect",
           "connection_note", "other")  # fmt: skip
SCENARIOS = (
    "accepted-offer", "not-right-fit", "role-mismatch", "other-opportunities", "comp-check",
    "comp-decline", "reschedule", "same-day-cancel", "withdraw", "linkedin-note", "reconnect",
    "reconnect-after-decline", "decline-offer", "counter-offer",
)  # fmt: skip
RULES = ("vague-deferral", "critique", "over-explaining", "vague-reschedule",
         "missing-timing-apology", "over-apologizing", "no-gratitude", "false-promise",
         "second-chance-ask", "unclear-decision")  # fmt: skip
STAGES = ("applied", "screening", "interviewing", "offer", "OFFER", "Offer", "accepted",
          "rejected", "withdrawn", "declined", "ghosted", "sleeping")  # fmt: skip


def one_of_or_hostile(values: tuple[str, ...]) -> st.SearchStrategy[Any]:
    """Mostly a value the program knows (so the case gets further), sometimes anything at all."""
    known = st.sampled_from(values)
    return st.one_of(known, known, known, NAME)


SITUATION = st.one_of(
    st.fixed_dictionaries(
        {"reason": one_of_or_hostile(REASONS)},
        optional={
            "interview_at": TIME,
            "now": TIME,
            "compensation": st.one_of(
                st.fixed_dictionaries(
                    {}, optional={"discussed": JSON_VALUE, "aligned": JSON_VALUE}
                ),
                JSON_VALUE,
            ),
            "accepted_elsewhere": one_of_or_hostile(("none", "verbal", "signed")),
            "would_attend_at_perfect_time": st.one_of(st.booleans(), JSON_VALUE),
            "extra": JSON_VALUE,
        },
    ),
    JSON_VALUE,
)


# Dates as mail and calendars write them, at and past the edges.
MAIL_DATES = (
    "Thu, 26 Nov 2026 09:00:00 +0100", "Mon, 01 Jan 0001 00:00:00 +0000",
    "Fri, 31 Dec 9999 23:59:59 -2359", "Thu, 26 Nov 2026 25:61:00 +9999", "yesterday", "",
)  # fmt: skip
ICS_DATES = (
    "20261203T100000Z", "20261203T100000", "00010101T000000Z", "99991231T235959Z",
    "20261302T100000Z", "2026", "", "20261203",
)  # fmt: skip


def mutated_lines(data: st.DataObject, content: bytes) -> bytes:
    """A real file with one to three of its lines given a hostile value (or cut short)."""
    lines = content.split(b"\n")
    value = st.one_of(NAME, TIME, NUMBER.map(str), st.sampled_from(MAIL_DATES + ICS_DATES), TEXT)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        index = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
        key, colon, _ = lines[index].partition(b":")
        new = data.draw(value).encode("utf-8", "surrogatepass")
        lines[index] = key + b":" + new if colon else new
    mutated = b"\n".join(lines)
    if data.draw(st.integers(min_value=0, max_value=9)) == 0:
        mutated = mutated[: data.draw(st.integers(min_value=0, max_value=len(mutated)))]
    return mutated


def mutated_export(data: st.DataObject, export: Any) -> Any:
    """An export with one to three values somewhere in it replaced by something hostile."""
    paths: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                paths.append((node, key))
                walk(value)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                paths.append((node, index))
                walk(value)

    walk(export)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        parent, key = data.draw(st.sampled_from(paths))
        parent[key] = data.draw(st.one_of(JSON_VALUE, NUMBER, TIME))
    return export


def json_text(value: Any) -> str:
    """JSON as a tool might write it (NaN and lone surrogates included)."""
    return json.dumps(value)


def snapshot(path: Path) -> list[str]:
    """Everything a SQLite store holds, as SQL, to compare before and after a command."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def assert_no_leak(output: str, what: str) -> None:
    """Nothing a person should not see: no stack, no SQL, no library internals."""
    for marker in ("Traceback (most recent call last)", "[SQL:", "sqlalchemy.", "sqlite3.",
                   "psycopg.", "(Background on this error"):  # fmt: skip
        assert marker not in output, f"{what}: {marker!r} in the output:\n{output[-3000:]}"
