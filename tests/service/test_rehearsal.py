"""A rehearsal runs a workflow to show what it would record, and records nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bowout import service
from bowout.config import Settings
from bowout.pipeline.store import Store

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SETTINGS = Settings(me="Alex Kim", timezone="Europe/Berlin")


@pytest.fixture
def ctx(store_url: str) -> Iterator[service.Context]:
    store = Store(store_url)
    context = service.Context(SETTINGS, now=NOW, store=store)
    service.add_process(context, "Acme", contacts=("Dana Reyes <dana@acme.example>",))
    service.add_process(
        context, "Globex", contacts=("Lee Park <lee@globex.example>",),
        interview_at="2026-12-01T10:00", zone="Europe/Berlin",
    )  # fmt: skip
    yield context
    store.close()


def everything(ctx: service.Context) -> dict[str, Any]:
    return {
        "processes": [service.show_process(ctx, str(p["id"])) for p in
                      service.list_processes(ctx, everything=True)],
        "status": service.status(ctx),
        "followups": service.followups(ctx, everything=True),
    }  # fmt: skip


def test_an_accept_rehearsed_returns_the_plan_and_leaves_the_store_as_it_was(
    ctx: service.Context,
) -> None:
    before = everything(ctx)
    plan = service.accept(ctx.rehearsal(), "Acme")
    assert [w["company"] for w in plan["withdrawals"]] == ["Globex"]
    assert plan["withdrawals"][0]["interviews_cancelled"] == [1]
    assert "Lee" in plan["withdrawals"][0]["draft"]["body"]
    assert everything(ctx) == before
    done = service.accept(ctx, "Acme")  # the real one afterwards is the same plan, recorded
    assert done["withdrawals"][0]["draft"] == plan["withdrawals"][0]["draft"]
    assert service.show_process(ctx, "Acme")["stage"] == "accepted"


def test_marking_sent_rehearsed_records_no_message_and_closes_nothing(
    ctx: service.Context,
) -> None:
    before = everything(ctx)
    body = "Hi Lee, thank you for your time. I've decided to withdraw from the process. Best, Alex"
    plan = service.mark_sent(ctx.rehearsal(), "Globex", body, scenario="not-right-fit")
    assert plan["process"]["stage"] == "declined"
    assert everything(ctx) == before
