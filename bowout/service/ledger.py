"""The reputation ledger, as the service offers it: how every process ended and what each side
likely remembers, and the late answer that repairs a silence.

The ledger is read from the store (messages and their checks, notice classes, follow-ups);
nothing in it is typed in. A late reply is a decline like any other, only its wording owns
the wait: once it is sent, the ledger shows the process as answered late, not unanswered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bowout.errors import Conflict
from bowout.model import Direction, Ending, Scenario
from bowout.service.context import Context

if TYPE_CHECKING:
    from bowout.pipeline.schema import Process


def ledger(ctx: Context) -> dict[str, Any]:
    """Every ended process (and every one left unanswered past the overdue line), most recent
    first: how it ended, the guide's row for what they remember, and the people involved."""
    from bowout.pipeline import ledger as book

    with ctx.read() as session:
        return book.ledger(session, ctx.now)


def late_reply(
    ctx: Context,
    ref: str,
    *,
    variant: int | None = None,
    text: str | None = None,
    subject: str | None = None,
    me: str | None = None,
    confirm: bool = False,
) -> dict[str, Any]:
    """A late answer to a message left unanswered: short, owning the delay, stating the
    decision, checked like every message. With ``confirm`` it is recorded and the process is
    declined (one that had been closed in silence too)."""
    from bowout.pipeline import ledger as book
    from bowout.pipeline import processes
    from bowout.service.endings import plan_decline

    with ctx.write() if confirm else ctx.read() as session:
        process = processes.resolve(session, ref)
        judged = book.verdicts(session, ctx.now, {process.id}).get(process.id)
        silent = judged is not None and judged.ending is Ending.NEVER_ANSWERED
        if not silent and not _waiting(process):
            state = f"is {process.stage}" if judged is None else f"ended {judged.ending.value}"
            raise Conflict(
                f"nothing of theirs in process {process.id} ({process.company}) is waiting for "
                f"an answer; it {state}",
                field="process",
            )
        plan = plan_decline(
            ctx,
            session,
            process,
            None,
            None,
            variant,
            text,
            subject,
            me,
            confirm,
            note="answered late",
            scenario=Scenario.LATE_REPLY.value,
        )
        if confirm:
            from bowout.pipeline import drafts

            drafts.discard_for(session, process.id)  # what was being written is now sent
    if confirm:
        plan["ledger"] = _entry(ctx, process.id)
    return plan


def _waiting(process: Process) -> bool:
    """Their message is the last one: something of theirs waits for an answer."""
    said = sorted(process.messages, key=lambda m: m.at)
    return bool(said) and said[-1].direction == Direction.IN.value


def _entry(ctx: Context, process_id: int) -> dict[str, Any] | None:
    """The process's line in the ledger, as it reads now."""
    found = ledger(ctx)["processes"]
    return next((e for e in found if e["process"] == process_id), None)
