"""The app in a real browser (Debian's chromium driven by playwright), as a user would use it:
the main flows, hostile text, and the README's screenshots. The problems a user meets over a
stressful week are in ``test_week``; the fixtures are in ``conftest`` and ``browsing``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.web.browsing import (
    DESKTOP,
    NEEDS_CHROMIUM,
    PHONE,
    SCREENSHOTS,
    App,
    api_post,
    in_days,
    in_hours,
    local,
    shoot,
)

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]
expect = pytest.importorskip("playwright.sync_api").expect


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

    page.get_by_role("button", name="Next: send it").click()
    expect(page.locator('.steps li[aria-current="step"]')).to_have_text("3 · Send")
    assert page.get_by_label("To (their e-mail address)").input_value() == "priya@northwind.test"
    page.get_by_role("button", name="Copy the message").click()
    assert page.evaluate("navigator.clipboard.readText()") == original
    mailto = page.get_by_role("link", name="Open in mail")
    mailto.hover()
    href = mailto.get_attribute("href") or ""
    assert href.startswith("mailto:priya@northwind.test?") and "body=" in href
    with page.expect_download() as download:
        page.get_by_role("button", name="Download .eml").click()
    assert download.value.suggested_filename == "northwind.eml"
    assert "To: priya@northwind.test" in Path(download.value.path()).read_text()

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
    page.get_by_role("button", name="Review the withdrawals").click()
    page.get_by_role("button", name=re.compile("draft the withdrawals")).click()
    expect(page.locator(".flash")).to_contain_text("Congratulations")
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
    expect(page.locator("main")).to_contain_text("merge")  # not into a full store unasked
    page.goto("/settings")
    page.get_by_label("Import a file", exact=True).set_input_files(str(saved))
    page.get_by_label("Merge with the processes already here").check()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Imported 1 process.")
    page.goto("/processes")
    assert page.get_by_role("link", name="Globex").count() == 2  # merged beside the original


def test_settings_are_saved(page: Any, app: App) -> None:
    page.goto("/settings")
    page.get_by_label("Your name").fill("Alex Morgan")
    page.get_by_label("Signature").fill("Platform Engineer\n+49 30 555 0100")
    page.get_by_label("Time zone").fill("Europe/Lisbon")
    page.get_by_label("Tuesday: from").select_option("12:00")
    page.get_by_label("Tuesday: to").select_option("17:00")
    page.get_by_label("Thursday: from").select_option("09:00")
    page.get_by_label("Thursday: to").select_option("12:00")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_have_text("Saved.")
    assert page.get_by_label("Time zone").input_value() == "Europe/Lisbon"
    assert page.get_by_label("Thursday: to").input_value() == "12:00"
    saved = app.config_file.read_text()
    assert 'timezone = "Europe/Lisbon"' in saved
    assert '"Tue 12:00-17:00"' in saved and '"Thu 09:00-12:00"' in saved


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
    expect(page.locator("main")).to_contain_text("time zone")

    page.goto("/assistant")
    page.get_by_label(re.compile("The role turned out different")).check()
    for label in ("Their name", "The company", "The role", "Your name"):
        page.get_by_label(label, exact=True).fill(payload)
    page.get_by_label("What differs from what you expected").fill(payload)
    page.get_by_label("Your target pay").fill(payload)
    page.get_by_label("When you could do instead").fill(payload)
    page.get_by_role("button", name="Get advice and a draft").click()
    page.get_by_label("Subject").fill(payload)
    page.locator("textarea#body").fill(payload)
    page.locator(".status-line").filter(has_text="Checked").wait_for()
    assert page.evaluate("window.__xss") is None
    page.get_by_role("button", name="Next: send it").click()
    page.get_by_label("To (their e-mail address)").fill(payload)
    page.locator(".status-line").filter(has_text="Checked").wait_for()
    assert page.evaluate("window.__xss") is None
    assert page.locator("main img[src=x], main svg[onload]").count() == 0
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
    page.get_by_label("Tuesday: from").select_option("12:00")
    page.get_by_label("Tuesday: to").select_option("17:00")
    page.get_by_role("button", name="Save").click()

    for path in (
        "/",
        "/upcoming",
        "/processes",
        "/processes?stage=all",
        "/accept",
        "/settings",
        "/assistant",
    ):
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
    api_post(
        page,
        "/api/v1/processes",
        {
            "company": "Initech",
            "role": "Backend Developer",
            "contacts": ["Sam Lee <sam@initech.test>"],
            "interview": in_hours(5).isoformat(),
        },
    )
    api_post(
        page,
        "/api/v1/processes",
        {"company": "Hooli", "contacts": ["Noor Haddad"], "interview": in_days(6, 9).isoformat()},
    )
    return int(acme["id"])


def test_screenshots_of_the_main_pages(page: Any) -> None:
    acme = _sample_pipeline(page)
    check_text = (
        "Hi Dana,\n\nSorry, I'm not sure this is the right time for me, maybe later. Honestly "
        "the salary band seemed like a lowball.\n\nI'll definitely be in touch!\n\nAlex"
    )
    pages = {
        "today": "/",
        "upcoming": "/upcoming",
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
        page.get_by_role("button", name="Next: send it").click()
        page.locator(".status-line").filter(has_text="Checked").wait_for()
        shoot(page, f"send-{width_name}")
        page.goto("/check")
        page.get_by_label("Your message").fill(check_text)
        page.get_by_role("button", name="Check", exact=True).click()
        page.locator(".status-line").filter(has_text="Checked").wait_for()
        shoot(page, f"check-{width_name}")
        # A refused form: the error at its field, everything typed still there.
        page.goto("/processes")
        page.get_by_label("Company").fill("Northwind")
        page.get_by_label("Role", exact=True).fill("Data Engineer")
        page.get_by_label("Recruiter").fill("Priya Nair <priya@northwind.test>")
        page.get_by_label("Next interview").fill(local(datetime.now(UTC) - timedelta(days=1)))
        page.get_by_role("button", name="Add", exact=True).click()
        page.locator(".field-error").first.wait_for()
        page.locator("#add").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"form-error-{width_name}.png"))
    for name in ("today", "advice", "check", "form-error"):
        assert (SCREENSHOTS / f"{name}-phone.png").stat().st_size > 10_000
