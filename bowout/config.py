"""Settings, declared once and resolved in layers: defaults, config file, environment, flags.

Each setting is one field of ``Settings`` with its default, help and label in the field's
metadata; ``SETTINGS`` (for `config`, the docs and the web form) is derived from it. The result of
``load`` is one frozen ``Settings`` object passed down to whatever needs it. ``save`` is the one
place the config file is written.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bowout.errors import InvalidInput

APP_NAME = "bowout"
T = TypeVar("T")


def _setting(
    default: T, help: str, *, label: str, editable: bool = False, secret: bool = False
) -> T:
    """A field of Settings; ``editable`` ones are offered by the web app's Settings page;
    ``secret`` ones are never shown or logged (front ends print "(set)")."""
    metadata = {"help": help, "label": label, "editable": editable, "secret": secret}
    return field(default=default, repr=not secret, metadata=metadata)


@dataclass(frozen=True)
class Settings:
    me: str | None = _setting(
        None, "Your name, used to sign drafts.", label="Your name", editable=True
    )
    signature: str | None = _setting(
        None,
        "Lines added under your name (title, phone); \\n for new lines.",
        label="Signature",
        editable=True,
    )
    timezone: str = _setting(
        "UTC", "Your time zone (IANA name, e.g. Europe/Berlin).", label="Time zone", editable=True
    )
    availability: tuple[str, ...] = _setting(
        (),
        "Windows for reschedules, e.g. 'Tue 12:00-17:00'.",
        label="When you could do interviews",
        editable=True,
    )
    linkedin_limit: int = _setting(
        300,
        "Character limit for LinkedIn connection notes.",
        label="LinkedIn note limit (characters)",
        editable=True,
    )
    reconnect_months: int = _setting(
        4,
        "Months after a process ends before a reconnection is due.",
        label="Months before a reconnection is due",
        editable=True,
    )
    ignore: tuple[str, ...] = _setting(
        (), "Checker rule ids to turn off.", label="Checker rules to turn off", editable=True
    )
    db: str | None = _setting(
        None,
        "SQLAlchemy URL of the store (default: SQLite in your data directory).",
        label="Database",
    )
    host: str = _setting("127.0.0.1", "Address the web app binds to.", label="Address")
    port: int = _setting(8765, "Port the web app listens on.", label="Port")
    token: str | None = _setting(
        None, "Web app access token beyond loopback: 128 random bits or more.", label="Token"
    )
    addresses: tuple[str, ...] = _setting(
        (),
        "Your own e-mail addresses (mail from them is mail you sent).",
        label="Your e-mail addresses",
        editable=True,
    )
    imap_host: str | None = _setting(
        None, "IMAP server to read mail from (read-only, over TLS).", label="IMAP server"
    )
    imap_port: int = _setting(993, "Its TLS port.", label="IMAP port")
    imap_user: str | None = _setting(None, "The login (often your address).", label="IMAP login")
    imap_password: str | None = _setting(
        None,
        "Password or app password (the config file is kept mode 0600).",
        label="IMAP password",
        secret=True,
    )
    imap_password_command: str | None = _setting(
        None, "A command that prints the IMAP password (a keychain).", label="Password command"
    )
    imap_sent: str | None = _setting(
        None,
        "IMAP folder of sent mail (default: the one the server marks Sent).",
        label="Sent folder",
    )
    imap_cafile: str | None = _setting(
        None, "CA certificates for a server with its own certificate.", label="IMAP CA file"
    )

    @property
    def zone(self) -> ZoneInfo:
        return zone_named(self.timezone, "timezone")

    def with_overrides(self, **values: Any) -> Settings:
        """Apply flags: only values that were actually given (not None) override."""
        given = {k: coerce(k, v) for k, v in values.items() if v is not None and v != ()}
        return replace(self, **given)


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    label: str
    editable: bool


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(f.name, f.default, f.metadata["help"], f.metadata["label"], f.metadata["editable"])
    for f in fields(Settings)
)
_BY_NAME = {s.name: s for s in SETTINGS}
EDITABLE = tuple(s.name for s in SETTINGS if s.editable)
SECRETS = frozenset(f.name for f in fields(Settings) if f.metadata["secret"])


def zone_named(name: str, field_name: str = "timezone") -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        # OSError: a region's folder ("Europe") or a name too long for the file system
        shown = name if not isinstance(name, str) or len(name) <= 60 else name[:60] + "..."
        raise InvalidInput(
            f"{shown!r} is not a time zone this machine knows; use an IANA name such as "
            "Europe/Berlin or America/New_York",
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


def coerce(name: str, value: Any) -> Any:
    """A setting's value from a file, the environment, a flag or a form, checked for its type."""
    setting = _BY_NAME.get(name)
    if setting is None:
        raise InvalidInput(f"there is no setting called {name!r}", field=name)
    default = setting.default
    if isinstance(default, int):
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if number <= 0 or number >= 10**6 or isinstance(value, bool):
            raise InvalidInput(
                f"{setting.label} must be a positive whole number, not {value!r}", field=name
            )
        return number
    if isinstance(default, tuple):
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise InvalidInput(f"{setting.label} must be a list of text values", field=name)
        return tuple(v.strip() for v in value if v.strip())
    if value is None:
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InvalidInput(f"{setting.label} must be text, not {value!r}", field=name)
    return str(value)


def _read_file(file: Path) -> dict[str, Any]:
    if not file.exists():
        return {}
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise InvalidInput(
            f"the config file {file} cannot be read ({exc}); fix or remove it", field="config"
        ) from None
    return raw


def load(path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then the TOML file (if any), then BOWOUT_* environment variables."""
    values: dict[str, Any] = {}
    file = path or config_path()
    for key, value in _read_file(file).items():
        if key not in _BY_NAME:
            known = ", ".join(_BY_NAME)
            raise InvalidInput(
                f"the config file {file} has an unknown setting {key!r} (known: {known})",
                field="config",
            )
        values[key] = coerce(key, value)
    env = os.environ if environ is None else environ
    for setting in SETTINGS:
        raw_env = env.get(f"BOWOUT_{setting.name.upper()}")
        if raw_env:
            values[setting.name] = coerce(setting.name, raw_env)
    settings = Settings(**values)
    zone_named(settings.timezone)  # validate early: a bad zone is reported once, clearly
    return settings


def save(changes: dict[str, Any], path: Path | None = None) -> Settings:
    """Write ``changes`` (setting name -> value, None to remove) into the config file, keeping
    every other key as it is on disk now, and return the settings the file then gives."""
    import tomli_w

    file = path or config_path()
    existing = _read_file(file)
    for key, value in changes.items():
        checked = coerce(key, value)
        if key == "timezone" and checked is not None:
            zone_named(checked)
        if checked in (None, ()):
            existing.pop(key, None)
        else:
            existing[key] = list(checked) if isinstance(checked, tuple) else checked
    file.parent.mkdir(parents=True, exist_ok=True)
    header = "# bowout settings (the web app's Settings page writes here too)\n"
    tmp = file.with_name(file.name + ".tmp")
    # It may hold a token: readable by its owner only from the moment it exists.
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
        out.write(header + tomli_w.dumps(existing))
    os.chmod(tmp, 0o600)  # an older tmp file keeps its mode through O_TRUNC
    tmp.replace(file)
    return load(file)


def describe() -> list[dict[str, Any]]:
    """Every setting with its default, label and help, for `config`, the docs and the web form."""
    return [
        {"name": s.name, "default": s.default, "label": s.label, "help": s.help} for s in SETTINGS
    ]


@functools.lru_cache(maxsize=64)
def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 (bracketed or not) or localhost: names that can only mean this machine;
    a server bound to one needs no token."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
