"""The tools that record a decision: without `confirm: true` they show what they would record and
record nothing; with it, they record exactly that."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from mcp import Client

from tests.assistants.conftest import NOW, Home, data, error, make_home, over_stdio

pytestmark = pytest.mark.anyio

DECLINE = (
    "Hi Kim,\n\nThank you for your time. I've decided to withdraw from the process: the role "
    "is fully on-site and I am looking for remote work.\n\nBest,\nSam Lee"
)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    home = make_home(tmp_path_factory, "decisions")
    for company, contact, interview in (
        ("Acme", "Dana Reyes <dana@acme.example>", "2026-12-03T10:00"),
        ("Globex", "Lee Park <lee@globex.example>", "2026-11-30T14:00"),
        ("Hooli", "Kim Ito <kim@hooli.example>", "2026-12-01T11:00"),
        ("Initech", "Ana Silva <ana@initech.example>", None),
    ):
        when = ("--interview", interview) if interview else ()
        home.cli("add", company, "--contact", contact, *when, "--now", NOW)
    return home


@pytest.fixture(scope="module")
async def client(home: Home) -> AsyncIterator[Client]:
    async with over_stdio(home) as connected:
        yield connected


def snapshot(home: Home) -> dict[str, Any]:
    """Everything stored, as the CLI shows it."""
    listed = home.cli_json("list", "--all", "--now", NOW)["processes"]
    return {
        "processes": [home.cli_json("show", str(p["id"])) for p in listed],
        "status": home.cli_json("status", "--now", NOW),
        "followups": home.cli_json("followup", "list", "--all"),
    }


async def test_marking_a_decline_sent_needs_confirm(client: Client, home: Home) -> None:
    before = snapshot(home)
    args = {"process": "Hooli", "body": DECLINE, "scenario": "role-mismatch"}
    plan = data(await client.call_tool("bowout_mark_sent", args))
    assert plan["confirmed"] is False
    assert plan["process"]["stage"] == "declined"  # what it would do...
    assert plan["message"]["id"] is None
    assert snapshot(home) == before  # ...and nothing recorded
    done = data(await client.call_tool("bowout_mark_sent", {**args, "confirm": True}))
    assert done["confirmed"] is True and done["message"]["id"] is not None
    shown = home.cli_json("show", "Hooli")
    assert shown["stage"] == "declined"
    assert [m["body"] for m in shown["messages"]] == [DECLINE]
    assert done["check"] == plan["check"]  # recorded as it was shown
    assert done["process"]["stage"] == plan["process"]["stage"]


async def test_accepting_drafts_the_cascade_and_records_only_once_confirmed(
    client: Client, home: Home
) -> None:
    before = snapshot(home)
    plan = data(await client.call_tool("bowout_accept_offer", {"process": "Acme"}))
    assert plan["confirmed"] is False and plan["company"] == "Acme"
    assert [w["company"] for w in plan["withdrawals"]] == ["Globex", "Initech"]
    assert all(w["followup"] is None for w in plan["withdrawals"])
    assert "Lee" in plan["withdrawals"][0]["draft"]["body"]
    assert snapshot(home) == before

    accepted = data(await client.call_tool("bowout_accept_offer",
                                           {"process": "Acme", "confirm": True}))  # fmt: skip
    assert [w["draft"] for w in accepted["withdrawals"]] == [
        w["draft"] for w in plan["withdrawals"]
    ]
    assert home.cli_json("show", "Acme")["stage"] == "accepted"
    owed = [i for i in home.cli_json("status", "--now", NOW)["items"]
            if i["kind"] == "withdrawal_owed"]  # fmt: skip
    assert {i["company"] for i in owed} == {"Globex", "Initech"}
    again = error(await client.call_tool("bowout_accept_offer",
                                         {"process": "Acme", "confirm": True}))  # fmt: skip
    assert again["error"] == "Conflict" and again["field"] == "process"

    # A withdrawal's follow-up, marked sent: shown first, then recorded.
    followup = accepted["withdrawals"][0]["followup"]
    before = snapshot(home)
    shown = data(await client.call_tool("bowout_mark_sent", {"followup": followup}))
    assert shown["confirmed"] is False and shown["followup"]["done_at"] is not None
    assert snapshot(home) == before
    done = data(await client.call_tool("bowout_mark_sent",
                                       {"followup": followup, "confirm": True}))  # fmt: skip
    assert done["followup"]["id"] == followup
    assert home.cli_json("show", "Globex")["stage"] == "withdrawn"
    twice = error(await client.call_tool("bowout_mark_sent",
                                         {"followup": followup, "confirm": True}))  # fmt: skip
    assert twice["error"] == "Conflict"
