"""Who is who across processes: the keys that say two contacts are one person. Pure.

Three ways to know a person again, in falling order of certainty: the same e-mail address
(unless it is a shared one, such as jobs@, and the names differ), the same LinkedIn profile,
and the same name at the same company (by e-mail domain, or by the company's name). The first
two are certain enough to act on; the third is only ever proposed, for the user to confirm.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

# Addresses anyone may have: the domain says nothing about the company they work for.
FREE_MAIL = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
        "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
        "protonmail.com", "pm.me", "gmx.de", "gmx.net", "gmx.com", "web.de", "t-online.de",
        "mail.com", "fastmail.com", "hey.com", "yandex.com", "zoho.com", "orange.fr", "free.fr",
        "libero.it", "qq.com", "163.com",
    }
)  # fmt: skip
# Mailboxes a team shares: the same address does not make two names one person.
SHARED_BOXES = frozenset(
    {
        "jobs", "job", "careers", "career", "recruiting", "recruitment", "recruiter", "talent",
        "hr", "hiring", "people", "team", "info", "hello", "contact", "noreply", "no-reply",
        "donotreply", "do-not-reply", "applications", "apply", "office",
    }
)  # fmt: skip
_COMPANY_SUFFIX = re.compile(
    r"\b(?:inc|incorporated|ltd|limited|llc|llp|plc|gmbh|ag|sa|sas|sarl|bv|nv|oy|ab|as|srl|"
    r"spa|corp|corporation|co|company|group|holding|holdings)\b\.?",
)
_NOT_WORD = re.compile(r"[^\w]+")


def email_key(address: str | None) -> str | None:
    """An address as compared: trimmed and in lower case; None when it is not one."""
    if not address:
        return None
    cleaned = address.strip().lower()
    return cleaned if "@" in cleaned.strip("@") else None


def domain(address: str | None) -> str | None:
    """The company domain an address shows: None for free-mail providers."""
    key = email_key(address)
    if key is None:
        return None
    host = key.rsplit("@", 1)[1]
    return None if host in FREE_MAIL else host


def shared_box(address: str | None) -> bool:
    """A team's mailbox (jobs@, careers@...): several people write from it."""
    key = email_key(address)
    return key is not None and key.split("@", 1)[0] in SHARED_BOXES


def linkedin_key(url: str | None) -> str | None:
    """A LinkedIn profile as compared: ``linkedin.com/in/<name>`` whatever the country
    subdomain, scheme, case, query or trailing slash; other links compare as written."""
    if not url or not url.strip():
        return None
    text = url.strip()
    parts = urlsplit(text if "//" in text else f"https://{text}")
    host = (parts.hostname or "").lower()
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        path = unquote(parts.path).rstrip("/").lower()
        segments = [s for s in path.split("/") if s]
        if len(segments) >= 2 and segments[0] in ("in", "pub"):
            return f"linkedin.com/{segments[0]}/{segments[1]}"
        return f"linkedin.com/{'/'.join(segments)}"
    return text.lower().rstrip("/")


def looks_like_linkedin(text: str) -> bool:
    """A word that names a LinkedIn page (with or without the scheme)."""
    return re.search(r"(?:^|[/.])linkedin\.com/", text.strip().lower()) is not None


def name_key(name: str | None) -> str | None:
    """A name as compared: no accents, no case, single spaces, no punctuation."""
    if not name:
        return None
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _NOT_WORD.sub(" ", plain.casefold()).split()
    return " ".join(words) or None


def company_key(company: str | None) -> str | None:
    """A company's name as compared: "Acme Inc." and "ACME" are one company."""
    key = name_key(company)
    if key is None:
        return None
    stripped = " ".join(_COMPANY_SUFFIX.sub(" ", key).split())
    return stripped or key


# --- proposals: the same name at the same company ---------------------------------------------


@dataclass(frozen=True)
class Seen:
    """One contact as the matcher sees it: whose it is, and where they worked."""

    person: int
    name: str
    email: str | None = None
    company: str | None = None
    domains: frozenset[str] = frozenset()  # the company domains of the process's contacts


@dataclass(frozen=True)
class Proposal:
    """Two people who may be one: the same name at the same company (``because``)."""

    first: int
    second: int
    name: str
    because: str  # the shared domain, or the company's name


def company_keys(seen: Seen) -> set[str]:
    """Where a contact worked, as comparable keys: domains, then the company's name."""
    keys = {f"@{d}" for d in seen.domains}
    own = domain(seen.email)
    if own:
        keys.add(f"@{own}")
    company = company_key(seen.company)
    if company:
        keys.add(company)
    return keys


def proposals(contacts: Iterable[Seen], apart: Iterable[tuple[int, int]] = ()) -> list[Proposal]:
    """Pairs of different people with the same name at the same company, except the pairs the
    user has said are different people (``apart``); each pair once, lowest ids first."""
    declined = {frozenset(pair) for pair in apart}
    by_name: dict[str, dict[int, set[str]]] = {}
    names: dict[int, str] = {}
    for seen in contacts:
        key = name_key(seen.name)
        if key is None:
            continue
        by_name.setdefault(key, {}).setdefault(seen.person, set()).update(company_keys(seen))
        names.setdefault(seen.person, seen.name)
    found: list[Proposal] = []
    for people in by_name.values():
        ids = sorted(people)
        for index, first in enumerate(ids):
            for second in ids[index + 1 :]:
                if frozenset((first, second)) in declined:
                    continue
                shared = sorted(people[first] & people[second])
                if shared:
                    because = shared[0].removeprefix("@")
                    found.append(Proposal(first, second, names[first], because))
    return sorted(found, key=lambda p: (p.first, p.second))
