"""The pages, through the ASGI app: each works as a user would use it, and is safe to."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from bowout.cli.main import cli
from bowout.config import Settings, load
from bowout.web.app import create_app

LOCAL = "http://127.0.0.1:8765"
SOON = datetime.now(UTC) + timedelta(days=6)
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return tmp_path / "config.toml"


@pytest.fixture
def client(tmp_path: Path, config_file: Path) -> Iterator[TestClient]:
    settings = Settings(me="Alex", timezone="Europe/Berlin")
    app = create_app(settings, f"sqlite:///{tmp_path / 'store.sqlite3'}", config_file=config_file)
    with TestClient(
        app, base_url=LOCAL, raise_server_exceptions=False, follow_redirects=True
    ) as test_client:
        yield test_client


def csrf(client: TestClient, page: str = "/settings") -> str:
    html = client.get(page).text
    found = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', html)
    assert found, "every page carries the CSRF token"
    return found.group(1)


def form(client: TestClient, path: str, data: dict[str, str], **kwargs: object) -> object:
    return client.post(path, data={"csrf_token": csrf(client), **data}, **kwargs)  # type: ignore[arg-type]


def add_process(client: TestClient, company: str, **extra: str) -> int:
    response = form(client, "/processes", {"company": company, **extra})
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    found = re.search(r"/processes/(\d+)", str(response.url))  # type: ignore[attr-defined]
    assert found
    return int(found.group(1))


def test_every_page_renders_with_navigation(client: TestClient) -> None:
    for path in ("/", "/processes", "/assistant", "/check", "/accept", "/relationships"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<nav class="nav" aria-label="Main">' in response.text
        assert 'aria-current="page"' in response.text
    assert client.get("/settings").status_code == 200
    assert client.get("/rules/critique").status_code == 200


def test_pages_load_nothing_from_another_host(client: TestClient) -> None:
    for path in ("/", "/assistant", "/check", "/settings"):
        html = client.get(path).text
        assert not re.search(r'(src|href)="(https?:)?//', html), path
        assert "<style" not in html and " style=" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script"
    css = client.get("/static/app.css")
    assert css.status_code == 200 and "@import" not in css.text


def test_forms_without_a_csrf_token_are_refused(client: TestClient) -> None:
    client.get("/")
    refused = client.post("/processes", data={"company": "Acme"})
    assert refused.status_code == 403
    assert "reload the page" in refused.text
    forged = client.post("/processes", data={"company": "Acme", "csrf_token": "0" * 64})
    assert forged.status_code == 403
    assert "Acme" not in client.get("/processes").text


def test_assistant_advises_and_drafts(client: TestClient) -> None:
    params = {
        "reason": "accepted_offer",
        "accepted": "verbal",
        "to": "Dana",
        "company": "Acme",
        "interview_at": SOON.strftime("%Y-%m-%dT%H:%M"),
        "zone": "Europe/Berlin",
    }
    page = client.get("/assistant/advice", params=params)
    assert page.status_code == 200
    assert "Decline" in page.text
    assert "Dana" in page.text and "Alex" in page.text  # the draft, signed with the settings' name
    assert "data-live-check" in page.text
    assert "Wording 2" in page.text  # the variants
    assert "What the alternatives would cost" in page.text
    other = client.get("/assistant/advice", params={**params, "scenario": "linkedin-note"})
    assert other.status_code == 200
    assert '<option value="linkedin-note" selected>' in other.text
    assert 'data-intent="connection_note"' in other.text  # checked as what it now is


def test_assistant_explains_a_missing_field_in_place(client: TestClient) -> None:
    page = client.get("/assistant/advice", params={"reason": "lost_interest", "company": "Acme"})
    assert page.status_code == 422
    assert 'role="alert"' in page.text
    invalid = r'id="to"[^>]*aria-describedby="to-hint to-error" aria-invalid="true"'
    assert re.search(invalid, page.text)
    assert '<span class="field-error" id="to-error">Give the name you greet them by' in page.text
    assert 'value="Acme"' in page.text  # what the user typed is kept


def test_assistant_for_anxiety_says_go(client: TestClient) -> None:
    page = client.get("/assistant/advice", params={"reason": "anxiety"})
    assert "Go to the interview" in page.text and "Nothing to send" in page.text


def test_mark_as_sent_records_and_closes_the_process(client: TestClient) -> None:
    pid = add_process(client, "Acme", contact="Dana", interview_at=SOON.strftime("%Y-%m-%dT%H:%M"))
    body = (
        "Hi Dana,\n\nThank you for your time. I have accepted another offer, so I am "
        "withdrawing from the process.\n\nBest,\nAlex"
    )
    done = form(
        client,
        "/assistant/sent",
        {"process": str(pid), "scenario": "accepted-offer", "subject": "Acme", "body": body},
    )
    assert done.status_code == 200  # type: ignore[attr-defined]
    assert "Recorded as sent" in done.text  # type: ignore[attr-defined]
    api = client.get(f"/api/v1/processes/{pid}").json()
    assert api["stage"] == "declined"
    assert api["messages"][-1]["body"] == body
    assert all(i["status"] == "cancelled" for i in api["interviews"])


def test_process_page_from_the_assistant_is_prefilled(client: TestClient) -> None:
    pid = add_process(client, "Acme", role="Engineer", contact="Dana")
    page = client.get(f"/processes/{pid}/assistant")
    assert page.status_code == 200
    assert 'value="Dana"' in page.text and 'value="Engineer"' in page.text
    assert f'<option value="{pid}" selected>' in page.text


def test_check_page_highlights_findings(client: TestClient) -> None:
    text = "Hi Dana, maybe later. Honestly the salary is insulting."
    page = form(client, "/check", {"text": text})
    html = page.text  # type: ignore[attr-defined]
    assert '<mark class="error"' in html
    assert "vague-deferral" in html and "critique" in html
    assert "Likely remembered as" in html


def test_check_page_reads_an_eml_upload(client: TestClient) -> None:
    eml = (
        b"From: me@example.com\r\nTo: dana@acme.test\r\nSubject: Interview\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Hi Dana, I'm not sure this is the right time, maybe later.\r\n"
    )
    page = client.post(
        "/check",
        data={"csrf_token": csrf(client), "text": ""},
        files={"file": ("message.eml", eml, "message/rfc822")},
    )
    assert page.status_code == 200
    assert "not sure this is the right time" in page.text
    assert "vague-deferral" in page.text


def test_check_page_without_text_says_what_to_do(client: TestClient) -> None:
    page = form(client, "/check", {"text": "  "})
    assert page.status_code == 422  # type: ignore[attr-defined]
    assert '<span class="field-error" id="text-error">Paste a message' in page.text  # type: ignore[attr-defined]


def test_user_text_is_escaped_everywhere(client: TestClient) -> None:
    pid = add_process(client, XSS, role=XSS, contact=XSS)
    form(client, f"/processes/{pid}/messages", {"direction": "in", "text": XSS, "subject": XSS})
    for path in ("/", "/processes", f"/processes/{pid}", "/accept"):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
    assert "&lt;script&gt;alert" in client.get(f"/processes/{pid}").text
    checked = form(client, "/check", {"text": XSS})
    assert "<script>alert" not in checked.text  # type: ignore[attr-defined]
    advice = client.get(
        "/assistant/advice",
        params={"reason": "role_mismatch", "to": XSS, "company": XSS, "detail": XSS},
    )
    assert "<script>alert" not in advice.text


def test_accept_cascade_drafts_and_sends_withdrawals(client: TestClient) -> None:
    chosen = add_process(client, "Acme")
    other = add_process(client, "Globex", contact="Sam")
    review = form(client, "/accept", {"process": str(chosen)}).text  # type: ignore[attr-defined]
    assert "Accept Acme?" in review and "a withdrawal drafted to Sam" in review
    assert client.get(f"/api/v1/processes/{chosen}").json()["stage"] == "applied"  # not yet
    page = form(client, "/accept", {"process": str(chosen), "confirm": "yes"})
    html = page.text  # type: ignore[attr-defined]
    assert "Congratulations" in html and "Globex" in html and "Sam" in html
    followup = re.search(r'action="/followups/(\d+)/sent"', html)
    assert followup
    sent = form(
        client,
        f"/followups/{followup.group(1)}/sent",
        {"subject": "Withdrawing", "body": "Hi Sam, thank you. I am withdrawing. Best, Alex"},
    )
    assert "Done: every withdrawal is sent" in sent.text  # type: ignore[attr-defined]
    assert "Which offer did you accept?" not in sent.text  # type: ignore[attr-defined]
    assert client.get(f"/api/v1/processes/{other}").json()["stage"] == "withdrawn"
    assert 'name="csrf_token" value=""' not in html  # macros see the token too
    assert client.get(f"/api/v1/processes/{chosen}").json()["stage"] == "accepted"


def test_processes_filter_by_stage(client: TestClient) -> None:
    add_process(client, "Acme")
    add_process(client, "Globex", stage="offer")
    offers = client.get("/processes", params={"stage": "offer"}).text
    assert "Globex" in offers and "Acme" not in offers
    assert "Acme" in client.get("/processes").text


def test_today_lists_what_is_due_with_a_next_step(client: TestClient) -> None:
    pid = add_process(client, "Acme", contact="Dana")
    form(client, f"/processes/{pid}/messages", {"direction": "in", "text": "Are you free?"})
    html = client.get("/").text
    assert "Acme" in html and "Write the reply" in html
    assert f'href="/processes/{pid}/reply"' in html
    assert f'action="/processes/{pid}/answered"' in html


def test_eml_download(client: TestClient) -> None:
    response = form(client, "/eml", {"subject": "Hello", "body": "Hi Dana", "company": "Acme Inc"})
    assert response.headers["content-type"].startswith("message/rfc822")  # type: ignore[attr-defined]
    assert 'filename="acme-inc.eml"' in response.headers["content-disposition"]  # type: ignore[attr-defined]
    assert b"Subject: Hello" in response.content  # type: ignore[attr-defined]


def test_settings_are_written_to_the_config_file(client: TestClient, config_file: Path) -> None:
    config_file.write_text('db = "sqlite:///elsewhere.sqlite3"\n')
    saved = form(
        client,
        "/settings",
        {
            "me": 'Alex "Al" Doe',
            "signature": "Engineer\n+49 30 1234",
            "timezone": "America/New_York",
            "availability-tue-from": "12:00",
            "availability-tue-to": "17:00",
            "availability-thu-from": "09:00",
            "availability-thu-to": "12:00",
            "reconnect_months": "6",
        },
    )
    assert "Saved." in saved.text  # type: ignore[attr-defined]
    stored = tomllib.loads(config_file.read_text())
    assert stored["db"] == "sqlite:///elsewhere.sqlite3"  # other keys are kept
    settings = load(config_file, environ={})
    assert settings.me == 'Alex "Al" Doe'
    assert settings.availability == ("Tue 12:00-17:00", "Thu 09:00-12:00")
    assert settings.reconnect_months == 6 and settings.timezone == "America/New_York"
    assert settings.signature == "Engineer\\n+49 30 1234"  # the CLI's own new-line convention
    assert 'value="America/New_York"' in client.get("/settings").text


def test_settings_turn_rules_off_and_set_the_linkedin_limit(
    client: TestClient, config_file: Path
) -> None:
    def rules_found() -> set[str]:
        checked = client.post(
            "/api/v1/check",
            json={"text": "I'm withdrawing. Frankly the salary was insulting."},
            headers={"X-Bowout-Client": "tests"},
        ).json()
        return {f["rule"] for f in checked["findings"]}

    assert "critique" in rules_found()
    data = {
        "csrf_token": csrf(client),
        "me": "Alex",
        "timezone": "Europe/Berlin",
        "linkedin_limit": "200",
        "ignore": ["critique", "no-gratitude"],
    }
    assert client.post("/settings", data=data).status_code == 200
    settings = load(config_file, environ={})
    assert settings.linkedin_limit == 200
    assert settings.ignore == ("critique", "no-gratitude")
    page = client.get("/settings").text
    assert 'value="critique" checked' in page and 'value="over-explaining" checked' not in page
    assert "critique" not in rules_found()  # the app uses the new settings at once


def test_settings_refuse_an_unknown_rule(client: TestClient, config_file: Path) -> None:
    data = {"csrf_token": csrf(client), "me": "Alex", "ignore": ["no-such-rule"]}
    assert client.post("/settings", data=data).status_code == 422
    assert not config_file.exists()


def test_settings_refuse_an_unknown_zone(client: TestClient, config_file: Path) -> None:
    refused = form(client, "/settings", {"me": "Alex", "timezone": "Mars/Olympus"})
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "time zone" in refused.text  # type: ignore[attr-defined]
    assert not config_file.exists()


def test_errors_render_as_pages_without_traces(client: TestClient) -> None:
    missing = client.get("/processes/999")
    assert missing.status_code == 404
    assert "no process with id 999" in missing.text and "Traceback" not in missing.text
    assert client.get("/nowhere").status_code == 404


def test_large_forms_are_refused(client: TestClient) -> None:
    response = client.post(
        "/processes", data={"csrf_token": csrf(client), "company": "x" * (2 * 1024 * 1024)}
    )
    assert response.status_code == 413


def test_a_token_is_required_on_every_request_when_configured(tmp_path: Path) -> None:
    settings = Settings(token="Q2hGx7mVb9KpL4sZt8WnR1cYd6", host="0.0.0.0")
    app = create_app(settings, f"sqlite:///{tmp_path / 'store.sqlite3'}")
    with TestClient(app, follow_redirects=False) as client:
        assert client.get("/").status_code == 401
        assert client.get("/api/v1/health").status_code == 401
        bearer = {"Authorization": "Bearer Q2hGx7mVb9KpL4sZt8WnR1cYd6"}
        assert client.get("/api/v1/health", headers=bearer).status_code == 200
        assert (
            client.get("/api/v1/health", headers={"Authorization": "Bearer no"}).status_code == 401
        )
        login = client.get("/login")
        assert login.status_code == 200
        token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', login.text)
        assert token
        wrong = client.post("/login", data={"csrf_token": token.group(1), "token": "guess"})
        assert wrong.status_code == 401
        right = client.post(
            "/login", data={"csrf_token": token.group(1), "token": "Q2hGx7mVb9KpL4sZt8WnR1cYd6"}
        )
        assert right.status_code == 303
        assert client.get("/").status_code == 200


def test_serve_refuses_a_public_address_without_a_token() -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code != 0
    assert result.exit_code == 2 and "access token" in result.output


def test_a_spreadsheet_is_imported_with_a_column_mapping(client: TestClient) -> None:
    sheet = "Employer,Job title,Status\nAcme,Data Engineer,phone screen\nGlobex,SRE,Applied\n"
    done = client.post(
        "/settings/import",
        data={"csrf_token": csrf(client), "map": "company=Employer, role=Job title, stage=Status"},
        files={"file": ("tracker.csv", sheet.encode(), "text/csv")},
    )
    assert "Imported 2 processes." in done.text
    rows = client.get("/api/v1/processes").json()
    assert {(r["company"], r["role"], r["stage"]) for r in rows} == {
        ("Acme", "Data Engineer", "screening"),
        ("Globex", "SRE", "applied"),
    }
    wrong = client.post(
        "/settings/import",
        data={"csrf_token": csrf(client), "map": "company=Firm", "merge": "yes"},
        files={"file": ("tracker.csv", sheet.encode(), "text/csv")},
    )
    assert wrong.status_code == 422 and "no column" in wrong.text and "Firm" in wrong.text
    assert len(client.get("/api/v1/processes").json()) == 2  # nothing written by the bad import


def test_export_then_import_into_a_new_store(client: TestClient, tmp_path: Path) -> None:
    pid = add_process(client, "Acme", role="Engineer", contact="Dana")
    form(client, f"/processes/{pid}/messages", {"direction": "in", "text": "Hello there"})
    exported = client.get("/settings/export")
    assert exported.headers["content-disposition"].startswith('attachment; filename="bowout-')
    data = exported.json()
    assert data["processes"][0]["company"] == "Acme"
    assert "Acme" in client.get("/settings/export", params={"format": "csv"}).text

    fresh = create_app(Settings(me="Alex"), f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    with TestClient(fresh, base_url=LOCAL, follow_redirects=True) as other:
        done = other.post(
            "/settings/import",
            data={"csrf_token": csrf(other)},
            files={"file": ("bowout.json", exported.content, "application/json")},
        )
        assert "Imported 1 process." in done.text
        assert other.get(f"/api/v1/processes/{pid}").json()["messages"][0]["body"] == "Hello there"
        refused = other.post(
            "/settings/import",
            data={"csrf_token": csrf(other)},
            files={"file": ("bowout.json", exported.content, "application/json")},
        )
        # into a store that is not empty only when asked: the CLI's rule, not a silent merge
        assert refused.status_code == 409 and "merge" in refused.text
        assert len(other.get("/api/v1/processes", params={"all": "true"}).json()) == 1
        again = other.post(
            "/settings/import",
            data={"csrf_token": csrf(other), "merge": "yes"},
            files={"file": ("bowout.json", exported.content, "application/json")},
        )
        assert again.status_code == 200  # merged: beside the first, new ids
        assert len(other.get("/api/v1/processes", params={"all": "true"}).json()) == 2
        broken = other.post(
            "/settings/import",
            data={"csrf_token": csrf(other)},
            files={"file": ("notes.json", b"{not json", "application/json")},
        )
        assert broken.status_code == 422 and "not valid JSON" in broken.text


def test_relationships_show_who_is_kept_and_what_comes(client: TestClient) -> None:
    pid = add_process(client, "Acme", contact="Dana")
    form(client, f"/processes/{pid}/stage", {"stage": "declined"})
    page = client.get(f"/processes/{pid}").text
    select = r'<select id="keep-contact" name="contact"[^>]*>\s*<option value="(\d+)"'
    contact = re.search(select, page)
    assert contact, "an ended process offers to keep its contacts"
    keep = {"contact": contact.group(1), "why": "recruiter-invested"}
    form(client, f"/processes/{pid}/keep", keep)
    html = client.get("/relationships").text
    assert "Dana" in html and "recruiter invested" in html
    assert "LinkedIn note" in html and "Reconnection" in html  # both scheduled, not yet due


def test_without_a_token_only_loopback_names_are_answered(client: TestClient) -> None:
    # A page whose domain was re-pointed at 127.0.0.1 (DNS rebinding) arrives with its own Host.
    rebound = client.get("/api/v1/processes", headers={"Host": "attacker.example:8765"})
    assert rebound.status_code == 403
    sneaky = client.get("/api/v1/processes", headers={"Host": "127.attacker.example"})
    assert sneaky.status_code == 403
    for host in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765"):
        assert client.get("/api/v1/health", headers={"Host": host}).status_code == 200, host


def test_a_rule_page_shows_the_context_an_example_is_checked_with(client: TestClient) -> None:
    page = client.get("/rules/missing-timing-apology").text
    assert "Checked with interview at 2026-03-03T14:00:00+00:00" in page
    assert "Flags “my car broke down”" in page
    assert page.count('<pre class="example">') == len(
        client.get("/api/v1/rules/missing-timing-apology").json()["cases"]
    )
