"""compose: every scenario and variant renders cleanly, required details are enforced by flag,
variants really differ, LinkedIn notes fit their limit, and drafts pass the checker."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bowout.core.compose import (
    SCENARIO_INTENT,
    Details,
    compose,
    fields_used,
    requirements,
    templates,
    variant_count,
)
from bowout.errors import InvalidInput, NotFound
from bowout.model import Intent, Scenario

S = Scenario
SLOTS = ("Tuesday 9 December, 14:00-17:00 CET", "Wednesday 10 December, 09:00-12:00 CET")
NEEDS: dict[Scenario, dict[str, Any]] = {
    S.ROLE_MISMATCH: {"detail": "the role is on-site five days a week"},
    S.COMP_CHECK: {"range": "EUR 90,000-100,000 base"},
    S.COUNTER_OFFER: {"range": "EUR 105,000"},
    S.RESCHEDULE: {"slots": SLOTS},
    S.SAME_DAY_CANCEL: {"then": "withdraw"},
    S.RECONNECT: {"news": "the launch of your Berlin office"},
}
BASE = Details(to="Ana", company="Acme", me="Sam Lee")
FULL = replace(
    BASE,
    role="Data Engineer",
    signature="Staff Engineer\n+49 30 1234567",
    detail="the team is in Munich, and I am looking for remote work",
    range="EUR 90,000-100,000",
    slots=SLOTS,
    news="your Series B",
    when="2 pm",
)
CASES = [(s, v) for s in Scenario for v in range(1, variant_count(s) + 1)]
DECLINES = [s for s in Scenario if SCENARIO_INTENT[s] is Intent.DECLINE]

# Anything that betrays a template: leftover markup, "None", double spaces, doubled punctuation,
# a space before punctuation.
LEAK = re.compile(r"[{}\[\]<>]|None|  |(?<!\.)\.\.(?!\.)|[,;:!?]\.|([,;:!?])\1| [,.;:!?]")


def minimal(scenario: Scenario, **extra: Any) -> Details:
    return replace(BASE, **{**NEEDS.get(scenario, {}), **extra})


def assert_clean(text: str) -> None:
    found = LEAK.search(text)
    assert found is None, f"{found.group()!r} in:\n{text}"


def detail_sets(scenario: Scenario) -> list[Details]:
    sets = [minimal(scenario), replace(FULL, then="withdraw"), replace(FULL, then="reschedule")]
    return [*sets, replace(sets[2], role=None, slots=SLOTS[:1])]


@pytest.mark.parametrize(("scenario", "variant"), CASES)
def test_every_variant_renders_cleanly(scenario: Scenario, variant: int) -> None:
    for details in detail_sets(scenario):
        draft = compose(scenario, details, variant)
        assert (draft.scenario, draft.variant) == (scenario, variant)
        assert_clean(draft.subject)
        assert_clean(draft.body)
        assert "\n" not in draft.subject and 0 < len(draft.subject) <= 60
        assert draft.body.startswith(("Hi Ana,", "Hello Ana,", "Dear Ana,"))
        assert draft.notes and all(note.strip() for note in draft.notes)
        if details.role is None:
            assert "Data Engineer" not in draft.body


@pytest.mark.parametrize(("scenario", "variant"), CASES)
def test_signature_lines_follow_the_name(scenario: Scenario, variant: int) -> None:
    body = compose(scenario, minimal(scenario, signature="Staff Engineer\n+49 30 1234567"), variant)
    if scenario is S.LINKEDIN_NOTE:
        assert "Staff Engineer" not in body.body
        assert any("signature" in note for note in body.notes)
    else:
        assert body.body.endswith("\nSam Lee\nStaff Engineer\n+49 30 1234567")


def test_signature_repeating_the_name_and_escaped_newlines_read_naturally() -> None:
    draft = compose(S.WITHDRAW, replace(BASE, signature="Sam Lee\\nStaff Engineer\n\n"))
    assert draft.body.endswith("\nSam Lee\nStaff Engineer")
    assert "Sam Lee\nSam Lee" not in draft.body


def test_variant_none_is_the_first() -> None:
    assert compose(S.WITHDRAW, BASE, None) == compose(S.WITHDRAW, BASE, 1)


@pytest.mark.parametrize("variant", [0, -1, 99])
def test_unknown_variant_names_the_field_in_words(variant: int) -> None:
    with pytest.raises(InvalidInput, match="wordings 1 to") as err:
        compose(S.WITHDRAW, BASE, variant)
    assert err.value.field == "variant"


def test_unknown_scenario_is_not_found() -> None:
    with pytest.raises(NotFound):
        compose("ghost", BASE)  # type: ignore[arg-type]


@pytest.mark.parametrize("scenario", list(Scenario))
def test_each_scenario_has_three_variants_in_different_words(scenario: Scenario) -> None:
    assert variant_count(scenario) >= 3
    details = replace(FULL, then="reschedule")
    drafts = [compose(scenario, details, v) for v in range(1, variant_count(scenario) + 1)]
    seen: dict[str, int] = {}
    for draft in drafts:
        for sentence in _sentences(draft.body):
            assert sentence not in seen, (
                f"variants {seen[sentence]} and {draft.variant}: {sentence}"
            )
            seen[sentence] = draft.variant
    if scenario is not S.LINKEDIN_NOTE:  # notes have no subject line; the label is a constant
        assert len({d.subject for d in drafts}) == len(drafts)


def _sentences(body: str) -> list[str]:
    """The sentences of the message proper: no greeting, sign-off, name or slot lines."""
    lines = [ln for ln in body.splitlines()[1:] if ln and not ln.startswith("- ")]
    text = " ".join(lines[:-4] if "\n\n" in body else lines)
    return [s for s in re.split(r"(?<=[.?!])\s+", text) if len(s.split()) > 3]


REQUIRED = [
    (S.ROLE_MISMATCH, {"detail": None}, "concrete discrepancy", "detail"),
    (S.ROLE_MISMATCH, {"detail": " . "}, "concrete discrepancy", "detail"),
    (S.COMP_CHECK, {"range": None}, "target pay", "range"),
    (S.COUNTER_OFFER, {"range": ""}, "target pay", "range"),
    (S.RECONNECT, {"news": None}, "specific thing", "news"),
    (S.RESCHEDULE, {"slots": ()}, "alternative times", "slots"),
    (S.RESCHEDULE, {"slots": ("  ",)}, "alternative times", "slots"),
    (S.SAME_DAY_CANCEL, {"then": None}, "after the cancellation", "then"),
    (S.SAME_DAY_CANCEL, {"then": "reschedule"}, "alternative times", "slots"),
    (S.SAME_DAY_CANCEL, {"then": "postpone"}, "follows the cancellation", "then"),
    (S.WITHDRAW, {"to": "  "}, "the person you are writing to", "to"),
    (S.WITHDRAW, {"company": ""}, "their company", "company"),
    (S.WITHDRAW, {"me": ""}, "your name", "me"),
]


@pytest.mark.parametrize(("scenario", "change", "words", "field"), REQUIRED)
def test_missing_detail_is_named_in_words_with_its_field(
    scenario: Scenario, change: dict[str, Any], words: str, field: str
) -> None:
    for variant in range(1, variant_count(scenario) + 1):
        with pytest.raises(InvalidInput) as err:
            compose(scenario, minimal(scenario, **change), variant)
        assert words in err.value.message
        assert "--" not in err.value.message
        assert err.value.field == field


def test_requirements() -> None:
    expected = {scenario: tuple(needs) for scenario, needs in NEEDS.items()}
    assert {s: requirements(s) for s in Scenario if requirements(s)} == expected
    assert requirements(S.SAME_DAY_CANCEL, then="reschedule") == ("then", "slots")
    assert requirements(S.SAME_DAY_CANCEL, then="withdraw") == ("then",)


def test_then_decline_is_read_as_withdraw() -> None:
    details = minimal(S.SAME_DAY_CANCEL)
    assert compose(S.SAME_DAY_CANCEL, replace(details, then="decline")) == compose(
        S.SAME_DAY_CANCEL, details
    )


def test_scenario_intent_covers_every_scenario() -> None:
    assert set(SCENARIO_INTENT) == set(Scenario)
    assert SCENARIO_INTENT[S.SAME_DAY_CANCEL] is Intent.SAME_DAY_CANCEL
    assert SCENARIO_INTENT[S.LINKEDIN_NOTE] is Intent.CONNECTION_NOTE
    assert SCENARIO_INTENT[S.COUNTER_OFFER] is Intent.COMP_CHECK  # a pay negotiation
    assert SCENARIO_INTENT[S.DECLINE_OFFER] is Intent.DECLINE


# --- what each message must say ------------------------------------------------------------------

DECISION = re.compile(
    r"withdraw|decided not to|decided to decline|need to decline|declining|stepping back",
    re.IGNORECASE,
)
THANKS = re.compile(r"thank|grateful|appreciate", re.IGNORECASE)
TIMING_APOLOGY = re.compile(
    r"(sorry|apologi[sz]e|apologies) for the (short|late|last-minute)", re.I
)


@pytest.mark.parametrize(("scenario", "variant"), [c for c in CASES if c[0] in DECLINES])
def test_declines_thank_and_decide(scenario: Scenario, variant: int) -> None:
    body = compose(scenario, minimal(scenario), variant).body
    assert THANKS.search(body)
    assert DECISION.search(body)


@pytest.mark.parametrize("then", ["reschedule", "withdraw"])
@pytest.mark.parametrize("variant", range(1, variant_count(S.SAME_DAY_CANCEL) + 1))
def test_same_day_cancel_apologises_for_the_timing_once(then: str, variant: int) -> None:
    body = compose(S.SAME_DAY_CANCEL, replace(FULL, then=then), variant).body
    assert TIMING_APOLOGY.search(body)
    assert len(re.findall(r"sorry|apologi", body, re.IGNORECASE)) == 1
    if then == "reschedule":
        assert all(slot in body for slot in SLOTS)
    else:
        assert DECISION.search(body) and THANKS.search(body)


@pytest.mark.parametrize(("scenario", "variant"), CASES)
def test_the_scenario_detail_reaches_the_body(scenario: Scenario, variant: int) -> None:
    details = replace(FULL, then="reschedule")
    body = compose(scenario, details, variant).body
    wanted = {
        S.ROLE_MISMATCH: [details.detail],
        S.COMP_CHECK: [details.range],
        S.COUNTER_OFFER: [details.range],
        S.RESCHEDULE: list(SLOTS),
        S.SAME_DAY_CANCEL: list(SLOTS),
        S.RECONNECT: [details.news],
        S.RECONNECT_AFTER_DECLINE: [details.news],
    }.get(scenario, [])
    for text in wanted:
        assert text and text in body


@pytest.mark.parametrize("scenario", [S.RECONNECT, S.RECONNECT_AFTER_DECLINE, S.LINKEDIN_NOTE])
def test_reconnections_ask_for_nothing(scenario: Scenario) -> None:
    for variant in range(1, variant_count(scenario) + 1):
        for details in (minimal(scenario), FULL):
            body = compose(scenario, details, variant).body
            assert "?" not in body
            assert not re.search(r"still open|available|consider me|opening", body, re.I)


# --- LinkedIn ------------------------------------------------------------------------------------

LONG = replace(
    FULL,
    to="Zoë O'Brien-Łukasiewicz",
    company="Vereinigte Maschinenbau und Handelsgesellschaft",
    role="Senior Staff Platform Engineer",
    me="Alexandra Montgomery-Featherstone",
)


@pytest.mark.parametrize("variant", range(1, variant_count(S.LINKEDIN_NOTE) + 1))
@pytest.mark.parametrize("details", [BASE, FULL, LONG])
def test_linkedin_notes_fit_the_default_limit(details: Details, variant: int) -> None:
    draft = compose(S.LINKEDIN_NOTE, details, variant)
    assert len(draft.body) <= 300
    assert details.company in draft.body  # never a note without context
    assert f"{len(draft.body)} of 300 characters." in draft.notes


@pytest.mark.parametrize(
    ("details", "limit"), [(LONG, 200), (LONG, 160), (FULL, 150), (FULL, 120), (BASE, 90)]
)
def test_linkedin_honours_a_smaller_limit(details: Details, limit: int) -> None:
    for variant in range(1, variant_count(S.LINKEDIN_NOTE) + 1):
        draft = compose(S.LINKEDIN_NOTE, replace(details, linkedin_limit=limit), variant)
        assert len(draft.body) <= limit
        assert details.company in draft.body
        assert_clean(draft.body)


def test_linkedin_falls_back_to_another_variant_and_says_so() -> None:
    limit = 80  # the first short form needs more than this; the third's does not
    draft = compose(S.LINKEDIN_NOTE, replace(BASE, linkedin_limit=limit), 1)
    assert len(draft.body) <= limit
    assert draft.variant != 1
    assert any("too long" in note for note in draft.notes)


@pytest.mark.parametrize(
    "details",
    [
        replace(BASE, company="X" * 1000),
        replace(BASE, linkedin_limit=20),
        replace(BASE, linkedin_limit=0),
    ],
)
def test_linkedin_note_that_cannot_fit_is_an_error(details: Details) -> None:
    with pytest.raises(InvalidInput, match="limit") as err:
        compose(S.LINKEDIN_NOTE, details)
    assert err.value.field == "linkedin_limit"


# --- names of every kind -------------------------------------------------------------------------

_letters = st.characters(categories=("Lu", "Ll", "Lo"))
_word = st.text(_letters, min_size=1, max_size=12)
_name = st.lists(
    st.tuples(_word, st.sampled_from(["", "'", "-"]), _word).map("".join), min_size=1, max_size=4
).map(" ".join)
_company = st.one_of(_name, st.text(_letters, min_size=120, max_size=400))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(to=_name, company=_company, me=_name, role=st.none() | _name)
def test_any_names_render_cleanly(to: str, company: str, me: str, role: str | None) -> None:
    values = " ".join((to, company, me, role or ""))
    if "None" in values or "  " in values:
        return
    for scenario, variant in CASES:
        details = minimal(scenario, to=to, company=company, me=me, role=role)
        if scenario is S.LINKEDIN_NOTE:
            try:
                draft = compose(scenario, details, variant)
            except InvalidInput:
                assert len(company) + len(to) + len(me) > 150
                continue
            assert len(draft.body) <= 300
        else:
            draft = compose(scenario, details, variant)
            assert draft.body.endswith(f"\n{me}")
            assert to in draft.body
        assert_clean(draft.body)
        assert_clean(draft.subject)


def test_user_text_with_braces_is_never_read_as_a_template() -> None:
    details = replace(BASE, company="{to} {me} [Acme]", role="{the_role}")
    body = compose(S.WITHDRAW, details).body
    assert "{to} {me} [Acme]" in body and "{the_role}" in body


def test_trailing_punctuation_in_values_is_not_doubled() -> None:
    ends = {"company": "Acme Inc.", "detail": "Fully on-site.", "range": "90k.", "news": "a B!"}
    for scenario, variant in CASES:
        draft = compose(scenario, minimal(scenario, **ends), variant)
        assert_clean(draft.body)


# --- the data files ------------------------------------------------------------------------------

KNOWN_FIELDS = {
    "to", "company", "me", "role", "the_role", "the_role_at", "label", "detail", "range", "news",
    "when", "today_interview", "at_when", "slot_lines", "slot_choice", "times", "day", "Day",
}  # fmt: skip


@pytest.mark.parametrize("scenario", list(Scenario))
def test_templates_are_well_formed(scenario: Scenario) -> None:
    for variant in templates()[scenario].variants:
        texts = [variant.subject, variant.body, *(variant.short or "",)]
        texts += [t for table in variant.parts.values() for t in table.values()]
        for text in texts:
            assert fields_used(text) <= KNOWN_FIELDS | set(variant.parts), text
            assert "  " not in text
        ending = "{me}" if scenario is S.LINKEDIN_NOTE else "\n{me}"
        assert variant.body.rstrip().endswith(ending)
        if scenario is S.LINKEDIN_NOTE:
            assert variant.short is not None


# --- the checker ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("scenario", "variant"), CASES)
def test_drafts_pass_the_checker(scenario: Scenario, variant: int) -> None:
    pytest.importorskip("bowout.checker.engine")
    from bowout import service

    for details in detail_sets(scenario):
        body = compose(scenario, details, variant).body
        report = service.check(service.Context(), body, intent=SCENARIO_INTENT[scenario].value)
        assert report["findings"] == [], body
