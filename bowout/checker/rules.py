"""The checker's rules: one small unit each, listed once in REGISTRY.

Each is a function from a `rulebase.Message` to the spans it flags, wrapped by `@rule` with
its id, severity, messages and examples; its docstring is the rationale. Most rules only look
words up in the phrase families of data/rules.toml; code is here where a rule
needs context (the intent, the notice) or looks for something missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bowout.checker import evidence
from bowout.checker import intent as cues
from bowout.checker.acknowledgement import unacknowledged_history
from bowout.checker.phrases import Hit, Lazy, phrases
from bowout.checker.rulebase import Message, Rule, Span, rule
from bowout.model import Intent, Severity

_HEDGE_WEAK = phrases("hedge_weak")
_GOODWILL = phrases("goodwill")
_CRITIQUE_STRONG = phrases("critique_strong")
_CRITIQUE = phrases("critique_strong", "critique_weak")
_FOR_ME = re.compile(r"\s+for\s+(?:me|my|what i|where i|someone|us)\b")
_NEGATOR = phrases("negator")
_OWN_SIDE = phrases("own_side")
_OFFER_DETAIL = phrases("offer_detail")
_HANDBACK = cues.HANDBACK
_SELF = Lazy(r"\b(?:i|i'm|me|to (?:be|seem|sound|appear)|come across|sound)\b")
_APOLOGY = phrases("apology")
_FOR_DECISION = phrases("apology_for_decision")
_GRATITUDE = phrases("gratitude")
_PROMISE = phrases("promise")
_PROMISE_GUARD = Lazy(
    lambda: (
        phrases("hedger").pattern
        + r"|(?<!\w)(?:hope|wish|would love|['’]d love|glad|happy|would like|['’]d like)(?!\w)"
    )
)
_STOPPING = (Intent.DECLINE, Intent.DEFERRAL)


@rule(
    "vague-deferral",
    Severity.ERROR,
    summary="A decline that leaves the door open and invites a follow-up.",
    message="This leaves the decision open, so the recruiter will follow up and ask again.",
    suggestion='State the decision plainly ("I\'m withdrawing from the process"); a goodwill '
    'line such as "I wish you and the team every success" keeps the relationship without a maybe.',
    fires=(
        "Hi Lea, I'm not sure this is the right time for me. Maybe later. Thanks, Tom",
        "Thanks for the invitation. I've decided to withdraw for now, but let's revisit this in "
        "a few months.",
        "Thank you for the offer. I'm going to decline for the moment, so do keep me posted.",
        "Thanks for the update. I'm not sure the timing lines up for me.",
    ),
    passes=(
        "Hi Lea, I'm withdrawing from the process at this time. Thank you for your time, "
        "and I hope our paths cross again.",
        "Thank you for the call. I have accepted another offer, so I'll step back from the "
        "process. I'll keep Acme in mind.",
    ),
)
def vague_deferral(msg: Message) -> Iterator[Span]:
    """A maybe is not a no. "Not sure it's the right time" or "let's revisit in a few months"
    reads as a deferral, so the recruiter keeps the slot warm and checks in again; the guide
    remembers this as being strung along. A clear decision with goodwill costs nothing."""
    if msg.intent not in _STOPPING:
        return
    for match in msg.find(cues.HEDGE):
        yield match.span()
    for match in msg.find(_HEDGE_WEAK):
        if not msg.in_sentence(match.start(), _GOODWILL):
            yield match.span()


@rule(
    "critique",
    Severity.ERROR,
    summary="A judgement of the company, role, pay, process or people.",
    message="This judges their company, role or process; it is what they will remember.",
    suggestion="Leave the judgement out. If a fact drove the decision, state it neutrally "
    '("the role is on-site five days a week and I am looking for remote work").',
    fires=(
        "Hi, I'm withdrawing. Frankly the salary is insulting and your process was a mess.",
        "Thanks for your time. The interview process was badly organised, so I will decline.",
        "Thank you for the offer. I was disappointed that nobody had read my portfolio, so I'm "
        "declining.",
        "Thanks for finally getting back to me after weeks of silence. I've accepted elsewhere.",
        "Thanks for the chat. To be honest the team seemed disengaged, so I'm withdrawing.",
    ),
    passes=(
        "Unfortunately the range is below what I need, so I'll withdraw. Thank you for your time.",
        "I don't want to seem unprofessional, so I'm letting you know now that I'm withdrawing. "
        "Thank you.",
        "Thank you for your patience. I'm disappointed to say that I've accepted another offer, so "
        "I'm withdrawing.",
        "Thank you for the offer. The team seemed great, but I've decided to stay where I am.",
    ),
)
def critique(msg: Message) -> Iterator[Span]:
    """A parting shot is the decline recruiters remember longest: calling the pay insulting or
    the process a mess makes them feel bad about their opening and gives nothing back. A
    neutral fact ("the role is on-site") is useful feedback; a judgement is not."""
    strong: list[Hit] = []
    weak: list[Hit] = []
    for match in msg.find(_CRITIQUE):  # one search for both lists; then which one matched
        is_strong = _CRITIQUE_STRONG.match(msg.body.masked, match.start()) is not None
        (strong if is_strong else weak).append(match)
    for match in strong:
        disclaimed = msg.just_before(match.start(), _NEGATOR, 30) and msg.just_before(
            match.start(), _SELF, 30
        )  # "I don't want to seem unprofessional", but not "if it weren't such a mess"
        if disclaimed or msg.in_sentence(match.start(), _OWN_SIDE):
            continue
        yield match.span()
    for match in weak:
        start, end = match.span()
        if _FOR_ME.match(msg.body.masked, end) or msg.in_sentence(start, _OWN_SIDE):
            continue
        if match.group(0).lower().startswith("not "):
            negated = False
        else:
            negated = msg.just_before(start, _NEGATOR, 25)
        if not negated and evidence.said_of_theirs(msg, start, end):
            yield start, end


@rule(
    "over-explaining",
    Severity.WARNING,
    summary="A decline that justifies itself at length.",
    message="This explains more than a decline needs; the details invite debate.",
    suggestion='Keep one short reason at most ("I\'ve accepted another offer"); leave out why '
    "the other offer is better and the personal backstory.",
    fires=(
        "Thank you for your time. I have accepted another offer: they offered a higher base "
        "salary, more equity and a senior title, so I'm withdrawing.",
        "Thank you for the offer. I've accepted a role elsewhere: they came back with a base about "
        "fifteen thousand higher and a team-lead title.",
    ),
    passes=(
        "Thank you for your time. I have accepted another offer, so I'm withdrawing from the "
        "process. I hope our paths cross again.",
        "Thanks for the invite. I can't make Tuesday because of a conflict; could we move the "
        "interview to Wednesday at 2pm or Thursday after 10am?",
    ),
)
def over_explaining(msg: Message) -> Iterator[Span]:
    """A decline needs a decision, not a case for it. Listing what the other offer pays, stacking
    reasons or telling the backstory turns a short administrative note into something to argue
    with, and reads as a comparison of their offer."""
    if msg.intent is not Intent.DECLINE:
        return
    body = msg.body
    first, last = body.first_sentence()[0], body.sentences[-1][1] if body.sentences else body.end
    for match in msg.find(_OFFER_DETAIL):
        yield msg.sentence(match.start())
        return
    if evidence.explanation_words(msg) >= evidence.EXPLANATION_WORDS or evidence.stacked(msg) >= 3:
        yield first, last


@rule(
    "vague-reschedule",
    Severity.WARNING,
    summary="A request to move an interview that proposes no concrete alternative.",
    message="This hands the scheduling work back to them instead of proposing a time.",
    suggestion='Propose two or three concrete windows ("Monday 8 December 14:00-17:00 CET, or '
    'Thursday 11 December before noon").',
    fires=(
        "Hi Sam, I have a conflict and need to reschedule our interview. Let me know when else "
        "works for you. Thanks, Kim",
        "Hi Sam, I've been asked to travel on Wednesday, so I need to move our interview. Happy "
        "to go with whatever your team can offer.",
        "Dear Sir, the interview on Friday is not possible for me because I have exam. Please can "
        "you give me other date, any date is ok for me.",
        "Hi Sam, I can no longer make Tuesday's interview. Could you send your availability?",
    ),
    passes=(
        "Hi Sam, I have a conflict and need to reschedule our interview. Would Tuesday after "
        "2pm or Dec 9, 9-12 CET work? Or let me know if another time suits you better.",
        "Dear Sir, the interview on Friday is not possible for me because I have exam. Is "
        "possible Monday 17 or Tuesday 18, any time after 11:00?",
    ),
)
def vague_reschedule(msg: Message) -> Iterator[Span]:
    """A reschedule request is only half done without alternatives: "let me know when else works"
    makes the recruiter do the scheduling, costs another round of messages and reads as a
    soft deferral. Concrete days and windows make the move easy to accept."""
    wants_new_time = msg.intent is Intent.RESCHEDULE or (
        msg.intent is Intent.SAME_DAY_CANCEL and (msg.has(cues.MOVE) or msg.has(_HANDBACK))
    )
    if not wants_new_time or evidence.proposes_time(msg):
        return
    handback = next(msg.find(_HANDBACK), None)
    if handback is not None:
        yield handback.span()
        return
    move = next(msg.find(cues.MOVE), None)
    yield msg.sentence(move.start()) if move else msg.body.first_sentence()


@rule(
    "missing-timing-apology",
    Severity.ERROR,
    summary="A same-day or late cancellation without an apology for the timing.",
    message="This cancels on the day (or under 24 hours ahead) without acknowledging the cost.",
    suggestion="Apologise for the timing itself: \"I'm sorry to cancel this late; I know the "
    'team had set the time aside."',
    fires=(
        "Hi Sam, something urgent came up and I need to cancel today's interview. Could we do "
        "Thursday at 10am instead?",
        "Dear Mrs Lind, today I have fever and I cannot come to interview at 14:00. Is possible "
        "to move it to next Tuesday?",
        "Hi Sam, I won't be able to make our interview in a couple of hours. Could we do Friday "
        "at 11am instead?",
    ),
    passes=(
        "Hi Sam, something urgent came up and I need to cancel today's interview. I apologise "
        "for the short notice. Could we do Thursday at 10am instead?",
    ),
)
def missing_timing_apology(msg: Message) -> Iterator[Span]:
    """Cancelling hours before an interview costs the people who prepared and held the time.
    The apology for the timing is what turns it into "inconvenient, but handled" rather than a
    cost nobody acknowledged. It is about the timing, not about the decision."""
    if not msg.late or msg.intent not in (
        Intent.SAME_DAY_CANCEL, Intent.DECLINE, Intent.RESCHEDULE, Intent.DEFERRAL,
    ):  # fmt: skip
        return
    if evidence.timing_apologies(msg):
        return
    for pattern in (cues.TODAY, cues.TOMORROW, cues.CANCEL, cues.DECISION, cues.MOVE):
        match = next(msg.find(pattern), None)
        if match is not None:
            yield msg.sentence(match.start())
            return
    yield msg.body.first_sentence()


@rule(
    "over-apologizing",
    Severity.WARNING,
    summary="Apologising for the decision itself, or again and again.",
    message="This apologises for the decision; a decision needs no apology.",
    suggestion="Thank them instead and state the decision; keep one apology, for the timing "
    "only, when you cancel late.",
    fires=(
        "Hi Sam, I'm so sorry to have to say no, I feel terrible. I have accepted another offer.",
    ),
    passes=(
        "Hi Sam, I'm sorry for the short notice: I need to cancel today's interview. Apologies "
        "for any disruption. Could we do Thursday at 10am instead?",
    ),
)
def over_apologizing(msg: Message) -> Iterator[Span]:
    """Warm but decisive: the guide's tone thanks people and owns the decision. Apologising for
    having decided, or for having a life, makes the decline heavier than it is and invites
    reassurance. The one apology a late cancellation needs is for its timing."""
    timing = msg.late or msg.intent is Intent.SAME_DAY_CANCEL
    for match in msg.find(_FOR_DECISION):
        start, end = msg.sentence(match.start())
        text = msg.body.masked
        if timing and (
            evidence.TIMING_COST.search(text, start, end) or cues.TODAY.search(text, start, end)
        ):
            continue
        yield match.span()
        return
    apologies = [
        m
        for m in msg.find(_APOLOGY)
        if not evidence.SORRY_TO_HEAR.match(msg.body.masked, m.start())
    ]
    if len(apologies) >= 3:
        yield apologies[2].span()


@rule(
    "no-gratitude",
    Severity.SUGGESTION,
    summary="A decline with no thanks for their time.",
    message="Nothing here thanks them for the time they put into your application.",
    suggestion='Add one line of thanks: "Thank you for the time you and the team gave me."',
    fires=("Hi Sam, I have accepted another offer and am withdrawing from the process. Best, Kim",),
    passes=(
        "Hi Sam, I have accepted another offer and am withdrawing from the process. Thank you "
        "for your time. Best, Kim",
        "Hi Sam, I need to reschedule our interview. Could we do Tuesday at 2pm?",
    ),
)
def no_gratitude(msg: Message) -> Iterator[Span]:
    """Acknowledging their investment is one of the three parts of a good decline (thanks,
    decision, goodwill). A decline with no thanks reads as curt. Same-day cancellations are
    exempt: there the apology for the timing does this job."""
    if msg.intent is not Intent.DECLINE:
        return
    if msg.has(_GRATITUDE) or _GRATITUDE.search(msg.body.signoff):
        return
    end = msg.body.first_sentence()[1]
    yield end, end


@rule(
    "false-promise",
    Severity.WARNING,
    summary="A promise of future contact that a decline rarely keeps.",
    message="This promises future contact you probably will not make.",
    suggestion='Close with goodwill that promises nothing: "All the best with the search."',
    fires=(
        "Thank you for your time. I've accepted another offer, but I'll definitely be in "
        "touch soon.",
    ),
    passes=(
        "Thank you for your time. I've accepted another offer. I hope our paths cross again, and "
        "I'll keep following your work.",
    ),
)
def false_promise(msg: Message) -> Iterator[Span]:
    """ "I'll definitely be in touch" sounds kind, but in a decline it is usually not kept, and
    the recruiter may wait for it. A wish ("I hope our paths cross") closes warmly without
    creating an expectation."""
    if msg.intent not in _STOPPING:
        return
    for match in msg.find(_PROMISE):
        if not msg.just_before(match.start(), _PROMISE_GUARD, 50):
            yield match.span()


@rule(
    "second-chance-ask",
    Severity.ERROR,
    summary="A reconnection after a decline that asks for the role back.",
    message="Asking for the role back turns a relationship touch into a second-chance ask.",
    suggestion="Reconnect without asking: congratulate them on something concrete, or say you "
    "keep following their work.",
    fires=(
        "Hi Ana, we spoke about the data role earlier this year. Is the role still open? "
        "I'd love to be considered again.",
        "Hi Ana, we spoke about the data role in the spring. Would there be any way to pick things "
        "back up?",
        "Hi Ana, I withdrew last year, but I'd like to know if the door is still open.",
        "Hi Ana, we last spoke in March. Would you have any similar openings on the team now?",
    ),
    passes=(
        "Hi Ana, we spoke earlier this year about the data role. I saw your launch "
        "announcement, congratulations! It looks like an exciting direction.",
        "Hi Ana, we spoke about the data role last year. I saw your team open-sourced its deploy "
        "tool; congratulations, it's really well done.",
    ),
)
def second_chance_ask(msg: Message) -> Iterator[Span]:
    """Months after declining, "is the role still open?" tells them you regret the decision
    and are testing whether they would take you back; it makes the earlier no look careless.
    A reconnection that asks for nothing keeps the relationship."""
    if msg.intent not in (Intent.RECONNECT, Intent.CONNECTION_NOTE):
        return
    for match in msg.find(cues.SECOND_CHANCE):
        yield match.span()


@rule(
    "unclear-decision",
    Severity.ERROR,
    summary="A decline that never states the decision.",
    message="This never says what you decided, so it reads as a maybe.",
    suggestion='Say it in one sentence: "I\'ve decided to withdraw from the process."',
    fires=(
        "Hi Lea, thanks for reaching out. I'm not sure this is the right time for me, I'll "
        "think about it and let you know.",
    ),
    passes=(
        "Hi Lea, thanks for reaching out. I've decided not to move forward with the role.",
        "Thank you for the offer. I'll be declining it, and I wish you luck with the search.",
        "hey thanks for reaching out!! i'm happy where i am so gonna pass, good luck",
    ),
)
def unclear_decision(msg: Message) -> Iterator[Span]:
    """The one sentence a decline cannot do without is the decision. Polite messages that only
    circle it ("timing is tricky", "I'll think about it") leave the recruiter guessing and get a
    follow-up; the guide remembers them as strung along."""
    if msg.intent not in _STOPPING or msg.decided:
        return
    yield msg.body.first_sentence()


REGISTRY: tuple[Rule, ...] = (
    vague_deferral,
    critique,
    over_explaining,
    vague_reschedule,
    missing_timing_apology,
    over_apologizing,
    no_gratitude,
    false_promise,
    second_chance_ask,
    unclear_decision,
    unacknowledged_history,
)
