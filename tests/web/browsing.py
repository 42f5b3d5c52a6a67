"""What the browser tests share: the app served by uvicorn on a free 127.0.0.1 port with a fresh
store (and config file) per test, Debian's chromium driven by playwright, and small helpers.

Screenshots go to a temporary folder; `make screenshots` sets BOWOUT_SCREENSHOTS=docs/screenshots
to refresh the README's pictures. Fixtures are in ``conftest``; this module holds the rest.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bowout.config import Settings
from bowout.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A test run must not rewrite files in the repository: pictures go to docs/ only when asked.
SCREENSHOTS = Path(
    os.environ.get("BOWOUT_SCREENSHOTS") or tempfile.mkdtemp(prefix="bowout-screenshots-")
).resolve()
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}
API = {"X-Bowout-Client": "tests"}
SET_UP = Settings(me="Alex Morgan", timezone="Europe/Berlin")  # a user past the first run

NEEDS_CHROMIUM = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed: apt-get install chromium (make browser-deps)",
)


@dataclass
class App:
    url: str
    config_file: Path
    store: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_in_thread(asgi_app: Any) -> tuple[Any, threading.Thread, int]:
    """A real uvicorn server for ``asgi_app`` on a free loopback port, started in a thread:
    (server, thread, port); stop it with ``server.should_exit = True`` and a join."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(asgi_app, host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    return server, thread, port


@dataclass
class Servers:
    """Starts apps for a test and stops them after it."""

    folder: Path
    running: list[tuple[Any, threading.Thread]]

    def start(self, settings: Settings = SET_UP) -> App:
        here = self.folder / f"app{len(self.running)}"
        here.mkdir()
        config_file, store = here / "config.toml", f"sqlite:///{here / 'store.sqlite3'}"
        server, thread, port = serve_in_thread(create_app(settings, store, config_file=config_file))
        self.running.append((server, thread))
        return App(f"http://127.0.0.1:{port}", config_file, store)

    def stop(self) -> None:
        for server, thread in self.running:
            server.should_exit = True
            thread.join(timeout=10)


@dataclass
class Tabs:
    """Browser tabs for a test, each in its own context; closed after it, failing the test if a
    page raised a script error or broke the Content Security Policy."""

    browser: Any
    opened: list[tuple[Any, list[str]]]

    def open(self, app: App, *, viewport: dict[str, int] = DESKTOP, zone: str | None = None) -> Any:
        options: dict[str, Any] = {"base_url": app.url, "viewport": viewport}
        if zone:
            options["timezone_id"] = zone
        context = self.browser.new_context(**options)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app.url)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.on(
            "console",
            lambda msg: (
                errors.append(msg.text)
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )
        self.opened.append((context, errors))
        return tab

    def close(self) -> list[str]:
        errors: list[str] = []
        for context, found in self.opened:
            context.close()
            errors.extend(found)
        return errors


def api_post(page: Any, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = page.request.post(path, data=body, headers=API)
    assert response.ok, response.text()
    result: dict[str, Any] = response.json()
    return result


def local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def in_days(days: int, hour: int = 10) -> datetime:
    return (datetime.now(UTC) + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def in_hours(hours: float) -> datetime:
    return (datetime.now(UTC) + timedelta(hours=hours)).replace(second=0, microsecond=0)


def shoot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def no_sideways_scroll(page: Any) -> bool:
    """Whether the page fits its viewport's width (nothing to scroll sideways)."""
    return bool(
        page.evaluate(
            "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )
