"""People, a person, the ledger and a late answer in the web app, and their REST endpoints:
the same JSON as the service, forms that change who is who, and the notes on other pages."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bowout import service
from bowout.config import Settings
from bowout.pipeline.store import Store
from bowout.web.app import create_app

API = {"X-Bowout-Client": "tests"}
LOCAL = "http://127.0.0.1:8765"
SETTINGS = Settings(me="Sam Okafor", timezone="Europe/Berlin")
WEEK_AGO = (datetime.now(UTC) - timedelta(days=7)).replace(microsecond=0).isoformat()
XSS = '<script>alert("x")</script>'


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite3'}"


@pytest.fixture
def client(url: str, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(SETTINGS, url, config_file=tmp_path / "config.toml")
    with TestClient(
        app, base_url=LOCAL, raise_server_exceptions=False, follow_redirects=True
    ) as test_client:
        yield test_client


def api(
    client: TestClient, method: str, path: str, body: object = None, status: int = 200
) -> object:
    response = client.request(method, f"/api/v1{path}", json=body, headers=API)
    assert response.status_code == status, response.text
    return response.json()


def csrf(client: TestClient) -> str:
    found = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', client.get("/people").text)
    assert found
    return found.group(1)


def add(client: TestClient, company: str, contact: str) -> int:
    created = api(client, "POST", "/processes", {"company": company, "contacts": [contact]}, 201)
    return int(created["id"])  # type: ignore[index]


def waiting(client: TestClient, company: str) -> None:
    """Their message, a week old and unanswered."""
    message = {"process": company, "direction": "in", "text": "Still there?", "at": WEEK_AGO}
    api(client, "POST", "/messages", message, 201)


def same(url: str, call: str, *args: object) -> object:
    store = Store(url)
    try:
        result = getattr(service, call)(service.Context(SETTINGS, store=store), *args)
    finally:
        store.close()
    return result


def test_the_pages_render_and_the_api_gives_the_services_json(client: TestClient, url: str) -> None:
    add(client, "Northwind", "Dana Reyes <dana@talentbridge.example> linkedin.com/in/dana-reyes")
    add(client, "Quantis", "Dana Reyes <dana@hirewell.example> linkedin.com/in/dana-reyes")
    people = api(client, "GET", "/people")
    assert people == same(url, "list_people")
    (dana,) = people["people"]  # type: ignore[index]
    assert dana["companies"] == ["Northwind", "Quantis"]
    assert api(client, "GET", f"/people/{dana['id']}")["processes"][1]["email"] == (  # type: ignore[index]
        "dana@hirewell.example"
    )
    for path in ("/people", f"/people/{dana['id']}", "/ledger"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert 'aria-current="page"' in page.text
    person = client.get(f"/people/{dana['id']}").text
    assert "dana@talentbridge.example" in person and "dana@hirewell.example" in person
    assert "same LinkedIn profile" in person  # how they became one, with an undo button
    assert client.get("/people/999").status_code == 404


def test_the_same_name_is_asked_about_and_the_forms_merge_undo_and_keep_apart(
    client: TestClient,
) -> None:
    add(client, "Acme", "Lee Park <lee@acme.example>")
    add(client, "Acme Labs", "Lee Park <l.park@acme.example>")
    page = client.get("/people").text
    assert "The same person?" in page and "both at acme.example" in page
    token = csrf(client)
    merged = client.post("/people/merge", data={"csrf_token": token, "keep": "1", "other": "2"})
    assert "Merged." in merged.text
    assert len(api(client, "GET", "/people")["people"]) == 1  # type: ignore[index]
    change = re.search(r'action="/people/changes/(\d+)/undo"', merged.text)
    assert change
    undone = client.post(f"/people/changes/{change.group(1)}/undo", data={"csrf_token": token})
    assert undone.status_code == 200
    assert len(api(client, "GET", "/people")["people"]) == 2  # type: ignore[index]
    apart = api(client, "POST", "/people/apart", {"first": "1", "second": "2"})
    assert apart["change"]["kind"] == "apart"  # type: ignore[index]
    assert "The same person?" not in client.get("/people").text
    assert client.post("/people/merge", data={"keep": "1", "other": "2"}).status_code == 403


def test_split_and_undo_through_the_api(client: TestClient) -> None:
    add(client, "Acme", "Sam Lee <sam@one.example>")
    add(client, "Globex", "Sam Lee <sam@one.example>")
    split = api(client, "POST", "/people/1/split", {"contacts": [2]})
    assert split["person"]["companies"] == ["Globex"]  # type: ignore[index]
    api(client, "POST", f"/people/changes/{split['change']['id']}/undo")  # type: ignore[index]
    assert len(api(client, "GET", "/people")["people"]) == 1  # type: ignore[index]
    api(client, "POST", "/people/1/split", {"contacts": [1, 2]}, 409)


def test_the_ledger_page_leads_with_the_summary_and_repairs_a_silence(
    client: TestClient, url: str
) -> None:
    add(client, "Initech", "Sam Wu <sam@initech.example>")
    waiting(client, "Initech")
    ledger = api(client, "GET", "/ledger")
    assert ledger["summary"]["text"] == "1 process ended: 1 left unanswered"  # type: ignore[index]
    page = client.get("/ledger").text
    assert "<strong>1 process ended: 1 left unanswered.</strong>" in page
    assert 'href="/ledger/1/repair"' in page
    repair = client.get("/ledger/1/repair").text
    area = r'<textarea id="repair-1-body" name="body"[^>]*>\n(.*?)</textarea>'
    body = re.search(area, repair, re.S)
    assert body and "Hi Sam," in body.group(1)
    assert "Nothing to fix" in repair
    assert "Inconvenient, but handled properly" in repair  # owned: a late answer, handled
    text = html.unescape(body.group(1))
    sent = client.post(
        "/ledger/1/repair",
        data={"csrf_token": csrf(client), "body": text, "subject": "Late, but here"},
    )
    assert "the ledger shows it answered" in sent.text
    assert "late with an apology" in sent.text
    after = api(client, "GET", "/ledger")
    assert after == same(url, "ledger") | {"now": after["now"]}  # type: ignore[operator, index]
    assert after["processes"][0]["ending"] == "answered_late"  # type: ignore[index]


def test_late_reply_and_process_draft_endpoints(client: TestClient) -> None:
    add(client, "Initech", "Sam Wu <sam@initech.example>")
    waiting(client, "Initech")
    plan = api(client, "POST", "/processes/Initech/late-reply", {})
    assert plan["draft"]["scenario"] == "late-reply" and plan["recorded"] is None  # type: ignore[index]
    drafted = api(client, "POST", "/processes/Initech/draft",
                  {"scenario": "comp-check", "details": {"range": "EUR 90k"}})  # fmt: skip
    assert "slow reply" in drafted["body"] or "so long" in drafted["body"]  # type: ignore[index]
    api(client, "POST", "/processes/Initech/draft", {"scenario": "nope"}, 404)
    done = api(client, "POST", "/processes/Initech/late-reply", {"confirm": True})
    assert done["ledger"]["ending"] == "answered_late"  # type: ignore[index]


def test_someone_met_before_is_noted_on_the_process_page_and_today(client: TestClient) -> None:
    add(client, "Northwind", "Dana Reyes <dana@a.example>")
    api(client, "POST", "/processes/Northwind/stage", {"stage": "declined"})
    second = add(client, "Quantis", "Dana Reyes <dana@a.example>")
    page = client.get(f"/processes/{second}").text
    assert "You have met before" in page
    assert 'href="/people/1"' in page and "Northwind" in page
    waiting(client, "Quantis")
    today = client.get("/").text
    assert "Met before:" in today and "Northwind" in today


def test_names_are_escaped(client: TestClient) -> None:
    add(client, XSS, "Dana & <b>Co</b> <x@acme.example>")
    for path in ("/people", "/people/1"):
        html = client.get(path).text
        assert XSS not in html and "&lt;script&gt;" in html
