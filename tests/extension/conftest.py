"""Chromium with the unpacked extension, a real bowout web app, and compose-box look-alikes.

The app runs under uvicorn on one free 127.0.0.1 port; the pages (a Gmail-like contenteditable,
an Outlook-like one, a LinkedIn-like textarea) are served on another, with a strict CSP as
webmail has. Chromium runs in its new headless mode, the one that loads extensions.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from starlette.types import Message, Receive, Scope, Send

from bowout.config import Settings
from bowout.web.app import create_app
from tests.web.browsing import serve_in_thread

CHROMIUM = Path("/usr/bin/chromium")
EXTENSION = Path(__file__).resolve().parents[2] / "extension"
PAGES = Path(__file__).parent / "pages"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    f"--disable-extensions-except={EXTENSION}",
    f"--load-extension={EXTENSION}",
]
PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'"
DESKTOP = {"width": 1280, "height": 860}

NO_CHROMIUM = "Debian's chromium is not installed: apt-get install chromium (make browser-deps)"

playwright_api = pytest.importorskip("playwright.sync_api")


class Recorder:
    """The real app, and a list of every text it was asked to check: what left the page."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.checked: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/api/v1/check":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        try:
            self.checked.append(json.loads(body)["text"])
        except (ValueError, KeyError, TypeError):
            self.checked.append("")
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


@dataclass
class Bowout:
    url: str
    recorder: Recorder
    stop: Any = None


@contextmanager
def running_bowout(folder: Path) -> Iterator[Bowout]:
    web_app = create_app(
        Settings(me="Alex Morgan", timezone="Europe/Berlin"),
        f"sqlite:///{folder / 'store.sqlite3'}",
        config_file=folder / "config.toml",
    )
    recorder = Recorder(web_app)
    server, thread, port = serve_in_thread(recorder)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)

    instance = Bowout(f"http://127.0.0.1:{port}", recorder, stop)
    try:
        yield instance
    finally:
        if thread.is_alive():
            stop()


class _PageHandler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/favicon.ico":  # browsers ask; the look-alikes have none
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", PAGE_CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Pages:
    port: int

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, name: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}/{name}"


@dataclass
class Browser:
    context: Any
    worker: Any
    extension_id: str
    errors: list[str] = field(default_factory=list)

    def extension_page(self, name: str) -> Any:
        tab = self.context.new_page()
        tab.goto(f"chrome-extension://{self.extension_id}/{name}")
        return tab

    def storage(self) -> dict[str, Any]:
        stored: dict[str, Any] = self.worker.evaluate("chrome.storage.local.get(null)")
        return stored


@pytest.fixture(scope="module")
def bowout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bowout]:
    with running_bowout(tmp_path_factory.mktemp("bowout")) as instance:
        yield instance


@pytest.fixture(scope="module")
def pages() -> Iterator[Pages]:
    handler = functools.partial(_PageHandler, directory=str(PAGES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Pages(server.server_address[1])
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    profile = tmp_path_factory.mktemp("profile")
    with playwright_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=DESKTOP,
        )
        workers = context.service_workers
        worker = workers[0] if workers else context.wait_for_event("serviceworker")
        extension_id = worker.url.split("/")[2]
        yield Browser(context, worker, extension_id)
        context.close()


def pairing_code(browser: Browser, app: Bowout) -> str:
    """What a user does in bowout: Settings, Browser extension, Make a pairing code."""
    tab = browser.context.new_page()
    tab.goto(app.url + "/settings")
    tab.get_by_role("button", name=re.compile("Make a (new )?pairing code")).click()
    code: str = tab.get_by_label("Pairing code").input_value()
    tab.close()
    return code


def pair(browser: Browser, app: Bowout, code: str | None = None) -> str:
    """What a user does in the extension's options: bowout's address, the code, Pair."""
    code = code or pairing_code(browser, app)
    options = browser.extension_page("options.html")
    options.get_by_label("bowout's address").fill(app.url)
    options.get_by_label("Pairing code").fill(code)
    options.get_by_role("button", name="Pair").click()
    playwright_api.expect(options.locator("#pair-status")).to_contain_text(
        re.compile("Paired|not|refused|running")
    )
    status: str = options.locator("#pair-status").inner_text()
    options.close()
    return status


def turn_on(browser: Browser, origin: str) -> None:
    options = browser.extension_page("options.html")
    options.get_by_label("Another site").fill(origin)
    options.get_by_role("button", name="Turn on").click()
    playwright_api.expect(options.locator("#site-status")).to_contain_text("Turned on")
    options.close()


@pytest.fixture(scope="module")
def ready(browser: Browser, bowout: Bowout, pages: Pages) -> Browser:
    """Paired with the app, and turned on for the pages' site (127.0.0.1 on the pages' port)."""
    status = pair(browser, bowout)
    assert status.startswith("Paired with bowout"), status
    turn_on(browser, pages.origin)
    return browser
