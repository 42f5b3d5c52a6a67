"""The Guard's protocol checks: one Host only, proxies refused without a token, body limits however
a body is sent, HEAD wherever GET is; and the .eml download's headers kept to one line each."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from bowout.config import Settings
from bowout.web.app import MAX_BODY, create_app

LOCAL = "http://127.0.0.1:8765"
API = {"X-Bowout-Client": "tests", "Content-Type": "application/json"}
TOKEN = "Q2hGx7mVb9KpL4sZt8WnR1cYd6"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(
        Settings(me="Alex"),
        f"sqlite:///{tmp_path / 'store.sqlite3'}",
        config_file=tmp_path / "config.toml",
    )
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as test_client:
        yield test_client


def csrf(client: TestClient) -> str:
    found = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', client.get("/check").text)
    assert found
    return found.group(1)


def chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    """A body sent with Transfer-Encoding: chunked, so no Content-Length announces its size."""
    sent = 0
    while sent < total:
        piece = min(size, total - sent)
        sent += piece
        yield b" " * piece


# --- Host ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "hosts",
    [
        ["attacker.example", "127.0.0.1:8765"],  # the last one a loopback name
        ["127.0.0.1:8765", "attacker.example"],
        ["127.0.0.1:8765", "127.0.0.1:8765"],
    ],
)
def test_two_host_headers_are_refused(client: TestClient, hosts: list[str]) -> None:
    response = client.get("/api/v1/processes", headers=[("Host", h) for h in hosts])
    assert response.status_code == 400
    assert response.json() == {
        "error": "BadRequest",
        "message": "the request has more than one Host header",
        "field": None,
    }
    page = client.get("/", headers=[("Host", h) for h in hosts])
    assert page.status_code == 400 and "more than one Host header" in page.text


def test_two_host_headers_are_refused_in_token_mode_too(tmp_path: Path) -> None:
    app = create_app(Settings(token=TOKEN, host="0.0.0.0"), f"sqlite:///{tmp_path / 's.db'}")
    with TestClient(app) as client:
        headers = [
            ("Host", "a.example"),
            ("Host", "b.example"),
            ("Authorization", f"Bearer {TOKEN}"),
        ]
        assert client.get("/api/v1/health", headers=headers).status_code == 400
        assert client.get("/api/v1/health", headers=headers[1:]).status_code == 200


@pytest.mark.parametrize(
    "header",
    [
        ("X-Forwarded-For", "203.0.113.7"),
        ("Forwarded", "for=203.0.113.7"),
        ("X-Real-IP", "1.2.3.4"),
    ],
)
def test_without_a_token_a_request_through_a_proxy_is_refused(
    client: TestClient, header: tuple[str, str]
) -> None:
    # A proxy in front of a token-less bowout would hand it to the network under a loopback Host.
    response = client.get("/api/v1/processes", headers=dict([header]))
    assert response.status_code == 403
    assert client.get("/api/v1/processes").status_code == 200


# --- body limits -----------------------------------------------------------------------------


def test_a_chunked_body_over_the_limit_gets_413(client: TestClient) -> None:
    api = client.post("/api/v1/check", content=chunks(MAX_BODY + 1), headers=API)
    assert api.status_code == 413, api.text
    assert api.json()["error"] == "TooLarge" and "1024 KiB" in api.json()["message"]
    batch = client.post("/api/v1/check/batch", content=chunks(3 * MAX_BODY), headers=API)
    assert batch.status_code == 413
    page = client.post(
        "/processes",
        content=chunks(MAX_BODY + 1),
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf(client)},
    )
    assert page.status_code == 413


def test_a_chunked_body_under_the_limit_is_read_whole(client: TestClient) -> None:
    body = b'{"text": "Maybe later!' + b" " * 90_000 + b'"}'
    pieces = (body[i : i + 10_000] for i in range(0, len(body), 10_000))
    response = client.post("/api/v1/check", content=pieces, headers=API)
    assert response.status_code == 200, response.text
    assert "findings" in response.json()


# --- HEAD ------------------------------------------------------------------------------------


def _get_paths() -> list[str]:
    """Every GET route of the app's routers, with an example for each path parameter."""
    from bowout.web.app import ROUTERS

    examples = {"rule_id": "vague-deferral"}
    paths = []
    for route in (route for router in ROUTERS for route in router.routes):
        if isinstance(route, APIRoute) and "GET" in (route.methods or ()):
            path = route.path
            for name in re.findall(r"\{(\w+)\}", path):
                path = path.replace(f"{{{name}}}", examples.get(name, "1"))
            paths.append(path)
    return paths


def test_head_answers_wherever_get_does(client: TestClient) -> None:
    paths = [*_get_paths(), "/static/app.css", "/api/v1/openapi.json"]
    assert "/" in paths and "/api/v1/rules" in paths and "/rules/vague-deferral" in paths
    for path in paths:
        got = client.get(path)
        head = client.head(path)
        assert head.status_code == got.status_code != 405, path
        assert head.content == b"", path
        assert head.headers.get("content-type") == got.headers.get("content-type"), path
        assert head.headers.get("content-security-policy") == got.headers.get(
            "content-security-policy"
        ), path


def test_head_where_get_is_not_allowed_is_still_405(client: TestClient) -> None:
    assert client.head("/api/v1/check").status_code == 405


# --- the .eml download -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("subject", "Interview\r\nBcc: everyone@evil.example"),
        ("subject", "Interview\nBcc: everyone@evil.example"),
        ("subject", "Interview\x85Bcc: everyone@evil.example"),
        ("email", "dana@acme.example\r\nBcc: everyone@evil.example"),
        ("email", "dana@acme.example\u2028Bcc: everyone@evil.example"),
    ],
)
def test_eml_headers_with_a_line_break_are_refused(
    client: TestClient, name: str, value: str
) -> None:
    data = {"csrf_token": csrf(client), "subject": "Hello", "body": "Hi", "email": "d@a.example"}
    response = client.post("/eml", data={**data, name: value})
    assert response.status_code == 422, response.text
    label = {"subject": "Subject", "email": "Email"}[name]
    assert (
        f'<strong class="field-name">{label}:</strong> a mail header is one line' in response.text
    )
    assert "Bcc" not in response.text and "rfc822" not in response.headers["content-type"]


def test_an_unreadable_address_is_refused_not_a_server_error(client: TestClient) -> None:
    data = {"csrf_token": csrf(client), "subject": "Hello", "body": "Hi", "email": "<"}
    response = client.post("/eml", data=data)
    assert response.status_code == 422 and "Email:</strong>" in response.text


def test_a_body_keeps_its_lines(client: TestClient) -> None:
    data = {"csrf_token": csrf(client), "subject": "Hello", "body": "Hi\r\n\r\nBcc: no one"}
    response = client.post("/eml", data=data)
    assert response.status_code == 200
    head, _, body = response.content.partition(b"\r\n\r\n")
    assert b"Bcc" not in head and b"Bcc: no one" in body
