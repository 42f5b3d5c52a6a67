"""Intent detection: the cues of each intent, in several phrasings; a stated intent wins."""

from __future__ import annotations

import pytest

from bowout.checker.intent import decisions, detect, infer
from bowout.checker.phrases import phrases
from bowout.checker.text import split
from bowout.model import Intent

CASES = [
    (Intent.OTHER, "Hi Laila, just confirming I'll be on the call later today at 4pm. Ben"),
    (Intent.SAME_DAY_CANCEL, "Today I have fever and I cannot come to the interview at 14:00."),
    (Intent.DECLINE, "Thanks for the offer. I'll be declining it, as I'm staying where I am."),
    (Intent.DECLINE, "hey thanks for the offer but im gonna pass. all the best"),
    (
        Intent.RESCHEDULE,
        "Hi Ilse, I can no longer make Tuesday's interview. Could you send your availability?",
    ),
    (
        Intent.RECONNECT,
        "Hi Ellis, we spoke in the spring. Would there be any way to pick things back up?",
    ),
    (
        Intent.DECLINE,
        "Hi Jo, I've accepted a position elsewhere, so please take me out of the running.",
    ),
    (
        Intent.DECLINE,
        "Dear Mr. Ito, after reflection I will not be continuing with the application.",
    ),
    (Intent.DECLINE, "Thanks for the offer. I have decided to turn it down and stay where I am."),
    (Intent.DECLINE, "Hello, I need to respectfully decline the invitation to the final round."),
    (
        Intent.RESCHEDULE,
        "Hi Ana, could we move Thursday's interview to Monday at 10am? I have a clash.",
    ),
    (
        Intent.RESCHEDULE,
        "Would it be possible to reschedule our call? Tuesday after 2pm works for me.",
    ),
    (Intent.COMP_CHECK, "Before we go further, could you share the salary range for this role?"),
    (
        Intent.COMP_CHECK,
        "Hi, my target is 70-80k base; is that within the budget before we book a call?",
    ),
    (
        Intent.SAME_DAY_CANCEL,
        "I'm so sorry, I have to cancel today's interview because my child is ill.",
    ),
    (
        Intent.SAME_DAY_CANCEL,
        "Our call at 3pm today can't happen on my side: my flight was cancelled.",
    ),
    (Intent.DEFERRAL, "Thanks Sam. I'm not sure now is the right time, maybe later in the year."),
    (Intent.DEFERRAL, "Let me think it over and get back to you in a few weeks."),
    (Intent.RECONNECT, "Hi Lea, congratulations on the Series B! Great to see the team growing."),
    (
        Intent.RECONNECT,
        "Hello, we spoke about the analyst role last spring. Is the position still open?",
    ),
    (
        Intent.CONNECTION_NOTE,
        "Hi Priya, enjoyed our chat about the data team. Would be glad to connect here.",
    ),
    (Intent.OTHER, "Thank you for the interview yesterday; I enjoyed meeting the team."),
    (Intent.OTHER, "Tuesday at 2pm is confirmed, see you then."),
]


@pytest.mark.parametrize(
    ("expected", "text"), CASES, ids=[f"{e.value}-{i}" for i, (e, _) in enumerate(CASES)]
)
def test_detects_intent(expected: Intent, text: str) -> None:
    assert detect(text) is expected


def test_stated_intent_wins() -> None:
    assert detect("Thanks for the interview yesterday.", Intent.DECLINE) is Intent.DECLINE


def test_quoted_text_does_not_count() -> None:
    text = "Thank you for the call.\n\n> I have decided to withdraw from the process."
    assert detect(text) is Intent.OTHER


def test_a_hedged_or_past_decision_is_not_a_decision() -> None:
    assert detect("I'm not sure whether I should withdraw; maybe later.") is Intent.DEFERRAL
    reconnect = "Back in July I decided not to continue. Is the role still open?"
    assert detect(reconnect) is Intent.RECONNECT


def test_empty_text_is_other() -> None:
    assert detect("") is Intent.OTHER
    assert detect("   ") is Intent.OTHER


# The structure's corrections of the learned model's reading (`infer`), given the label the
# model could have chosen.
def _infer(text: str, label: str) -> Intent:
    body = split(text)
    return infer(body, label, False, bool(decisions(body)))


@pytest.mark.parametrize(
    "text",
    [
        "I have an offer elsewhere with a deadline on Friday; could we speed up the final round?",
        "Another company needs an answer by Thursday. Is there a way to expedite the process?",
    ],
)
def test_a_request_to_hurry_is_no_pause(text: str) -> None:
    assert _infer(text, "deferral") is Intent.OTHER


def test_a_request_for_time_with_a_deadline_stays_a_pause() -> None:
    text = "Could I give you my answer by Friday? The other company's deadline is Monday."
    assert _infer(text, "deferral") is Intent.DEFERRAL


@pytest.mark.parametrize(
    "text", ["My car won't start.", "My cat swallowed a ribbon and I have to rush to the vet."]
)
def test_the_present_tense_of_an_excuse_puts_it_on_the_day(text: str) -> None:
    assert _infer(text, "deferral") is Intent.SAME_DAY_CANCEL


def test_stay_put_until_is_no_decision() -> None:
    assert not decisions(split("I'll have to stay put until the audit is done."))
    assert decisions(split("I've decided to stay put, so I'm declining the offer."))


@pytest.mark.parametrize("label", ["decline", "other"])
def test_a_question_about_pay_that_decides_nothing_is_a_pay_question(label: str) -> None:
    assert _infer("Roughly how much would I be paid an hour?", label) is Intent.COMP_CHECK
    declined = "I've decided to decline; how much was the salary, out of interest?"
    assert _infer(declined, "decline") is Intent.DECLINE


@pytest.mark.parametrize(
    "text",
    [
        "Sorry to hear that. I really thought the interviews went well.",
        "Thanks for letting me know you went with another candidate. Could I ask for feedback?",
    ],
)
def test_an_answer_to_their_rejection_is_other(text: str) -> None:
    assert _infer(text, "deferral") is Intent.OTHER
    assert _infer(text, "decline") is Intent.OTHER


def test_an_answer_to_their_news_that_decides_stays_a_decline() -> None:
    text = "Thanks for letting me know about the offer. I've decided to decline it."
    assert _infer(text, "decline") is Intent.DECLINE


def test_an_earlier_contact_recalled_without_a_decision_is_a_reconnect() -> None:
    text = "Two years ago you suggested I get more experience first. I now lead a small team."
    assert _infer(text, "decline") is Intent.RECONNECT


@pytest.mark.parametrize(
    "text", ["No, I'm done.", "I've thought about it and it's a no from me this time."]
)
def test_a_no_said_in_few_words_is_a_decision(text: str) -> None:
    assert decisions(split(text))


def test_a_cancellation_that_wishes_them_luck_in_the_search_is_a_decline() -> None:
    text = (
        "I'm afraid I have to cancel our interview next week. I wish you the best of luck in "
        "your search, and I hope you find the right person soon."
    )
    assert _infer(text, "reschedule") is Intent.DECLINE
    assert _infer(text, "deferral") is Intent.DECLINE
    moved = "I have to cancel next week's interview; could we try another day? Best of luck."
    assert _infer(moved, "reschedule") is Intent.RESCHEDULE


def test_a_lapsed_contact_picked_up_again_is_a_reconnect() -> None:
    lapsed = "I've been bad at keeping in touch since the spring. Could we reconnect over coffee?"
    assert _infer(lapsed, "connection_note") is Intent.RECONNECT
    assert _infer("Lovely to meet you at the meetup, let's connect.", "connection_note") is (
        Intent.CONNECTION_NOTE
    )
    recalled = "We spoke last spring about the data role. If it ever reopens, I'd be glad to hear."
    assert _infer(recalled, "other") is Intent.RECONNECT
    thanked = "Thanks for letting me know. I'll keep following your team's work."
    assert _infer(thanked, "other") is Intent.OTHER


@pytest.mark.parametrize(
    "text",
    [
        "After some thought I would like to rescind my application for the analyst post.",
        "I'm grateful for the call, but I am no longer available for the position.",
        "Thank you for your letter about the search. I should say plainly that I am not a "
        "candidate.",
    ],
)
def test_a_formal_withdrawal_is_a_decision(text: str) -> None:
    assert decisions(split(text))
    assert not decisions(split("I'm not available for the interview on Monday, sadly."))


def test_unavailable_tomorrow_puts_a_cancellation_on_the_day() -> None:
    text = "Awful news: I've come down with flu and I'm not available tomorrow, I'm afraid."
    assert _infer(text, "deferral") is Intent.SAME_DAY_CANCEL
    assert _infer("I'm not available next week, I'm afraid.", "deferral") is Intent.DEFERRAL


def test_a_request_to_improve_the_offer_is_a_pay_question() -> None:
    text = "Another firm has offered more. If you could match their offer I'd gladly sign."
    assert _infer(text, "decline") is Intent.COMP_CHECK


def test_saying_one_wants_the_job_and_stopping_nothing_is_other() -> None:
    text = "Thanks for your time on Monday. I'm genuinely excited about the role and the team."
    assert _infer(text, "decline") is Intent.OTHER


def test_a_move_ruled_out_is_no_request_to_move() -> None:
    text = "I have to cancel Friday's interview. I don't expect to be able to reschedule it soon."
    assert _infer(text, "decline") is not Intent.RESCHEDULE
    assert _infer("Could we reschedule Friday's interview?", "decline") is Intent.RESCHEDULE


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for accepting my request! Your talk on search ranking was a highlight for me.",
        "Hi Noor, I wanted to follow up on my email from last week about the analyst opening.",
    ],
)
def test_a_note_once_connected_or_a_nudge_is_no_connection_note(text: str) -> None:
    assert _infer(text, "connection_note") is Intent.OTHER


def test_a_cancellation_that_rules_out_a_new_time_is_a_pause() -> None:
    text = "I must cancel the interview on the 3rd. I won't be able to reschedule it for a while."
    assert _infer(text, "decline") is Intent.DEFERRAL


def test_an_interview_missed_yesterday_was_not_cancelled_on_the_day() -> None:
    text = (
        "I'm so sorry I couldn't attend the interview yesterday; I was stuck on my way in after "
        "a crash on the motorway. Could we find another time?"
    )
    assert _infer(text, "same_day_cancel") is Intent.RESCHEDULE
    today = "I'm stuck on my way in after a crash and can't make the interview at 10."
    assert _infer(today, "same_day_cancel") is Intent.SAME_DAY_CANCEL


def test_the_structure_overrides_the_model_on_these_too() -> None:
    # a move ruled out, read as a move by the model
    ruled_out = "Sadly I have to cancel the interview, and I don't see myself able to rebook."
    assert _infer(ruled_out.replace("rebook", "reschedule"), "reschedule") is Intent.DEFERRAL
    # a cancellation with goodbyes, read as a reconnect because it recalls the last call
    farewell = "Since we last spoke things have changed, so I must cancel Monday's interview. "
    farewell += "I wish you the best of luck in your search."
    assert _infer(farewell, "reconnect") is Intent.DECLINE
    assert _infer(farewell, "decline") is Intent.DECLINE
    # written after the connection was accepted, read as a decline
    connected = (
        "Thank you for accepting my invitation. I'm moving into design after years in print."
    )
    assert _infer(connected, "decline") is Intent.OTHER
    # a thank-you that mentions this morning, read as a same-day cancellation
    keen = "Thanks for this morning! I'm really excited about the role and the people."
    assert _infer(keen, "same_day_cancel") is Intent.OTHER


def test_a_hedge_said_right_now_is_a_pause_not_a_cancellation_on_the_day() -> None:
    text = "Thanks for the ping. I'm not sure I can take this on right now; maybe later on."
    assert _infer(text, "deferral") is Intent.DEFERRAL
    stuck = "I'm stuck on the train right now and can't make the interview, so sorry."
    assert _infer(stuck, "deferral") is Intent.SAME_DAY_CANCEL


@pytest.mark.parametrize(
    "text",
    [
        "gimme 48 hrs to think about it",
        "can i get back to u by monday? need to talk it over",
        "May I let you have my decision by [date]?",
        "Can my joining date be after 3 months? My notice period is long.",
    ],
)
def test_a_horizon_said_in_chat_or_as_a_placeholder_is_a_horizon(text: str) -> None:
    assert split(text).matches(phrases("horizon"))
