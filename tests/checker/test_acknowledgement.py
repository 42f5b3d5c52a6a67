"""unacknowledged-history: a message to someone dealt with before must say so, by history."""

from __future__ import annotations

import pytest

from bowout.checker import engine
from bowout.model import CheckContext, Ending, History, Intent

RULE = "unacknowledged-history"
GHOSTED = History(Ending.NEVER_ANSWERED, "Northwind", "Data Engineer")
DECLINED = History(Ending.DECLINED, "Northwind", "Data Engineer")
SLOW = History(Ending.NEVER_ANSWERED, "Quantis", current=True)
PAY = (
    "Hi Dana, thank you for the invitation to interview for the platform role. Could we check "
    "that we're aligned on pay first? My target is EUR 95,000. Best, Sam"
)
NO_AGAIN = (
    "Hi Dana, thank you for thinking of me. I've decided not to move forward with this role. "
    "All the best with the search. Sam"
)


def fired(text: str, history: History | None, intent: Intent | None = None) -> bool:
    report = engine.check(text, CheckContext(intent=intent, history=history))
    return RULE in {f.rule for f in report.findings}


def test_without_a_history_the_rule_is_silent() -> None:
    assert not fired(PAY, None)


@pytest.mark.parametrize("history", [GHOSTED, SLOW])
def test_a_silence_must_be_owned_by_any_message(history: History) -> None:
    assert fired(PAY, history, Intent.COMP_CHECK)
    assert fired(NO_AGAIN, history, Intent.DECLINE)


@pytest.mark.parametrize(
    "owning",
    [
        "I didn't reply to your message about the Northwind role, and I should have.",
        "I left your message about the Northwind role unanswered, which was wrong of me.",
        "Sorry for the slow reply.",
        "I owe you an apology for leaving your note without an answer.",
        "I didn't get back to you last spring, which I regret.",
        "Apologies for taking so long to get back to you.",
    ],
)
def test_one_plain_sentence_owning_the_silence_is_enough(owning: str) -> None:
    text = PAY.replace("Hi Dana, ", f"Hi Dana, {owning} ")
    assert not fired(text, GHOSTED, Intent.COMP_CHECK)


def test_after_an_earlier_no_a_new_approach_names_it() -> None:
    assert fired(PAY, DECLINED, Intent.COMP_CHECK)
    acknowledged = PAY.replace(
        "Hi Dana, ",
        "Hi Dana, we were last in touch about the Data Engineer role at Northwind, which I "
        "decided against at the time. ",
    )
    assert not fired(acknowledged, DECLINED, Intent.COMP_CHECK)


def test_one_more_no_needs_no_reminder_of_the_first() -> None:
    assert not fired(NO_AGAIN, DECLINED, Intent.DECLINE)


@pytest.mark.parametrize("ending", [Ending.REJECTED, Ending.WENT_QUIET, Ending.ACCEPTED])
def test_endings_that_ask_for_nothing(ending: Ending) -> None:
    assert not fired(PAY, History(ending, "Northwind"), Intent.COMP_CHECK)


def test_the_finding_covers_the_first_sentence_and_says_how_to_fix_it() -> None:
    report = engine.check(PAY, CheckContext(intent=Intent.COMP_CHECK, history=GHOSTED))
    (finding,) = [f for f in report.findings if f.rule == RULE]
    assert finding.severity.value == "warning"
    assert finding.excerpt.startswith("thank you for the invitation")
    assert "should have" in finding.suggestion


def test_the_perception_after_a_silence_depends_on_owning_it() -> None:
    owned = PAY.replace("Hi Dana, ", "Hi Dana, sorry for the slow reply. ")
    context = CheckContext(intent=Intent.COMP_CHECK, history=SLOW)
    assert engine.check(owned, context).perception.outcome.value == "same_day_with_apology"
    assert engine.check(PAY, context).perception.outcome.value == "ghosting"
    declined = CheckContext(intent=Intent.COMP_CHECK, history=DECLINED)
    assert engine.check(owned, declined).perception.outcome.value == "prompt_warm"
