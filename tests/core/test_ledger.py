"""The ledger's verdict for each way a process can end, from plain facts (no store, no clock)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bowout.core import ledger
from bowout.core.ledger import Said, Track
from bowout.model import PERCEPTION, Ending, NoticeClass, Outcome

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=BERLIN)
LATER = T0 + timedelta(days=30)
INTERVIEW = T0 + timedelta(days=7)


def hours(n: float) -> datetime:
    return T0 + timedelta(hours=n)


def track(stage: str, *said: Said, interviews: tuple[datetime, ...] = (), **extra: object) -> Track:
    return Track(
        id=1,
        company="Acme",
        stage=stage,
        ended_at=said[-1].at if said else T0,
        messages=said,
        interviews=interviews,
        **extra,  # type: ignore[arg-type]
    )


def verdict(t: Track) -> ledger.Verdict:
    found = ledger.verdict(t, LATER)
    assert found is not None
    return found


THEIRS = Said(T0, "in")


def test_a_prompt_clean_decline_is_professional_with_its_notice() -> None:
    found = verdict(
        track("declined", THEIRS, Said(hours(3), "out", "decline"), interviews=(INTERVIEW,))
    )
    assert (found.ending, found.label, found.notice) == (
        Ending.DECLINED,
        "professional",
        NoticeClass.AMPLE,
    )
    assert found.row == PERCEPTION[Outcome.PROMPT_WARM]
    assert "ample notice" in found.basis


def test_a_same_day_cancellation_with_its_apology_is_inconvenient_but_handled() -> None:
    cancel = Said(INTERVIEW - timedelta(hours=3), "out", "same_day_cancel")
    found = verdict(
        track("declined", THEIRS, Said(hours(1), "out"), cancel, interviews=(INTERVIEW,))
    )
    assert (found.notice, found.label) == (NoticeClass.SAME_DAY, "late_with_apology")
    assert found.row == PERCEPTION[Outcome.SAME_DAY_WITH_APOLOGY]


def test_a_late_no_without_an_apology_for_the_timing_is_remembered_worse() -> None:
    cancel = Said(
        INTERVIEW - timedelta(hours=3),
        "out",
        "same_day_cancel",
        frozenset({"missing-timing-apology"}),
    )
    found = verdict(
        track("declined", THEIRS, Said(hours(1), "out"), cancel, interviews=(INTERVIEW,))
    )
    assert found.label == "late_without_apology"
    assert found.row.impact.value == "slightly_negative"


def test_a_withdrawal_after_accepting_elsewhere() -> None:
    found = verdict(track("withdrawn", THEIRS, Said(hours(2), "out", "decline"), withdrawal=True))
    assert (found.ending, found.label) == (Ending.WITHDREW, "professional")


def test_a_critique_is_a_parting_shot_and_a_maybe_strings_them_along() -> None:
    shot = Said(hours(2), "out", "decline", frozenset({"critique"}))
    assert verdict(track("declined", THEIRS, shot)).row == PERCEPTION[Outcome.PARTING_SHOT]
    vague = Said(hours(2), "out", "decline", frozenset({"vague-deferral"}))
    assert verdict(track("declined", THEIRS, vague)).label == "strung_along"
    deferred = (
        Said(hours(2), "out", "deferral"),
        Said(hours(4), "in"),
        Said(hours(6), "out", "decline"),
    )
    assert verdict(track("declined", THEIRS, *deferred)).row == PERCEPTION[Outcome.VAGUE_DELAY]


def test_a_message_left_unanswered_past_the_overdue_line_is_in_the_ledger_while_open() -> None:
    waiting = track("applied", Said(T0, "out"), Said(hours(1), "in"))
    assert ledger.verdict(waiting, hours(1) + timedelta(hours=71)) is None  # not overdue yet
    found = ledger.verdict(waiting, hours(1) + timedelta(hours=73))
    assert found is not None
    assert (found.ending, found.label) == (Ending.NEVER_ANSWERED, "unanswered")
    assert found.row == PERCEPTION[Outcome.GHOSTING]
    assert found.at == hours(1)


def test_an_open_process_with_nothing_owed_has_no_verdict() -> None:
    assert ledger.verdict(track("interviewing", THEIRS, Said(hours(2), "out")), LATER) is None


def test_a_process_closed_in_silence_was_never_answered() -> None:
    found = verdict(track("closed", Said(T0, "out"), Said(hours(5), "in")))
    assert found.ending is Ending.NEVER_ANSWERED


def test_a_process_that_went_quiet_on_their_side() -> None:
    found = verdict(track("closed", THEIRS, Said(hours(5), "out")))
    assert (found.ending, found.label) == (Ending.WENT_QUIET, "professional")


def test_a_rejection_and_an_accepted_offer() -> None:
    assert (
        verdict(track("rejected", Said(T0, "out"), Said(hours(5), "in"))).ending is Ending.REJECTED
    )
    assert verdict(track("accepted", THEIRS, Said(hours(1), "out"))).ending is Ending.ACCEPTED


def test_a_decline_days_after_their_message_is_answered_late_with_or_without_owning_it() -> None:
    owned = Said(T0 + timedelta(days=5), "out", "decline")
    found = verdict(track("declined", THEIRS, owned))
    assert (found.ending, found.label) == (Ending.ANSWERED_LATE, "late_with_apology")
    assert found.waited_hours == 120.0
    ignored = Said(T0 + timedelta(days=5), "out", "decline", frozenset({"unacknowledged-history"}))
    found = verdict(track("declined", THEIRS, ignored))
    assert (found.ending, found.label) == (Ending.ANSWERED_LATE, "strung_along")


def test_a_decline_recorded_without_a_message() -> None:
    found = verdict(track("declined", THEIRS))
    assert found.ending is Ending.DECLINED and "no message" in found.basis


def test_the_summary_counts_by_how_the_user_came_across() -> None:
    plain = verdict(track("declined", THEIRS, Said(hours(1), "out", "decline")))
    late = verdict(track("declined", THEIRS, Said(T0 + timedelta(days=4), "out", "decline")))
    silent = verdict(track("closed", THEIRS))
    result = ledger.summary([plain] * 12 + [late, silent])
    assert result["text"] == (
        "14 processes ended: 12 professional, 1 late with an apology, 1 left unanswered"
    )
    assert result["counts"]["professional"] == 12
    assert ledger.summary([plain])["text"] == "1 process ended: 1 professional"
    assert ledger.summary([])["text"] == "no process has ended yet"
