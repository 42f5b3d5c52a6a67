"""The extension as shipped: what its manifest claims, what it may reach, and the zip that
`make extension` builds (which Chromium loads once unzipped)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.extension.conftest import CHROMIUM, EXTENSION, NO_CHROMIUM, playwright_api

ROOT = EXTENSION.parent
MANIFEST: dict[str, Any] = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))
LOOPBACK = {"http://127.0.0.1/*", "http://localhost/*"}


def shipped() -> list[Path]:
    return sorted(p for p in EXTENSION.rglob("*") if p.is_file())


def test_it_may_talk_to_this_machine_only() -> None:
    assert set(MANIFEST["host_permissions"]) == LOOPBACK
    policy = MANIFEST["content_security_policy"]["extension_pages"]
    connect = re.search(r"connect-src ([^;]+)", policy)
    assert connect, policy
    assert set(connect.group(1).split()) == {"'self'", "http://127.0.0.1:*", "http://localhost:*"}
    assert "script-src 'self';" in policy
    # No page gets a content script at install: only the sites the user turns on, at run time.
    assert "content_scripts" not in MANIFEST
    assert set(MANIFEST["permissions"]) == {"storage", "scripting", "activeTab"}


def test_nothing_is_loaded_from_another_host() -> None:
    """Every address in the sources is loopback bowout, a site to turn on, or an example."""
    sites = (EXTENSION / "sites.js").read_text(encoding="utf-8")
    presets = set(re.findall(r'"(https://[^"]+)"', sites))
    assert "https://mail.google.com" in presets
    allowed = re.compile(r"^https?://(127\.0\.0\.1|localhost)([:/]|$)|^https://mail\.example\.com")
    for path in shipped():
        if path.suffix not in {".js", ".html", ".css", ".json"}:
            continue
        text = path.read_text(encoding="utf-8")
        for url in re.findall(r"https?://[^\s\"'`<>)]+", text):
            url = url.rstrip(".,;")
            if url.rstrip("/*") in presets or url.startswith(("https://*/", "http://*/")):
                continue  # optional permissions and presets: hosts the user may turn on
            assert allowed.match(url), f"{path.relative_to(ROOT)} names {url}"
        assert not re.search(r"<script[^>]+src=\"https?:", text), path
        assert "@import" not in text, path


def test_every_file_the_manifest_names_exists() -> None:
    named = [MANIFEST["background"]["service_worker"], MANIFEST["options_ui"]["page"]]
    named += [MANIFEST["action"]["default_popup"], *MANIFEST["icons"].values()]
    named += re.findall(r'"(content/[^"]+\.js)"', (EXTENSION / "sites.js").read_text())
    for name in named:
        assert (EXTENSION / name).is_file(), name
    for page in EXTENSION.glob("*.html"):
        for ref in re.findall(r'(?:src|href)="([^"]+)"', page.read_text()):
            assert (EXTENSION / ref).is_file(), f"{page.name} refers to a missing {ref}"


def test_its_version_is_bowouts() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert MANIFEST["version"] == project["project"]["version"]


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_extension_builds_a_zip_chromium_loads(tmp_path: Path) -> None:
    target = tmp_path / "bowout-extension.zip"
    subprocess.run(["make", "-s", "extension", f"EXT_ZIP={target}"], cwd=ROOT, check=True)
    with zipfile.ZipFile(target) as archive:
        names = {n for n in archive.namelist() if not n.endswith("/")}
        archive.extractall(tmp_path / "unpacked")
    assert names == {str(p.relative_to(EXTENSION)) for p in shipped()}
    assert "manifest.json" in names  # at the top, as stores and Load unpacked want it

    unpacked = tmp_path / "unpacked"
    with playwright_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                f"--disable-extensions-except={unpacked}",
                f"--load-extension={unpacked}",
            ],
        )
        try:
            workers = context.service_workers
            worker = workers[0] if workers else context.wait_for_event("serviceworker")
            assert worker.url.endswith("/background.js")
            assert worker.evaluate("chrome.runtime.getManifest().version") == MANIFEST["version"]
        finally:
            context.close()
