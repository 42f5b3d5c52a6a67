"""The pages of a stressful week through the ASGI app: a refused form comes back with its values
and the error at its input; the first run, Upcoming, editing, archiving, replies, the send step's
warning, the accept confirmation; and the REST API's endpoints for the same workflows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.datastructures import FormData

from bowout.config import Settings, load
from bowout.errors import InvalidInput
from bowout.web.app import create_app
from bowout.web.forms import Forms, FormState, refused, sentence, values_of

LOCAL = "http://127.0.0.1:8765"
API = {"X-Bowout-Client": "tests"}
SOON = datetime.now(UTC) + timedelta(days=6)


def make_client(tmp_path: Path, settings: Settings) -> Iterator[TestClient]:
    config_file = tmp_path / "config.toml"
    app = create_app(settings, f"sqlite:///{tmp_path / 'store.sqlite3'}", config_file=config_file)
    with TestClient(
        app, base_url=LOCAL, raise_server_exceptions=False, follow_redirects=True
    ) as client:
        yield client


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    yield from make_client(tmp_path, Settings(me="Alex", timezone="Europe/Berlin"))


@pytest.fixture
def newcomer(tmp_path: Path) -> Iterator[TestClient]:
    yield from make_client(tmp_path, Settings())


def token(client: TestClient) -> str:
    found = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', client.get("/login").text)
    assert found
    return found.group(1)


def post(client: TestClient, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, data={"csrf_token": token(client), **data})


def api(client: TestClient, method: str, path: str, body: Any = None, status: int = 200) -> Any:
    response = client.request(method, f"/api/v1{path}", json=body, headers=API)
    assert response.status_code == status, response.text
    return response.json()


def process(client: TestClient, company: str, **extra: Any) -> int:
    return int(api(client, "POST", "/processes", {"company": company, **extra}, 201)["id"])


def invalid(html: str, input_id: str) -> str:
    """The error shown at an input (which must be marked invalid and described by it)."""
    tag = re.search(rf'<(?:input|select|textarea|fieldset)[^>]*id="{input_id}"[^>]*>', html)
    assert tag, f"no input {input_id}"
    assert 'aria-invalid="true"' in tag.group(0), tag.group(0)
    assert f"{input_id}-error" in tag.group(0)
    message = re.search(rf'<span class="field-error" id="{input_id}-error">([^<]*)</span>', html)
    assert message, f"no error at {input_id}"
    return message.group(1)


# --- the forms' state --------------------------------------------------------------------------


def test_a_refusal_puts_the_error_at_the_input_showing_its_field() -> None:
    typed = FormData([("csrf_token", "t"), ("company", "Acme"), ("ignore", "a"), ("ignore", "b")])
    assert values_of(typed) == {"company": "Acme", "ignore": ["a", "b"]}
    state = refused("add", typed, InvalidInput("in the past", "at"), {"at": "interview_at"})
    assert state.failed and state.error("interview_at") == "in the past"
    assert state.value("company", "stored") == "Acme" and state.value("role", "stored") == ""
    assert state.chosen("ignore") == ["a", "b"]
    unknown = refused("add", typed, InvalidInput("the store is odd", "value"), {})
    assert unknown.general == "the store is odd"
    empty = refused(
        "x",
        {"to": ""},
        InvalidInput("the X message needs...", "to"),
        {"to": "to"},
        needed={"to": "Give their name."},
    )
    assert empty.error("to") == "Give their name."
    blank = FormState("add")
    assert not blank.failed and blank.value("company", "stored") == "stored"
    forms = Forms(state)
    assert forms.add is state and not forms["other"].failed
    assert sentence("give the name") == "Give the name." and sentence("") == ""


# --- pages ---------------------------------------------------------------------------------------


def test_adding_a_process_with_a_past_interview_keeps_the_form(client: TestClient) -> None:
    past = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = post(client, "/processes", {"company": "Acme", "role": "SRE", "interview_at": past})
    assert page.status_code == 422
    assert "in the past" in invalid(page.text, "interview_at")
    assert 'value="Acme"' in page.text and 'value="SRE"' in page.text
    assert api(client, "GET", "/processes") == []
    dupe = process(client, "Globex")
    page = post(client, "/processes", {"company": "Globex"})
    assert page.status_code == 409 and f"process {dupe}" in invalid(page.text, "company")


def test_each_form_of_a_process_page_keeps_its_own_error(client: TestClient) -> None:
    pid = process(client, "Acme", contacts=["Dana Reyes"], interview=SOON.isoformat())
    interview = api(client, "GET", f"/interviews?process={pid}")[0]["id"]
    contact = api(client, "GET", f"/processes/{pid}")["contacts"][0]["id"]
    cases = [
        (f"/processes/{pid}/interviews", {"at": "tomorrow-ish"}, "iv-at"),
        (
            f"/processes/{pid}/interviews",
            {"at": SOON.strftime("%Y-%m-%dT09"), "zone": "Mars"},
            "iv-zone",
        ),
        (f"/processes/{pid}/messages", {"direction": "in", "text": " "}, "log-text"),
        (f"/processes/{pid}/details", {"company": ""}, "d-company"),
        (f"/processes/{pid}/contacts", {"email": "x@y.test"}, "cn-name"),
        (f"/processes/{pid}/contacts/{contact}", {"name": "D", "email": "no"}, f"c{contact}-email"),
        (f"/processes/{pid}/interviews/{interview}", {"do": "move", "at": ""}, f"mv{interview}-at"),
    ]
    for path, data, input_id in cases:
        page = post(client, path, data)
        assert page.status_code in (409, 422), (path, page.status_code)
        assert invalid(page.text, input_id), path
        assert "<h1" in page.text and "Acme" in page.text  # the process page, not an error page
    kept = post(client, f"/processes/{pid}/messages", {"direction": "out", "subject": "Hi"})
    assert 'value="Hi"' in kept.text and '<option value="out" selected>' in kept.text
    post(client, f"/processes/{pid}/archive", {})
    unticked = post(client, f"/processes/{pid}/delete", {})
    assert "for good" in invalid(unticked.text, "delete-confirm")
    assert api(client, "GET", "/processes?archived=true")[0]["id"] == pid  # still there


def test_a_process_page_edits_details_contacts_notes_and_interviews(client: TestClient) -> None:
    pid = process(client, "Acme", contacts=["Dana Reyes"], interview=SOON.isoformat())
    post(
        client,
        f"/processes/{pid}/details",
        {"company": "Acme", "role": "SRE", "link": "https://jobs.test/1"},
    )
    post(client, f"/processes/{pid}/notes", {"notes": "Ask about on-call"})
    post(
        client,
        f"/processes/{pid}/contacts",
        {"name": "Lee Park", "email": "lee@acme.test", "part": "interviewer"},
    )
    shown = api(client, "GET", f"/processes/{pid}")
    assert (shown["role"], shown["link"], shown["notes"]) == (
        "SRE",
        "https://jobs.test/1",
        "Ask about on-call",
    )
    lee = next(c for c in shown["contacts"] if c["name"] == "Lee Park")
    assert (lee["email"], lee["part"]) == ("lee@acme.test", "interviewer")
    page = post(client, f"/processes/{pid}/contacts/{lee['id']}/remove", {}).text
    assert "Removed." in page and "Lee Park" not in page
    assert '<a href="https://jobs.test/1" rel="noopener noreferrer"' in page  # the posting
    interview = shown["interviews"][0]["id"]
    moved = (SOON + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    post(client, f"/processes/{pid}/interviews/{interview}", {"do": "going"})
    assert api(client, "GET", f"/interviews?process={pid}")[0]["status"] == "confirmed"
    post(
        client,
        f"/processes/{pid}/interviews/{interview}",
        {"do": "move", "at": moved, "zone": "Europe/Berlin"},
    )
    statuses = [
        (i["status"], i["start"][:16]) for i in api(client, "GET", f"/interviews?process={pid}")
    ]
    assert statuses[-1] == ("scheduled", moved) and statuses[0][0] == "rescheduled"
    latest = api(client, "GET", f"/interviews?process={pid}")[-1]["id"]
    post(client, f"/processes/{pid}/interviews/{latest}", {"do": "cancel"})
    assert "No interview coming." in client.get(f"/processes/{pid}").text


def test_archiving_hides_a_process_and_undo_brings_it_back(client: TestClient) -> None:
    pid = process(client, "Acme")
    listed = post(client, f"/processes/{pid}/archive", {}).text
    assert "Archived." in listed and f'action="/processes/{pid}/restore"' in listed
    assert ">Acme</a>" not in listed
    assert ">Acme</a>" in client.get("/processes?stage=archived").text
    restored = post(client, f"/processes/{pid}/restore", {}).text
    assert "Restored" in restored
    post(client, f"/processes/{pid}/archive", {})
    post(client, f"/processes/{pid}/delete", {"confirm": "yes"})
    assert api(client, "GET", "/processes?archived=true") == []


def test_processes_are_searched_and_sorted_from_the_list(client: TestClient) -> None:
    process(client, "Globex")
    process(client, "Acme", contacts=["Dana Reyes <dana@acme.test>"])
    found = client.get("/processes", params={"q": "dana"}).text
    assert ">Acme</a>" in found and ">Globex</a>" not in found
    ordered = client.get("/processes", params={"sort": "company"}).text
    assert ordered.index(">Acme</a>") < ordered.index(">Globex</a>")
    assert "Nothing matches" in client.get("/processes", params={"q": "zzz"}).text


def test_today_and_upcoming_show_what_is_coming(client: TestClient) -> None:
    pid = process(client, "Acme", interview=(datetime.now(UTC) + timedelta(days=2)).isoformat())
    today = client.get("/").text
    assert "Coming up" in today and "Acme interview in" in today
    interview = api(client, "GET", f"/interviews?process={pid}")[0]["id"]
    assert f'action="/interviews/{interview}/going"' in today
    assert f'href="/processes/{pid}/assistant?want=reschedule"' in today
    going = post(client, f"/interviews/{interview}/going", {}).text
    assert "you will go" in going and "you said you will go" in going
    upcoming = client.get("/upcoming").text
    assert "Acme" in upcoming and "interview · going" in upcoming
    gone = post(client, "/interviews/999/going", {})
    assert gone.status_code == 404 and "no interview with id 999" in gone.text  # said on Today


def test_the_assistant_starts_where_a_one_click_answer_points(client: TestClient) -> None:
    pid = process(client, "Acme", contacts=["Dana Reyes"], interview=SOON.isoformat())
    moving = client.get(f"/processes/{pid}/assistant", params={"want": "reschedule"})
    assert "reason=schedule_conflict" in str(moving.url) and "honest=yes" in str(moving.url)
    declining = client.get(f"/processes/{pid}/assistant", params={"want": "decline"})
    assert "honest=no" in str(declining.url) and "reason=" not in str(declining.url)
    assert "why are you declining?" in declining.text


def test_the_first_run_comes_before_the_first_draft(newcomer: TestClient, tmp_path: Path) -> None:
    first = newcomer.get("/assistant", params={"process": "", "to": "Dana"})
    assert str(first.url).startswith(f"{LOCAL}/setup?next=")
    assert "Before your first message" in first.text
    assert "Set up bowout" in newcomer.get("/").text
    assert "data-zone-unset" in newcomer.get("/processes").text  # the browser's zone is offered
    refused_page = post(
        newcomer, "/setup", {"me": "", "signature": "Designer", "next": "/assistant"}
    )
    assert refused_page.status_code == 422 and "every message is signed" in invalid(
        refused_page.text, "me"
    )
    assert "Designer" in refused_page.text
    done = post(
        newcomer,
        "/setup",
        {
            "me": "Sam Rivera",
            "timezone": "Europe/Lisbon",
            "availability-wed-from": "14:00",
            "availability-wed-to": "18:00",
            "next": "/assistant?to=Dana",
        },
    )
    assert str(done.url) == f"{LOCAL}/assistant?to=Dana&setup=done"
    assert "Drafts are now signed with your name" in done.text
    saved = load(tmp_path / "config.toml", environ={})
    assert (saved.me, saved.timezone, saved.availability) == (
        "Sam Rivera",
        "Europe/Lisbon",
        ("Wed 14:00-18:00",),
    )
    assert "data-zone-unset" not in newcomer.get("/processes").text
    outside = post(newcomer, "/setup", {"me": "Sam", "next": "https://elsewhere.example/"})
    assert str(outside.url).startswith(f"{LOCAL}/?setup=done")  # only paths on this site


def test_settings_show_every_refused_field_at_once(client: TestClient, tmp_path: Path) -> None:
    page = post(
        client,
        "/settings",
        {"me": "Alex", "timezone": "Mars/Olympus", "linkedin_limit": "lots", "ignore": "nope"},
    )
    assert page.status_code == 422
    assert "time zone" in invalid(page.text, "timezone")
    assert "positive whole number" in invalid(page.text, "linkedin_limit")
    assert 'class="field invalid" id="ignore"' in page.text
    assert "There is no rule &#39;nope&#39;" in page.text
    assert not (tmp_path / "config.toml").exists()


def test_settings_keep_every_field_when_one_is_refused(client: TestClient, tmp_path: Path) -> None:
    page = post(
        client,
        "/settings",
        {
            "me": "Alex Doe",
            "timezone": "Europe/Lisbon",
            "availability-mon-from": "12:00",
            "ignore": "critique",
            "linkedin_limit": "300",
            "reconnect_months": "4",
        },
    )
    assert page.status_code == 422
    assert "Monday" in invalid(page.text, "availability-mon-to")
    assert 'value="Alex Doe"' in page.text and 'value="Europe/Lisbon"' in page.text
    assert re.search(r'value="critique" checked', page.text)
    assert not (tmp_path / "config.toml").exists()
    bad = post(client, "/settings", {"me": "Alex", "linkedin_limit": "lots"})
    assert "positive whole number" in invalid(bad.text, "linkedin_limit")
    imported = client.post(
        "/settings/import",
        data={"csrf_token": token(client)},
        files={"file": ("x.json", b"{broken", "application/json")},
    )
    assert imported.status_code == 422 and "not valid JSON" in invalid(imported.text, "import-file")


def test_the_send_step_warns_before_recording_a_message_with_errors(client: TestClient) -> None:
    pid = process(client, "Acme", contacts=["Dana <dana@acme.test>"], interview=SOON.isoformat())
    rude = "Hi Dana,\n\nYour interview process is a joke. I am withdrawing.\n\nAlex"
    fields = {
        "process": str(pid),
        "scenario": "other-opportunities",
        "subject": "Withdrawing",
        "body": rude,
        "draft_key": "assistant-test",
        "company": "Acme",
    }
    step = post(client, "/assistant/send", fields).text
    assert 'aria-current="step">3 · Send' in step
    assert 'value="dana@acme.test"' in step and "mailto:dana@acme.test?" in step
    assert "a recruiter would notice" in step and 'id="check-warning"' in step
    assert api(client, "GET", "/drafts/assistant-test")["process"] == pid  # kept on the way
    refused_page = post(client, "/assistant/sent", fields)
    assert refused_page.status_code == 422 and "tick this box" in invalid(refused_page.text, "ack")
    assert "is a joke" in refused_page.text
    assert api(client, "GET", f"/processes/{pid}")["stage"] == "interviewing"
    sent = post(client, "/assistant/sent", {**fields, "ack": "yes"})
    assert str(sent.url).endswith(f"/processes/{pid}?sent=1")
    assert api(client, "GET", f"/processes/{pid}")["stage"] == "declined"
    api(client, "GET", "/drafts/assistant-test", status=404)  # sent: its draft is gone


def test_a_name_typed_in_the_assistant_is_saved_until_setup(
    newcomer: TestClient, tmp_path: Path
) -> None:
    pid = process(newcomer, "Acme")
    fields = {
        "process": str(pid),
        "me": "Sam Rivera",
        "scenario": "withdraw",
        "body": "Hi Dana,\n\nThank you. I am withdrawing.\n\nSam",
    }
    post(newcomer, "/assistant/send", fields)
    assert load(tmp_path / "config.toml", environ={}).me == "Sam Rivera"


def test_a_kept_draft_comes_back_and_can_be_dropped(client: TestClient) -> None:
    params = {"reason": "lost_interest", "honest": "no", "to": "Dana", "company": "Acme"}
    first = client.get("/assistant/advice", params=params).text
    key = re.search(r'data-autosave="(assistant-[0-9a-f]+)"', first)
    assert key
    api(
        client,
        "PUT",
        f"/drafts/{key.group(1)}",
        {"body": "Hi Dana,\n\nMy own words.", "subject": "Mine"},
    )
    again = client.get("/assistant/advice", params=params).text
    assert "My own words." in again and "your edited version" in again and 'value="Mine"' in again
    back = post(
        client,
        f"/drafts/{key.group(1)}/discard",
        {"back": "/assistant/advice?" + "&".join(f"{k}={v}" for k, v in params.items())},
    )
    assert "My own words." not in back.text


def test_the_check_page_keeps_the_text_being_checked(client: TestClient) -> None:
    api(client, "PUT", "/drafts/check", {"body": "Maybe later!"})
    assert "Maybe later!</textarea>" in client.get("/check").text


def test_a_plain_reply_is_sent_or_the_message_marked_answered(client: TestClient) -> None:
    pid = process(client, "Globex", contacts=["Kim Ortega <kim@globex.test>"])
    api(
        client,
        "POST",
        "/messages",
        {"process": str(pid), "direction": "in", "text": "Free Tuesday?"},
        201,
    )
    page = client.get(f"/processes/{pid}/reply").text
    assert "Reply to Kim Ortega" in page and "Free Tuesday?" in page and "Hi Kim," in page
    assert 'name="reason"' not in page
    empty = post(client, f"/processes/{pid}/reply", {"body": " "})
    assert empty.status_code == 422 and invalid(empty.text, "body")
    sent = post(client, f"/processes/{pid}/reply", {"body": "Hi Kim,\n\nTuesday works.\n\nAlex"})
    assert "Tuesday works." in sent.text
    api(
        client,
        "POST",
        "/messages",
        {"process": str(pid), "direction": "in", "text": "Great, 10:00?"},
        201,
    )
    answered = post(
        client,
        f"/processes/{pid}/answered",
        {"channel": "phone", "back": f"/processes/{pid}?answered=1"},
    )
    assert "Marked as answered" in answered.text
    assert "You answered by phone, outside bowout" in answered.text
    assert not [i for i in api(client, "GET", "/status")["items"] if i["kind"] == "reply_owed"]


def test_accepting_asks_first_and_a_card_with_errors_asks_again(client: TestClient) -> None:
    chosen = process(client, "Contoso", stage="offer")
    process(client, "Fabrikam", contacts=["Lee"], interview=SOON.isoformat())
    page = client.get("/accept").text
    assert f'<option value="{chosen}" selected>' in page  # the offer, preselected
    nothing = post(client, "/accept", {"process": ""})
    assert nothing.status_code == 422 and invalid(nothing.text, "process")
    review = post(client, "/accept", {"process": str(chosen)}).text
    assert "Accept Contoso?" in review and "1 interview cancelled" in review
    assert api(client, "GET", f"/processes/{chosen}")["stage"] == "offer"
    cards = post(client, "/accept", {"process": str(chosen), "confirm": "yes"}).text
    followup = re.search(r'action="/followups/(\d+)/sent"', cards)
    assert followup and 'data-autosave="followup-' in cards and "data-live-check" in cards
    rude = {"body": "Hi Lee,\n\nYour company is a joke. I withdraw.\n\nAlex", "subject": "Bye"}
    refused_card = post(client, f"/followups/{followup.group(1)}/sent", rude)
    assert refused_card.status_code == 422
    assert "tick this box" in invalid(refused_card.text, f"followup-{followup.group(1)}-ack")
    assert "is a joke" in refused_card.text
    done = post(client, f"/followups/{followup.group(1)}/sent", {**rude, "ack": "yes"}).text
    assert "Done: every withdrawal is sent" in done


# --- the REST API for the same workflows ---------------------------------------------------------


def test_the_api_offers_the_same_workflows(client: TestClient) -> None:
    pid = process(client, "Acme", contacts=["Dana"], interview=SOON.isoformat())
    assert (
        api(client, "PUT", f"/processes/{pid}/details", {"role": "SRE", "notes": None})["role"]
        == "SRE"
    )
    dana = api(client, "GET", f"/processes/{pid}")["contacts"][0]["id"]
    assert (
        api(client, "PATCH", f"/contacts/{dana}", {"email": "dana@acme.test"})["email"]
        == "dana@acme.test"
    )
    lee = api(
        client, "POST", f"/processes/{pid}/contacts", {"name": "Lee", "part": "interviewer"}, 201
    )
    assert api(client, "DELETE", f"/contacts/{lee['id']}")["name"] == "Lee"
    interview = api(client, "GET", f"/interviews?process={pid}")[0]["id"]
    assert api(client, "POST", f"/interviews/{interview}/going")["status"] == "confirmed"
    days = api(client, "GET", "/upcoming?days=10")["days"]
    assert days[0]["entries"][0]["company"] == "Acme"
    assert api(client, "GET", "/processes?q=dana&sort=company")[0]["id"] == pid
    plan = api(client, "GET", f"/processes/{pid}/accept")
    assert plan["accepting"] == pid and plan["withdrawals"] == []
    api(
        client, "POST", "/messages", {"process": str(pid), "direction": "in", "text": "Hello?"}, 201
    )
    assert api(client, "GET", f"/processes/{pid}/reply")["subject"] == "Re: SRE"
    assert api(client, "POST", f"/processes/{pid}/answered", {"channel": "phone"})["process"] == pid
    api(client, "POST", f"/processes/{pid}/answered", None, 409)
    api(client, "POST", f"/processes/{pid}/archive")
    assert api(client, "GET", "/processes") == []
    assert api(client, "GET", "/processes?archived=true")[0]["archived_at"]
    api(client, "POST", f"/processes/{pid}/restore")
    api(client, "DELETE", f"/processes/{pid}", None, 409)  # only an archived one
    saved = api(client, "PUT", "/drafts/reply-1", {"body": "Hi", "process": str(pid)})
    assert api(client, "GET", "/drafts/reply-1") == saved
    assert api(client, "DELETE", "/drafts/reply-1") == {"key": "reply-1", "discarded": True}
    bad = client.put("/api/v1/drafts/Not%20A%20Key", json={"body": "x"}, headers=API)
    assert bad.status_code == 422
    assert {r["reason"] for r in api(client, "GET", "/reasons")} >= {"anxiety", "emergency"}
