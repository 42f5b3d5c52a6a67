"""Settings, declared once and resolved in layers: defaults, config file, environment, flags.

The result is one frozen ``Settings`` object passed down to whatever needs it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bowout.errors import InvalidInput

APP_NAME = "bowout"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("me", None, "Your name, used to sign drafts."),
    Setting("signature", None, "Lines added under your name (title, phone); \\n for new lines."),
    Setting("timezone", "UTC", "Your time zone (IANA name, e.g. Europe/Berlin)."),
    Setting("availability", (), "Windows for reschedules, e.g. 'Tue 12:00-17:00'."),
    Setting("linkedin_limit", 300, "Character limit for LinkedIn connection notes."),
    Setting("reconnect_months", 4, "Months after a process ends before a reconnection is due."),
    Setting("ignore", (), "Checker rule ids to turn off."),
    Setting("db", None, "SQLAlchemy URL of the store (default: SQLite in your data directory)."),
    Setting("host", "127.0.0.1", "Address the web app binds to."),
    Setting("port", 8765, "Port the web app listens on."),
    Setting("token", None, "Web app access token beyond loopback: 128 random bits or more."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    me: str | None = None
    signature: str | None = None
    timezone: str = "UTC"
    availability: tuple[str, ...] = ()
    linkedin_limit: int = 300
    reconnect_months: int = 4
    ignore: tuple[str, ...] = ()
    db: str | None = None
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None

    @property
    def zone(self) -> ZoneInfo:
        return zone_named(self.timezone, "timezone")

    def with_overrides(self, **values: Any) -> Settings:
        """Apply flags: only values that were actually given (not None) override."""
        given = {k: _coerce(k, v) for k, v in values.items() if v is not None and v != ()}
        return replace(self, **given)


def zone_named(name: str, field_name: str = "timezone") -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"{field_name}: unknown time zone {name!r}; use an IANA name such as Europe/Berlin",
            field=field_name,
        ) from None


def config_path() -> Path:
    explicit = os.environ.get("BOWOUT_CONFIG")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME)) / "config.toml"


def data_dir() -> Path:
    explicit = os.environ.get("BOWOUT_DATA_DIR")
    if explicit:
        return Path(explicit)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME))


def _coerce(name: str, value: Any) -> Any:
    setting = _BY_NAME.get(name)
    if setting is None:
        raise InvalidInput(f"unknown setting {name!r}", field=name)
    default = setting.default
    try:
        if isinstance(default, bool):
            return value if isinstance(value, bool) else str(value).lower() in {"1", "true", "yes"}
        if isinstance(default, int):
            number = int(value)
            if number <= 0:
                raise ValueError
            return number
        if isinstance(default, tuple):
            if isinstance(value, str):
                return tuple(part.strip() for part in value.split(",") if part.strip())
            return tuple(str(v) for v in value)
    except (TypeError, ValueError):
        raise InvalidInput(
            f"setting {name!r}: expected a positive whole number, got {value!r}", field=name
        ) from None
    return None if value is None else str(value)


def load(path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then the TOML file (if any), then BOWOUT_* environment variables."""
    values: dict[str, Any] = {}
    file = path or config_path()
    if file.exists():
        try:
            raw = tomllib.loads(file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            raise InvalidInput(f"config file {file}: {exc}; fix or remove it") from None
        for key, value in raw.items():
            if key not in _BY_NAME:
                known = ", ".join(_BY_NAME)
                raise InvalidInput(f"config file {file}: unknown setting {key!r} (known: {known})")
            values[key] = _coerce(key, value)
    env = os.environ if environ is None else environ
    for setting in SETTINGS:
        raw_env = env.get(f"BOWOUT_{setting.name.upper()}")
        if raw_env:
            values[setting.name] = _coerce(setting.name, raw_env)
    settings = Settings(**values)
    zone_named(settings.timezone)  # validate early: a bad zone is reported once, clearly
    return settings


def save_token(path: Path, token: str) -> None:
    """Write ``token`` into the config file, keeping its other keys; the file ends up readable
    and writable by its owner only (mode 0600), written whole or not at all."""
    import tomli_w

    existing: dict[str, Any] = {}
    if path.exists():
        try:
            existing = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            raise InvalidInput(f"config file {path}: {exc}; fix or remove it") from None
    existing["token"] = token
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write("# bowout settings\n" + tomli_w.dumps(existing))
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def describe() -> list[dict[str, Any]]:
    """Every setting with its default and help, for `bowout config` and the docs."""
    names = {f.name for f in fields(Settings)}
    assert names == set(_BY_NAME), "Settings and SETTINGS disagree"
    return [{"name": s.name, "default": s.default, "help": s.help} for s in SETTINGS]
