"""unacknowledged-history: a message to someone dealt with before that says nothing about it.

Only the caller knows the history (the store does: the same person in an earlier process, or
their message here left past the overdue line), so it comes in the check's context; without it
the rule is silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from bowout.checker.phrases import Lazy
from bowout.checker.rulebase import Draft, Example, Flag, rule
from bowout.model import CheckContext, Ending, History, Intent, Severity

# Owning a silence or a slow answer: "I never replied", "sorry for the late reply".
_OWNS_SILENCE = Lazy(
    r"\b(?:never (?:replied|answered|responded|wrote back|got back|came back)"
    r"|(?:didn't|did not|failed to|forgot to|neglected to) (?:reply|answer|respond|write back"
    r"|get back|come back)"
    r"|(?:not|never) (?:replying|answering|responding|getting back|writing back)"
    r"|(?:late|slow|belated|delayed|overdue|tardy) (?:reply|response|answer)"
    r"|(?:reply|response|answer) (?:is|comes) (?:long |very |rather |so )?(?:overdue|late)"
    r"|(?:sorry|apologies|apologise|apologize) for (?:the |my )?"
    r"(?:delay|silence|slowness|slow|late)"
    r"|(?:taking|took|taken) (?:so|this|such a) long"
    r"|should have (?:replied|answered|responded|written|got(?:ten)? back)"
    r"|(?:left|leaving) (?:you|your (?:message|email|e-mail|note))(?: [^.!?]{0,80}?)? "
    r"(?:unanswered|hanging|waiting|without (?:a |an )?(?:reply|answer|response))"
    r"|my silence|(?:owe|owed) you (?:a |an )?(?:reply|answer|response|apology)"
    r"|(?:went|gone) (?:quiet|silent))"
)
# Naming the earlier contact: "we spoke last year", "you may remember", "I turned it down then".
_EARLIER = Lazy(
    r"\b(?:(?:we|we've|we have|you and i) (?:last |first |briefly |already )?(?:spoke|spoken"
    r"|talked|met|corresponded|exchanged|chatted|were in touch|have been in touch|been in touch)"
    r"|(?:were|was|been) in touch"
    r"|(?:you may|you might|you'll|you will|you probably|you may well) (?:remember|recall)"
    r"|(?:since|when) (?:we|our) (?:last |first )?(?:spoke|talked|met|conversation|exchange"
    r"|were in touch)"
    r"|(?:our|my) (?:last|earlier|previous|first|past) (?:conversation|exchange|contact|chat|call"
    r"|process|application|correspondence|conversations)"
    r"|(?:last|previous|earlier) (?:time|year|spring|summer|autumn|fall|winter|month)"
    r"|(?:a while|some time|a year|a few months|months|years) (?:back|ago)"
    r"|(?:turned|turning) (?:it |that |the role |the offer )?down|decided against|went another way"
    r"|chose a different|passed on (?:the|that|it)|at the time|back then"
    r"|(?:good|nice|great|lovely) to (?:be in touch|reconnect|hear from you|speak|talk) again)"
)


_GHOSTED = CheckContext(history=History(Ending.NEVER_ANSWERED, "Northwind", "Data Engineer"))
_DECLINED = CheckContext(
    intent=Intent.COMP_CHECK, history=History(Ending.DECLINED, "Northwind", "Data Engineer")
)
_WAITED = CheckContext(history=History(Ending.NEVER_ANSWERED, "Quantis", current=True))


@rule(
    "unacknowledged-history",
    Severity.WARNING,
    summary="A message to someone you dealt with before that says nothing about it.",
    message="You have history with this person, and this message ignores it.",
    suggestion="Own it in one plain sentence: \"I didn't answer your message about the data "
    'role last spring, and I should have." After an earlier no, a line is enough: "We spoke '
    'last year about a role I turned down then."',
    fires=(
        Example(
            "Hi Dana, thanks for thinking of me for the platform role. Could we talk on Tuesday?",
            _GHOSTED,
            span="thanks for thinking of me",
        ),
        Example(
            "Hi Dana, I'd like to connect here. I follow Northwind's work with interest. Best, Sam",
            _GHOSTED,
        ),
        Example(
            "Hi Dana, is EUR 95,000 within the budget for the platform role? Best, Sam",
            _DECLINED,
        ),
        Example("Hi Dana, Tuesday at 2pm works for me. Best, Sam", _WAITED),
    ),
    passes=(
        Example(
            "Hi Dana, I didn't answer your message about the data role last spring, and I should "
            "have. Thanks for thinking of me for this one; could we talk on Tuesday?",
            _GHOSTED,
        ),
        Example(
            "Hi Dana, I'm sorry for the slow reply. I've decided not to go ahead with the role. "
            "Thank you for your time, and good luck with the search.",
            _WAITED,
        ),
        Example(
            "Hi Dana, we spoke last year about a data role I turned down then. Is EUR 95,000 "
            "within the budget for this one? Best, Sam",
            _DECLINED,
        ),
        Example(
            "Hi Dana, thank you for thinking of me. I've decided not to move forward with this "
            "role. All the best with the search. Sam",
            CheckContext(intent=Intent.DECLINE, history=_DECLINED.history),
        ),
        "Hi Dana, thanks for thinking of me for the platform role. Could we talk on Tuesday?",
    ),
)
def unacknowledged_history(msg: Draft) -> Iterator[Flag]:
    """Recruiters remember. Writing again to someone you never answered, as if nothing had
    happened, confirms the silence they noted; one sentence owning it ("I never replied, and I
    should have") turns it into a lapse that was put right. After a decline the stakes are
    lower, but a reconnection or a new approach that names the earlier contact in a line reads
    as someone who remembers people, not as a stranger. A message that only says no again needs
    no such line."""
    need = msg.history.acknowledge_in(msg.intent) if msg.history is not None else None
    if need is None:
        return
    if msg.has(_OWNS_SILENCE) or (need == "declined" and msg.has(_EARLIER)):
        return
    yield msg.body.first_sentence()


RULE = unacknowledged_history
