"""Each workflow is written once, in the service: run through two front ends from the same start,
it leaves the same store (compared as exports, times aside)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from bowout import service
from bowout.cli.main import cli
from bowout.config import Settings
from bowout.web.app import create_app

SETTINGS = Settings(me="Alex Kim", timezone="Europe/Berlin")
API = {"X-Bowout-Client": "tests"}
LOCAL = "http://127.0.0.1:8765"
SOON = (datetime.now(UTC) + timedelta(days=6)).replace(microsecond=0).isoformat()
_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


class Store:
    """One fresh store and the front ends over it."""

    def __init__(self, url: str, home: Path) -> None:
        self.url = url
        self.ctx = service.Context(SETTINGS, store=service.open_store(SETTINGS, url))
        self.app = create_app(SETTINGS, url, config_file=home / "config.toml")

    def cli(self, *args: str, code: int = 0) -> str:
        result = CliRunner().invoke(cli, [*args, "--db", self.url])
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result.stdout + result.stderr

    def client(self) -> TestClient:
        return TestClient(self.app, base_url=LOCAL, follow_redirects=False)

    def exported(self) -> Any:
        return _timeless(json.loads(service.export(self.ctx)))


def _timeless(value: Any) -> Any:
    """An export with its instants blanked: the front ends ran a few milliseconds apart."""
    if isinstance(value, dict):
        return {k: _timeless(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_timeless(v) for v in value]
    if isinstance(value, str) and _TIME.match(value):
        return "(time)"
    return value


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Store, Store]]:
    monkeypatch.setenv("BOWOUT_ME", "Alex Kim")
    monkeypatch.setenv("BOWOUT_TIMEZONE", "Europe/Berlin")
    stores = []
    for name in ("one", "two"):
        home = tmp_path / name
        home.mkdir()
        stores.append(Store(f"sqlite:///{home / 'store.sqlite3'}", home))
    for store in stores:
        for company, contact in (("Acme", "Dana Reyes <dana@acme.example>"), ("Globex", "Lee")):
            service.add_process(store.ctx, company, contacts=(contact,), interview_at=SOON)
    yield stores[0], stores[1]
    for store in stores:
        store.ctx.store.close()


def _csrf(client: TestClient) -> str:
    page = client.get("/settings").text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_a_withdrawal_marked_sent_is_the_same_from_the_cli_and_the_web(
    pair: tuple[Store, Store],
) -> None:
    one, two = pair
    for store in pair:
        service.accept(store.ctx, "Acme")
    one.cli("followup", "done", "1")
    with two.client() as client:
        sent = client.post("/followups/1/sent", data={"csrf_token": _csrf(client), "body": ""})
        assert sent.status_code == 303
    assert one.exported() == two.exported()
    globex = one.exported()["processes"][1]
    assert globex["stage"] == "withdrawn"
    assert [m["direction"] for m in globex["messages"]] == ["out"]  # the drafted message, logged


def test_a_drafted_decline_marked_sent_is_the_same_from_the_api_and_the_web(
    pair: tuple[Store, Store],
) -> None:
    one, two = pair
    body = service.decline(one.ctx, "Globex", reason="lost_interest")["draft"]["body"]
    sent = {"body": body, "scenario": "other-opportunities", "subject": "My application"}
    with one.client() as client:
        assert client.post("/api/v1/processes/2/sent", json=sent, headers=API).status_code == 200
    with two.client() as client:
        form = {**sent, "process": "2", "csrf_token": _csrf(client)}
        assert client.post("/assistant/sent", data=form).status_code == 303
    assert one.exported() == two.exported()
    globex = one.exported()["processes"][1]
    assert globex["stage"] == "declined"
    assert [i["status"] for i in globex["interviews"]] == ["cancelled"]


def test_an_import_into_a_full_store_is_refused_by_every_front_end(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    one, two = pair
    before = one.exported()
    dump = tmp_path / "dump.json"
    dump.write_text(service.export(two.ctx), encoding="utf-8")
    assert "--merge" in one.cli("import", str(dump), code=4)
    with one.client() as client:
        refused = client.post(
            "/api/v1/import", json={"content": dump.read_text(), "format": "json"}, headers=API
        )
        assert refused.status_code == 409 and refused.json()["field"] == "merge"
        page = client.post(
            "/settings/import",
            data={"csrf_token": _csrf(client)},
            files={"file": ("dump.json", dump.read_bytes(), "application/json")},
        )
        assert page.status_code == 409
    assert one.exported() == before


@pytest.mark.parametrize(
    "add_with",
    [
        lambda store: store.cli("add", "Initech", "--interview", "2030-03-04T10:00"),
        lambda store: store.client().post(
            "/api/v1/processes",
            json={"company": "Initech", "interview": "2030-03-04T10:00"},
            headers=API,
        ),
    ],
    ids=["cli", "api"],
)
def test_a_time_without_an_offset_is_the_users_zone_in_every_front_end(
    pair: tuple[Store, Store], add_with: Callable[[Store], Any]
) -> None:
    one, _ = pair
    add_with(one)
    initech = service.show_process(one.ctx, "Initech")
    assert initech["interviews"][0]["start"] == "2030-03-04T10:00:00+01:00"
    assert initech["interviews"][0]["zone"] == "Europe/Berlin"
