"""The user's settings, as the service offers them: read, and saved after a check of each field,
so a bad value is refused where it is typed instead of breaking a draft later."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bowout import config
from bowout.config import Settings
from bowout.core import timing
from bowout.errors import InvalidFields, InvalidInput


def load_settings() -> Settings:
    """The settings as the config file and the environment give them now."""
    return config.load()


def settings_rows(settings: Settings) -> list[dict[str, Any]]:
    """Every setting with its value, default, label and help (for `config` and the web form)."""

    def shown(name: str) -> Any:
        value = getattr(settings, name)
        return "(set)" if name in config.SECRETS and value else value

    return [{**row, "value": shown(row["name"])} for row in config.describe()]


def check_setting(name: str, value: Any) -> Any:
    """One setting's value, checked as a draft will use it; the error names the setting."""
    checked = config.coerce(name, value)
    if name == "timezone" and checked:
        config.zone_named(checked, "timezone")
    if name == "availability":
        for window in checked:
            try:
                timing.parse_window(window)
            except InvalidInput as exc:
                raise InvalidInput(exc.message, field="availability") from None
    if name == "ignore" and checked:
        from bowout.service.checking import rule_ids

        unknown = sorted(set(checked) - rule_ids())
        if unknown:
            raise InvalidInput(f"there is no rule {unknown[0]!r}", field="ignore")
    return checked


def save_settings(changes: dict[str, Any], path: Path | None = None) -> Settings:
    """Check every changed field, then write them to the config file (other keys are kept as
    they are on disk now, whoever wrote them). All fields are checked before anything is
    written; when several are wrong, the error names each of them (``InvalidFields``)."""
    unknown = sorted(set(changes) - set(config.EDITABLE))
    if unknown:
        raise InvalidInput(f"{unknown[0]!r} cannot be changed here", field=unknown[0])
    checked: dict[str, Any] = {}
    problems: list[InvalidInput] = []
    for name, value in changes.items():
        try:
            checked[name] = check_setting(name, value)
        except InvalidInput as problem:
            problems.append(problem)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise InvalidFields(problems)
    return config.save(checked, path)


# --- availability as days and hours ------------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def availability_days(windows: Sequence[str]) -> dict[str, Any]:
    """Availability windows as one row a weekday (``key``, ``day``, its windows as ("09:00",
    "12:00") pairs), and the windows that are not weekly (a date) under ``other``."""
    days: list[dict[str, Any]] = [
        {"key": name[:3].lower(), "day": name, "windows": []} for name in WEEKDAYS
    ]
    other: list[str] = []
    for text in windows:
        try:
            window = timing.parse_window(text)
        except InvalidInput:
            other.append(text)
            continue
        if window.weekday is None:
            other.append(text)
            continue
        days[window.weekday]["windows"].append(
            (window.start.strftime("%H:%M"), window.end.strftime("%H:%M"))
        )
    return {"days": days, "other": other}


def availability_from(
    days: Mapping[str, tuple[str | None, str | None]], keep: Sequence[str] = ()
) -> tuple[str, ...]:
    """Windows from the hours picked for each weekday (``{"tue": ("12:00", "17:00")}``, empty
    for a day off), plus ``keep`` as written. A half-given or backwards day is an error naming
    it (``availability.tue.end``)."""
    known = {name[:3].lower(): name[:3] for name in WEEKDAYS}
    windows: list[str] = []
    for key, (start, end) in days.items():
        if key not in known:
            raise InvalidInput(f"{key!r} is not a day of the week", field="availability")
        start, end = (start or "").strip(), (end or "").strip()
        if not start and not end:
            continue
        name = dict(zip(known, WEEKDAYS, strict=True))[key]
        if not end:
            raise InvalidInput(f"say until when on {name}", field=f"availability.{key}.end")
        if not start:
            raise InvalidInput(f"say from when on {name}", field=f"availability.{key}.start")
        text = f"{known[key]} {start}-{end}"
        try:
            timing.parse_window(text)
        except InvalidInput:
            raise InvalidInput(
                f"on {name} the time you can start must come before the time you stop",
                field=f"availability.{key}.end",
            ) from None
        windows.append(text)
    for text in keep:
        check_setting("availability", [text])
        windows.append(text)
    return tuple(windows)
