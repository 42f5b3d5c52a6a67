"""A stressful week of a job search, in the browser, as a new user meets it: one test for each
thing that used to fail people at the moment it mattered.

1. Today shows the interviews coming, with the choice still open and one click to answer.
2. A refused form keeps everything typed, the draft included, with the error at its field.
3. A new user's times are read in their browser's zone; their hours come from a picker.
4. Processes, contacts, notes and interviews are changed in the browser; Upcoming by day.
5. Drafts reach the recipient: addressed, checked as typed (cards too), a warning before errors.
6. The smaller ones: accept confirms, skip links, accessible names, phone width, plain replies.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bowout import config
from bowout.config import Settings
from tests.web.browsing import (
    NEEDS_CHROMIUM,
    PHONE,
    App,
    Tabs,
    api_post,
    in_days,
    in_hours,
    local,
    no_sideways_scroll,
)

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]
expect = pytest.importorskip("playwright.sync_api").expect
NEW_USER = Settings()  # nothing set yet: no name, the default zone


def described(page: Any, label: str | re.Pattern[str]) -> tuple[str | None, str]:
    """An input's aria-invalid and the text of what describes it (its hint and its error),
    once the page marks it invalid."""
    field = page.get_by_label(label).first
    expect(field).to_have_attribute("aria-invalid", "true")
    ids = (field.get_attribute("aria-describedby") or "").split()
    text = " ".join(page.locator(f"#{i}").inner_text() for i in ids)
    return field.get_attribute("aria-invalid"), text


def item(page: Any, heading: str, company: str) -> Any:
    return page.get_by_role("list", name=heading).get_by_role("listitem").filter(has_text=company)


# --- 1. Today leaves out interviews ------------------------------------------------------------


def test_today_shows_the_interviews_coming_and_answers_them_in_one_click(page: Any) -> None:
    api_post(
        page,
        "/api/v1/processes",
        {"company": "Initech", "contacts": ["Sam Lee"], "interview": in_hours(3).isoformat()},
    )
    api_post(
        page,
        "/api/v1/processes",
        {"company": "Globex", "contacts": ["Kim Ortega"], "interview": in_days(2, 14).isoformat()},
    )
    page.goto("/")
    main = page.locator("main").inner_text()
    assert "all answered" not in main and "Nothing is waiting" not in main
    coming = page.get_by_role("list", name="Coming up").get_by_role("listitem")
    assert coming.count() == 2
    assert coming.nth(0).inner_text().startswith("Initech")  # the nearest first
    initech, globex = item(page, "Coming up", "Initech"), item(page, "Coming up", "Globex")
    assert "in 3 h" in initech.inner_text() and "apolog" in initech.inner_text()
    assert "simple change" in globex.inner_text()

    globex.get_by_role("button", name=re.compile("^I will go")).click()
    expect(page.locator(".flash")).to_contain_text("you will go")
    globex = item(page, "Coming up", "Globex")
    expect(globex.locator(".badge")).to_contain_text("going")
    assert globex.get_by_role("button", name=re.compile("^I will go")).count() == 0

    item(page, "Coming up", "Initech").get_by_role("link", name=re.compile("^Move it")).click()
    assert page.get_by_label(re.compile("I have a conflict")).is_checked()
    assert page.get_by_label(re.compile("would you want this interview")).input_value() == "yes"
    assert page.get_by_label("When it is").input_value() == local(
        in_hours(3).astimezone(config.zone_named("Europe/Berlin"))
    )

    page.goto("/")
    item(page, "Coming up", "Initech").get_by_role("link", name=re.compile("^Decline it")).click()
    expect(page.locator("legend").first).to_contain_text("why are you declining")
    assert page.locator("input[name=reason]:checked").count() == 0  # its reason is the user's

    # The CLI's status agrees: the same upcoming items, with their notice class.
    items = page.request.get("/api/v1/status").json()["items"]
    upcoming = {i["company"]: i for i in items if i["kind"] == "upcoming"}
    assert set(upcoming) == {"Initech", "Globex"}
    assert upcoming["Globex"]["notice"]["class"] == "short" and upcoming["Globex"]["going"]


# --- 2. Work is lost on every error ----------------------------------------------------------


def test_a_refused_form_keeps_everything_typed_with_the_error_at_its_field(page: Any) -> None:
    page.goto("/processes")
    page.get_by_label("Company").fill("Northwind")
    page.get_by_label("Role", exact=True).fill("Data Engineer")
    page.get_by_label("Recruiter").fill("Priya Nair <priya@northwind.test>")
    page.get_by_label("Next interview").fill(local(datetime.now(UTC) - timedelta(days=2)))
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("h1")).to_have_text("Processes")  # the same page, not an error page
    invalid, text = described(page, "Next interview")
    assert invalid == "true" and "in the past" in text
    assert page.get_by_label("Company").input_value() == "Northwind"
    assert page.get_by_label("Recruiter").input_value() == "Priya Nair <priya@northwind.test>"
    expect(page.get_by_label("Next interview")).to_be_focused()  # where to fix it
    page.get_by_label("Next interview").fill(local(in_days(4)))
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(re.compile(r"/processes/\d+\?added=1"))

    # The assistant says what is missing where it is missing, and keeps the rest.
    page.get_by_role("link", name=re.compile("with the assistant")).click()
    page.get_by_label(re.compile("The role turned out different")).check()
    page.get_by_role("button", name="Get advice and a draft").click()
    invalid, text = described(page, "What differs from what you expected")
    assert invalid == "true" and "concrete" in text
    assert page.get_by_label("Their name").input_value() == "Priya"
    assert page.get_by_label(re.compile("The role turned out different")).is_checked()
    page.get_by_label("What differs from what you expected").fill("the role is fully on-site")
    page.get_by_role("button", name="Get advice and a draft").click()

    # The draft is kept in the store as it is edited: a reload loses nothing.
    body = page.locator("textarea#body")
    edited = body.input_value().replace("\n\n", "\n\nI enjoyed our first call.\n\n", 1)
    body.fill(edited)
    page.locator("[data-autosave-status]").filter(has_text="Kept").wait_for()
    page.reload()
    assert page.locator("textarea#body").input_value() == edited
    assert "your edited version" in page.locator(".kept").inner_text()

    # Sending without saying which process: the error is at the choice, the text still there.
    page.goto("/assistant?setup=later")
    page.get_by_label(re.compile("I have lost interest")).check()
    page.get_by_label(re.compile("would you want this interview")).select_option("no")
    page.get_by_label("Their name").fill("Dana")
    page.get_by_label("The company").fill("Contoso")
    page.get_by_role("button", name="Get advice and a draft").click()
    page.locator("textarea#body").fill("Hi Dana,\n\nThank you. I have decided to withdraw.\n\nAlex")
    page.get_by_role("button", name="Next: send it").click()
    page.get_by_role("button", name="Mark as sent").click()
    invalid, text = described(page, "The process it belongs to")
    assert invalid == "true" and "which process" in text
    assert "I have decided to withdraw" in page.locator("textarea#body").input_value()


def test_a_name_typed_in_the_assistant_signs_the_message_and_is_kept(
    serve: Callable[..., App], tabs: Tabs
) -> None:
    app = serve(NEW_USER)
    page = tabs.open(app, zone="Europe/Berlin")
    api_post(page, "/api/v1/processes", {"company": "Acme", "contacts": ["Dana Reyes"]})
    page.goto("/assistant")
    assert page.locator("h1").inner_text() == "Before your first message"
    page.get_by_role("link", name="Not now").click()
    page.get_by_label(re.compile("I have lost interest")).check()
    page.get_by_label("The process").select_option(label="Acme")
    page.get_by_label("Their name").fill("Dana")
    page.get_by_label("The company").fill("Acme")
    page.get_by_label("Your name").fill("Sam Rivera")
    page.get_by_role("button", name="Get advice and a draft").click()
    assert page.locator("textarea#body").input_value().rstrip().endswith("Sam Rivera")
    page.get_by_role("button", name="Next: send it").click()
    page.get_by_role("button", name="Mark as sent").click()
    page.wait_for_url(re.compile(r"/processes/\d+\?sent=1"))
    assert "declined" in page.locator("main").inner_text()
    assert config.load(app.config_file, environ={}).me == "Sam Rivera"
    page.goto("/assistant")  # set up now: no detour
    assert page.get_by_label("Your name").input_value() == "Sam Rivera"


# --- 3. Settings traps ----------------------------------------------------------------------


def test_a_new_user_gets_their_browsers_zone_and_picks_their_hours(
    serve: Callable[..., App], tabs: Tabs
) -> None:
    app = serve(NEW_USER)
    page = tabs.open(app, zone="America/New_York")
    page.goto("/processes")
    assert page.get_by_label("Its time zone").input_value() == "America/New_York"
    page.get_by_label("Company").fill("Hooli")
    at = in_days(3).strftime("%Y-%m-%dT10:00")
    page.get_by_label("Next interview").fill(at)
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(re.compile(r"/processes/\d+"))
    interview = page.request.get("/api/v1/interviews?process=Hooli").json()[0]
    assert interview["zone"] == "America/New_York" and interview["start"].startswith(at)

    # The first run: name, sign-off, the browser's zone, and hours from a picker.
    page.goto("/")
    page.get_by_role("link", name="Set up bowout").click()
    expect(page.get_by_label("Your time zone")).to_have_value("America/New_York")
    page.get_by_label("Your name").fill("Sam Rivera")
    page.get_by_label("Your sign-off").fill("Product Designer")
    page.get_by_label("Tuesday: from").select_option("12:00")
    page.get_by_label("Tuesday: to").select_option("17:00")
    page.get_by_label("Thursday: from").select_option("17:00")
    page.get_by_label("Thursday: to").select_option("09:00")  # backwards
    page.get_by_role("button", name="Save and continue").click()
    invalid, text = described(page, "Thursday: to")
    assert invalid == "true" and "Thursday" in text and "before" in text
    assert page.get_by_label("Your name").input_value() == "Sam Rivera"
    assert page.get_by_label("Your sign-off").input_value() == "Product Designer"
    assert page.get_by_label("Tuesday: to").input_value() == "17:00"
    assert not app.config_file.exists()  # nothing half-saved
    page.get_by_label("Thursday: from").select_option("09:00")
    page.get_by_label("Thursday: to").select_option("12:00")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/\?setup=done"))
    assert page.get_by_role("link", name="Set up bowout").count() == 0
    saved = config.load(app.config_file, environ={})
    assert (saved.me, saved.timezone) == ("Sam Rivera", "America/New_York")
    assert saved.availability == ("Tue 12:00-17:00", "Thu 09:00-12:00")

    # A bad zone is refused at its field; everything else typed stays, nothing is written.
    page.goto("/settings")
    page.get_by_label("Your name").fill("Sam R. Rivera")
    page.get_by_label("Time zone").fill("Mars/Olympus_Mons")
    page.get_by_role("button", name="Save").click()
    invalid, text = described(page, "Time zone")
    assert invalid == "true" and "not a time zone" in text
    assert page.get_by_label("Your name").input_value() == "Sam R. Rivera"
    assert page.get_by_label("Tuesday: from").input_value() == "12:00"
    assert config.load(app.config_file, environ={}).timezone == "America/New_York"

    # What another front end saves is seen at once, and kept by the next save here.
    config.save({"linkedin_limit": 250}, app.config_file)
    page.goto("/settings")
    assert page.get_by_label("LinkedIn note limit (characters)").input_value() == "250"
    page.get_by_role("button", name="Save").click()
    assert config.load(app.config_file, environ={}).linkedin_limit == 250


def test_the_first_draft_comes_after_a_short_setup(serve: Callable[..., App], tabs: Tabs) -> None:
    app = serve(NEW_USER)
    page = tabs.open(app, zone="Europe/Lisbon")
    page.goto("/")
    page.get_by_role("link", name="Start the assistant").click()
    expect(page.locator("h1")).to_have_text("Before your first message")
    page.get_by_label("Your name").fill("Noa Levi")
    page.get_by_label("Your sign-off").fill("Data Analyst\n+351 21 000 0000")
    page.get_by_label("Wednesday: from").select_option("14:00")
    page.get_by_label("Wednesday: to").select_option("18:00")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".flash")).to_contain_text("signed with your name")
    page.get_by_label(re.compile("I have a conflict")).check()
    page.get_by_label("When it is").fill(local(in_days(5)))
    page.get_by_label(re.compile("would you want this interview")).select_option("yes")
    page.get_by_label("Their name").fill("Ines")
    page.get_by_label("The company").fill("Feedzai")
    page.get_by_role("button", name="Get advice and a draft").click()
    body = page.locator("textarea#body").input_value()
    assert "Wednesday" in body and "14:00" in body  # the hours picked
    assert "Noa Levi\nData Analyst" in body


# --- 4. Things you could not do in the browser -----------------------------------------------


def test_processes_contacts_notes_and_interviews_change_in_the_browser(page: Any) -> None:
    acme = api_post(
        page,
        "/api/v1/processes",
        {
            "company": "Acme",
            "role": "SRE",
            "contacts": ["Dana Reyes"],
            "interview": in_days(4, 9).isoformat(),
        },
    )
    globex = api_post(
        page,
        "/api/v1/processes",
        {"company": "Globex", "contacts": ["Kim Ortega"], "interview": in_days(1, 15).isoformat()},
    )
    page.goto(f"/processes/{acme['id']}")

    page.get_by_text("Edit the details").click()
    page.get_by_label("Role", exact=True).fill("Platform Engineer")
    page.get_by_label("Link to the posting").fill("https://jobs.acme.test/42")
    page.get_by_role("button", name="Save the details").click()
    expect(page.locator("h1")).to_contain_text("Platform Engineer")
    assert page.get_by_role("link", name="https://jobs.acme.test/42").count() == 1

    page.get_by_text(re.compile("^Edit Dana Reyes")).click()
    page.get_by_label("E-mail").first.fill("not an address")
    page.get_by_role("button", name="Save Dana Reyes").click()
    invalid, text = described(page, "E-mail")
    assert invalid == "true" and "not an e-mail address" in text
    page.get_by_label("E-mail").first.fill("dana@acme.test")
    page.get_by_label("LinkedIn").first.fill("https://www.linkedin.com/in/dana-reyes")
    page.get_by_label("Their part").first.select_option("hiring_manager")
    page.get_by_role("button", name="Save Dana Reyes").click()
    expect(page.locator(".contacts")).to_contain_text("hiring manager")
    contacts = page.locator(".contacts").inner_text()
    assert "dana@acme.test" in contacts and "linkedin.com/in/dana-reyes" in contacts

    page.get_by_text("Add a contact").click()
    page.get_by_label("Name", exact=True).last.fill("Lee Park")
    page.get_by_role("button", name="Add the contact").click()
    expect(page.locator(".contacts")).to_contain_text("Lee Park")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_text(re.compile("^Edit Lee Park")).click()
    page.get_by_role("button", name="Remove Lee Park").click()
    expect(page.locator(".contacts")).not_to_contain_text("Lee Park")

    page.get_by_label("Your notes").fill("Ask about the on-call rota.")
    with page.expect_navigation():  # the form posts and redirects; reload only after that
        page.get_by_role("button", name="Save the notes").click()
    page.reload()
    assert page.get_by_label("Your notes").input_value() == "Ask about the on-call rota."

    interviews = page.locator("#interviews + .items")
    interviews.get_by_role("button", name=re.compile("^I will go")).click()
    expect(page.locator("#interviews + .items .badge")).to_contain_text("going")
    page.get_by_text(re.compile("^Move it to a new time")).click()
    moved = in_days(6, 11).astimezone(config.zone_named("Europe/Berlin"))
    page.get_by_label(re.compile("New date and time")).fill(local(moved))
    page.get_by_role("button", name="Move it", exact=True).click()
    expect(page.locator("#interviews + .items")).to_contain_text(moved.strftime("%d %b %Y, %H:%M"))
    assert "Interview (rescheduled)" in page.locator(".timeline").inner_text()
    page.locator("#interviews + .items").get_by_role(
        "button", name=re.compile("^Cancel it")
    ).click()
    expect(page.locator("main")).to_contain_text("No interview coming")

    # Upcoming: interviews and deadlines by day.
    page.goto("/upcoming")
    tomorrow = page.locator("section.day").filter(has=page.get_by_role("heading", name="Tomorrow"))
    assert "Globex" in tomorrow.inner_text() and "interview" in tomorrow.inner_text()

    # Search and sort.
    page.goto("/processes")
    page.get_by_label("Search").fill("dana@acme")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("a.item-title")).to_have_text(["Acme"])
    page.get_by_label("Search").fill("")
    page.get_by_label("Sort by").select_option("company")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("a.item-title")).to_have_text(["Acme", "Globex"])

    # Archive, and undo it.
    page.goto(f"/processes/{globex['id']}")
    page.get_by_role("button", name="Archive").click()
    expect(page.locator(".flash")).to_contain_text("Archived")
    expect(page.locator("a.item-title")).to_have_text(["Acme"])
    page.goto("/")
    assert "Globex" not in page.locator("main").inner_text()
    page.goto("/processes?stage=archived")
    assert page.locator("a.item-title").all_inner_texts() == ["Globex"]
    page.goto(f"/processes?archived={globex['id']}")
    page.get_by_role("button", name="Undo: restore it").click()
    expect(page.locator(".flash")).to_contain_text("Restored")
    page.goto("/")
    assert "Globex" in page.locator("main").inner_text()


# --- 5. Drafts that do not reach the recipient well ----------------------------------------------


def test_drafts_go_out_addressed_checked_and_warned_about(page: Any) -> None:
    northwind = api_post(
        page,
        "/api/v1/processes",
        {
            "company": "Northwind",
            "contacts": ["Priya Nair <priya@northwind.test>"],
            "interview": in_days(4).isoformat(),
        },
    )
    page.goto(f"/processes/{northwind['id']}/assistant")
    assert page.get_by_label("Their name").input_value() == "Priya"
    page.get_by_label(re.compile("I have lost interest")).check()
    page.get_by_label(re.compile("would you want this interview")).select_option("no")
    page.get_by_role("button", name="Get advice and a draft").click()
    assert page.locator("textarea#body").input_value().startswith(("Hi Priya,", "Dear Priya,"))
    assert "Priya Nair" not in page.locator("textarea#body").input_value()
    page.get_by_role("button", name="Next: send it").click()
    assert page.get_by_label("To (their e-mail address)").input_value() == "priya@northwind.test"
    mail = page.get_by_role("link", name="Open in mail")
    mail.hover()
    assert (mail.get_attribute("href") or "").startswith("mailto:priya@northwind.test?")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download .eml").click()
    assert "To: priya@northwind.test" in Path(download.value.path()).read_text()

    # A message with errors is not recorded without a word.
    body = page.locator("textarea#body")
    rude = "Honestly, your interview process is a joke."
    body.fill(body.input_value().replace("\n\n", f"\n\n{rude}\n\n", 1))
    page.locator(".editor-backdrop mark.error").first.wait_for()
    page.get_by_role("button", name="Mark as sent").click()
    invalid, text = described(page, re.compile("record it as I sent it"))
    assert invalid == "true" and "error" in text
    assert "is a joke" in page.locator("textarea#body").input_value()
    stage = page.request.get(f"/api/v1/processes/{northwind['id']}").json()["stage"]
    assert stage == "interviewing"
    page.get_by_label(re.compile("record it as I sent it")).check()
    page.get_by_role("button", name="Mark as sent").click()
    page.wait_for_url(re.compile(r"\?sent=1"))
    assert page.request.get(f"/api/v1/processes/{northwind['id']}").json()["stage"] == "declined"

    # The verdict and the words fit the situation.
    berlin = config.zone_named("Europe/Berlin")
    soon = local(in_hours(3).astimezone(berlin))
    page.goto(
        f"/assistant/advice?reason=emergency&honest=yes&interview_at={soon}"
        "&zone=Europe/Berlin&to=Dana&company=Acme&available=Mon+09:00-17:00"
    )
    verdict = page.locator("#verdict").inner_text()
    assert verdict.startswith("Cancel today, then offer new times")
    assert "Reschedule, then reschedule" not in verdict
    page.goto(
        "/assistant/advice?reason=compensation&pay=not_discussed&range=90k&to=Dana&company=Acme"
    )
    assert "invitation to interview" not in page.locator("textarea#body").input_value()

    # The withdrawal cards are checked as they are typed, like every other draft.
    api_post(page, "/api/v1/processes", {"company": "Contoso", "stage": "offer"})
    api_post(page, "/api/v1/processes", {"company": "Fabrikam", "contacts": ["Lee <lee@fab.test>"]})
    page.goto("/accept")
    page.get_by_role("button", name="Review the withdrawals").click()
    page.get_by_role("button", name=re.compile("draft the withdrawals")).click()
    card = page.locator("article.card").filter(has_text="Fabrikam")
    assert card.get_by_label(re.compile("^To")).input_value() == "lee@fab.test"
    card.locator("textarea").fill("Hi Lee,\n\nMaybe later we can talk again, let's see.\n\nAlex")
    card.locator(".editor-backdrop mark.error").first.wait_for()
    assert "vague-deferral" in card.locator(".findings").inner_text()


# --- 6. The smaller ones --------------------------------------------------------------------------


def test_accept_confirms_preselects_the_offer_and_says_when_it_is_done(page: Any) -> None:
    api_post(page, "/api/v1/processes", {"company": "Tailspin"})
    contoso = api_post(page, "/api/v1/processes", {"company": "Contoso", "stage": "offer"})
    for company, recruiter in (("Fabrikam", "Lee"), ("Wingtip", "Noor")):
        api_post(
            page,
            "/api/v1/processes",
            {"company": company, "contacts": [recruiter], "interview": in_days(3).isoformat()},
        )
    page.goto("/accept")
    assert page.get_by_label("The offer you accepted").input_value() == str(contoso["id"])
    page.get_by_role("button", name="Review the withdrawals").click()
    plan = page.locator("main").inner_text()
    assert "Accept Contoso?" in plan and "Fabrikam" in plan and "1 interview cancelled" in plan
    assert page.request.get(f"/api/v1/processes/{contoso['id']}").json()["stage"] == "offer"
    page.get_by_role("button", name=re.compile("draft the withdrawals")).click()

    # Each card's controls say whose message they are about.
    for company in ("Tailspin", "Fabrikam", "Wingtip"):
        assert page.get_by_label(f"Subject of the message to {company}").count() == 1
        sent = page.get_by_role("button", name=f"Mark as sent: the message to {company}")
        assert sent.count() == 1
    for company in ("Tailspin", "Fabrikam", "Wingtip"):
        page.get_by_role("button", name=f"Mark as sent: the message to {company}").click()
    main = page.locator("main").inner_text()
    assert "every withdrawal is sent" in main and "Which offer did you accept?" not in main


def test_skip_links_land_on_the_main_form_and_the_steps_show_where_you_are(page: Any) -> None:
    for path, target in (
        ("/assistant", "situation-form"),
        ("/assistant/advice?reason=lost_interest&honest=no&to=Dana&company=Acme", "body"),
        ("/settings", "settings-form"),
        ("/check", "text"),
    ):
        page.goto(path)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip", path
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == target, path
    page.keyboard.type("Hi Sam, thanks")  # the check page's message: typed at once
    assert page.get_by_label("Your message").input_value().startswith("Hi Sam, thanks")

    page.goto("/assistant/advice?reason=lost_interest&honest=no&to=Dana&company=Acme")
    page.get_by_role("button", name="Next: send it").click()
    expect(page.locator('.steps [aria-current="step"]')).to_have_text("3 · Send")


def test_long_names_fit_a_phone(tabs: Tabs, app: App) -> None:
    page = tabs.open(app, viewport=PHONE)
    long_name = "Supercalifragilisticexpialidocious-International-Holdings-GmbH"
    email = "maximiliane.mustermann-schwarzenberger@recruiting.supercalifragilistic.example"
    created = api_post(
        page,
        "/api/v1/processes",
        {
            "company": long_name,
            "role": "Principal-Distributed-Systems-Reliability-Engineer",
            "contacts": [f"Maximiliane <{email}>"],
            "interview": in_days(2).isoformat(),
            "link": "https://jobs.example/" + "x" * 80,
        },
    )
    api_post(page, "/api/v1/processes", {"company": "Contoso", "stage": "offer"})
    for path in ("/", "/upcoming", "/processes", f"/processes/{created['id']}", "/accept"):
        page.goto(path)
        assert no_sideways_scroll(page), path


def test_write_the_reply_opens_a_plain_reply_or_marks_it_answered(page: Any) -> None:
    for company, who in (("Globex", "Kim Ortega"), ("Initech", "Sam Lee")):
        created = api_post(page, "/api/v1/processes", {"company": company, "contacts": [who]})
        api_post(
            page,
            "/api/v1/messages",
            {
                "process": str(created["id"]),
                "direction": "in",
                "subject": "Next steps",
                "text": f"Hi Alex, would you be free for a call with {company} next week?",
                "at": (datetime.now(UTC) - timedelta(hours=30)).isoformat(),
            },
        )
    page.goto("/")
    item(page, "Waiting on you", "Globex").get_by_role(
        "link", name=re.compile("^Write the reply")
    ).click()
    expect(page.locator("h1")).to_have_text("Reply to Kim Ortega")
    assert page.locator("input[name=reason]").count() == 0  # no decision to make
    assert "free for a call with Globex" in page.locator("main").inner_text()
    body = page.get_by_label("Your reply")
    assert body.input_value().startswith("Hi Kim,")
    assert page.get_by_label("Subject").input_value() == "Re: Next steps"
    body.fill("Hi Kim,\n\nThanks, Tuesday at 10:00 works well for me.\n\nBest,\nAlex Morgan")
    page.get_by_role("button", name="Mark as sent").click()
    page.wait_for_url(re.compile(r"\?sent=1"))
    assert "Tuesday at 10:00 works" in page.locator(".timeline").inner_text()

    page.goto("/")
    item(page, "Waiting on you", "Initech").get_by_role(
        "button", name=re.compile("^Answered already")
    ).click()
    expect(page.locator(".flash")).to_contain_text("Marked as answered")
    assert page.get_by_role("list", name="Waiting on you").count() == 0
    assert "Nothing is owed right now" in page.locator("main").inner_text()
