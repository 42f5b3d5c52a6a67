"""Drafts to someone dealt with before open by acknowledging it: an earlier no briefly, a
silence in one plain sentence, a slow reply here with an apology; and still pass the checker."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bowout.checker import engine
from bowout.core.compose import SCENARIO_INTENT, Details, compose, the_role_at, variant_count
from bowout.errors import InvalidInput
from bowout.model import CheckContext, Ending, History, Scenario

S = Scenario
BASE = Details(
    to="Dana",
    company="Quantis",
    me="Sam Okafor",
    role="Platform Engineer",
    range="EUR 95,000",
    news="your new Lisbon office",
    slots=("Tuesday 9 December, 14:00-17:00 CET",),
)
EARLIER = the_role_at("Data Engineer", "Northwind")
HISTORIES = {
    "declined": History(Ending.DECLINED, "Northwind", "Data Engineer"),
    "unanswered": History(Ending.NEVER_ANSWERED, "Northwind", "Data Engineer"),
    "late": History(Ending.NEVER_ANSWERED, "Quantis", "Platform Engineer", current=True),
}
# The sentence each history adds, whatever the wording.
OWNS = {
    "declined": re.compile(r"in touch about|remember me from|spoke a while ago", re.I),
    "unanswered": re.compile(r"didn't reply|without an answer|didn't get back", re.I),
    "late": re.compile(r"slow reply|so long to get back|answer is late", re.I),
}
CARRYING_ON = [S.COMP_CHECK, S.RESCHEDULE, S.RECONNECT, S.COUNTER_OFFER]


def with_history(kind: str) -> Details:
    return replace(BASE, history=kind, earlier=None if kind == "late" else EARLIER)


def test_the_earlier_process_is_named_in_our_words() -> None:
    assert EARLIER == "the Data Engineer role at Northwind"
    assert the_role_at(None, "Northwind") == "the role at Northwind"
    body = compose(S.COMP_CHECK, with_history("declined")).body
    assert body.splitlines()[2] == (
        "We were last in touch about the Data Engineer role at Northwind, which I decided "
        "against at the time."
    )


@pytest.mark.parametrize("kind", ["declined", "unanswered", "late"])
@pytest.mark.parametrize("scenario", CARRYING_ON)
def test_a_message_that_carries_on_acknowledges_every_history(
    kind: str, scenario: Scenario
) -> None:
    for variant in range(1, variant_count(scenario) + 1):
        draft = compose(scenario, with_history(kind), variant)
        lines = draft.body.splitlines()
        assert lines[0] == f"{lines[0].split()[0]} Dana," and lines[1] == ""
        assert OWNS[kind].search(lines[2]), draft.body
        assert len(re.findall(r"[.!?](?:\s|$)", lines[2])) == 1, "one sentence"
        assert any("earlier contact" in note for note in draft.notes)
        intent = SCENARIO_INTENT[scenario]
        report = engine.check(draft.body, CheckContext(intent=intent, history=HISTORIES[kind]))
        assert report.findings == (), (draft.body, report.findings)


@pytest.mark.parametrize("kind", ["unanswered", "late"])
def test_a_no_to_someone_left_waiting_still_owns_it(kind: str) -> None:
    draft = compose(S.NOT_RIGHT_FIT, with_history(kind))
    assert OWNS[kind].search(draft.body)
    report = engine.check(
        draft.body, CheckContext(intent=SCENARIO_INTENT[S.NOT_RIGHT_FIT], history=HISTORIES[kind])
    )
    assert report.findings == ()


def test_one_more_no_after_an_earlier_no_adds_nothing() -> None:
    assert compose(S.NOT_RIGHT_FIT, with_history("declined")) == compose(S.NOT_RIGHT_FIT, BASE)


def test_scenarios_whose_wording_already_owns_the_history_are_left_alone() -> None:
    for kind in ("declined", "unanswered", "late"):
        assert compose(S.LATE_REPLY, with_history(kind)).body == compose(S.LATE_REPLY, BASE).body
    declined = compose(S.RECONNECT_AFTER_DECLINE, with_history("declined"))
    assert declined.body == compose(S.RECONNECT_AFTER_DECLINE, BASE).body
    assert OWNS["unanswered"].search(
        compose(S.RECONNECT_AFTER_DECLINE, with_history("unanswered")).body
    )


@pytest.mark.parametrize("kind", ["declined", "unanswered", "late"])
def test_a_linkedin_note_owns_it_in_a_short_form_and_still_fits(kind: str) -> None:
    for variant in range(1, variant_count(S.LINKEDIN_NOTE) + 1):
        for limit in (300, 200):
            body = compose(
                S.LINKEDIN_NOTE, replace(with_history(kind), linkedin_limit=limit), variant
            ).body
            assert len(body) <= limit
            assert OWNS[kind].search(body) or kind == "declined", body
            assert re.match(r"(Hi|Hello) Dana, [A-Z]", body), body


def test_an_unknown_history_is_an_error_naming_its_field() -> None:
    with pytest.raises(InvalidInput) as err:
        compose(S.COMP_CHECK, replace(BASE, history="ghosted"))
    assert err.value.field == "history"
    assert "declined, unanswered, late" in err.value.message


@pytest.mark.parametrize("variant", range(1, variant_count(S.LATE_REPLY) + 1))
def test_the_late_reply_is_short_owns_the_delay_once_and_states_the_decision(variant: int) -> None:
    draft = compose(S.LATE_REPLY, BASE, variant)
    words = len(draft.body.split())
    assert words <= 90
    assert OWNS_DELAY.search(draft.body)
    assert len(re.findall(r"sorry|apologi", draft.body, re.I)) <= 1
    assert re.search(r"decided (not to|to decline)", draft.body)
    report = engine.check(
        draft.body, CheckContext(intent=SCENARIO_INTENT[S.LATE_REPLY], history=HISTORIES["late"])
    )
    assert report.findings == ()


OWNS_DELAY = re.compile(r"slow reply|the delay|should have answered", re.I)
