"""Pairing with the browser extension: a code from Settings, bound to one extension origin, good
for the check endpoints only, with CORS for that origin there and nowhere else."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bowout.config import Settings
from bowout.web.app import create_app
from bowout.web.pairing import FILE_NAME

LOCAL = "http://127.0.0.1:8765"
OURS = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
OTHER = "chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba"
MAYBE = {"text": "Thanks for thinking of me. Maybe later."}


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return tmp_path / "config.toml"


@pytest.fixture
def client(config_file: Path, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(), f"sqlite:///{tmp_path / 's.sqlite3'}", config_file=config_file)
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as test_client:
        yield test_client


def extension(origin: str, code: str | None = None) -> dict[str, str]:
    """What the extension's service worker sends (Chromium marks it Sec-Fetch-Site: none)."""
    headers = {"Origin": origin, "Sec-Fetch-Site": "none", "X-Bowout-Client": "extension"}
    if code is not None:
        headers["X-Bowout-Pairing"] = code
    return headers


def make_code(client: TestClient) -> str:
    page = client.get("/settings")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, page.text
    made = client.post("/settings/extension", data={"csrf_token": token.group(1)})
    assert made.status_code == 200, made.text
    code = re.search(r'id="pairing-code" value="([^"]+)"', made.text)
    assert code, made.text
    return code.group(1)


def pair(client: TestClient, origin: str, code: str) -> dict[str, object]:
    response = client.post("/api/v1/extension/pair", headers=extension(origin, code))
    result: dict[str, object] = response.json()
    result["status"] = response.status_code
    return result


def test_the_paired_extension_checks_with_cors_for_its_origin_only(client: TestClient) -> None:
    code = make_code(client)
    paired = pair(client, OURS, code)
    assert paired["status"] == 200 and paired["origin"] == OURS

    checked = client.post("/api/v1/check", json=MAYBE, headers=extension(OURS, code))
    assert checked.status_code == 200, checked.text
    assert "vague-deferral" in {f["rule"] for f in checked.json()["findings"]}
    assert checked.headers["access-control-allow-origin"] == OURS

    # The same code from another extension: refused, and the pairing stays with the first.
    other = client.post("/api/v1/check", json=MAYBE, headers=extension(OTHER, code))
    assert other.status_code == 403
    assert "another browser extension" in other.json()["message"]
    assert "access-control-allow-origin" not in other.headers
    assert pair(client, OTHER, code)["status"] == 403


def test_an_extension_without_the_code_is_told_how_to_pair(client: TestClient) -> None:
    missing = client.post("/api/v1/check", json=MAYBE, headers=extension(OURS))
    assert missing.status_code == 401
    assert "Settings" in missing.json()["message"]
    code = make_code(client)
    wrong = client.post("/api/v1/check", json=MAYBE, headers=extension(OURS, "abcd-" + code[5:]))
    assert wrong.status_code == 401
    # People retype codes: case, spaces and dashes do not matter.
    retyped = code.upper().replace("-", " ")
    assert pair(client, OURS, retyped)["status"] == 200


def test_the_code_opens_nothing_but_the_check(client: TestClient) -> None:
    code = make_code(client)
    pair(client, OURS, code)
    headers = extension(OURS, code)
    assert client.get("/api/v1/processes", headers=headers).status_code == 403
    assert client.get("/settings", headers=headers).status_code == 403
    draft = {"scenario": "decline_after_offer"}
    assert client.post("/api/v1/draft", json=draft, headers=headers).status_code == 403
    assert client.post("/api/v1/check/batch", content="{}", headers=headers).status_code == 403


def test_preflight_is_answered_for_the_paired_origin_only(client: TestClient) -> None:
    code = make_code(client)
    pair(client, OURS, code)
    ask = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "x-bowout-pairing",
    }
    ours = client.options("/api/v1/check", headers={"Origin": OURS, **ask})
    assert ours.status_code == 204
    assert ours.headers["access-control-allow-origin"] == OURS
    assert "x-bowout-pairing" in ours.headers["access-control-allow-headers"]
    theirs = client.options("/api/v1/check", headers={"Origin": OTHER, **ask})
    assert "access-control-allow-origin" not in theirs.headers
    # A web page gets no CORS at all: the app stays same-origin for every site.
    site = client.options("/api/v1/check", headers={"Origin": "https://mail.example", **ask})
    assert "access-control-allow-origin" not in site.headers
    posted = client.post(
        "/api/v1/check",
        json=MAYBE,
        headers={
            "Origin": "https://mail.example",
            "X-Bowout-Client": "x",
            "X-Bowout-Pairing": code,
        },
    )
    assert posted.status_code == 403
    assert "access-control-allow-origin" not in posted.headers


def test_a_new_code_or_unpairing_ends_the_pairing(client: TestClient, config_file: Path) -> None:
    first = make_code(client)
    pair(client, OURS, first)
    second = make_code(client)
    assert (
        client.post("/api/v1/check", json=MAYBE, headers=extension(OURS, first)).status_code == 401
    )
    assert pair(client, OURS, second)["status"] == 200
    settings = client.get("/settings").text
    assert OURS in settings

    stored = (config_file.parent / FILE_NAME).read_text()
    assert second not in stored and second.replace("-", "") not in stored  # kept as a hash only
    assert json.loads(stored)["origin"] == OURS
    assert (config_file.parent / FILE_NAME).stat().st_mode & 0o077 == 0

    token = re.search(r'name="csrf_token" value="([^"]+)"', settings)
    assert token
    forgot = client.post(
        "/settings/extension/forget", data={"csrf_token": token.group(1)}, follow_redirects=False
    )
    assert forgot.status_code == 303
    assert (
        client.post("/api/v1/check", json=MAYBE, headers=extension(OURS, second)).status_code == 401
    )
    assert "Not paired" in client.get("/settings").text


def test_a_page_cannot_make_a_code_without_the_form_token(client: TestClient) -> None:
    client.get("/settings")
    assert client.post("/settings/extension", data={}).status_code == 403


def test_the_pair_endpoint_is_for_the_extension_only(client: TestClient) -> None:
    code = make_code(client)
    plain = client.post(
        "/api/v1/extension/pair", headers={"X-Bowout-Client": "curl", "X-Bowout-Pairing": code}
    )
    assert plain.status_code == 403
    assert "extension" in plain.json()["message"]


def test_the_pairing_survives_a_restart(config_file: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    with TestClient(create_app(Settings(), url, config_file=config_file), base_url=LOCAL) as c:
        code = make_code(c)
        assert pair(c, OURS, code)["status"] == 200
    with TestClient(create_app(Settings(), url, config_file=config_file), base_url=LOCAL) as c:
        again = c.post("/api/v1/check", json=MAYBE, headers=extension(OURS, code))
        assert again.status_code == 200


def test_a_broken_pairing_file_means_not_paired(config_file: Path, tmp_path: Path) -> None:
    config_file.parent.mkdir(parents=True, exist_ok=True)
    (config_file.parent / FILE_NAME).write_text("{not json")
    app = create_app(Settings(), f"sqlite:///{tmp_path / 's.sqlite3'}", config_file=config_file)
    with TestClient(app, base_url=LOCAL) as c:
        refused = c.post("/api/v1/check", json=MAYBE, headers=extension(OURS, "x"))
        assert refused.status_code == 401
        assert "Not paired" in c.get("/settings").text
        assert pair(c, OURS, make_code(c))["status"] == 200


def test_with_an_access_token_the_paired_extension_still_checks(
    config_file: Path, tmp_path: Path
) -> None:
    settings = Settings(token="s3cret-token")
    app = create_app(settings, f"sqlite:///{tmp_path / 's.sqlite3'}", config_file=config_file)
    with TestClient(app, base_url=LOCAL) as c:
        c.headers["Authorization"] = "Bearer s3cret-token"
        code = make_code(c)
        del c.headers["Authorization"]
        assert pair(c, OURS, code)["status"] == 200
        checked = c.post("/api/v1/check", json=MAYBE, headers=extension(OURS, code))
        assert checked.status_code == 200
        assert c.get("/api/v1/status", headers=extension(OURS, code)).status_code == 403
        assert c.get("/api/v1/status").status_code == 401
