"""Fixtures of the browser tests (helpers in ``browsing``): ``serve`` starts an app for the test,
``app`` is one for a user past the first run, ``tabs`` opens browser tabs, ``page`` is a tab on
``app``. Playwright is imported only by the tests that use a browser."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.browsing import CHROMIUM, CHROMIUM_ARGS, App, Servers, Tabs


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., App]]:
    servers = Servers(tmp_path / "apps", [])
    servers.folder.mkdir()
    yield servers.start
    servers.stop()


@pytest.fixture
def app(serve: Callable[..., App]) -> App:
    return serve()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def tabs(browser: Any) -> Iterator[Tabs]:
    opened = Tabs(browser, [])
    yield opened
    errors = opened.close()
    assert errors == [], f"script errors or CSP violations: {errors}"


@pytest.fixture
def page(tabs: Tabs, app: App) -> Any:
    return tabs.open(app)
