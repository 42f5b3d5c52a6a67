"""Mail in over a real store: a Takeout mbox, a Maildir and .eml files become threads, matched
processes, proposals and reply debt; importing twice changes nothing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bowout import service
from bowout.config import Settings
from bowout.errors import Conflict, InvalidInput
from bowout.pipeline.schema import Contact, MailMessage, MailThread, Message
from bowout.pipeline.store import Store

DATA = Path(__file__).parents[1] / "data" / "mail"
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
SETTINGS = Settings(me="Alex Kim", timezone="Europe/Berlin", addresses=("alex.kim@example.org",))


def at(db: Store, now: datetime = NOW) -> service.Context:
    return service.Context(SETTINGS, now=now, store=db)


@pytest.fixture
def db(store_url: str) -> Iterator[Store]:
    store = Store(store_url)
    ctx = at(store)
    service.add_process(
        ctx, "Acme", role="Backend Engineer", contacts=("Dana Reyes <dana@acme.example>",)
    )
    service.add_process(ctx, "Globex", contacts=("Sam Lee <sam.lee@globex.example>",))
    service.add_process(ctx, "Initech")
    yield store
    store.close()


def import_(db: Store, path: Path | str, now: datetime = NOW) -> dict:  # type: ignore[type-arg]
    return service.import_mail(at(db, now), str(path))


def owed(db: Store, now: datetime = NOW) -> dict[str, dict]:  # type: ignore[type-arg]
    items = service.status(at(db, now))["items"]
    return {i["company"]: i for i in items if i["kind"] == "reply_owed"}


def test_a_takeout_mbox_shows_who_waits_for_an_answer(db: Store) -> None:
    report = import_(db, DATA / "takeout.mbox")
    assert report["read"] == 9 and report["new"] == 9
    assert report["skipped_count"] == 1
    assert "Date" in report["skipped"][0]["reason"]
    waiting = {w["company"]: w for w in report["waiting"]}
    # Dana's portfolio question came after Alex's answer; Pat asks to confirm the invitation.
    assert set(waiting) == {"Acme", "Initech"}
    assert waiting["Acme"]["since"] == "2026-11-24T08:05:00+00:00"
    assert waiting["Acme"]["from"] == "dana@acme.example"
    items = owed(db)
    assert set(items) == {"Acme", "Initech"}  # Globex: Sam asked nothing, and Alex wrote last
    assert {i["source"] for i in items.values()} == {"mail"}
    assert items["Acme"]["severity"] == "overdue"  # six days
    # Pat writes from initech.example: the domain spells the company, so Pat became a contact.
    added = report["contacts_added"]
    assert [(a["process"], a["name"], a["email"]) for a in added] == [
        (3, "Pat Müller-Morgan", "pat@initech.example")
    ]
    acme = service.show_process(at(db), "Acme")
    initech = service.show_process(at(db), "Initech")
    with db.read() as session:
        # the notice from the tracking system and the bulk newsletter are threads nobody owes
        automated = session.scalars(select(MailThread).where(MailThread.automated)).all()
    assert [m["direction"] for m in acme["messages"]] == ["in", "out", "in"]
    assert acme["messages"][2]["body"].startswith("Great, it's in the calendar.")
    assert "Thursday at 10:00 works" in acme["messages"][1]["body"]
    assert "> " not in acme["messages"][1]["body"]  # the quoted history is not kept
    assert {t.subject for t in automated} == {
        "Thank you for applying to Globex",
        "25 new roles you might like",
    }
    # the invitation attached to Pat's mail became Initech's interview, in New York time
    assert report["calendar"]["added"][0]["company"] == "Initech"
    assert initech["interviews"][0]["start"] == "2026-12-09T10:00:00-05:00"
    assert initech["interviews"][0]["zone"] == "America/New_York"
    assert initech["stage"] == "interviewing"


def test_an_unknown_recruiter_s_approach_is_proposed_never_created(db: Store) -> None:
    import_(db, DATA / "takeout.mbox")
    found = service.mail_proposals(at(db))
    companies = {p["company"] for p in service.list_processes(at(db))}
    assert companies == {"Acme", "Globex", "Initech"}
    assert len(found) == 1
    proposal = found[0]
    assert proposal["proposal"] == "approach"
    assert proposal["from"] == "jordan@talentbridge.example"
    assert proposal["subject"] == "Senior Platform Engineer – Hooli"
    made = service.confirm_proposal(
        at(db), proposal["id"], company="Hooli", role="Senior Platform Engineer"
    )
    process = made["process"]
    assert process["company"] == "Hooli" and process["source"] == "mail"
    assert process["contacts"][0]["email"] == "jordan@talentbridge.example"
    assert [m["subject"] for m in process["messages"]] == ["Senior Platform Engineer – Hooli"]
    assert owed(db)["Hooli"]["source"] == "mail"  # Jordan asked for a call
    with pytest.raises(Conflict):
        service.confirm_proposal(at(db), proposal["id"])
    assert service.mail_proposals(at(db)) == []


def test_a_dismissed_proposal_stays_dismissed_on_the_next_import(db: Store, tmp_path: Path) -> None:
    import_(db, DATA / "takeout.mbox")
    proposal = service.mail_proposals(at(db))[0]
    assert service.dismiss_proposal(at(db), proposal["id"])["proposal_state"] == "dismissed"
    copy = tmp_path / "again.mbox"
    shutil.copy(DATA / "takeout.mbox", copy)
    import_(db, copy)
    assert service.mail_proposals(at(db)) == []


def test_importing_the_same_mail_twice_changes_nothing(db: Store, tmp_path: Path) -> None:
    first = import_(db, DATA / "takeout.mbox")
    again = import_(db, DATA / "takeout.mbox")
    assert again["unchanged"] is True and again["new"] == 0
    copy = tmp_path / "export-2.mbox"  # the same export under another name is read, not stored
    shutil.copy(DATA / "takeout.mbox", copy)
    third = import_(db, copy)
    assert third["unchanged"] is False
    assert (third["new"], third["already_known"]) == (0, 9)
    assert third["waiting"] == first["waiting"]
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(MailMessage)) == 9
        assert session.scalar(select(func.count()).select_from(Message)) == 6
        assert session.scalar(select(func.count()).select_from(Contact)) == 3


def test_a_maildir_s_replied_flag_and_sent_folder_settle_the_debt(db: Store) -> None:
    report = import_(db, DATA / "maildir")
    assert report["read"] == 4 and report["skipped_count"] == 0
    items = owed(db)
    # Dana's salary question carries the R flag; Pat's question was answered from Sent with a
    # reply that names no Message-ID (found by its subject and Pat's address).
    assert set(items) == {"Globex"}
    assert items["Globex"]["age_hours"] == 2.0
    with db.read() as session:
        pat = session.scalars(
            select(MailThread).where(MailThread.subject == "Onsite logistics")
        ).one()
        assert [m.direction for m in pat.messages] == ["in", "out"]
        assert pat.messages[1].folder == "Sent"


def test_a_flag_set_later_settles_on_the_next_import(db: Store, tmp_path: Path) -> None:
    box = tmp_path / "Maildir"
    shutil.copytree(DATA / "maildir", box)
    import_(db, box)
    assert "Globex" in owed(db)
    unanswered = box / "cur" / "1764600002.M2P102.laptop:2,S"
    unanswered.rename(box / "cur" / "1764600002.M2P102.laptop:2,RS")
    report = import_(db, box)
    assert report["flags_changed"] == 1 and report["new"] == 0
    assert "Globex" not in owed(db)


def test_an_answer_logged_by_hand_settles_mail_debt_too(db: Store) -> None:
    import_(db, DATA / "maildir")
    service.log_message(at(db), "Globex", "out", "Hi Sam, it is three months. Best, Alex")
    assert "Globex" not in owed(db)


def test_eml_files_are_read_for_what_they_say(db: Store) -> None:
    service.add_process(at(db), "Umbrella")
    report = import_(db, DATA / "eml")
    assert report["read"] == 2 and report["skipped_count"] == 1
    assert report["skipped"][0]["name"] == "junk.eml"
    with db.read() as session:
        readings = {t.subject: t.reading for t in session.scalars(select(MailThread))}
    assert readings == {"Your offer from Acme": "offer", "Your application": "rejection"}
    assert set(owed(db)) == {"Acme"}  # the offer asks for an answer by Friday; the rejection not
    again = import_(db, DATA / "eml" / "offer.eml")  # no Message-ID: known by its content
    assert (again["new"], again["already_known"]) == (0, 1)


def test_a_reply_read_before_its_parent_joins_one_thread(db: Store, tmp_path: Path) -> None:
    mbox = (DATA / "takeout.mbox").read_bytes()
    parts = mbox.split(b"\nFrom 1849912400000001234")
    later = tmp_path / "later.mbox"
    later.write_bytes(b"From 1849912400000001234" + parts[1].split(b"\nFrom 18499125")[0] + b"\n")
    import_(db, later)  # Dana's follow-up first, naming two messages not seen yet
    import_(db, DATA / "takeout.mbox")
    with db.read() as session:
        acme = session.scalars(
            select(MailThread).where(MailThread.subject_key == "next steps: technical interview")
        ).all()
        assert len(acme) == 1
        assert len(acme[0].messages) == 3


def test_a_path_that_is_not_mail_is_a_clear_error(db: Store, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as missing:
        import_(db, tmp_path / "nowhere.mbox")
    assert missing.value.field == "path"
    (tmp_path / "empty").mkdir()
    with pytest.raises(InvalidInput, match="neither a Maildir"):
        import_(db, tmp_path / "empty")
    binary = tmp_path / "picture.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(InvalidInput, match="not an mbox"):
        import_(db, binary)


def test_an_export_keeps_what_came_from_mail_and_calendar(db: Store, store_url: str) -> None:
    import_(db, DATA / "takeout.mbox")
    exported = service.export(at(db))
    assert '"origin": "mail"' in exported and '"uid": "4F2D8C1A' in exported
    if not store_url.startswith("sqlite"):
        return
    other = Store(store_url.replace("store.sqlite3", "other.sqlite3"))
    service.import_text(at(other), exported, fmt="json")
    assert service.export(at(other)) == exported
    # the copies stay mail's: they are not taken for messages logged by hand and owed again
    assert {i["source"] for i in service.status(at(other))["items"]} <= {"calendar"}
    # the same mail read again into the restored store finds its copies: nothing twice
    service.import_mail(at(other), str(DATA / "takeout.mbox"))
    assert service.export(at(other)) == exported
    other.close()


def test_a_proposal_matched_later_by_a_new_process_leaves_the_list(db: Store) -> None:
    import_(db, DATA / "takeout.mbox")
    assert len(service.mail_proposals(at(db))) == 1
    service.add_process(at(db), "Talentbridge", contacts=("Jordan <jordan@talentbridge.example>",))
    import_(db, DATA / "eml" / "offer.eml")  # any later import looks at open proposals again
    assert service.mail_proposals(at(db)) == []
    assert "Talentbridge" in owed(db)  # Jordan's question is now Talentbridge's to answer


def eml(tmp_path: Path, name: str, ident: str, subject: str, refs: str = "") -> Path:
    path = tmp_path / name
    path.write_text(
        "From: Dana Reyes <dana@acme.example>\nTo: alex.kim@example.org\n"
        f"Subject: {subject}\nDate: Fri, 27 Nov 2026 10:00:00 +0100\nMessage-ID: <{ident}>\n"
        + (f"References: {refs}\n" if refs else "")
        + "\nThanks, noted.\n"
    )
    return path


def test_a_message_naming_two_threads_joins_them_into_one(db: Store, tmp_path: Path) -> None:
    import_(db, eml(tmp_path, "a.eml", "a1@acme.example", "Schedule for the onsite"))
    import_(db, eml(tmp_path, "b.eml", "b1@acme.example", "Your travel booking"))
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(MailThread)) == 2
    both = "<a1@acme.example> <b1@acme.example>"
    import_(db, eml(tmp_path, "c.eml", "c1@acme.example", "Re: both", refs=both))
    with db.read() as session:
        [thread] = session.scalars(select(MailThread)).all()
        assert sorted(m.message_key for m in thread.messages) == [
            "a1@acme.example", "b1@acme.example", "c1@acme.example",
        ]  # fmt: skip
    later = eml(tmp_path, "d.eml", "d1@acme.example", "Re: travel", refs="<b1@acme.example>")
    import_(db, later)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(MailThread)) == 1


def _sent_mbox(path: Path, when: str, body: str) -> Path:
    """An mbox holding one message the user sent to Globex's recruiter, as Takeout writes it."""
    path.write_text(
        "From 1790000000000000000@xxx Mon Dec 01 09:00:00 +0000 2026\n"
        "X-Gmail-Labels: Sent\n"
        "Message-ID: <withdraw-1@example.org>\n"
        f"Date: {when}\n"
        "From: Alex Kim <alex.kim@example.org>\n"
        "To: Sam Lee <sam.lee@globex.example>\n"
        "Subject: My application\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "\n"
        f"{body}\n\n",
        encoding="utf-8",
    )
    return path


def test_a_withdrawal_sent_from_the_mail_client_settles_the_one_owed(
    db: Store, tmp_path: Path
) -> None:
    service.accept(at(db), "Acme")  # Globex and Initech are owed a withdrawal
    before = {f["company"]: f for f in service.followups(at(db))}
    assert before["Globex"]["kind"] == "withdrawal"
    later = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    body = (
        "Hi Sam, thank you for your time. I have accepted another offer, so I am withdrawing "
        "my application for the role. Best wishes, Alex"
    )
    import_(db, _sent_mbox(tmp_path / "sent.mbox", "Tue, 01 Dec 2026 09:00:00 +0000", body), later)
    after = {f["company"] for f in service.followups(at(db, later))}
    assert "Globex" not in after and "Initech" in after
    assert service.show_process(at(db, later), "Globex")["stage"] == "withdrawn"


def test_a_decline_sent_before_the_withdrawal_was_owed_settles_nothing(
    db: Store, tmp_path: Path
) -> None:
    body = "Hi Sam, thank you, but I have decided to withdraw my application. Best, Alex"
    old = _sent_mbox(tmp_path / "old.mbox", "Mon, 30 Nov 2026 08:00:00 +0000", body)
    later = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    service.accept(at(db, later), "Acme")
    import_(db, old, later)
    assert "Globex" in {f["company"] for f in service.followups(at(db, later))}
