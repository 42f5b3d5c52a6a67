"""The pure status rules: ages, notice classes, ordering, the next command."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bowout.core.agenda import Facts, FollowupFacts, InterviewFacts, ProcessFacts, items

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def process(**values: object) -> ProcessFacts:
    return ProcessFacts(id=1, company="Acme", **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("hours", "severity"),
    [(0, "info"), (23.9, "info"), (24, "warning"), (71, "warning"), (72, "overdue")],
)
def test_an_unanswered_message_ages_from_info_to_overdue(hours: float, severity: str) -> None:
    found = items(Facts(processes=(process(last_in=NOW - timedelta(hours=hours)),)), NOW)
    assert [(i["kind"], i["severity"]) for i in found] == [("reply_owed", severity)]
    assert found[0]["age_hours"] == round(hours, 1)


def test_an_answered_message_is_not_owed() -> None:
    answered = process(last_in=NOW - timedelta(days=5), last_out=NOW - timedelta(days=4))
    assert items(Facts(processes=(answered,)), NOW) == []


def test_the_next_action_follows_what_the_user_means_to_do() -> None:
    found = items(Facts(processes=(process(last_in=NOW, intent="decline"),)), NOW)
    assert found[0]["next"] == {"action": "decline", "process": 1}
    found = items(Facts(processes=(process(last_in=NOW),)), NOW)
    assert found[0]["next"] == {"action": "write_reply", "process": 1}


@pytest.mark.parametrize(
    ("start", "severity", "cls"),
    [
        (datetime(2026, 12, 3, 10, 0, tzinfo=BERLIN), "info", "ample"),
        (datetime(2026, 11, 28, 10, 0, tzinfo=BERLIN), "warning", "short"),
        (datetime(2026, 11, 27, 8, 0, tzinfo=BERLIN), "overdue", "late"),
        (datetime(2026, 11, 26, 17, 0, tzinfo=BERLIN), "overdue", "same_day"),
    ],
)
def test_an_interview_to_decline_gets_worse_with_its_notice_class(
    start: datetime, severity: str, cls: str
) -> None:
    facts = Facts(interviews=(InterviewFacts(7, 1, "Acme", "decline", start),))
    (item,) = items(facts, NOW)
    assert (item["kind"], item["severity"], item["notice"]["class"]) == (
        "decide_before_interview",
        severity,
        cls,
    )
    assert item["next"] == {"action": "decline", "process": 1, "interview": 7}


def test_an_interview_nobody_decided_about_is_upcoming_while_it_is_near() -> None:
    soon = InterviewFacts(7, 1, "Acme", None, datetime(2026, 11, 28, 10, 0, tzinfo=BERLIN))
    far = InterviewFacts(8, 2, "Globex", None, datetime(2026, 12, 20, 10, 0, tzinfo=BERLIN))
    begun = InterviewFacts(9, 3, "Initech", None, NOW - timedelta(minutes=5))
    (item,) = items(Facts(interviews=(soon, far, begun)), NOW)
    assert (item["kind"], item["company"], item["notice"]["class"]) == ("upcoming", "Acme", "short")
    assert item["next"] == {"action": "decide_interview", "process": 1, "interview": 7}
    assert "in 2 days" in item["summary"] and "today" in item["summary"]


def test_a_pay_question_awaits_an_answer_until_one_comes_in() -> None:
    asked = NOW - timedelta(days=6)
    waiting = items(Facts(processes=(process(last_out=asked, last_pay_question=asked),)), NOW)
    assert [(i["kind"], i["severity"]) for i in waiting] == [("pay_answer_awaited", "warning")]
    answered = process(last_out=asked, last_pay_question=asked, last_in=NOW - timedelta(days=1))
    assert [i["kind"] for i in items(Facts(processes=(answered,)), NOW)] == ["reply_owed"]


def test_withdrawals_are_overdue_after_a_day_or_before_a_close_interview() -> None:
    fresh = FollowupFacts(3, 2, "Globex", "withdrawal", NOW - timedelta(hours=2))
    old = FollowupFacts(4, 3, "Initech", "withdrawal", NOW - timedelta(hours=30))
    close = FollowupFacts(
        5, 4, "Hooli", "withdrawal", NOW, interview=datetime(2026, 11, 26, 15, 0, tzinfo=BERLIN)
    )
    found = items(Facts(followups=(fresh, old, close)), NOW)
    assert [(i["company"], i["severity"]) for i in found] == [
        ("Initech", "overdue"),
        ("Hooli", "overdue"),
        ("Globex", "warning"),
    ]
    assert found[-1]["next"] == {"action": "send_withdrawal", "process": 2, "followup": 3}


def test_reconnections_show_only_once_due() -> None:
    later = FollowupFacts(8, 2, "Globex", "reconnect", NOW + timedelta(days=1))
    due = FollowupFacts(9, 2, "Globex", "linkedin_note", NOW - timedelta(days=1))
    found = items(Facts(followups=(later, due)), NOW)
    assert [(i["kind"], i["next"]) for i in found] == [
        ("reconnect_due", {"action": "send_note", "process": 2, "followup": 9})
    ]


def test_most_urgent_first_whatever_the_zones() -> None:
    facts = Facts(
        processes=(
            ProcessFacts(1, "Acme", last_in=NOW - timedelta(hours=2)),
            ProcessFacts(2, "Globex", last_in=NOW - timedelta(hours=100)),
            ProcessFacts(3, "Initech", last_in=NOW - timedelta(hours=30)),
        ),
        interviews=(
            InterviewFacts(9, 4, "Hooli", "reschedule", datetime(2026, 12, 9, 9, tzinfo=BERLIN)),
        ),
    )
    found = items(facts, NOW)
    assert [i["company"] for i in found] == ["Globex", "Initech", "Acme", "Hooli"]
    assert {i["kind"] for i in found} == {"reply_owed", "decide_before_interview"}
    for item in found:
        assert set(item) >= {"kind", "process", "company", "due", "age_hours", "severity", "next"}


def test_a_process_owed_a_withdrawal_is_not_also_owed_a_reply() -> None:
    facts = Facts(
        processes=(process(last_in=NOW - timedelta(hours=40)),),
        followups=(FollowupFacts(3, 1, "Acme", "withdrawal", NOW),),
    )
    assert [i["kind"] for i in items(facts, NOW)] == ["withdrawal_owed"]
