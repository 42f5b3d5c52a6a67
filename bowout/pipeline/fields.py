"""What a field of the store may hold: one line of text, text that can be stored, a value of one
of the model's enums, a contact as people write it; each refused with the field it concerns."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bowout.core import identity
from bowout.errors import InvalidInput
from bowout.model import ContactRole

if TYPE_CHECKING:
    from bowout.pipeline.schema import Contact

CLOCK_SKEW = timedelta(minutes=5)
MAX_ID = 2**63 - 1  # the widest integer key either database stores
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: str | None, field: str, limit: int = 200) -> str | None:
    """One line of text with single spaces, at most ``limit`` characters; empty means absent."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"expected text, not {value!r}", field=field)
    check_encodable(value, field)
    cleaned = " ".join(value.split())
    if len(cleaned) > limit:
        raise InvalidInput(f"at most {limit} characters, please", field=field)
    return cleaned or None


def check_encodable(value: str, field: str) -> str:
    """Text that can be stored and shown: no lone surrogates (bytes that were not UTF-8)."""
    if _SURROGATE.search(value):
        raise InvalidInput(
            "this text holds bytes that are not valid UTF-8; retype it or save it as UTF-8",
            field=field,
        )
    return value


def parse_enum(kind: type[Any], value: Any, field: str) -> str:
    """A value of one of model's enums, named in any case ("Offer" is "offer")."""
    text = value.strip().lower() if isinstance(value, str) else value
    try:
        return str(kind(text).value)
    except (ValueError, TypeError):
        names = ", ".join(m.value for m in kind)
        raise InvalidInput(f"{value!r} is not one of {names}", field=field) from None


def parse_contact(spec: str, part: str = ContactRole.RECRUITER.value) -> Contact:
    """'Name <email>', a bare email or a bare name, each optionally with a LinkedIn profile
    ('Dana Reyes <dana@acme.example> linkedin.com/in/dana-reyes')."""
    from email.utils import parseaddr

    from bowout.pipeline.schema import Contact

    check_encodable(spec, "contact")
    spec, profile = _profile_in(spec)
    name, email = parseaddr(spec)
    if not email and not name:
        name = spec.strip()
    if "@" not in email:  # a bare name ("Kim Ortega" parses as the address "Kim")
        name, email = (name or spec).strip(), ""
    name = name or email.split("@")[0]
    if not name and profile:
        name = profile.rstrip("/").rsplit("/", 1)[-1].replace("-", " ").strip()
    if not name:
        raise InvalidInput(f"{spec!r} has neither a name nor an e-mail address", field="contact")
    return Contact(
        name=clean_text(name, "contact") or name,
        email=clean_text(email, "contact", 320) if email else None,
        linkedin=clean_text(profile, "contact", 500) if profile else None,
        part=parse_enum(ContactRole, part, "part"),
        keep=False,
    )


def _profile_in(spec: str) -> tuple[str, str | None]:
    """The spec without its LinkedIn profile, and the profile (None when there is none)."""
    words = spec.split()
    for index, word in enumerate(words):
        bare = word.strip("<>()[],;")
        if identity.looks_like_linkedin(bare):
            return " ".join(words[:index] + words[index + 1 :]), bare
    return spec, None
