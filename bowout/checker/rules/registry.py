"""Every checker rule, listed once. Adding a rule: one module in this folder, one line here."""

from __future__ import annotations

from bowout.checker.rulebase import Rule
from bowout.checker.rules import (
    critique,
    false_promise,
    missing_timing_apology,
    no_gratitude,
    over_apologizing,
    over_explaining,
    second_chance_ask,
    unacknowledged_history,
    unclear_decision,
    vague_deferral,
    vague_reschedule,
)

REGISTRY: tuple[Rule, ...] = (
    vague_deferral.RULE,
    critique.RULE,
    over_explaining.RULE,
    vague_reschedule.RULE,
    missing_timing_apology.RULE,
    over_apologizing.RULE,
    no_gratitude.RULE,
    false_promise.RULE,
    second_chance_ask.RULE,
    unclear_decision.RULE,
    unacknowledged_history.RULE,
)
