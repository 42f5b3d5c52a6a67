"""`bowout serve`: its refusals, --new-token, and real servers over TLS and behind a proxy.

The real servers are `bowout serve` itself, started as a process on a free port, spoken to over
a socket: uvicorn's own TLS and proxy-header handling are what is tested, not a stand-in.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
import stat
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from bowout import config
from bowout.cli.main import cli
from bowout.web.access import FREE_TRIES, token_weakness
from bowout.web.security import SESSION_COOKIE
from tests.web.browsing import free_port

TOKEN = "Q2hGx7mVb9KpL4sZt8WnR1cYd6"
WRONG = "Q2hGx7mVb9KpL4sZt8WnR1cYd7"


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """uvicorn.run's arguments, each time serve gets as far as starting a server (it does not)."""
    import gc

    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append({"app": app, **kwargs}))
    monkeypatch.setattr(gc, "freeze", lambda: None)
    return calls


# --- refusals and --new-token, in process ----------------------------------------------------


def test_serve_refuses_a_weak_token_naming_the_setting(
    runner: CliRunner, started: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOWOUT_TOKEN", "hunter2")
    result = runner.invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2, result.output
    assert "token: the access token (BOWOUT_TOKEN or `token` in" in result.output
    assert "128 bits" in result.output and "--new-token" in result.output
    assert started == []


def test_new_token_is_strong_saved_for_the_owner_only_and_shown_once(
    runner: CliRunner, started: list[dict[str, Any]], isolated_home: Path
) -> None:
    path = isolated_home / "config.toml"
    path.write_text('me = "Alex"\ntimezone = "Europe/Berlin"\n', encoding="utf-8")
    path.chmod(0o644)
    result = runner.invoke(cli, ["serve", "--host", "0.0.0.0", "--new-token"])
    assert result.exit_code == 0, result.output
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    token = saved["token"]
    assert saved["me"] == "Alex" and saved["timezone"] == "Europe/Berlin"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert token_weakness(token) is None and len(token) == 43
    assert result.output.count(token) == 1
    assert config.load().token == token
    assert started[0]["app"].state.access.matches(token)
    assert "unencrypted" in result.output  # 0.0.0.0 without TLS: the user is told
    again = runner.invoke(cli, ["serve", "--new-token"])
    assert again.exit_code == 0
    assert tomllib.loads(path.read_text(encoding="utf-8"))["token"] != token
    assert not list(isolated_home.glob(".config.toml.*")), "no temporary file left behind"


def test_new_token_makes_the_config_file_when_there_is_none(
    runner: CliRunner,
    started: list[dict[str, Any]],
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = isolated_home / "deeper" / "config.toml"
    monkeypatch.setenv("BOWOUT_CONFIG", str(path))
    result = runner.invoke(cli, ["serve", "--new-token"])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert tomllib.loads(path.read_text(encoding="utf-8"))["token"] in result.output


def test_a_token_in_a_file_others_may_read_is_pointed_out(
    runner: CliRunner, started: list[dict[str, Any]], isolated_home: Path
) -> None:
    path = isolated_home / "config.toml"
    path.write_text(f'token = "{TOKEN}"\n', encoding="utf-8")
    path.chmod(0o644)
    result = runner.invoke(cli, ["serve"])
    assert result.exit_code == 0 and f"chmod 600 {path}" in result.output
    path.chmod(0o600)
    assert "chmod" not in runner.invoke(cli, ["serve"]).output


def test_config_never_prints_the_token(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOWOUT_TOKEN", TOKEN)
    for args in (["config"], ["config", "--json"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0 and TOKEN not in result.output
        assert "(set)" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--forwarded-allow-ips", "127.0.0.1"], "set an access token first"),
        (["--host", "0.0.0.0"], "set an access token first"),
    ],
)
def test_without_a_token_serve_stays_on_this_machine(
    runner: CliRunner, started: list[dict[str, Any]], args: list[str], message: str
) -> None:
    result = runner.invoke(cli, ["serve", *args])
    assert result.exit_code == 2 and message in result.output
    assert started == []


def test_proxies_are_believed_only_when_named(
    runner: CliRunner, started: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOWOUT_TOKEN", TOKEN)
    assert runner.invoke(cli, ["serve"]).exit_code == 0
    assert started[-1]["proxy_headers"] is False  # uvicorn's default would believe 127.0.0.1
    named = ["serve", "--forwarded-allow-ips", "127.0.0.1, 10.0.0.0/8"]
    assert runner.invoke(cli, named).exit_code == 0
    assert started[-1]["proxy_headers"] is True
    assert started[-1]["forwarded_allow_ips"] == ["127.0.0.1", "10.0.0.0/8"]
    typo = runner.invoke(cli, ["serve", "--forwarded-allow-ips", "127.0.0.l"])
    assert typo.exit_code == 2 and "'127.0.0.l' is not an address" in typo.output
    assert len(started) == 2


def make_certificate(folder: Path) -> tuple[Path, Path]:
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed: it makes the test certificate")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
         "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def test_tls_needs_a_matching_certificate_and_key(
    runner: CliRunner,
    started: list[dict[str, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BOWOUT_TOKEN", TOKEN)
    cert, key = make_certificate(tmp_path)
    alone = runner.invoke(cli, ["serve", "--certfile", str(cert)])
    assert alone.exit_code == 2 and "TLS needs both --certfile and --keyfile" in alone.output
    swapped = runner.invoke(cli, ["serve", "--certfile", str(key), "--keyfile", str(cert)])
    assert swapped.exit_code == 2 and "are not a PEM certificate and its" in swapped.output
    missing = runner.invoke(
        cli, ["serve", "--certfile", str(tmp_path / "no.pem"), "--keyfile", str(key)]
    )
    assert missing.exit_code == 2 and "does not exist" in missing.output
    assert started == []
    ok = runner.invoke(
        cli, ["serve", "--host", "0.0.0.0", "--certfile", str(cert), "--keyfile", str(key)]
    )
    assert ok.exit_code == 0 and "https://0.0.0.0:8765/" in ok.output
    assert "unencrypted" not in ok.output
    assert (started[0]["ssl_certfile"], started[0]["ssl_keyfile"]) == (str(cert), str(key))


# --- real servers ----------------------------------------------------------------------------


@contextmanager
def serving(home: Path, *args: str) -> Iterator[int]:
    """`bowout serve ARGS` as its own process on a free port; yields the port once it answers."""
    port = free_port()
    env = {
        **os.environ,
        "BOWOUT_CONFIG": str(home / "config.toml"),
        "BOWOUT_DATA_DIR": str(home / "data"),
        "BOWOUT_TOKEN": TOKEN,
    }
    command = [sys.executable, "-m", "bowout", "serve", "--port", str(port), *args]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                _, err = process.communicate()
                raise AssertionError(f"bowout serve ended: {err}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError("bowout serve did not start in 30 s") from None
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def sign_in(
    client: httpx.Client, token: str, headers: dict[str, str] | None = None
) -> httpx.Response:
    page = client.get("/login", headers=headers)
    assert page.status_code == 200, page.text
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    assert found
    data = {"csrf_token": found.group(1), "token": token}
    return client.post("/login", data=data, headers=headers)


def cookie_of(response: httpx.Response, name: str) -> str:
    values = [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{name}=")]
    assert len(values) == 1, response.headers.get_list("set-cookie")
    return values[0].lower()


def raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_served_over_tls_with_secure_cookies(tmp_path: Path, isolated_home: Path) -> None:
    cert, key = make_certificate(tmp_path)
    trust = ssl.create_default_context(cafile=str(cert))
    with serving(isolated_home, "--certfile", str(cert), "--keyfile", str(key)) as port:
        with httpx.Client(base_url=f"https://127.0.0.1:{port}", verify=trust) as client:
            first = client.get("/")
            assert first.status_code == 401
            assert "; secure" in cookie_of(first, "bowout_csrf")
            signed_in = sign_in(client, TOKEN)
            assert signed_in.status_code == 303
            cookie = cookie_of(signed_in, SESSION_COOKIE)
            assert "; secure" in cookie and "httponly" in cookie and "samesite=strict" in cookie
            assert client.get("/").status_code == 200
            bearer = {"Authorization": f"Bearer {TOKEN}"}
            assert client.get("/api/v1/health", headers=bearer).status_code == 200
        with pytest.raises(httpx.HTTPError):  # nothing is answered in clear on that port
            httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=5)


def test_behind_a_proxy_its_headers_count_only_when_it_is_named(isolated_home: Path) -> None:
    https = {"X-Forwarded-Proto": "https"}
    with serving(isolated_home, "--forwarded-allow-ips", "127.0.0.1") as port:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=False) as client:
            assert "; secure" in cookie_of(client.get("/login", headers=https), "bowout_csrf")
            assert "secure" not in cookie_of(client.get("/login"), "bowout_csrf")
            signed_in = sign_in(client, TOKEN, https)
            assert "; secure" in cookie_of(signed_in, SESSION_COOKIE)
        # The throttle counts the address the proxy names, not the proxy's own.
        guesser = {"X-Forwarded-For": "203.0.113.7"}
        user = {"X-Forwarded-For": "198.51.100.2"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=False) as client:
            for _ in range(FREE_TRIES + 1):
                assert sign_in(client, WRONG, guesser).status_code == 401
            assert sign_in(client, TOKEN, guesser).status_code == 429
            assert sign_in(client, TOKEN, user).status_code == 303
    # No proxy named: the same headers are ignored.
    with (
        serving(isolated_home) as port,
        httpx.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=False) as client,
    ):
        assert "secure" not in cookie_of(client.get("/login", headers=https), "bowout_csrf")
        for _ in range(FREE_TRIES + 1):
            assert sign_in(client, WRONG, guesser).status_code == 401
        assert sign_in(client, TOKEN, user).status_code == 429, "all one client: the proxy"


def test_the_real_server_refuses_two_hosts_and_answers_head(isolated_home: Path) -> None:
    with serving(isolated_home) as port:
        auth = f"Authorization: Bearer {TOKEN}\r\n".encode()
        two_hosts = raw(
            port,
            b"GET /api/v1/health HTTP/1.1\r\nHost: attacker.example\r\nHost: 127.0.0.1\r\n"
            + auth
            + b"Connection: close\r\n\r\n",
        )
        assert two_hosts.startswith(b"HTTP/1.1 400"), two_hosts[:200]
        head = raw(
            port,
            b"HEAD /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + auth
            + b"Connection: close\r\n\r\n",
        )
        status, _, rest = head.partition(b"\r\n")
        headers, _, body = rest.partition(b"\r\n\r\n")
        assert status == b"HTTP/1.1 200 OK" and body == b""
        assert b"content-length: " in headers.lower()
        big = b"x" * (1024 * 1024 + 1)
        chunked = raw(
            port,
            b"POST /api/v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + auth
            + b"X-Bowout-Client: t\r\nContent-Type: application/json\r\n"
            + b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + f"{len(big):x}\r\n".encode()
            + big
            + b"\r\n0\r\n\r\n",
        )
        assert chunked.startswith(b"HTTP/1.1 413"), chunked[:200]


def _documented_nginx_server() -> str:
    doc = (Path(__file__).parents[2] / "docs" / "web.md").read_text(encoding="utf-8")
    found = re.search(r"```nginx\n(.*?)```", doc, re.DOTALL)
    assert found, "docs/web.md shows an nginx configuration"
    return found.group(1)


@contextmanager
def nginx(folder: Path, server: str) -> Iterator[None]:
    """Debian's nginx in the foreground, with the given server block and temporary files here."""
    executable = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(executable).exists():
        pytest.skip("nginx is not installed (.ci/run installs nginx-light)")
    temp = "\n".join(
        f"{kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(
        f"{user}\nworker_processes 1;\ndaemon off;\npid {folder / 'nginx.pid'};\n"
        f"error_log stderr warn;\nevents {{ worker_connections 64; }}\n"
        f"http {{\naccess_log off;\n{temp}\n{server}\n}}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [executable, "-p", str(folder), "-c", str(conf)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"nothing answers on port {port}") from None
            time.sleep(0.1)


def test_the_documented_nginx_setup(tmp_path: Path, isolated_home: Path) -> None:
    cert, key = make_certificate(tmp_path)
    front = free_port()
    with serving(isolated_home, "--forwarded-allow-ips", "127.0.0.1") as back:
        server = _documented_nginx_server()
        for name, value in (
            ("BOWOUT_PORT", back),
            ("PORT", front),
            ("CERTFILE", cert),
            ("KEYFILE", key),
        ):
            server = server.replace(name, str(value))
        with nginx(tmp_path, server):
            _wait_for(front)
            trust = ssl.create_default_context(cafile=str(cert))
            base = f"https://127.0.0.1:{front}"
            with httpx.Client(base_url=base, verify=trust, follow_redirects=False) as client:
                assert client.get("/").status_code == 401
                # A browser names the page's origin, port and all; bowout compares it with Host.
                signed_in = sign_in(client, TOKEN, {"Origin": base})
                assert signed_in.status_code == 303
                assert "; secure" in cookie_of(signed_in, SESSION_COOKIE)
                assert client.get("/").status_code == 200
            # A guesser writing its own X-Forwarded-For is still one client: nginx replaces it.
            with httpx.Client(base_url=base, verify=trust, follow_redirects=False) as client:
                for n in range(FREE_TRIES + 1):
                    spoof = {"X-Forwarded-For": f"192.0.2.{n + 1}"}
                    assert sign_in(client, WRONG, spoof).status_code == 401
                fresh = {"X-Forwarded-For": "192.0.2.200"}
                assert sign_in(client, TOKEN, fresh).status_code == 429
