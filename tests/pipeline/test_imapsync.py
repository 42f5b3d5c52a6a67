"""IMAP sync against the real server (dovecot): first sync, incremental sync, a reply in Sent
settling the debt, \\Answered set elsewhere, a connection dropped midway, a wrong password."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bowout import service
from bowout.config import Settings
from bowout.errors import InvalidInput, RemoteError
from bowout.pipeline.inbox import imapsync
from bowout.pipeline.schema import MailMessage, MailSource
from bowout.pipeline.store import Store
from tests.imapserver import CuttingProxy, ImapServer

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def letter(
    number: int,
    *,
    sender: str = "Dana Reyes <dana@acme.example>",
    to: str = "alex@example.org",
    subject: str = "Next steps",
    body: str = "Would Thursday at 10:00 work for you?",
    reply_to: str | None = None,
    at: datetime = NOW - timedelta(days=2),
    extra: str = "",
) -> bytes:
    headers = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Date: {at.strftime('%a, %d %b %Y %H:%M:%S +0000')}",
        f"Message-ID: <msg-{number}@test.example>",
    ]
    if reply_to:
        headers += [f"In-Reply-To: <{reply_to}>", f"References: <{reply_to}>"]
    text = "\r\n".join(headers) + "\r\n" + extra + "Content-Type: text/plain\r\n\r\n" + body
    return (text + "\r\n").encode()


@pytest.fixture
def db(store_url: str) -> Iterator[Store]:
    store = Store(store_url)
    ctx = service.Context(Settings(), now=NOW, store=store)
    service.add_process(ctx, "Acme", contacts=("Dana <dana@acme.example>",))
    service.add_process(ctx, "Globex", contacts=("Sam <sam@globex.example>",))
    yield store
    store.close()


def account(server: ImapServer, user: str, **changes: object) -> imapsync.Account:
    values: dict[str, object] = {
        "host": server.host, "port": server.port, "user": user, "password": server.password,
        "cafile": server.cafile, "timeout": 10.0,
    }  # fmt: skip
    values.update(changes)
    return imapsync.Account(**values)  # type: ignore[arg-type]


def sync(db: Store, acct: imapsync.Account, **options: object) -> dict:  # type: ignore[type-arg]
    return imapsync.sync(db.write, acct, now=NOW, **options)  # type: ignore[arg-type]


def owed(db: Store) -> set[str]:
    items = service.status(service.Context(Settings(), now=NOW, store=db))["items"]
    return {i["company"] for i in items if i["kind"] == "reply_owed"}


def test_first_and_incremental_sync_and_a_reply_in_sent(db: Store, imap_server: ImapServer) -> None:
    user = imap_server.new_user()
    imap_server.append(user, "INBOX", letter(1))
    imap_server.append(
        user, "INBOX", letter(2, sender="Jobs <no-reply@jobs.example>", subject="New roles",
                              body="Can we interest you in 20 new roles?",
                              extra="List-Unsubscribe: <https://jobs.example/u>\r\n"),
    )  # fmt: skip
    imap_server.append(
        user, "INBOX", letter(3, sender="Sam <sam@globex.example>", subject="Thanks",
                              body="Thank you for today. We will be in touch."),
    )  # fmt: skip
    acct = account(imap_server, user)
    first = sync(db, acct)
    assert first["new"] == 3
    assert [f["folder"] for f in first["folders"]] == ["INBOX", "Sent"]
    assert [w["company"] for w in first["waiting"]] == ["Acme"]
    assert owed(db) == {"Acme"}
    # read-only: nothing was marked seen on the server
    assert all("\\Seen" not in flags for flags in imap_server.flags(user, "INBOX").values())

    again = sync(db, acct)
    assert again["new"] == 0 and again["already_known"] == 0  # nothing was even fetched
    imap_server.append(
        user, "INBOX", letter(4, sender="Sam <sam@globex.example>", subject="Notice period",
                              body="Could you tell me your notice period?"),
    )  # fmt: skip
    third = sync(db, acct)
    assert third["new"] == 1
    assert owed(db) == {"Acme", "Globex"}

    reply = letter(5, sender="Alex <" + user + ">", to="dana@acme.example",
                   subject="Re: Next steps", body="Thursday works.", reply_to="msg-1@test.example",
                   at=NOW - timedelta(hours=1))  # fmt: skip
    imap_server.append(user, "Sent", reply, flags="(\\Seen)")
    fourth = sync(db, acct)
    assert fourth["new"] == 1
    assert owed(db) == {"Globex"}
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(MailMessage)) == 5


def test_answered_elsewhere_settles_on_the_next_sync(db: Store, imap_server: ImapServer) -> None:
    user = imap_server.new_user()
    imap_server.append(user, "INBOX", letter(1))
    acct = account(imap_server, user)
    sync(db, acct)
    assert owed(db) == {"Acme"}
    imap_server.mark_answered(user, "INBOX", 1)  # answered from the phone, say
    report = sync(db, acct)
    assert report["new"] == 0 and report["flags_changed"] == 1
    assert owed(db) == set()


def test_a_connection_dropped_midway_keeps_what_was_read_and_resumes(
    db: Store, imap_server: ImapServer
) -> None:
    user = imap_server.new_user()
    for number in range(1, 31):
        body = f"Question {number}: could you confirm? " + "x" * 2000
        imap_server.append(user, "INBOX", letter(number, subject=f"Topic {number}", body=body))
    proxy = CuttingProxy(imap_server, limit=40_000)  # about half the mailbox gets through
    try:
        cut = account(imap_server, user, port=proxy.port, host="127.0.0.1")
        with pytest.raises(RemoteError, match="sync again"):
            sync(db, cut, batch=5)
    finally:
        proxy.close()
    with db.read() as session:
        kept = session.scalar(select(func.count()).select_from(MailMessage))
        source = session.scalars(select(MailSource)).one()
        stored_uids = set(session.scalars(select(MailMessage.uid)))
    assert 0 < kept < 30
    assert kept % 5 == 0  # whole batches only
    assert source.last_uid == kept and stored_uids == set(range(1, kept + 1))
    report = sync(db, account(imap_server, user), batch=5)
    assert report["new"] == 30 - kept
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(MailMessage)) == 30


def test_a_wrong_password_is_a_clear_error(db: Store, imap_server: ImapServer) -> None:
    user = imap_server.new_user()
    with pytest.raises(InvalidInput) as refused:
        sync(db, account(imap_server, user, password="not-the-password"))
    assert refused.value.field == "imap_password"
    assert "refused the login" in refused.value.message
    assert "not-the-password" not in refused.value.message


def test_an_untrusted_certificate_and_an_unreachable_server(
    db: Store, imap_server: ImapServer
) -> None:
    user = imap_server.new_user()
    with pytest.raises(RemoteError, match="cannot be trusted"):
        sync(db, account(imap_server, user, cafile=None))
    with pytest.raises(RemoteError, match="cannot reach"):
        sync(db, account(imap_server, user, port=1))


def test_the_password_comes_from_a_command_the_environment_or_a_private_file(
    tmp_path: Path,
) -> None:
    settings = Settings(imap_host="imap.example.org", imap_user="alex@example.org")
    with pytest.raises(InvalidInput, match="no IMAP password"):
        imapsync.account_from(settings, config_file=None, environ={})
    command = Settings(**{**settings.__dict__, "imap_password_command": "printf 's3cret\\n'"})
    assert imapsync.account_from(command, config_file=None, environ={}).password == "s3cret"
    failing = Settings(**{**settings.__dict__, "imap_password_command": "false"})
    with pytest.raises(InvalidInput, match="exited with status 1"):
        imapsync.account_from(failing, config_file=None, environ={})
    from_env = imapsync.account_from(
        settings, config_file=None, environ={"BOWOUT_IMAP_PASSWORD": "from-env"}
    )
    assert from_env.password == "from-env"
    assert "from-env" not in repr(from_env)
    file = tmp_path / "config.toml"
    file.write_text('imap_password = "in-file"\n')
    in_file = Settings(**{**settings.__dict__, "imap_password": "in-file"})
    file.chmod(0o644)
    with pytest.raises(InvalidInput, match="chmod 600"):
        imapsync.account_from(in_file, config_file=file, environ={})
    file.chmod(0o600)
    assert imapsync.account_from(in_file, config_file=file, environ={}).password == "in-file"


def test_a_sent_folder_named_in_another_language(db: Store, imap_server: ImapServer) -> None:
    """The user names the folder as they see it ("Envoyés"); the server keeps it in modified
    UTF-7. Its messages are read as sent, and the report names it as the user does."""
    user = imap_server.new_user()
    imap_server.append(user, "INBOX", letter(1))
    reply = letter(2, sender="Alex <" + user + ">", to="dana@acme.example",
                   subject="Re: Next steps", body="Thursday works.", reply_to="msg-1@test.example",
                   at=NOW - timedelta(hours=1))  # fmt: skip
    imap_server.append(user, "Envoy&AOk-s", reply, flags="(\\Seen)")
    report = sync(db, account(imap_server, user, sent="Envoyés"))
    assert [f["folder"] for f in report["folders"]] == ["INBOX", "Envoyés"]
    assert report["new"] == 2
    assert owed(db) == set()  # the reply in the sent folder settled Acme's question
    with db.read() as session:
        stored = session.execute(select(MailMessage.direction, MailMessage.folder)).all()
    # the store keeps the server's spelling: the folder's stable key, what SELECT needs
    assert sorted(map(tuple, stored)) == [("in", "INBOX"), ("out", "Envoy&AOk-s")]
