"""The REST API: every endpoint, its JSON (the CLI's), its errors, and the OpenAPI document."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import hypothesis
import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.checks import not_a_server_error

from bowout import service
from bowout.config import Settings
from bowout.web.app import create_app

API = {"X-Bowout-Client": "tests"}
LOCAL = "http://127.0.0.1:8765"
DECLINE = (
    "Hi Dana,\n\nThank you for the time you spent on my application. I have accepted an offer "
    "elsewhere, so I am withdrawing from the process.\n\nI hope our paths cross again."
    "\n\nBest,\nAlex"
)
SOON = (datetime.now(UTC) + timedelta(days=5)).replace(microsecond=0).isoformat()


@pytest.fixture
def client(store_url: str) -> Iterator[TestClient]:
    """The app over a fresh store: SQLite, and PostgreSQL when one is configured (CI)."""
    settings = Settings(me="Alex", timezone="Europe/Berlin")
    app = create_app(settings, store_url)
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as test_client:
        yield test_client


def post(client: TestClient, path: str, body: object, status: int = 200) -> object:
    response = client.post(path, json=body, headers=API)
    assert response.status_code == status, response.text
    return response.json()


def test_advise_matches_the_service() -> None:
    situation = {"reason": "anxiety", "now": "2026-11-26T09:00+01:00"}
    app = create_app(Settings())
    with TestClient(app, base_url=LOCAL) as client:
        got = post(client, "/api/v1/advise", situation)
    assert got == service.advise(service.Context(), situation)
    assert got["action"] == "attend"  # type: ignore[index]


def test_advise_reports_the_field_to_fix(client: TestClient) -> None:
    got = post(client, "/api/v1/advise", {"reason": "bored"}, 422)
    assert got["error"] == "InvalidInput"  # type: ignore[index]
    assert got["field"] == "reason"  # type: ignore[index]
    bad_time = {"reason": "schedule_conflict", "interview_at": "tomorrow"}
    got = post(client, "/api/v1/advise", bad_time, 422)
    assert got["field"] == "interview_at"  # type: ignore[index]


def test_slots_are_concrete_and_in_the_future(client: TestClient) -> None:
    got = post(client, "/api/v1/slots", {"available": ["Tue 12:00-17:00", "Thu 09:00-12:00"]})
    slots = got["slots"]  # type: ignore[index]
    assert 1 <= len(slots) <= 3
    assert all(datetime.fromisoformat(s["start"]) > datetime.now(UTC) for s in slots)
    assert post(client, "/api/v1/slots", {"count": 9}, 422)["field"] == "count"  # type: ignore[index]


def test_draft_uses_the_users_name_from_settings(client: TestClient) -> None:
    body = {"scenario": "accepted-offer", "details": {"to": "Dana", "company": "Acme"}}
    got = post(client, "/api/v1/draft", body)
    assert got["scenario"] == "accepted-offer"  # type: ignore[index]
    assert "Alex" in got["body"] and "Dana" in got["body"]  # type: ignore[index]
    settings = Settings(me="Alex", timezone="Europe/Berlin")
    assert got == service.draft(service.Context(settings), "accepted-offer", body["details"])


def test_draft_variant_out_of_range_is_refused(client: TestClient) -> None:
    body = {"scenario": "accepted-offer", "details": {"to": "D", "company": "A"}, "variant": 99}
    got = post(client, "/api/v1/draft", body, 422)
    assert got["field"] == "variant"  # type: ignore[index]


def test_check_finds_what_the_cli_finds(client: TestClient) -> None:
    text = "Hi Dana, maybe later I might be interested. Honestly your process was a mess."
    got = post(client, "/api/v1/check", {"text": text})
    settings = Settings(me="Alex", timezone="Europe/Berlin")
    assert got == service.check(service.Context(settings), text)
    rules = {f["rule"] for f in got["findings"]}  # type: ignore[index]
    assert "critique" in rules and "vague-deferral" in rules


def test_check_clean_decline(client: TestClient) -> None:
    got = post(client, "/api/v1/check", {"text": DECLINE, "intent": "decline"})
    assert got["findings"] == []  # type: ignore[index]
    assert got["perception"]["impact"] == "positive_or_neutral"  # type: ignore[index]


def test_check_rejects_unknown_rule_and_intent(client: TestClient) -> None:
    got = post(client, "/api/v1/check", {"text": "hi", "ignore": ["no-such-rule"]}, 422)
    assert got["field"] == "ignore"  # type: ignore[index]
    got = post(client, "/api/v1/check", {"text": "hi", "intent": "wish"}, 422)
    assert got["field"] == "intent"  # type: ignore[index]


def test_check_batch_keeps_ids_and_reports_bad_lines(client: TestClient) -> None:
    lines = [
        json.dumps({"id": "a", "text": DECLINE}),
        "not json",
        json.dumps({"id": 7, "text": "maybe later"}),
    ]
    response = client.post(
        "/api/v1/check/batch",
        content="\n".join(lines).encode(),
        headers={**API, "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    results = [json.loads(line) for line in response.text.splitlines()]
    assert [r["id"] for r in results] == ["a", None, 7]
    assert "error" in results[1] and "findings" in results[2]


def test_rules_and_explain(client: TestClient) -> None:
    rules = client.get("/api/v1/rules").json()
    assert "vague-deferral" in {r["id"] for r in rules}
    assert client.get("/api/v1/rules/critique").json()["id"] == "critique"
    missing = client.get("/api/v1/rules/nope")
    assert missing.status_code == 404 and missing.json()["error"] == "NotFound"


def test_pipeline_round_trip(client: TestClient) -> None:
    created = post(
        client,
        "/api/v1/processes",
        {"company": "Acme", "role": "Engineer", "contacts": ["Dana <dana@acme.test>"]},
        201,
    )
    pid = created["id"]  # type: ignore[index]
    assert client.get("/api/v1/processes").json()[0]["company"] == "Acme"
    assert client.get("/api/v1/processes", params={"stage": "applied"}).json()[0]["id"] == pid
    assert client.get("/api/v1/processes", params={"stage": "offer"}).json() == []

    interview = post(
        client,
        "/api/v1/interviews",
        {"process": str(pid), "at": SOON, "zone": "Europe/Berlin"},
        201,
    )
    assert client.get(f"/api/v1/processes/{pid}").json()["stage"] == "interviewing"
    listed = client.get("/api/v1/interviews", params={"process": "Acme"}).json()
    assert [i["id"] for i in listed] == [interview["id"]]  # type: ignore[index]
    moved = client.patch(
        f"/api/v1/interviews/{interview['id']}",  # type: ignore[index]
        json={"status": "confirmed"},
        headers=API,
    )
    assert moved.status_code == 200 and moved.json()["status"] == "confirmed"

    got = post(
        client, "/api/v1/messages", {"process": "Acme", "direction": "in", "text": "Hello!"}, 201
    )
    assert got["message"]["direction"] == "in"  # type: ignore[index]
    items = client.get("/api/v1/status").json()["items"]
    assert [i["kind"] for i in items] == ["reply_owed", "upcoming"]
    assert items[0]["next"] == {"action": "write_reply", "process": pid}

    edited = client.patch(f"/api/v1/processes/{pid}", json={"notes": "kind people"}, headers=API)
    assert edited.json()["notes"] == "kind people"
    staged = post(client, f"/api/v1/processes/{pid}/stage", {"stage": "offer"})
    assert staged["stage"] == "offer"  # type: ignore[index]


def test_accept_drafts_withdrawals_and_followups_close(client: TestClient) -> None:
    first = post(client, "/api/v1/processes", {"company": "Acme"}, 201)
    post(client, "/api/v1/processes", {"company": "Globex", "contacts": ["Sam"]}, 201)
    result = post(client, f"/api/v1/processes/{first['id']}/accept", {"verbal": True})  # type: ignore[index]
    withdrawals = result["withdrawals"]  # type: ignore[index]
    assert [w["company"] for w in withdrawals] == ["Globex"]
    assert "Sam" in withdrawals[0]["draft"]["body"]
    open_followups = client.get("/api/v1/followups").json()
    assert [f["kind"] for f in open_followups] == ["withdrawal"]
    done = post(client, f"/api/v1/followups/{open_followups[0]['id']}/done", {})
    assert done["done_at"]  # type: ignore[index]
    assert client.get("/api/v1/followups").json() == []


def test_store_errors_map_to_statuses(client: TestClient) -> None:
    assert client.get("/api/v1/processes/999").status_code == 404
    post(client, "/api/v1/processes", {"company": "Acme"}, 201)
    duplicate = post(client, "/api/v1/processes", {"company": "Acme"}, 409)
    assert duplicate["error"] == "Conflict"  # type: ignore[index]
    unknown = post(client, "/api/v1/processes", {"company": "X", "colour": "red"}, 422)
    assert unknown["field"] == "colour"  # type: ignore[index]


def test_state_changes_need_the_client_header(client: TestClient) -> None:
    refused = client.post("/api/v1/processes", json={"company": "Acme"})
    assert refused.status_code == 403
    assert client.get("/api/v1/processes").json() == []


def test_cross_site_requests_are_refused(client: TestClient) -> None:
    response = client.post(
        "/api/v1/check",
        json={"text": "hi"},
        headers={**API, "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403


def test_bodies_over_the_limit_are_refused(client: TestClient) -> None:
    response = client.post(
        "/api/v1/check",
        content=b'{"text": "' + b"a" * (2 * 1024 * 1024) + b'"}',
        headers={**API, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["error"] == "TooLarge"


def test_openapi_lists_every_endpoint_and_no_page(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    paths = set(document["paths"])
    for path in (
        "/api/v1/advise",
        "/api/v1/draft",
        "/api/v1/check",
        "/api/v1/check/batch",
        "/api/v1/processes",
        "/api/v1/interviews",
        "/api/v1/messages",
        "/api/v1/status",
    ):
        assert path in paths
    assert all(p.startswith("/api/v1/") for p in paths)
    assert client.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN


def test_responses_carry_security_headers(client: TestClient) -> None:
    response = client.get("/api/v1/health")
    assert response.json() == {"status": "ok"}
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert client.get("/static/app.css").headers["cache-control"] == "no-cache"


def test_unexpected_errors_show_no_trace(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(service, "check", broken)
    response = client.post("/api/v1/check", json={"text": "hi"}, headers=API)
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert response.json()["error"] == "InternalError"


# --- property-based: no input the OpenAPI document allows makes the server fail --------------

# The batch endpoint takes JSON Lines as text; send generated strings as they are.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")
_SCHEMA_STORE = Path(tempfile.mkdtemp(prefix="bowout-schema-")) / "store.sqlite3"
# Without a token the app answers only to loopback names (DNS rebinding); say so in the Host.
_LOOPBACK = {"Host": "127.0.0.1:8765"}
schema = schemathesis.openapi.from_asgi(
    "/api/v1/openapi.json",
    create_app(Settings(me="Alex"), f"sqlite:///{_SCHEMA_STORE}"),
    headers=_LOOPBACK,
)


@schema.parametrize()
@hypothesis.settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_no_input_makes_a_server_error(case: schemathesis.Case) -> None:
    response = case.call_and_validate(headers={**API, **_LOOPBACK}, checks=[not_a_server_error])
    assert response.status_code not in (401, 403), "the guard must let the generated calls in"
