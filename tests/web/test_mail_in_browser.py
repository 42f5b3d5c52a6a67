"""The Mail & calendar page as a new user meets it in the browser: a Takeout mbox uploaded, who
is waiting shown with a way to answer, an unknown recruiter's approach confirmed as a process,
an Outlook invitation becoming an interview; Today then says where each item came from."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bowout.config import Settings
from tests.web.browsing import NEEDS_CHROMIUM, App, Tabs, api_post

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]
expect = pytest.importorskip("playwright.sync_api").expect
DATA = Path(__file__).parents[1] / "data"
ALEX = Settings(me="Alex Kim", timezone="Europe/Berlin", addresses=("alex.kim@example.org",))


def test_a_takeout_mbox_uploaded_shows_who_waits_and_proposes_the_rest(
    serve: Callable[..., App], tabs: Tabs
) -> None:
    page = tabs.open(serve(ALEX))
    api_post(
        page,
        "/api/v1/processes",
        {"company": "Acme", "contacts": ["Dana Reyes <dana@acme.example>"]},
    )
    api_post(
        page,
        "/api/v1/processes",
        {"company": "Globex", "contacts": ["Sam Lee <sam.lee@globex.example>"]},
    )
    page.goto("/mail")
    expect(page.get_by_text("Nobody is waiting on you")).to_be_visible()
    page.get_by_label(re.compile("^Mail: an mbox")).set_input_files(
        str(DATA / "mail" / "takeout.mbox")
    )
    page.get_by_role("button", name="Import mail").click()

    changed = page.get_by_role("region", name="What just changed")
    expect(changed).to_contain_text(re.compile(r"Read \d+ messages: \d+ new"))
    waiting = page.get_by_role("list", name="Waiting for an answer").get_by_role("listitem")
    acme = waiting.filter(has_text="Acme")
    expect(acme).to_have_count(1)
    expect(acme.get_by_role("link", name="Write the reply")).to_be_visible()

    proposals = page.get_by_role("list", name="Proposed processes").get_by_role("listitem")
    assert proposals.count() >= 1
    first = proposals.first
    first.get_by_label("Company").fill("Initrode")
    first.get_by_role("button", name="Track it").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Initrode")

    page.goto("/")
    owed = page.locator("main li").filter(has_text="Acme")
    expect(owed.first).to_be_visible()
    expect(owed.locator(".source").first).to_have_text("From your mail")

    # Importing the same export again changes nothing, and says so.
    page.goto("/mail")
    page.get_by_label(re.compile("^Mail: an mbox")).set_input_files(
        str(DATA / "mail" / "takeout.mbox")
    )
    page.get_by_role("button", name="Import mail").click()
    expect(page.get_by_role("region", name="What just changed")).to_contain_text("Nothing new")


def test_an_outlook_invitation_uploaded_becomes_the_interview_of_its_process(
    serve: Callable[..., App], tabs: Tabs
) -> None:
    page = tabs.open(serve(ALEX))
    made = api_post(
        page,
        "/api/v1/processes",
        {"company": "Globex", "contacts": ["Sam Lee <sam.lee@globex.example>"]},
    )
    page.goto("/mail")
    page.get_by_label("Calendar: an invitation (.ics)").set_input_files(
        str(DATA / "calendar" / "outlook_invite.ics")
    )
    page.get_by_role("button", name="Import invitation").click()
    expect(page.get_by_role("region", name="What just changed")).to_contain_text(
        "Interview added to Globex"
    )
    page.goto(f"/processes/{made['id']}")
    expect(page.locator("main")).to_contain_text("14:00")
