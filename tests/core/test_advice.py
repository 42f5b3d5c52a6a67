from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bowout.core import advice
from bowout.errors import InvalidInput
from bowout.model import Action, NoticeClass, Reason, Scenario

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
IN_A_WEEK = (NOW + timedelta(days=7)).isoformat()
IN_3_HOURS = (NOW + timedelta(hours=3)).isoformat()
TOMORROW = (NOW + timedelta(hours=20)).isoformat()


def run(**data: Any) -> dict[str, Any]:
    return advice.advise(advice.situation_from(data, now=NOW)).to_json()


# (situation, action, scenario, then): the guide's rules, one row each.
RULES: list[tuple[dict[str, Any], Action, Scenario | None, Action | None]] = [
    # An accepted offer (verbal counts) means withdraw, whatever else is true.
    ({"reason": "accepted_offer", "interview_at": IN_A_WEEK}, Action.DECLINE,
     Scenario.ACCEPTED_OFFER, None),
    ({"reason": "accepted_offer", "interview_at": None}, Action.DECLINE, Scenario.WITHDRAW, None),
    ({"reason": "anxiety", "accepted_elsewhere": "verbal", "interview_at": IN_A_WEEK},
     Action.DECLINE, Scenario.ACCEPTED_OFFER, None),
    ({"reason": "schedule_conflict", "accepted_elsewhere": "signed",
      "would_attend_at_perfect_time": True}, Action.DECLINE, Scenario.WITHDRAW, None),
    ({"reason": "accepted_offer", "interview_at": IN_3_HOURS}, Action.DECLINE,
     Scenario.SAME_DAY_CANCEL, Action.DECLINE),
    # Anxiety: go.
    ({"reason": "anxiety", "interview_at": IN_A_WEEK}, Action.ATTEND, None, None),
    ({"reason": "anxiety", "interview_at": IN_3_HOURS}, Action.ATTEND, None, None),
    # Pay: ask first; discussed and below: decline; discussed and aligned: no reason to decline.
    ({"reason": "compensation"}, Action.ASK_COMPENSATION, Scenario.COMP_CHECK, None),
    ({"reason": "compensation", "compensation": {"discussed": False}},
     Action.ASK_COMPENSATION, Scenario.COMP_CHECK, None),
    ({"reason": "compensation", "compensation": {"discussed": True, "aligned": False}},
     Action.DECLINE, Scenario.COMP_DECLINE, None),
    ({"reason": "compensation", "compensation": {"discussed": True, "aligned": True}},
     Action.ATTEND, None, None),
    # Role mismatch and lost interest: decline, with the right framing.
    ({"reason": "role_mismatch", "interview_at": IN_A_WEEK}, Action.DECLINE,
     Scenario.ROLE_MISMATCH, None),
    ({"reason": "lost_interest"}, Action.DECLINE, Scenario.OTHER_OPPORTUNITIES, None),
    ({"reason": "lost_interest", "would_attend_at_perfect_time": True}, Action.ATTEND, None, None),
    # Timing reasons: the honest question decides.
    ({"reason": "schedule_conflict", "interview_at": IN_A_WEEK,
      "would_attend_at_perfect_time": True}, Action.RESCHEDULE, Scenario.RESCHEDULE, None),
    ({"reason": "awaiting_other_process", "interview_at": IN_A_WEEK},
     Action.RESCHEDULE, Scenario.RESCHEDULE, None),
    ({"reason": "need_preparation", "interview_at": IN_A_WEEK,
      "would_attend_at_perfect_time": False}, Action.DECLINE, Scenario.NOT_RIGHT_FIT, None),
    # Emergency on the day: cancel with an apology for the timing, then by the question.
    ({"reason": "emergency", "interview_at": IN_3_HOURS, "would_attend_at_perfect_time": True},
     Action.RESCHEDULE, Scenario.SAME_DAY_CANCEL, Action.RESCHEDULE),
    ({"reason": "emergency", "interview_at": IN_3_HOURS, "would_attend_at_perfect_time": False},
     Action.DECLINE, Scenario.SAME_DAY_CANCEL, Action.DECLINE),
    # A decline under a day ahead still carries the apology for the timing.
    ({"reason": "role_mismatch", "interview_at": TOMORROW}, Action.DECLINE,
     Scenario.SAME_DAY_CANCEL, Action.DECLINE),
]  # fmt: skip


@pytest.mark.parametrize(("situation", "action", "scenario", "then"), RULES)
def test_the_guides_rules(
    situation: dict[str, Any], action: Action, scenario: Scenario | None, then: Action | None
) -> None:
    result = run(**situation)
    assert result["action"] == action.value
    assert result["scenario"] == (scenario.value if scenario else None)
    assert result["then"] == (then.value if then else None)
    assert result["why"], "every piece of advice explains itself"
    assert action.value not in {a["action"] for a in result["alternatives"]}


def test_verbal_acceptance_is_called_out() -> None:
    result = run(reason="accepted_offer", accepted_elsewhere="verbal")
    assert any("verbal" in line.lower() for line in result["why"])


def test_same_day_is_urgent_and_says_so() -> None:
    result = run(reason="emergency", interview_at=IN_3_HOURS)
    assert result["urgent"] is True
    assert result["notice"] == {"hours": 3.0, "class": "same_day"}
    assert "today" in result["why"][0]
    assert datetime.fromisoformat(result["send_by"]) == NOW


def test_ample_notice_is_not_urgent_and_gives_a_day() -> None:
    result = run(reason="role_mismatch", interview_at=IN_A_WEEK)
    assert result["urgent"] is False
    assert result["notice"]["class"] == "ample"
    assert datetime.fromisoformat(result["send_by"]) == NOW + timedelta(hours=24)


def test_attend_has_no_send_by() -> None:
    assert run(reason="anxiety")["send_by"] is None


def test_alternatives_name_the_perception_cost() -> None:
    result = run(reason="lost_interest")
    risks = {a["action"]: a["risk"] for a in result["alternatives"]}
    assert "strung us along" in risks["reschedule"].lower()
    assert "slightly negative" in risks["reschedule"]


def test_anxiety_decline_risk_is_about_information() -> None:
    risks = {a["action"]: a["risk"] for a in run(reason="anxiety")["alternatives"]}
    assert "information" in risks["decline"]


@pytest.mark.parametrize(
    ("situation", "field"),
    [
        ({}, "reason"),
        ({"reason": "bored"}, "reason"),
        ({"reason": "anxiety", "interview_at": "2026-12-01T10:00"}, "interview_at"),
        ({"reason": "anxiety", "now": "2026-12-01T10:00"}, "now"),
        ({"reason": "compensation", "compensation": {"aligned": True}}, "compensation.aligned"),
        ({"reason": "compensation", "compensation": {"discussed": True}}, "compensation.aligned"),
        ({"reason": "compensation", "compensation": "yes"}, "compensation"),
        ({"reason": "anxiety", "accepted_elsewhere": "maybe"}, "accepted_elsewhere"),
        ({"reason": "anxiety", "would_attend_at_perfect_time": "yes"},
         "would_attend_at_perfect_time"),
        ({"reason": "anxiety", "colour": "blue"}, "colour"),
    ],
)  # fmt: skip
def test_bad_situations_name_the_field(situation: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        run(**situation)
    assert err.value.field == field


ZONES = st.sampled_from(
    [ZoneInfo(z) for z in ("Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo", "UTC")]
)
# hypothesis takes naive bounds and attaches the zones itself
moments = st.datetimes(
    min_value=datetime(2026, 1, 1),  # noqa: DTZ001
    max_value=datetime(2027, 12, 31),  # noqa: DTZ001
    timezones=ZONES,
)
situations = st.fixed_dictionaries(
    {"reason": st.sampled_from([r.value for r in Reason])},
    optional={
        "interview_at": st.none() | moments.map(datetime.isoformat),
        "compensation": st.fixed_dictionaries(
            {"discussed": st.just(True), "aligned": st.booleans()}
        )
        | st.just({"discussed": False}),
        "accepted_elsewhere": st.sampled_from(["none", "verbal", "signed"]),
        "would_attend_at_perfect_time": st.none() | st.booleans(),
    },
)


@given(situation=situations, now=moments)
def test_advise_never_crashes_and_never_sends_after_the_interview(
    situation: dict[str, Any], now: datetime
) -> None:
    result = advice.advise(advice.situation_from(situation, now=now))
    assert result.why
    if result.send_by is not None:
        assert result.send_by.astimezone(UTC) >= now.astimezone(UTC)
        interview = situation.get("interview_at")
        if interview and result.notice.cls is not NoticeClass.PAST:
            assert result.send_by <= datetime.fromisoformat(interview)
    if result.notice.cls in (NoticeClass.LATE, NoticeClass.SAME_DAY):
        assert result.urgent == (result.action is not Action.ATTEND)
    if situation.get("accepted_elsewhere") in ("verbal", "signed"):
        assert result.action is Action.DECLINE
