"""Forms that keep what was typed. When a change is refused, the page comes back (no separate
error page) with every value the user typed still in its input and the error, in words, next to
the input it concerns: each ``BowoutError`` names its ``field``, and each form says which of its
inputs shows which field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.datastructures import FormData

from bowout.errors import BowoutError

GENERAL = ""  # the key of an error that concerns the form as a whole


def values_of(data: FormData | Mapping[str, Any]) -> dict[str, Any]:
    """A form's values: text for each input, a list where an input was given several times
    (checkboxes). Files and the CSRF token are left out."""
    if isinstance(data, FormData):
        out: dict[str, Any] = {}
        for key in data:
            items = [v for v in data.getlist(key) if isinstance(v, str)]
            if key == "csrf_token" or not items:
                continue
            out[key] = items if len(items) > 1 else items[0]
        return out
    return {k: v for k, v in data.items() if k != "csrf_token"}


class FormState:
    """One form's state on a page: blank, or what was typed and what is wrong, by input id."""

    def __init__(
        self,
        name: str = "",
        values: Mapping[str, Any] | None = None,
        errors: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.values = dict(values or {})
        self.errors = dict(errors or {})
        self.failed = values is not None

    def value(self, name: str, default: Any = "") -> Any:
        """What the user typed, after a refusal; else ``default`` (what is stored)."""
        if not self.failed:
            return "" if default is None else default
        value = self.values.get(name, "")
        return value[-1] if isinstance(value, list) and value else value

    def chosen(self, name: str, default: Any = ()) -> list[str]:
        """The values ticked for a checkbox group."""
        if not self.failed:
            return list(default or ())
        value = self.values.get(name, [])
        return list(value) if isinstance(value, list) else [value]

    def error(self, input_id: str) -> str | None:
        return self.errors.get(input_id)

    @property
    def general(self) -> str | None:
        return self.errors.get(GENERAL)


class Forms:
    """Every form of a page, by name: the one that was refused carries its state, the others are
    blank (``forms.add``, ``forms['contact-3']``)."""

    def __init__(self, failed: FormState | None = None) -> None:
        self.failed = failed

    def __getitem__(self, name: str) -> FormState:
        if self.failed is not None and self.failed.name == name:
            return self.failed
        return FormState(name)

    def __getattr__(self, name: str) -> FormState:
        if name.startswith("__"):
            raise AttributeError(name)
        return self[name]


def refused(
    form: str,
    values: FormData | Mapping[str, Any],
    error: BowoutError,
    inputs: Mapping[str, str],
    *,
    needed: Mapping[str, str] | None = None,
) -> FormState:
    """The state of ``form`` after ``error``: the values kept, the message at the input that
    shows the error's field (``inputs`` maps a service field to an input id; a field the form
    does not show is an error of the form as a whole). ``needed`` gives, for an input whose id
    is also its name, the words to say when it was left empty."""
    kept = values_of(values)
    errors: dict[str, str] = {}
    for problem in getattr(error, "problems", (error,)):
        target = inputs.get(problem.field or "", GENERAL) if problem.field else GENERAL
        message = problem.message
        if needed and target in needed and not str(kept.get(target, "")).strip():
            message = needed[target]
        errors.setdefault(target, message)
    return FormState(form, kept, errors)


def sentence(text: str | None) -> str:
    """A message as a sentence: capital first letter, a full stop at the end."""
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ")")) else text + "."
