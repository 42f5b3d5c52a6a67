"""Mail & calendar in the web app and the REST API: import, proposals, the feed (behind the
token off loopback), and the .eml draft carrying the calendar's cancellation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import icalendar
import pytest
from fastapi.testclient import TestClient

from bowout import service
from bowout.config import Settings
from bowout.pipeline.store import Store
from bowout.web.app import create_app
from bowout.web.security import feed_key

DATA = Path(__file__).parents[1] / "data"
LOCAL = "http://127.0.0.1:8765"
API = {"X-Bowout-Client": "tests"}
SETTINGS = Settings(me="Alex", timezone="Europe/Berlin", addresses=("alex.kim@example.org",))


@pytest.fixture
def store_path(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    store = Store(url)
    ctx = service.Context(SETTINGS, store=store)
    service.add_process(ctx, "Acme", contacts=("Dana Reyes <dana@acme.example>",))
    service.add_process(ctx, "Initech")
    store.close()
    return url


@pytest.fixture
def client(store_path: str, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(SETTINGS, store_path, config_file=tmp_path / "config.toml")
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as test_client:
        yield test_client


def csrf(client: TestClient, page: str = "/mail") -> str:
    found = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', client.get(page).text)
    assert found
    return found.group(1)


def test_the_page_imports_a_takeout_mbox_and_shows_who_waits(client: TestClient) -> None:
    page = client.get("/mail")
    assert page.status_code == 200 and "Mail &amp; calendar" in page.text
    assert 'href="/mail"' in page.text  # in the navigation
    mbox = (DATA / "mail" / "takeout.mbox").read_bytes()
    done = client.post(
        "/mail/import",
        data={"csrf_token": csrf(client)},
        files={"file": ("takeout.mbox", mbox, "application/mbox")},
    )
    assert done.status_code == 200, done.text
    assert "Read 9 messages: 9 new" in done.text
    assert "Interview added to" in done.text  # the invitation attached to Pat's mail
    waiting = done.text.split('aria-label="Waiting for an answer"')[1].split("</ul>")[0]
    assert "Acme" in waiting and "Initech" in waiting
    assert "Senior Platform Engineer – Hooli" in done.text  # proposed, not created
    today = client.get("/")
    assert "From your mail" in today.text


def test_a_proposal_is_confirmed_or_dismissed_from_the_page(client: TestClient) -> None:
    client.post(
        "/api/v1/mail/import?filename=takeout.mbox",
        content=(DATA / "mail" / "takeout.mbox").read_bytes(),
        headers=API,
    )
    [proposal] = client.get("/api/v1/mail/proposals").json()
    made = client.post(
        f"/mail/proposals/{proposal['id']}/confirm",
        data={"csrf_token": csrf(client), "company": "Hooli", "role": "Platform Engineer"},
    )
    assert made.status_code == 200 and "Hooli" in made.text
    assert re.search(r"/processes/\d+$", str(made.url))
    again = client.post(
        f"/mail/proposals/{proposal['id']}/dismiss", data={"csrf_token": csrf(client)}
    )
    assert again.status_code == 409


def test_the_api_gives_the_service_s_json(client: TestClient, store_path: str) -> None:
    got = client.post(
        "/api/v1/mail/import?filename=takeout.mbox",
        content=(DATA / "mail" / "takeout.mbox").read_bytes(),
        headers=API,
    )
    assert got.status_code == 200, got.text
    report = got.json()
    assert report["new"] == 9 and report["source"]["path"] == "upload: takeout.mbox"
    overview = client.get("/api/v1/mail").json()
    assert [w["company"] for w in overview["waiting"]] == ["Acme", "Initech"]
    assert overview["sources"][0]["messages"] == 9
    refused = client.post("/api/v1/mail/sync", headers=API)
    assert refused.status_code == 422 and refused.json()["field"] == "imap_host"
    invite = (DATA / "calendar" / "google_invite.ics").read_bytes()
    added = client.post("/api/v1/calendar/import?filename=invite.ics", content=invite, headers=API)
    assert added.json()["added"][0]["company"] == "Acme"
    feed = client.get("/api/v1/calendar.ics")
    assert feed.headers["content-type"].startswith("text/calendar")
    summaries = {
        str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    }
    assert "Interview: Acme" in summaries
    junk = client.post("/api/v1/mail/import?filename=x.mbox", content=b"\x00\x01", headers=API)
    assert junk.status_code == 422


def test_the_feed_is_open_on_loopback_and_needs_its_key_elsewhere(
    store_path: str, tmp_path: Path
) -> None:
    with TestClient(create_app(SETTINGS, store_path), base_url=LOCAL) as local:
        assert local.get("/calendar.ics").status_code == 200
    guarded = Settings(token="s3cret-token", host="0.0.0.0")
    app = create_app(guarded, store_path, config_file=tmp_path / "c.toml")
    with TestClient(app, base_url="http://bowout.example") as remote:
        assert remote.get("/calendar.ics").status_code == 401
        assert remote.get("/calendar.ics?key=guess").status_code == 401
        key = feed_key("s3cret-token")
        assert remote.get(f"/calendar.ics?key={key}").status_code == 200
        assert remote.get(f"/mail?key={key}").status_code == 401  # the key opens the feed only
        bearer = {"Authorization": "Bearer s3cret-token"}
        assert f"/calendar.ics?key={key}" in remote.get("/mail", headers=bearer).text


def test_a_drafted_decline_carries_the_invitation_s_cancellation(client: TestClient) -> None:
    client.post(
        "/api/v1/calendar/import?filename=invite.ics",
        content=(DATA / "calendar" / "google_invite.ics").read_bytes(),
        headers=API,
    )
    draft = client.post(
        "/eml",
        data={
            "csrf_token": csrf(client, "/assistant"),
            "subject": "Thursday",
            "body": "Hi Dana, I have accepted another offer, so I am withdrawing. Thank you.",
            "scenario": "accepted-offer",
            "process": "1",
        },
    )
    assert draft.status_code == 200, draft.text
    parsed = message_from_bytes(draft.content, policy=policy.default)
    [part] = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "CANCEL"
    assert b"UID:7kq3v0o1c2b9s8h4n5m6l7p0qr@google.com" in part.get_payload(decode=True)
