"""The checker end to end: spans, quoted parts, markers, notice from context, perception."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bowout.checker.engine import check
from bowout.model import CheckContext, CheckReport, Impact, Intent

BERLIN = ZoneInfo("Europe/Berlin")
INTERVIEW = datetime(2026, 12, 3, 15, 0, tzinfo=BERLIN)

GOOD_DECLINE = (
    "Hi Dana,\n\nThank you for the time you have put into my application. I've accepted an "
    "offer elsewhere, so I'm withdrawing from the process. I hope our paths cross again.\n\n"
    "Best,\nMarco"
)


def assert_spans_valid(text: str, report: CheckReport) -> None:
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.excerpt == text[f.start : f.end]


def rules_of(report: CheckReport) -> set[str]:
    return {f.rule for f in report.findings}


def test_a_good_decline_has_no_findings() -> None:
    report = check(GOOD_DECLINE, CheckContext())
    assert report.intent is Intent.DECLINE
    assert report.findings == ()
    assert report.perception.impact is Impact.POSITIVE_OR_NEUTRAL


def test_offsets_are_code_points_into_the_text_as_given() -> None:
    text = "Hi 👋 Dana, ünfortunately… the salary is insulting. I'm withdrawing. Thanks."
    report = check(text, CheckContext())
    critique = [f for f in report.findings if f.rule == "critique"]
    assert critique and critique[0].excerpt == "insulting"
    assert text[critique[0].start : critique[0].end] == "insulting"
    assert_spans_valid(text, report)


def test_quoted_reply_and_signature_are_never_flagged() -> None:
    text = (
        GOOD_DECLINE
        + "\n-- \nMarco Rossi | maybe later I'll definitely be in touch\n\n"
        + "On Mon, 30 Nov 2026 at 10:00, Dana <dana@example.com> wrote:\n"
        + "> Your salary ask is insulting and the process is a mess.\n"
        + "> Is the role still open? Maybe later.\n"
    )
    report = check(text, CheckContext())
    assert report.findings == ()
    assert report.intent is Intent.DECLINE


def test_inline_quote_lines_are_skipped_but_offsets_stay_in_the_original() -> None:
    quoted = "> Your process is a mess.\n"
    text = quoted + "Thanks for your time. Frankly your interview process was chaotic."
    report = check(text, CheckContext(intent=Intent.DECLINE))
    spans = [(f.start, f.excerpt) for f in report.findings if f.rule == "critique"]
    assert spans == [(text.index("chaotic"), "chaotic")]


def test_inline_marker_turns_rules_off_for_one_message() -> None:
    text = "I'm withdrawing. The pay is insulting. bowout: ignore=critique,no-gratitude"
    assert rules_of(check(text, CheckContext())) == set()
    assert "critique" in rules_of(check(text.split(" bowout:")[0], CheckContext()))


def test_context_ignore_is_honoured() -> None:
    text = "I'm withdrawing. The pay is insulting. Thanks."
    assert rules_of(check(text, CheckContext(ignore=frozenset({"critique"})))) == set()


def test_stated_intent_wins_over_the_text() -> None:
    report = check("Thanks for the call yesterday.", CheckContext(intent=Intent.DECLINE))
    assert report.intent is Intent.DECLINE
    assert "unclear-decision" in rules_of(report)


CANCEL = "Hi Sam, I need to cancel our interview and withdraw from the process. Thank you."


def test_late_notice_from_context_needs_a_timing_apology() -> None:
    sent = INTERVIEW - timedelta(hours=5)
    report = check(CANCEL, CheckContext(interview_at=INTERVIEW, sent_at=sent))
    assert "missing-timing-apology" in rules_of(report)
    assert report.perception.impact is Impact.SLIGHTLY_NEGATIVE


def test_ample_notice_needs_no_timing_apology() -> None:
    sent = INTERVIEW - timedelta(days=5)
    report = check(CANCEL, CheckContext(interview_at=INTERVIEW, sent_at=sent))
    assert "missing-timing-apology" not in rules_of(report)


def test_same_day_cancel_with_apology_is_inconvenient_but_handled() -> None:
    text = (
        "Hi Sam, I'm sorry for the short notice: I have to cancel today's interview and "
        "withdraw from the process."
    )
    report = check(text, CheckContext())
    assert report.intent is Intent.SAME_DAY_CANCEL
    assert report.findings == ()
    assert report.perception.impact is Impact.NEUTRAL


def test_same_day_from_context_makes_a_cancel_a_same_day_cancel() -> None:
    sent = INTERVIEW - timedelta(hours=2)
    text = "Hi Sam, I'm sorry for the late notice, I can't make the interview. Thank you."
    report = check(text, CheckContext(interview_at=INTERVIEW, sent_at=sent))
    assert report.intent is Intent.SAME_DAY_CANCEL
    assert "missing-timing-apology" not in rules_of(report)


def test_critique_is_remembered_as_a_parting_shot() -> None:
    report = check("I'm withdrawing; the offer was a lowball. Thanks.", CheckContext())
    assert report.perception.impact is Impact.NEGATIVE


def test_stats_count_the_authors_words() -> None:
    report = check("Hi Dana,\nI'm withdrawing. Thank you!\n\nBest,\nMarco", CheckContext())
    assert report.sentences == 2
    assert report.words == 6


def test_empty_and_whitespace_messages() -> None:
    for text in ("", "   \n\t "):
        report = check(text, CheckContext())
        assert report.findings == ()
        assert report.words == 0


def test_a_five_megabyte_message_is_checked() -> None:
    text = ("I'm withdrawing from the process. The pay is insulting. " * 90_000)[:5_000_000]
    report = check(text, CheckContext())
    assert_spans_valid(text, report)
    assert "critique" in rules_of(report)


odd_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=None, exclude_categories=("Cs",)),
    max_size=400,
)
phrasey = st.lists(
    st.sampled_from(
        [
            "Hi Sam,",
            "I'm withdrawing.",
            "Maybe later!",
            "today's interview",
            "sorry",
            "> quoted line",
            "-- ",
            "Best,",
            "On Mon Dana wrote:",
            "مرحبا بك",
            "שלום",
            "🙂",
            "\u202e",
            "\x00",
            "insulting",
            "Is the role still open?",
            "\r\n",
            "\n",
            "bowout: ignore=critique",
            "Tuesday at 2pm",
            "let me know when else works",
        ]
    ),
    max_size=30,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(odd_text, phrasey))
def test_any_text_gives_a_report_with_valid_spans(text: str) -> None:
    report = check(text, CheckContext())
    assert_spans_valid(text, report)
    assert report.to_json()["intent"] in {i.value for i in Intent}


def test_a_greeting_without_punctuation_does_not_swallow_the_message() -> None:
    text = "hey sam cant make the 10am this morning, something came up. could we do friday at 2?"
    report = check(text, CheckContext())
    assert report.intent is Intent.SAME_DAY_CANCEL
    assert "missing-timing-apology" in rules_of(report)


def test_a_long_signature_block_with_a_disclaimer_is_not_judged() -> None:
    signature = "\n".join(["Marco Rossi", "Platform Engineer", "+49 30 0000 0000", "m@example.com"])
    notice = "NOTICE: if you received this in error, the process is a mess, maybe later."
    text = GOOD_DECLINE.replace(
        "Best,\nMarco", f"Best,\n{signature}\n\n{notice}\n\nSent from my phone"
    )
    report = check(text, CheckContext())
    assert report.findings == ()
    assert report.sentences == 3


NON_NATIVE = [
    (
        "Hello Mrs. Schmidt, many thanks for your invitation. I must inform you that I will not "
        "participate in the next interview, I have signed contract with other company.",
        Intent.DECLINE,
        set(),
    ),
    (
        "Dear Mr. Lee, unfortunately on Friday I have examination at university. Is it possible to "
        "make the interview another day? Thank you",
        Intent.RESCHEDULE,
        {"vague-reschedule"},
    ),
    (
        "Hello, today I cannot come to the interview at 15h because my son is sick. Can we make "
        "it on Monday at 10h?",
        Intent.SAME_DAY_CANCEL,
        {"missing-timing-apology", "no-gratitude"},
    ),
    (
        "Hello, I am very sorry for the late information, today I cannot come to the interview at "
        "15h because my son is sick. Can we make it on Monday at 10h?",
        Intent.SAME_DAY_CANCEL,
        set(),
    ),
    (
        "Dear HR, I will not continue the process. Your company make very bad interview, nobody "
        "was prepared and the salary is too much low. Thanks.",
        Intent.DECLINE,
        {"critique"},
    ),
]


def test_non_native_english_is_understood() -> None:
    for text, intent, expected in NON_NATIVE:
        report = check(text, CheckContext())
        assert (report.intent, rules_of(report)) == (intent, expected), text


def test_a_judgement_without_is_still_a_critique_and_praise_is_not() -> None:
    bad = "I found the interview process too long, so I'm withdrawing. Thank you."
    assert "critique" in rules_of(check(bad, CheckContext()))
    good = "Thank you. I found the team great, but I've accepted another offer."
    assert rules_of(check(good, CheckContext())) == set()


def test_a_message_not_in_english_says_the_checker_reads_english_only() -> None:
    text = (
        "Hallo Frau Becker, vielen Dank für die Einladung zum Gespräch. Leider muss ich absagen, "
        "da ich eine andere Stelle angenommen habe. Viele Grüße"
    )
    report = check(text, CheckContext())
    assert report.language == "other"
    assert report.findings == ()
    assert report.note is not None and "English" in report.note
    data = report.to_json()
    assert data["language"] == "other" and "English" in data["note"]
    assert "nothing to fix" in data["note"].lower()  # it says that no findings mean nothing here


@pytest.mark.parametrize(
    "text",
    [
        "Hola Sara, gracias por la entrevista. He decidido no seguir con el proceso.",
        "Bonjour Paul, merci pour votre temps. Je ne vais pas poursuivre le processus.",
        "Ciao Marta, grazie per il colloquio. Ho deciso di non proseguire con la selezione.",
    ],
)
def test_a_short_message_in_a_neighbouring_language_is_not_judged(text: str) -> None:
    """Short messages share words with English ("he", "no", "con"): they are still not English,
    and are never flagged as if they were."""
    report = check(text, CheckContext())
    assert (report.language, report.findings) == ("other", ())


def test_an_english_report_keeps_every_contract_field() -> None:
    data = check("Thank you, but I have accepted another offer.", CheckContext()).to_json()
    assert {"intent", "findings", "perception", "stats"} <= set(data)
    assert data["language"] == "en" and "note" not in data


def test_a_postscript_after_the_sign_off_is_checked() -> None:
    text = (
        "Hi Tomas,\n\nThank you for the offer. I have accepted another role, so I'm declining.\n\n"
        "Best,\nPriya\n\nP.S. Honestly, your interview process was a shambles."
    )
    report = check(text, CheckContext())
    critiques = [f for f in report.findings if f.rule == "critique"]
    assert critiques and all(f.start > text.index("P.S.") for f in critiques)
    assert "Priya" not in " ".join(f.excerpt for f in report.findings)


def test_the_perception_is_never_professional_once_a_rule_fired() -> None:
    from bowout.checker.rules import REGISTRY
    from bowout.model import PERCEPTION, Outcome

    professional = PERCEPTION[Outcome.PROMPT_WARM].remembered
    for rule in REGISTRY:
        for case in rule.cases:
            report = check(case.example.text, case.example.context or CheckContext())
            if report.findings:
                assert report.perception.remembered != professional, case.example.text


def test_a_critique_of_the_pay_gets_a_pay_example() -> None:
    text = "Thanks for the offer, but the salary is frankly insulting. I'm declining."
    (finding,) = [f for f in check(text, CheckContext()).findings if f.rule == "critique"]
    assert "range" in finding.suggestion and "on-site" not in finding.suggestion
    commute = "Thanks, but the commute to your office is a nightmare, so I'm withdrawing."
    (finding,) = [f for f in check(commute, CheckContext()).findings if f.rule == "critique"]
    assert "on-site" in finding.suggestion


def test_a_vague_reschedule_is_not_remembered_as_professional() -> None:
    report = check("Hi Sam, could we reschedule our interview? Thanks!", CheckContext())
    assert rules_of(report) == {"vague-reschedule"}
    assert report.perception.impact is Impact.SLIGHTLY_NEGATIVE
