"""Every draft bowout writes passes its own checker, with the context its scenario implies."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bowout.checker.engine import check
from bowout.core import compose
from bowout.model import CheckContext, Intent, Scenario

INTERVIEW = datetime(2026, 12, 3, 15, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SLOTS = ("Tuesday 8 December, 10:00-12:00 CET", "Wednesday 9 December, 14:00-17:00 CET")


def _details(scenario: Scenario, then: str | None) -> compose.Details:
    return compose.Details(
        to="Dana",
        company="Oakhollow Systems",
        me="Marco Rossi",
        role="Platform Engineer",
        signature="Platform engineer\n+49 30 0000 0000",
        detail="the role is on-site five days a week and I am looking for remote work",
        range="EUR 85-95k",
        slots=SLOTS,
        then=then,
        news="your launch of the new routing engine",
        when="3 pm",
    )


def _cases() -> list[tuple[Scenario, int, str | None]]:
    cases = []
    for scenario in Scenario:
        thens: tuple[str | None, ...] = (
            ("reschedule", "withdraw") if scenario is Scenario.SAME_DAY_CANCEL else (None,)
        )
        for then in thens:
            for variant in range(1, compose.variant_count(scenario) + 1):
                cases.append((scenario, variant, then))
    return cases


@pytest.mark.parametrize(
    ("scenario", "variant", "then"),
    _cases(),
    ids=[f"{s.value}-{v}{'-' + t if t else ''}" for s, v, t in _cases()],
)
def test_every_draft_passes_the_checker(scenario: Scenario, variant: int, then: str | None) -> None:
    draft = compose.compose(scenario, _details(scenario, then), variant)
    intent = compose.SCENARIO_INTENT[scenario]
    same_day = intent is Intent.SAME_DAY_CANCEL
    context = CheckContext(
        intent=intent,
        interview_at=INTERVIEW,
        sent_at=INTERVIEW - (timedelta(hours=3) if same_day else timedelta(days=5)),
    )
    report = check(draft.body, context)
    found = [(f.rule, f.excerpt) for f in report.findings]
    assert found == [], f"{scenario.value} variant {variant}:\n{draft.body}"


@pytest.mark.parametrize(
    ("scenario", "variant", "then"),
    _cases(),
    ids=[f"{s.value}-{v}{'-' + t if t else ''}" for s, v, t in _cases()],
)
def test_drafts_are_recognised_and_pass_without_being_told_anything(
    scenario: Scenario, variant: int, then: str | None
) -> None:
    draft = compose.compose(scenario, _details(scenario, then), variant)
    report = check(draft.body, CheckContext())
    assert report.intent is compose.SCENARIO_INTENT[scenario]
    assert report.findings == (), draft.body
