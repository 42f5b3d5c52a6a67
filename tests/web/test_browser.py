"""The app in a real browser (Debian's chromium driven by playwright), as a user would use it.

The app runs under uvicorn on a free 127.0.0.1 port with a fresh store per test. Screenshots of
the main pages, at desktop and phone width, go to a temporary folder; `make screenshots` sets
BOWOUT_SCREENSHOTS=docs/screenshots to refresh the README's pictures.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
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

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed: apt-get install chromium (make browser-deps)",
    ),
]
playwright_api = pytest.importorskip("playwright.sync_api")


@dataclass
class App:
    url: str
    config_file: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    import uvicorn

    config_file = tmp_path / "config.toml"
    settings = Settings(me="Alex Morgan", timezone="Europe/Berlin")
    web_app = create_app(
        settings, f"sqlite:///{tmp_path / 'store.sqlite3'}", config_file=config_file
    )
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    yield App(f"http://127.0.0.1:{port}", config_file)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, app: App) -> Iterator[Any]:
    context = browser.new_context(base_url=app.url, viewport=DESKTOP)
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
    yield tab
    context.close()
    assert errors == [], f"script errors or CSP violations: {errors}"


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


def shoot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# --- the assistant, from what happened to a recorded message ---------------------------------


def test_assistant_from_start_to_a_recorded_message(page: Any) -> None:
    page.goto("/processes")
    page.get_by_label("Company").fill("Northwind")
    page.get_by_label("Role", exact=True).fill("Data Engineer")
    page.get_by_label("Recruiter").fill("Priya Shah <priya@northwind.test>")
    page.get_by_label("Next interview").fill(local(in_days(5)))
    page.get_by_role("button", name="Add").first.click()
    page.wait_for_url(re.compile(r"/processes/\d+"))
    process_url = page.url.split("?")[0]

    page.get_by_role("link", name=re.compile("with the assistant")).click()
    assert page.get_by_label("Their name").input_value() == "Priya"  # greeted by first name
    page.get_by_label(re.compile("I have lost interest")).check()
    page.get_by_label(re.compile("would you want this interview")).select_option("no")
    page.get_by_role("button", name="Get advice and a draft").click()

    assert page.locator("#verdict").inner_text().startswith("Decline")
    assert page.locator(".alternatives li").count() >= 1
    body = page.locator("textarea#body")
    assert "Priya" in body.input_value() and "Alex Morgan" in body.input_value()

    # Another wording, then an edit that the live check flags in place, then the fix.
    page.get_by_role("link", name="Wording 2").click()
    original = body.input_value()
    hedge = "Maybe later I might be interested again; let's revisit in a few months."
    body.fill(original.replace("\n\n", f"\n\n{hedge}\n\n", 1))
    page.locator(".editor-backdrop mark.error").first.wait_for()
    assert "vague-deferral" in page.locator("#body-findings").inner_text()
    body.fill(original)
    page.wait_for_function(
        "() => document.querySelectorAll('.editor-backdrop mark.error').length === 0"
    )

    page.get_by_role("button", name="Copy the message").click()
    assert page.evaluate("navigator.clipboard.readText()") == original
    mailto = page.get_by_role("link", name="Open in mail")
    mailto.hover()
    assert "body=" in (mailto.get_attribute("href") or "")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download .eml").click()
    assert download.value.suggested_filename == "northwind.eml"

    page.get_by_role("button", name="Mark as sent").click()
    page.wait_for_url(re.compile(r"/processes/\d+\?sent=1"))
    assert "Recorded as sent" in page.locator(".flash").inner_text()
    assert "declined" in page.locator("main").inner_text()
    assert original.splitlines()[0] in page.locator(".timeline").inner_text()
    assert page.url.startswith(process_url)


# --- the check page --------------------------------------------------------------------------


def test_check_page_highlights_findings_in_place(page: Any) -> None:
    page.goto("/check")
    text = page.get_by_label("Your message")
    text.fill(
        "Hi Sam,\n\nI'm not sure this is the right time for me, maybe later. To be honest the "
        "salary you offered is insulting.\n\nAlex"
    )
    page.locator(".editor-backdrop mark.error").first.wait_for()
    marked = page.locator(".editor-backdrop mark").all_inner_texts()
    assert any("insulting" in m for m in marked)
    page.get_by_role("button", name="Check", exact=True).click()
    findings = page.locator("#text-findings")
    assert "critique" in findings.inner_text() and "vague-deferral" in findings.inner_text()
    assert page.locator("#text-findings .suggestion-text").count() >= 2
    assert "remembered" in page.locator("#text-perception").inner_text().lower()
    shoot(page, "check-desktop")

    # Jump from a finding to its words in the text.
    page.locator("#text-findings .finding").filter(has_text="critique").get_by_role(
        "button", name="Show in the text"
    ).click()
    selected = page.evaluate(
        "() => { const t = document.getElementById('text');"
        " return t.value.slice(t.selectionStart, t.selectionEnd); }"
    )
    assert "insulting" in selected

    text.fill(
        "Hi Sam,\n\nThank you for your time. I have decided to withdraw from the process.\n\n"
        "I hope our paths cross again.\n\nAlex"
    )
    page.wait_for_function("() => document.querySelectorAll('.editor-backdrop mark').length === 0")
    page.get_by_text("Nothing to fix: this reads").wait_for()


# --- accepting an offer ----------------------------------------------------------------------


def test_accept_cascade(page: Any) -> None:
    chosen = api_post(page, "/api/v1/processes", {"company": "Contoso", "stage": "offer"})
    for company, recruiter in (("Fabrikam", "Lee"), ("Tailspin", "Noor")):
        api_post(
            page,
            "/api/v1/processes",
            {"company": company, "contacts": [recruiter], "interview": in_days(4).isoformat()},
        )
    page.goto("/accept")
    page.get_by_label("The offer you accepted").select_option(str(chosen["id"]))
    page.get_by_role("button", name=re.compile("draft the withdrawals")).click()
    assert "Congratulations" in page.locator(".flash").inner_text()
    cards = page.locator("article.card")
    assert cards.count() == 2
    assert "Lee" in cards.nth(0).locator("textarea").input_value()
    shoot(page, "accept-desktop")

    cards.nth(0).get_by_role("button", name="Mark as sent").click()
    page.wait_for_url(re.compile(r"/accept\?sent=1"))
    assert page.locator("article.card").count() == 1
    stages = {
        p["company"]: p["stage"] for p in page.request.get("/api/v1/processes?all=true").json()
    }
    assert stages == {"Contoso": "accepted", "Fabrikam": "withdrawn", "Tailspin": "interviewing"}


# --- export and import -----------------------------------------------------------------------


def test_export_and_import(page: Any, browser: Any, tmp_path: Path) -> None:
    api_post(page, "/api/v1/processes", {"company": "Globex", "role": "SRE", "contacts": ["Kim"]})
    page.goto("/settings")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export (JSON)").click()
    saved = tmp_path / "export.json"
    download.value.save_as(saved)
    assert "Globex" in saved.read_text()

    page.get_by_label("Import a file", exact=True).set_input_files(str(saved))
    page.get_by_role("button", name="Import", exact=True).click()
    assert "merge" in page.locator("main").inner_text()  # not into a full store unasked
    page.goto("/settings")
    page.get_by_label("Import a file", exact=True).set_input_files(str(saved))
    page.get_by_label("Merge with the processes already here").check()
    page.get_by_role("button", name="Import", exact=True).click()
    assert "Imported 1 process." in page.locator(".flash").inner_text()
    page.goto("/processes")
    assert page.get_by_role("link", name="Globex").count() == 2  # merged beside the original


def test_settings_are_saved(page: Any, app: App) -> None:
    page.goto("/settings")
    page.get_by_label("Your name").fill("Alex Morgan")
    page.get_by_label("Signature").fill("Platform Engineer\n+49 30 555 0100")
    page.get_by_label("Time zone").fill("Europe/Lisbon")
    page.get_by_label("Available for reschedules").fill("Tue 12:00-17:00; Thu 09:00-12:00")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".flash").inner_text() == "Saved."
    assert page.get_by_label("Time zone").input_value() == "Europe/Lisbon"
    assert 'timezone = "Europe/Lisbon"' in app.config_file.read_text()


# --- hostile text ----------------------------------------------------------------------------

XSS = [
    "<script>window.__xss = 1</script>",
    '"><img src=x onerror="window.__xss=1">',
    "javascript:window.__xss=1",
    "<svg onload=window.__xss=1>",
]


def test_no_text_field_runs_script(page: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    payload = " ".join(XSS)

    page.goto("/processes")
    for label in ("Company", "Recruiter", "Link to the posting"):
        page.get_by_label(label).fill(payload)
    page.get_by_label("Role", exact=True).fill(payload)
    page.get_by_role("button", name="Add").first.click()
    page.wait_for_url(re.compile(r"/processes/\d+"))
    page.get_by_label("Subject").fill(payload)
    page.get_by_label("Text").fill(payload)
    page.get_by_role("button", name="Log it").click()
    page.wait_for_url(re.compile(r"saved=1"))
    page.get_by_label("When").fill(local(in_days(3)))
    page.get_by_label("Where").fill(payload)
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(re.compile(r"saved=1"))
    page.get_by_label("Time zone").fill(payload)  # refused: the error page shows it, as text
    page.get_by_label("When").fill(local(in_days(4)))
    page.get_by_role("button", name="Add", exact=True).click()
    assert "time zone" in page.locator("main").inner_text()

    page.goto("/assistant")
    page.get_by_label(re.compile("The role turned out different")).check()
    for label in ("Their name", "The company", "The role", "Your name"):
        page.get_by_label(label, exact=True).fill(payload)
    page.get_by_label("What differs from what you expected").fill(payload)
    page.get_by_label("Your target pay").fill(payload)
    page.get_by_label("When you could do instead").fill(payload)
    page.get_by_role("button", name="Get advice and a draft").click()
    page.get_by_label("Their email address").fill(payload)
    page.get_by_label("Subject").fill(payload)
    page.locator("textarea#body").fill(payload)
    page.locator(".status-line").filter(has_text="Checked").wait_for()
    assert page.evaluate("window.__xss") is None
    assert page.locator("main img[src=x], main svg[onload]").count() == 0

    page.goto("/check")
    page.get_by_label("Your message").fill(payload)
    page.locator(".status-line").filter(has_text="Checked").wait_for()
    page.get_by_role("button", name="Check", exact=True).click()
    page.locator(".status-line").filter(has_text="Checked").wait_for()
    assert page.evaluate("window.__xss") is None
    assert page.locator("main img[src=x], main svg[onload]").count() == 0

    page.goto("/settings")
    page.get_by_label("Your name").fill(payload)
    page.get_by_label("Signature").fill(payload)
    page.get_by_label("Available for reschedules").fill("Tue 12:00-17:00")
    page.get_by_role("button", name="Save").click()

    for path in ("/", "/processes", "/processes?stage=all", "/accept", "/settings", "/assistant"):
        page.goto(path)
        assert page.evaluate("window.__xss") is None, path
        assert page.locator("img[src=x], svg[onload]").count() == 0, path
    page.goto("/processes")
    page.locator("a.item-title").first.click()
    assert page.evaluate("window.__xss") is None
    assert "<script>window.__xss" in page.locator("h1").inner_text()  # shown, as text
    assert dialogs == []


# --- screenshots for the README --------------------------------------------------------------


def _sample_pipeline(page: Any) -> int:
    acme = api_post(
        page,
        "/api/v1/processes",
        {
            "company": "Acme Robotics",
            "role": "Platform Engineer",
            "contacts": ["Dana Whitfield <dana@acme.test>"],
            "interview": in_days(2, 14).isoformat(),
            "zone": "Europe/Berlin",
        },
    )
    api_post(page, f"/api/v1/processes/{acme['id']}/stage", {"intent": "decline"})
    globex = api_post(
        page, "/api/v1/processes", {"company": "Globex", "role": "SRE", "contacts": ["Kim Ortega"]}
    )
    api_post(
        page,
        "/api/v1/messages",
        {
            "process": str(globex["id"]),
            "direction": "in",
            "subject": "Next steps",
            "text": "Hi Alex, would you be free for a call with the hiring manager next week?",
            "at": (datetime.now(UTC) - timedelta(hours=30)).isoformat(),
        },
    )
    api_post(page, "/api/v1/processes", {"company": "Initech", "role": "Backend Developer"})
    return int(acme["id"])


def test_screenshots_of_the_main_pages(page: Any) -> None:
    acme = _sample_pipeline(page)
    check_text = (
        "Hi Dana,\n\nSorry, I'm not sure this is the right time for me, maybe later. Honestly "
        "the salary band seemed like a lowball.\n\nI'll definitely be in touch!\n\nAlex"
    )
    pages = {
        "today": "/",
        "processes": "/processes",
        "process": f"/processes/{acme}",
        "assistant": f"/processes/{acme}/assistant",
        "settings": "/settings",
    }
    for width_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        for name, path in pages.items():
            page.goto(path)
            shoot(page, f"{name}-{width_name}")
        page.goto(f"/processes/{acme}/assistant")
        page.get_by_label(re.compile("I have lost interest")).check()
        page.get_by_role("button", name="Get advice and a draft").click()
        page.locator(".status-line").filter(has_text="Checked").wait_for()
        shoot(page, f"advice-{width_name}")
        page.goto("/check")
        page.get_by_label("Your message").fill(check_text)
        page.get_by_role("button", name="Check", exact=True).click()
        page.locator(".status-line").filter(has_text="Checked").wait_for()
        shoot(page, f"check-{width_name}")
    for name in ("today", "advice", "check"):
        assert (SCREENSHOTS / f"{name}-phone.png").stat().st_size > 10_000
