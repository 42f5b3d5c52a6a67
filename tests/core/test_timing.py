from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bowout.core import timing
from bowout.errors import InvalidInput
from bowout.model import NoticeClass

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
ZONES = [ZoneInfo(z) for z in ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC")]
ZONES += [ZoneInfo("Australia/Lord_Howe"), ZoneInfo("Pacific/Chatham")]


@pytest.mark.parametrize(
    ("interview", "now", "expected"),
    [
        ("2026-12-03T10:00+01:00", "2026-11-30T10:00+01:00", NoticeClass.AMPLE),  # exactly 72 h
        ("2026-12-03T10:00+01:00", "2026-11-30T10:01+01:00", NoticeClass.SHORT),
        ("2026-12-03T10:00+01:00", "2026-12-02T10:00+01:00", NoticeClass.SHORT),  # exactly 24 h
        ("2026-12-03T10:00+01:00", "2026-12-02T10:01+01:00", NoticeClass.LATE),
        ("2026-12-03T10:00+01:00", "2026-12-02T23:59+01:00", NoticeClass.LATE),
        ("2026-12-03T10:00+01:00", "2026-12-03T00:00+01:00", NoticeClass.SAME_DAY),
        ("2026-12-03T10:00+01:00", "2026-12-03T09:59+01:00", NoticeClass.SAME_DAY),
        ("2026-12-03T10:00+01:00", "2026-12-03T10:00+01:00", NoticeClass.PAST),
        # The interview's own zone decides the calendar day: 23:30 in Berlin on the 2nd is
        # already the 3rd in... no: it is 17:30 in New York on the 2nd, the interview's day is
        # the 3rd there, so this is late, not same day.
        ("2026-12-03T09:00-05:00", "2026-12-02T23:30+01:00", NoticeClass.LATE),
        # 06:30 in Berlin on the 3rd is 00:30 in New York on the 3rd: same day there.
        ("2026-12-03T09:00-05:00", "2026-12-03T06:30+01:00", NoticeClass.SAME_DAY),
    ],
)
def test_notice_classes(interview: str, now: str, expected: NoticeClass) -> None:
    result = timing.notice(datetime.fromisoformat(interview), datetime.fromisoformat(now))
    assert result.cls is expected


def test_no_interview_means_none() -> None:
    assert timing.notice(None, datetime.now(UTC)).cls is NoticeClass.NONE


def test_notice_across_spring_forward_counts_real_hours() -> None:
    # Berlin skips 02:00-03:00 on 29 March 2026: 09:00 to 09:00 next day is 23 real hours.
    interview = datetime(2026, 3, 29, 9, 0, tzinfo=BERLIN)
    now = datetime(2026, 3, 28, 9, 0, tzinfo=BERLIN)
    result = timing.notice(interview, now)
    assert result.hours == 23
    assert result.cls is NoticeClass.LATE


# hypothesis takes naive bounds and attaches the zones itself
instants = st.datetimes(
    min_value=datetime(2026, 1, 1),  # noqa: DTZ001
    max_value=datetime(2028, 1, 1),  # noqa: DTZ001
    timezones=st.sampled_from(ZONES),
)


@given(interview=instants, now=instants)
def test_notice_agrees_with_its_definition(interview: datetime, now: datetime) -> None:
    result = timing.notice(interview, now)
    hours = (interview.astimezone(UTC) - now.astimezone(UTC)).total_seconds() / 3600
    local_now = now.astimezone(interview.tzinfo)
    if hours <= 0:
        assert result.cls is NoticeClass.PAST
    elif local_now.date() == interview.date():
        assert result.cls is NoticeClass.SAME_DAY
    elif hours < 24:
        assert result.cls is NoticeClass.LATE
        assert local_now.date() < interview.date()
    elif hours < 72:
        assert result.cls is NoticeClass.SHORT
    else:
        assert result.cls is NoticeClass.AMPLE


@given(interview=instants, now=instants, hours=st.integers(0, 96))
def test_send_by_is_never_after_the_interview_nor_before_now(
    interview: datetime, now: datetime, hours: int
) -> None:
    deadline = timing.send_by(interview, now, within=timedelta(hours=hours)).astimezone(UTC)
    assert deadline >= now.astimezone(UTC)
    if now.astimezone(UTC) < interview.astimezone(UTC):
        assert deadline <= interview.astimezone(UTC)


def test_send_by_keeps_the_notice_class() -> None:
    interview = datetime(2026, 12, 3, 10, 0, tzinfo=BERLIN)
    now = interview - timedelta(hours=80)
    deadline = timing.send_by(interview, now, within=timedelta(hours=24))
    assert deadline == interview - timedelta(hours=72)
    assert timing.notice(interview, deadline).cls is NoticeClass.AMPLE


@pytest.mark.parametrize(
    "bad",
    [
        "2026-12-03T10:00",  # no offset, and no zone to read it in
        "tomorrow",
        "",
        "2026-13-01T10:00+01:00",
        "0001-01-01T00:00+01:00",  # valid ISO, but no interview is then
        "9999-12-31T23:59-01:00",
    ],
)
def test_parse_instant_rejects_naive_malformed_and_absurd(bad: str) -> None:
    with pytest.raises(InvalidInput) as err:
        timing.parse_instant(bad, "interview_at")
    assert err.value.field == "interview_at"
    assert "--" not in err.value.message


def test_parse_instant_reads_a_bare_time_in_the_zone_given() -> None:
    parsed = timing.parse_instant("2026-12-03T10:00", "interview_at", zone=BERLIN)
    assert parsed.utcoffset() == timedelta(hours=1)


def test_propose_skips_too_soon_the_original_day_and_weekends(now: datetime) -> None:
    original = datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)  # Monday
    found = timing.propose([], now=now, zone=BERLIN, original=original)
    assert len(found) == 3
    days = [slot.start.date() for slot in found]
    assert len(set(days)) == 3
    assert original.date() not in days
    for slot in found:
        assert slot.start >= now + timedelta(hours=48)
        assert slot.start.weekday() < 5
        assert slot.end > slot.start


def test_propose_from_weekday_and_date_windows(now: datetime) -> None:
    found = timing.propose(
        ["Tue 12:00-17:00", "2026-12-09 09:00-12:00"], now=now, zone=BERLIN, count=3
    )
    assert [s.start.isoformat() for s in found] == [
        "2026-12-01T12:00:00+01:00",
        "2026-12-08T12:00:00+01:00",
        "2026-12-09T09:00:00+01:00",
    ]


def test_propose_clips_a_window_that_starts_too_soon(now: datetime) -> None:
    # Saturday 28th 09:00 is exactly 48 h after now; a window from 08:00 starts at 09:00.
    found = timing.propose(["Sat 08:00-12:00"], now=now, zone=BERLIN, count=1)
    assert found[0].start == datetime(2026, 11, 28, 9, 0, tzinfo=BERLIN)


@pytest.mark.parametrize("bad", ["Tue", "Tue 17:00-12:00", "Foo 10:00-11:00", "2026-02-30 9-10"])
def test_bad_windows_are_clear_errors(bad: str) -> None:
    with pytest.raises(InvalidInput) as err:
        timing.parse_window(bad)
    assert err.value.field == "available"


def test_render_slot_in_both_zones_when_they_differ() -> None:
    slot = timing.Slot(
        datetime(2026, 12, 1, 15, 0, tzinfo=BERLIN), datetime(2026, 12, 1, 17, 0, tzinfo=BERLIN)
    )
    assert timing.render_slot(slot, NEW_YORK, BERLIN) == (
        "Tuesday 1 December, 09:00–11:00 EST (15:00–17:00 CET for me)"
    )
    assert timing.render_slot(slot, BERLIN, BERLIN) == "Tuesday 1 December, 15:00–17:00 CET"


def test_window_on_a_dst_gap_moves_forward() -> None:
    # 02:30 does not exist in Berlin on 29 March 2026.
    now = datetime(2026, 3, 20, 9, 0, tzinfo=BERLIN)
    found = timing.propose(["2026-03-29 02:30-05:00"], now=now, zone=BERLIN, count=1)
    assert found[0].start.utcoffset() == timedelta(hours=2)
    # 02:30 does not exist: it is read as 02:30 standard time, i.e. 03:30 summer time.
    assert (found[0].start.hour, found[0].start.minute) == (3, 30)
