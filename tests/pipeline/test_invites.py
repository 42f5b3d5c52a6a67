"""Calendar in and out over a real store: Google, Outlook and Apple invitations become
interviews in their zone, updates move them, cancellations cancel them; the feed keeps UIDs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import icalendar
import pytest

from bowout import service
from bowout.config import Settings
from bowout.errors import Conflict
from bowout.pipeline.invites import feed
from bowout.pipeline.store import Store

CALENDARS = Path(__file__).parents[1] / "data" / "calendar"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
SETTINGS = Settings(me="Alex Kim", timezone="Europe/Berlin", addresses=("alex.kim@example.org",))


def at(db: Store, now: datetime = NOW) -> service.Context:
    return service.Context(SETTINGS, now=now, store=db)


@pytest.fixture
def db(store_url: str) -> Iterator[Store]:
    store = Store(store_url)
    ctx = at(store)
    service.add_process(ctx, "Acme", contacts=("Dana Reyes <dana@acme.example>",))
    service.add_process(ctx, "Globex", contacts=("Sam Lee <sam.lee@globex.example>",))
    service.add_process(ctx, "Initech")
    yield store
    store.close()


def load(db: Store, name: str, now: datetime = NOW) -> dict:  # type: ignore[type-arg]
    return service.import_calendar(at(db, now), str(CALENDARS / name))


def interviews(db: Store, company: str) -> list[dict]:  # type: ignore[type-arg]
    return service.show_process(at(db), company)["interviews"]  # type: ignore[no-any-return]


def test_a_google_invitation_is_moved_by_its_update_and_cancelled_by_its_cancel(db: Store) -> None:
    added = load(db, "google_invite.ics")
    assert [a["company"] for a in added["added"]] == ["Acme"]
    [first] = interviews(db, "Acme")
    assert (first["start"], first["zone"], first["minutes"]) == (
        "2026-12-03T10:00:00+01:00", "Europe/Berlin", 60,
    )  # fmt: skip
    assert first["place"] == "https://meet.google.com/abc-defg-hij"
    assert first["source"] == "calendar"
    moved = load(db, "google_update.ics")
    assert len(moved["moved"]) == 1
    [after] = interviews(db, "Acme")
    assert after["id"] == first["id"] and after["start"] == "2026-12-04T15:00:00+01:00"
    assert load(db, "google_update.ics")["unchanged"][0]["reason"] == "nothing changed"
    cancelled = load(db, "google_cancel.ics")
    assert len(cancelled["cancelled"]) == 1
    assert interviews(db, "Acme")[0]["status"] == "cancelled"
    stale = load(db, "google_invite.ics")  # the first version again: older, so ignored
    assert stale["unchanged"][0]["reason"] == "an older version of the invitation"
    assert interviews(db, "Acme")[0]["status"] == "cancelled"


def test_outlook_s_windows_zone_becomes_its_iana_zone(db: Store) -> None:
    load(db, "outlook_invite.ics")
    [meeting] = interviews(db, "Globex")
    assert (meeting["start"], meeting["zone"], meeting["minutes"]) == (
        "2026-12-07T14:00:00+01:00", "Europe/Berlin", 45,
    )  # fmt: skip
    assert meeting["place"] == "Microsoft Teams Meeting"
    load(db, "outlook_cancel.ics")
    assert interviews(db, "Globex")[0]["status"] == "cancelled"


def test_an_apple_invitation_matches_the_company_by_its_domain(db: Store) -> None:
    report = load(db, "apple_invite.ics")
    assert report["added"][0]["company"] == "Initech"
    [meeting] = interviews(db, "Initech")
    assert (meeting["start"], meeting["zone"]) == ("2026-12-09T10:00:00-05:00", "America/New_York")
    assert meeting["place"] == "Initech HQ 1 Main Street Austin TX"


def test_an_invitation_from_a_stranger_creates_nothing(store_url: str) -> None:
    store = Store(store_url)
    report = service.import_calendar(at(store), str(CALENDARS / "google_invite.ics"))
    assert service.list_processes(at(store), everything=True) == []
    store.close()
    assert report["added"] == [] and report["unmatched"][0]["organizer"] == "dana@acme.example"


def test_all_day_events_and_files_that_are_not_calendars_are_skipped(db: Store) -> None:
    assert load(db, "all_day.ics")["skipped"][0]["reason"].startswith("an all-day event")
    broken = load(db, "not_a_calendar.ics")
    assert "not an iCalendar" in broken["skipped"][0]["reason"]
    assert all(interviews(db, c) == [] for c in ("Acme", "Globex", "Initech"))


def test_a_component_with_a_garbled_name_is_skipped_not_a_crash(db: Store, tmp_path: Path) -> None:
    # Found by the fuzz suite: icalendar raises AttributeError for BEGIN:<not a component>.
    # A zone name of its own: icalendar caches zones by name, and a cached one is not re-read.
    garbled = (
        (CALENDARS / "outlook_invite.ics")
        .read_bytes()
        .replace(b"W. Europe Standard Time", b"Garbled Standard Time")
        .replace(b"BEGIN:VTIMEZONE", b"BEGIN:Fri, 31 Dec 9999 23:59:59 -2359", 1)
    )
    (tmp_path / "garbled.ics").write_bytes(garbled)
    report = service.import_calendar(at(db), str(tmp_path / "garbled.ics"))
    assert "not an iCalendar" in report["skipped"][0]["reason"]
    assert all(interviews(db, c) == [] for c in ("Acme", "Globex", "Initech"))


def parse_feed(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_keeps_uids_and_cancels_with_a_raised_sequence(db: Store) -> None:
    load(db, "google_invite.ics")
    meeting = service.add_interview(at(db), "Globex", "2026-12-10T11:00", zone="Europe/Berlin")
    service.set_stage(at(db), "Globex", intent="decline")
    before = parse_feed(service.calendar_feed(at(db)))
    again = parse_feed(service.calendar_feed(at(db, NOW + timedelta(hours=1))))
    assert before.keys() == again.keys()
    uid = feed.interview_uid(meeting["id"])
    event = before[uid]
    assert event.decoded("DTSTART") == datetime(2026, 12, 10, 10, 0, tzinfo=UTC)
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Berlin"
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CONFIRMED", 0)
    send_by = before[f"sendby-{meeting['id']}@bowout"]
    assert "Globex" in str(send_by["SUMMARY"])
    service.decline(at(db), "Globex", confirm=True)
    after = parse_feed(service.calendar_feed(at(db)))
    assert (str(after[uid]["STATUS"]), int(after[uid]["SEQUENCE"])) == ("CANCELLED", 1)
    assert f"sendby-{meeting['id']}@bowout" not in after


def test_a_cancellation_file_names_the_invitation_and_attaches_to_a_draft(db: Store) -> None:
    load(db, "google_invite.ics")
    meeting = interviews(db, "Acme")[0]
    ics = service.cancellation(at(db), meeting["id"])  # drafted before it is cancelled
    service.update_interview(at(db), meeting["id"], status="cancelled")
    assert service.cancellation(at(db), meeting["id"]) == ics  # the same file afterwards
    held = service.add_interview(at(db), "Globex", "2026-12-01T10:00", zone="Europe/Berlin")
    service.update_interview(at(db), held["id"], status="done")
    with pytest.raises(Conflict):
        service.cancellation(at(db), held["id"])
    calendar = icalendar.Calendar.from_ical(ics)
    [event] = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["UID"]) == "7kq3v0o1c2b9s8h4n5m6l7p0qr@google.com"
    assert int(event["SEQUENCE"]) == 1
    draft = EmailMessage()
    draft["Subject"] = "Cancelling Thursday"
    draft.set_content("Hi Dana, ...")
    feed.attach_cancellation(draft, ics)
    parsed = message_from_bytes(draft.as_bytes(), policy=policy.default)
    [part] = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "CANCEL"
    assert b"METHOD:CANCEL" in part.get_payload(decode=True)


def _custom_zone_invite(offset: str, uid: str) -> bytes:
    """An invitation at 10:00 in a zone the file defines itself (as Lotus Notes and some
    booking tools write it), its TZID known to no zone database."""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Booking tool//EN\r\nMETHOD:REQUEST\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:Recruiting Office Time\r\n"
        f"BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:{offset}\r\n"
        f"TZOFFSETTO:{offset}\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261130T080000Z\r\n"
        "DTSTART;TZID=Recruiting Office Time:20261207T100000\r\n"
        "DTEND;TZID=Recruiting Office Time:20261207T103000\r\n"
        "SUMMARY:Interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def test_each_file_s_times_are_read_against_its_own_zone_definitions() -> None:
    # icalendar remembers the first definition of a TZID for the whole process; a server
    # reading many senders' files must not let one file's definition move another's times.
    from bowout.pipeline.invites import reading

    [first] = reading.read(_custom_zone_invite("+0500", "a@x"), zone="Europe/Berlin")
    [second] = reading.read(_custom_zone_invite("+0100", "b@x"), zone="Europe/Berlin")
    assert isinstance(first, reading.Invite) and isinstance(second, reading.Invite)
    assert first.start is not None and second.start is not None
    assert first.start.isoformat() == "2026-12-07T06:00:00+01:00"
    assert second.start.isoformat() == "2026-12-07T10:00:00+01:00"
    assert (first.minutes, second.minutes) == (30, 30)


@pytest.mark.parametrize(
    ("tzid", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("/mozilla.org/20050126_1/America/New_York", "America/New_York"),
        (
            "/citadel.org/20190914_1/America/Argentina/Buenos_Aires",
            "America/Argentina/Buenos_Aires",
        ),
        ("W. Europe Standard Time", "Europe/Berlin"),
    ],
)
def test_a_tzid_naming_a_real_zone_keeps_it(tzid: str, zone: str) -> None:
    from bowout.pipeline.invites import reading

    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:z@x\r\n"
        f"DTSTAMP:20261130T080000Z\r\nDTSTART;TZID={tzid}:20261207T100000\r\n"
        "DURATION:PT45M\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    [invite] = reading.read(data, zone="UTC")
    assert isinstance(invite, reading.Invite) and invite.start is not None
    assert (invite.zone, invite.start.hour, invite.minutes) == (zone, 10, 45)


def test_an_event_without_its_calendar_around_it_is_still_read() -> None:
    # Some tools export a bare VEVENT; icalendar then returns the event, not a calendar.
    from bowout.pipeline.invites import reading

    data = b"BEGIN:VEVENT\r\nUID:a@x\r\nDTSTART:20261207T100000Z\r\nEND:VEVENT\r\n"
    [invite] = reading.read(data, zone="Europe/Berlin")
    assert isinstance(invite, reading.Invite) and invite.start is not None
    assert invite.start.isoformat() == "2026-12-07T11:00:00+01:00"
