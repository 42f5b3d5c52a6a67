"""Token mode: strong tokens only, server-side sessions that expire and end, throttled guesses."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bowout.config import Settings
from bowout.errors import InvalidInput
from bowout.web.access import (
    FREE_TRIES,
    MAX_WAIT,
    SESSION_SECONDS,
    client_key,
    new_token,
    token_bits,
    token_weakness,
)
from bowout.web.app import create_app
from bowout.web.security import SESSION_COOKIE

TOKEN = "Q2hGx7mVb9KpL4sZt8WnR1cYd6"  # 26 random URL-safe characters: about 155 bits
WRONG = "Q2hGx7mVb9KpL4sZt8WnR1cYd7"


class Clock:
    """Monotonic time the test moves by hand: no test waits for the throttle or an expiry."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(tmp_path: Path, clock: Clock) -> FastAPI:
    app = create_app(
        Settings(token=TOKEN, host="0.0.0.0"),
        f"sqlite:///{tmp_path / 'store.sqlite3'}",
        config_file=tmp_path / "config.toml",
    )
    app.state.access.sessions.clock = clock
    app.state.access.throttle.clock = clock
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as test_client:
        yield test_client


def sign_in(client: TestClient, token: str) -> httpx.Response:
    page = client.get("/login")
    assert page.status_code == 200
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    assert found
    response: httpx.Response = client.post(
        "/login", data={"csrf_token": found.group(1), "token": token}
    )
    return response


def set_cookie(response: httpx.Response, name: str) -> str:
    cookies = [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{name}=")]
    assert len(cookies) == 1, response.headers.get_list("set-cookie")
    return cookies[0]


# --- the token's strength ------------------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "s3cret-token",
        "correcthorse",
        "a" * 40,  # long, but one character
        "abcdefgh" * 4,  # a pattern
        "0123456789abcdef0123",  # 20 hex characters: 103 bits
        "Password1!Password1!",  # 20 characters
        "abcdefghijklmnopqrstuv",  # 22 lower-case letters: 103 bits
    ],
)
def test_weak_tokens_are_refused_naming_the_setting(token: str, tmp_path: Path) -> None:
    assert token_weakness(token)
    with pytest.raises(InvalidInput, match=r"^too weak for a network: .*128 bits") as error:
        create_app(Settings(token=token, host="0.0.0.0"), f"sqlite:///{tmp_path / 's.db'}")
    assert error.value.field == "token"


@pytest.mark.parametrize(
    "token",
    [
        new_token(),
        secrets.token_urlsafe(16),  # 22 characters, 128 bits
        secrets.token_hex(16),  # 32 hex characters, 128 bits
        "correct horse battery staple tuba violet orbit",  # a long passphrase
    ],
)
def test_strong_tokens_are_accepted(token: str, tmp_path: Path) -> None:
    assert token_weakness(token) is None and token_bits(token) >= 128
    create_app(Settings(token=token, host="0.0.0.0"), f"sqlite:///{tmp_path / 's.db'}")


def test_a_generated_token_carries_256_bits_and_is_never_repeated() -> None:
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(len(t) == 43 and token_weakness(t) is None for t in tokens)


# --- sessions --------------------------------------------------------------------------------


def test_signing_in_starts_a_random_server_side_session(client: TestClient, app: FastAPI) -> None:
    assert client.get("/").status_code == 401
    first = sign_in(client, TOKEN)
    assert first.status_code == 303 and first.headers["location"] == "/"
    cookie = set_cookie(first, SESSION_COOKIE)
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "samesite", "max-age", "path"} <= attributes
    assert "samesite=strict" in cookie.lower() and f"max-age={SESSION_SECONDS}" in cookie.lower()
    assert "secure" not in attributes  # plain HTTP: a Secure cookie would never come back
    session = client.cookies[SESSION_COOKIE]
    assert len(session) >= 43 and TOKEN not in session
    assert session != app.state.signer.sign(TOKEN)  # not derived from the token
    assert client.get("/").status_code == 200
    client.cookies.clear()
    second = sign_in(client, TOKEN)
    assert client.cookies[SESSION_COOKIE] != session, "each sign-in gets its own id"
    assert second.status_code == 303


def test_a_cookie_nobody_was_given_opens_nothing(client: TestClient, app: FastAPI) -> None:
    for value in (secrets.token_urlsafe(32), app.state.signer.sign(TOKEN), TOKEN, ""):
        client.cookies.set(SESSION_COOKIE, value)
        client.cookies.set("bowout_auth", app.state.signer.sign(TOKEN))  # the old scheme
        assert client.get("/").status_code == 401, value
        assert client.get("/api/v1/processes").status_code == 401


def test_a_session_expires(client: TestClient, clock: Clock) -> None:
    sign_in(client, TOKEN)
    clock.now += SESSION_SECONDS - 1
    assert client.get("/").status_code == 200
    clock.now += 1
    assert client.get("/").status_code == 401
    assert client.get("/api/v1/health").status_code == 401


def test_signing_out_ends_the_session_for_good(client: TestClient) -> None:
    sign_in(client, TOKEN)
    page = client.get("/")
    assert 'action="/logout"' in page.text, "a signed-in page offers to sign out"
    found = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', page.text)
    assert found
    session = client.cookies[SESSION_COOKIE]
    out = client.post("/logout", data={"csrf_token": found.group(1)})
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert "max-age=0" in set_cookie(out, SESSION_COOKIE).lower()
    client.cookies.set(SESSION_COOKIE, session)  # someone kept a copy of the cookie
    assert client.get("/").status_code == 401


def test_signing_out_needs_the_form_s_csrf_token(client: TestClient) -> None:
    sign_in(client, TOKEN)
    assert client.post("/logout", data={}).status_code == 403
    assert client.get("/").status_code == 200


def test_over_tls_every_cookie_is_secure(app: FastAPI) -> None:
    with TestClient(app, base_url="https://bowout.example", follow_redirects=False) as client:
        page = client.get("/login")
        assert "secure" in set_cookie(page, "bowout_csrf").lower()
        signed_in = sign_in(client, TOKEN)
        assert "; secure" in set_cookie(signed_in, SESSION_COOKIE).lower()
        assert client.get("/").status_code == 200


def test_the_bearer_token_still_opens_the_api(client: TestClient) -> None:
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert client.get("/api/v1/health", headers=bearer).status_code == 200
    wrong = client.get("/api/v1/health", headers={"Authorization": f"Bearer {WRONG}"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "Unauthorized"


# --- the throttle ----------------------------------------------------------------------------


def test_wrong_tokens_are_throttled_per_client(app: FastAPI, clock: Clock) -> None:
    with (
        TestClient(app, follow_redirects=False, client=("203.0.113.7", 40000)) as guesser,
        TestClient(app, follow_redirects=False, client=("198.51.100.2", 40001)) as user,
    ):
        for _ in range(FREE_TRIES):
            wrong = sign_in(guesser, WRONG)
            assert wrong.status_code == 401 and "retry-after" not in wrong.headers
        earned = sign_in(guesser, WRONG)
        assert earned.status_code == 401 and earned.headers["retry-after"] == "1"
        refused = sign_in(guesser, TOKEN)  # even the right token is not heard while waiting
        assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
        assert "try again in 1 second" in refused.text
        assert SESSION_COOKIE not in guesser.cookies
        assert sign_in(user, TOKEN).status_code == 303, "another address is not held up"
        waits = []
        for _ in range(4):  # each further wrong token doubles the wait
            clock.now += int(earned.headers["retry-after"])
            earned = sign_in(guesser, WRONG)
            waits.append(int(earned.headers["retry-after"]))
        assert waits == [2, 4, 8, 16]
        clock.now += 16
        assert sign_in(guesser, TOKEN).status_code == 303
        guesser.cookies.clear()
        assert sign_in(guesser, WRONG).status_code == 401, "a success starts the count afresh"
        assert "retry-after" not in sign_in(guesser, WRONG).headers


def test_the_wait_is_capped_and_forgotten_after_an_hour(app: FastAPI, clock: Clock) -> None:
    throttle = app.state.access.throttle
    waits = [throttle.failed("x") for _ in range(FREE_TRIES + 20)]
    assert waits[:FREE_TRIES] == [0] * FREE_TRIES and max(waits) == MAX_WAIT
    assert throttle.wait("x") == MAX_WAIT
    clock.now += MAX_WAIT + 3601
    assert throttle.wait("x") == 0 and throttle.failed("x") == 0


def test_bearer_guesses_count_too(client: TestClient) -> None:
    wrong = {"Authorization": f"Bearer {WRONG}"}
    for _ in range(FREE_TRIES + 1):
        assert client.get("/api/v1/health", headers=wrong).status_code == 401
    right = client.get("/api/v1/health", headers={"Authorization": f"Bearer {TOKEN}"})
    assert right.status_code == 429 and right.headers["retry-after"] == "1"
    body = right.json()
    assert body["error"] == "TooManyRequests" and "try again in 1 second" in body["message"]
    assert sign_in(client, TOKEN).status_code == 429, "the form and the header share the count"


def test_many_guesses_stay_few_on_the_wire(client: TestClient) -> None:
    """200 wrong tokens in a row: only the free ones and one more are even compared."""
    statuses = [sign_in(client, secrets.token_urlsafe(20)).status_code for _ in range(200)]
    assert statuses.count(401) == FREE_TRIES + 1 and statuses.count(429) == 200 - FREE_TRIES - 1


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),  # the same /64: one client
        ("::ffff:203.0.113.7", "203.0.113.7"),
        (None, "unknown"),
        ("testclient", "testclient"),
    ],
)
def test_clients_are_counted_by_address_or_ipv6_network(host: str | None, key: str) -> None:
    assert client_key(host) == key


def test_the_documented_guarantees_name_tests_that_exist() -> None:
    """docs/web.md maps each guarantee of the token mode to its tests: none may be missing."""
    root = Path(__file__).parents[2]
    doc = (root / "docs" / "web.md").read_text(encoding="utf-8")
    section = doc.split("## On a network: the token mode", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(test_\w+)`", section))
    sources = [
        root / "tests" / "web" / "test_access.py",
        root / "tests" / "web" / "test_security.py",
        root / "tests" / "cli" / "test_serve.py",
    ]
    defined = {name for path in sources for name in re.findall(r"def (test_\w+)", path.read_text())}
    assert len(named) >= 15 and not named - defined, sorted(named - defined)
