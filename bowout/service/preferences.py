"""The user's settings, as the service offers them: read, and saved after a check of each field,
so a bad value is refused where it is typed instead of breaking a draft later."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bowout import config
from bowout.config import Settings
from bowout.core import timing
from bowout.errors import InvalidInput


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
    written; the first bad one is the error."""
    unknown = sorted(set(changes) - set(config.EDITABLE))
    if unknown:
        raise InvalidInput(f"{unknown[0]!r} cannot be changed here", field=unknown[0])
    checked = {name: check_setting(name, value) for name, value in changes.items()}
    return config.save(checked, path)
