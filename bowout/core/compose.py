"""Drafts: a scenario plus the user's details become a subject and a body in their voice.

The wording lives in data (``bowout/data/drafts_*.toml``); this module picks a variant, checks
that the scenario's details are there, and fills the template. Pure: the only I/O is reading the
packaged templates once.

Template syntax: ``{field}`` fills a value (see ``_fields``). A variant may also hold named
fragments, each a table keyed by condition (``role``/``no_role``, ``news``/``no_news``,
``reschedule``/``withdraw``); the fragment matching the details fills ``{its_name}``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from string import Formatter
from typing import Any

from bowout.errors import InvalidInput, NotFound
from bowout.model import ACKNOWLEDGE, CARRYING_ON, Draft, Intent, Scenario


@dataclass(frozen=True)
class Details:
    """What a draft needs to know. Only the fields in `requirements(scenario)` are compulsory."""

    to: str
    company: str
    me: str
    role: str | None = None
    signature: str | None = None
    detail: str | None = None  # role-mismatch: the concrete discrepancy
    range: str | None = None  # comp-check, counter-offer: target pay
    slots: tuple[str, ...] = ()  # alternative times, already rendered as text
    then: str | None = None  # same-day-cancel: "reschedule" | "withdraw"
    news: str | None = None  # reconnect: the specific thing to mention
    when: str | None = None  # same-day-cancel: the interview's time as text, e.g. "2 pm"
    day: str = "today"  # same-day-cancel: "today", or "tomorrow" for a cancellation the day before
    linkedin_limit: int = 300
    history: str | None = None  # the recipient was dealt with before: model.ACKNOWLEDGE
    earlier: str | None = None  # what that was about: "the Data Engineer role at Northwind"


SCENARIO_INTENT: dict[Scenario, Intent] = {
    Scenario.ACCEPTED_OFFER: Intent.DECLINE,
    Scenario.NOT_RIGHT_FIT: Intent.DECLINE,
    Scenario.ROLE_MISMATCH: Intent.DECLINE,
    Scenario.OTHER_OPPORTUNITIES: Intent.DECLINE,
    Scenario.COMP_CHECK: Intent.COMP_CHECK,
    Scenario.COMP_DECLINE: Intent.DECLINE,
    Scenario.RESCHEDULE: Intent.RESCHEDULE,
    Scenario.SAME_DAY_CANCEL: Intent.SAME_DAY_CANCEL,
    Scenario.WITHDRAW: Intent.DECLINE,
    Scenario.LINKEDIN_NOTE: Intent.CONNECTION_NOTE,
    Scenario.RECONNECT: Intent.RECONNECT,
    Scenario.RECONNECT_AFTER_DECLINE: Intent.RECONNECT,
    Scenario.DECLINE_OFFER: Intent.DECLINE,
    Scenario.COUNTER_OFFER: Intent.COMP_CHECK,  # a pay negotiation
    Scenario.LATE_REPLY: Intent.DECLINE,
}
# Scenarios whose wording already acknowledges a history, so no sentence is added for it.
_ACKNOWLEDGED: dict[Scenario, frozenset[str]] = {
    Scenario.LATE_REPLY: frozenset(ACKNOWLEDGE),
    Scenario.RECONNECT_AFTER_DECLINE: frozenset({"declined"}),
}

_REQUIRED: dict[Scenario, tuple[str, ...]] = {
    Scenario.ROLE_MISMATCH: ("detail",),
    Scenario.COMP_CHECK: ("range",),
    Scenario.COUNTER_OFFER: ("range",),
    Scenario.RESCHEDULE: ("slots",),
    Scenario.SAME_DAY_CANCEL: ("then",),
    Scenario.RECONNECT: ("news",),
}

# What each Details field is, in words, for the error when one a scenario needs is missing.
WHAT: dict[str, str] = {
    "to": "the name of the person you are writing to",
    "company": "their company",
    "me": "your name, to sign the message",
    "detail": "the concrete discrepancy, e.g. 'the role is on-site five days a week'",
    "range": "your target pay, e.g. 'EUR 85,000-95,000 base'",
    "slots": "concrete alternative times to propose",
    "then": "what happens after the cancellation: reschedule or withdraw",
    "news": "the specific thing to mention, e.g. 'the launch of your Berlin office'",
}

_THEN_ALIASES = {"reschedule": "reschedule", "withdraw": "withdraw", "decline": "withdraw"}
_CONDITIONS = ({"role", "no_role"}, {"news", "no_news"}, {"reschedule", "withdraw"})
_TRAILING = " \t.,;:!?"
_DOUBLED = re.compile(r"(?<!\.)([.!?])\.(?!\.)")


# --- templates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    subject: str
    body: str
    short: str | None  # a shorter body, tried when a length limit applies
    parts: Mapping[str, Mapping[str, str]]  # fragment name -> condition -> text


@dataclass(frozen=True)
class Template:
    notes: tuple[str, ...]
    variants: tuple[Variant, ...]
    alone_notes: tuple[str, ...] = ()  # only for a message drafted on its own


@cache
def templates() -> dict[Scenario, Template]:
    """Every scenario's template, read once from the packaged TOML files."""
    found: dict[Scenario, Template] = {}
    folder = resources.files("bowout.core").joinpath("data")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not (entry.name.startswith("drafts") and entry.name.endswith(".toml")):
            continue
        for key, raw in tomllib.loads(entry.read_text(encoding="utf-8")).items():
            scenario = Scenario(key)
            if scenario in found:
                raise ValueError(f"{entry.name}: scenario {key} is defined twice")
            found[scenario] = _template(f"{entry.name}:{key}", raw)
    missing = [s.value for s in Scenario if s not in found]
    if missing:
        raise ValueError(f"no draft templates for: {', '.join(missing)}")
    return found


def _template(where: str, raw: dict[str, Any]) -> Template:
    variants = []
    for number, item in enumerate(raw["variant"], start=1):
        parts = {k: v for k, v in item.items() if isinstance(v, dict)}
        for name, table in parts.items():
            if set(table) not in _CONDITIONS:
                raise ValueError(f"{where} variant {number}: fragment {name} has keys {set(table)}")
        variants.append(Variant(item["subject"], item["body"], item.get("short"), parts))
    return Template(tuple(raw.get("notes", ())), tuple(variants), tuple(raw.get("alone_notes", ())))


@cache
def acknowledgements() -> dict[str, tuple[tuple[str, ...], str]]:
    """For each history, the sentences that acknowledge it and the short form for notes."""
    raw = tomllib.loads(
        resources.files("bowout.core").joinpath("data", "history.toml").read_text("utf-8")
    )
    missing = set(ACKNOWLEDGE) - set(raw)
    if missing:
        raise ValueError(f"history.toml has no sentences for: {', '.join(sorted(missing))}")
    return {kind: (tuple(raw[kind]["sentences"]), raw[kind]["short"]) for kind in ACKNOWLEDGE}


def fields_used(text: str) -> set[str]:
    """The ``{names}`` a template string refers to."""
    return {name for _, name, _, _ in Formatter().parse(text) if name}


# --- the API -------------------------------------------------------------------------------------


def variant_count(scenario: Scenario) -> int:
    return len(templates()[_scenario(scenario)].variants)


def requirements(scenario: Scenario, *, then: str | None = None) -> tuple[str, ...]:
    """The Details fields the scenario cannot do without (besides to, company, me).

    A same-day cancellation followed by a reschedule also needs slots: pass ``then`` to see them.
    """
    scenario = _scenario(scenario)
    needed = _REQUIRED.get(scenario, ())
    if scenario is Scenario.SAME_DAY_CANCEL and _then(then) == "reschedule":
        needed = (*needed, "slots")
    return needed


def compose(
    scenario: Scenario, details: Details, variant: int | None = None, *, alone: bool = True
) -> Draft:
    """The draft for ``scenario`` in wording ``variant`` (1-based; None means 1). ``alone``: the
    message is drafted on its own, not as one of several (which rotate wordings already)."""
    scenario = _scenario(scenario)
    template = templates()[scenario]
    count = len(template.variants)
    number = 1 if variant is None else variant
    if not 1 <= number <= count:
        raise InvalidInput(
            f"the {scenario.value} message has wordings 1 to {count}", field="variant"
        )
    values, conditions = _fields(scenario, details)
    notes = [*template.notes, *(template.alone_notes if alone else ())]
    chosen = template.variants[number - 1]
    owning = _owning(scenario, details, number)
    if owning is not None:
        notes.append("It opens by acknowledging your earlier contact with them: keep that line.")
    if scenario is Scenario.LINKEDIN_NOTE:
        short = acknowledgements()[details.history][1] if owning and details.history else None
        number, body, extra = _fit(
            template, number, values, conditions, details.linkedin_limit, short
        )
        chosen = template.variants[number - 1]
        notes.extend(extra)
        if _clean(details.signature):
            notes.append("Your signature is left out: connection notes are short.")
    else:
        body = _opened(_render(chosen.body, chosen, values, conditions), owning)
        body = _signed(body, details.signature, values["me"])
    subject = " ".join(_render(chosen.subject, chosen, values, conditions).split())
    return Draft(scenario, number, subject, body, tuple(notes))


# --- rendering ------------------------------------------------------------------------------------


def the_role_at(role: str | None, company: str) -> str:
    """ "the Data Engineer role at Acme" ("the role at Acme" without a role)."""
    named = _phrase(role)
    if named is None:
        return f"the role at {company}"
    core = re.sub(r"^(the|a|an)\s+", "", named, flags=re.IGNORECASE)
    suffix = "" if re.search(r"\b(role|position|job)$", core, re.IGNORECASE) else " role"
    return f"the {core}{suffix} at {company}"


def _owning(scenario: Scenario, details: Details, variant: int) -> str | None:
    """The sentence acknowledging the recipient's history, or None when there is none to own
    (or the scenario's own wording owns it)."""
    kind = _clean(details.history)
    if kind is None:
        return None
    if kind not in ACKNOWLEDGE:
        raise InvalidInput(
            f"the history to acknowledge is one of {', '.join(ACKNOWLEDGE)}", field="history"
        )
    if kind in _ACKNOWLEDGED.get(scenario, frozenset()):
        return None
    if kind == "declined" and SCENARIO_INTENT[scenario] not in CARRYING_ON:
        return None  # one more no needs no reminder of the first
    sentences = acknowledgements()[kind][0]
    earlier = _phrase(details.earlier) or "the role we discussed"
    return sentences[(variant - 1) % len(sentences)].replace("{earlier}", earlier)


def _opened(body: str, sentence: str | None, *, inline: bool = False) -> str:
    """The body with ``sentence`` right after its greeting: a paragraph of its own, or (a one-line
    note) the start of its text."""
    if sentence is None:
        return body
    if inline:
        greeting, _, rest = body.partition(", ")
        return f"{greeting}, {sentence} {rest[:1].upper()}{rest[1:]}" if rest else body
    greeting, _, rest = body.partition("\n")
    return f"{greeting}\n\n{sentence}\n\n{rest.lstrip()}" if rest else body


def _scenario(value: Scenario | str) -> Scenario:
    try:
        return Scenario(value)
    except ValueError:
        names = ", ".join(s.value for s in Scenario)
        raise NotFound(
            f"there is no scenario {value!r}; the scenarios are {names}", field="scenario"
        ) from None


def _clean(value: str | None) -> str | None:
    """One line, single spaces; empty means absent."""
    if value is None:
        return None
    return " ".join(str(value).split()) or None


def _phrase(value: str | None) -> str | None:
    """A value used inside a sentence: no trailing punctuation of its own."""
    cleaned = _clean(value)
    return (cleaned.rstrip(_TRAILING) or None) if cleaned else None


def _then(value: str | None) -> str | None:
    cleaned = _clean(value)
    return _THEN_ALIASES.get(cleaned.lower()) if cleaned else None


def _missing(scenario: Scenario, name: str) -> InvalidInput:
    return InvalidInput(f"the {scenario.value} message needs {WHAT[name]}", field=name)


def _fields(scenario: Scenario, details: Details) -> tuple[dict[str, str], frozenset[str]]:
    """The values templates may use, and the conditions that pick fragments."""
    values: dict[str, str] = {}
    for name in ("to", "company", "me"):
        value = _clean(getattr(details, name))
        if value is None:
            raise _missing(scenario, name)
        values[name] = value
    for name in ("detail", "range", "news", "when"):
        value = _phrase(getattr(details, name))
        if value is not None:
            values[name] = value
    slots = tuple(s for s in (_clean(raw) for raw in details.slots) if s)
    then = _then(details.then)
    if _clean(details.then) and then is None:
        raise InvalidInput(
            "say what follows the cancellation: reschedule or withdraw", field="then"
        )
    needed = requirements(scenario, then=then)
    present = {**values, "slots": "yes" if slots else "", "then": then or ""}
    for name in needed:
        if not present.get(name):
            raise _missing(scenario, name)
    role = _phrase(details.role)
    values["the_role_at"] = the_role_at(role, values["company"])
    values["the_role"] = values["the_role_at"].removesuffix(f" at {values['company']}")
    if role is not None:
        values["role"] = role
    values["label"] = role or values["company"]
    if details.day not in ("today", "tomorrow"):
        raise InvalidInput("the day must be today or tomorrow", field="day")
    values["day"], values["Day"] = details.day, details.day.capitalize()
    when = values.get("when")
    interview = f"{details.day}'s {when} interview" if when else f"{details.day}'s interview"
    values["today_interview"] = interview
    values["at_when"] = f" at {when}" if when else ""
    if slots:
        values["slot_lines"] = "\n".join(f"- {slot}" for slot in slots)
        values["slot_choice"] = "this time" if len(slots) == 1 else "one of these times"
        values["times"] = "time" if len(slots) == 1 else "times"
    conditions = {"role" if role else "no_role", "news" if "news" in values else "no_news"}
    return values, frozenset(conditions | ({then} if then else set()))


def _render(text: str, variant: Variant, values: dict[str, str], conditions: frozenset[str]) -> str:
    filled = dict(values)
    for name, table in variant.parts.items():
        if name in fields_used(text):
            (key,) = conditions & set(table)
            filled[name] = table[key].format_map(values)
    rendered = text.format_map(filled)
    lines = [line.rstrip() for line in rendered.strip().splitlines()]
    tidy = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return _DOUBLED.sub(r"\1", tidy)


def _signed(body: str, signature: str | None, me: str) -> str:
    """The body with the signature lines under the name (a repeated name is dropped)."""
    if not signature:
        return body
    lines = [" ".join(line.split()) for line in signature.replace("\\n", "\n").splitlines()]
    kept = [line for line in lines if line]
    if kept and kept[0].casefold() == me.casefold():
        kept = kept[1:]
    return "\n".join([body, *kept])


def _fit(
    template: Template,
    number: int,
    values: dict[str, str],
    conditions: frozenset[str],
    limit: int,
    opening: str | None = None,
) -> tuple[int, str, list[str]]:
    """The requested note if it fits the limit, else its short form, else another variant's."""
    if limit < 1:
        raise InvalidInput("the note's limit must be a positive number", field="linkedin_limit")
    order = [number, *(n for n in range(1, len(template.variants) + 1) if n != number)]
    tried: list[int] = []
    for n in order:
        variant = template.variants[n - 1]
        for form in (variant.body, variant.short):
            if form is None:
                continue
            body = _opened(_render(form, variant, values, conditions), opening, inline=True)
            tried.append(len(body))
            if len(body) <= limit:
                notes = [f"{len(body)} of {limit} characters."]
                if n != number:
                    notes.append(f"Wording {number} was too long for the limit; this is {n}.")
                elif form is variant.short:
                    notes.append("Shortened to fit the character limit.")
                return n, body, notes
    raise InvalidInput(
        f"even the shortest connection note needs {min(tried)} characters, over the limit of "
        f"{limit}; shorten the company's, the recipient's or your name, or raise the limit",
        field="linkedin_limit",
    )
