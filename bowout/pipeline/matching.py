"""Which process a mail thread or an invitation belongs to: its people's addresses first, then
their domains.

A domain matches when a contact of the process writes from it, or when it is the company's
name ("mail.acme-robotics.example" for "Acme Robotics"). Mailbox providers and tracking systems
never match by domain: they say nothing about the company. Open processes win over ended ones,
then the most recently changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from bowout.model import OPEN_STAGES
from bowout.pipeline.schema import Contact, Process

# Tracking systems (ATS) that send candidates notices on a company's behalf. Their domains are
# never a company's own, so they never match a process by domain.
ATS_DOMAINS = frozenset(
    {
        "greenhouse.io", "greenhouse-mail.io", "lever.co", "hire.lever.co", "myworkday.com",
        "myworkdayjobs.com", "workday.com", "smartrecruiters.com", "ashbyhq.com", "icims.com",
        "taleo.net", "successfactors.com", "jobvite.com", "bamboohr.com", "recruitee.com",
        "personio.de", "teamtailor.com", "workable.com", "breezy.hr", "jazzhr.com",
        "linkedin.com", "indeed.com", "calendly.com",
    }
)  # fmt: skip
# Mailbox providers: a shared domain says nothing about which company a person works for.
FREEMAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
        "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
        "protonmail.com", "gmx.de", "gmx.net", "gmx.com", "web.de", "mail.com", "zoho.com",
        "fastmail.com", "posteo.de", "yandex.com", "hey.com", "t-online.de", "orange.fr",
    }
)  # fmt: skip
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_COMPANY_SUFFIXES = ("inc", "ltd", "llc", "gmbh", "ag", "sa", "sas", "bv", "plc", "corp", "co")


@dataclass(frozen=True)
class Match:
    process: int
    how: str  # "address" or "domain"
    contact: int | None = None


@dataclass
class Directory:
    """Every process's contacts and names, loaded once per import."""

    by_address: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # -> (proc, contact)
    by_domain: dict[str, set[int]] = field(default_factory=dict)
    rank: dict[int, tuple[bool, datetime, int]] = field(default_factory=dict)
    company: dict[int, str] = field(default_factory=dict)
    slugs: dict[str, set[int]] = field(default_factory=dict)  # company name -> processes

    def best(self, processes: Iterable[int]) -> int | None:
        ranked = sorted(set(processes), key=lambda p: self.rank[p], reverse=True)
        return ranked[0] if ranked else None

    def match(self, people: Iterable[str]) -> Match | None:
        people = sorted(set(people))
        hits = [hit for person in people for hit in self.by_address.get(person, ())]
        if hits:
            chosen = self.best(process for process, _ in hits)
            assert chosen is not None
            contact = next(c for p, c in hits if p == chosen)
            return Match(chosen, "address", contact)
        domains = [d for d in (domain_of(p) for p in people) if company_domain(d)]
        found = {process for d in domains for process in self._domain(d)}
        chosen = self.best(found)
        return Match(chosen, "domain") if chosen is not None else None

    def _domain(self, domain: str) -> set[int]:
        found = set(self.by_domain.get(domain, ()))
        labels = domain.split(".")
        for start in range(1, len(labels) - 1):  # mail.acme.example matches acme.example
            found |= self.by_domain.get(".".join(labels[start:]), set())
        return found

    def add_contact(self, process: int, contact: int, address: str) -> None:
        self.by_address.setdefault(address, []).append((process, contact))


def domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1] if "@" in address else ""


def company_domain(domain: str) -> bool:
    """A domain that can say which company someone works for."""
    if not domain or "." not in domain or domain in FREEMAIL_DOMAINS:
        return False
    return not tracking_domain(domain)


@cache
def tracking_domain(domain: str) -> bool:
    """A tracking system's domain (or one of its subdomains)."""
    labels = domain.split(".")
    return any(".".join(labels[i:]) in ATS_DOMAINS for i in range(len(labels) - 1))


def company_slugs(company: str) -> set[str]:
    words = [w for w in _NOT_WORD.split(company.lower()) if w]
    while words and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    if not words:
        return set()
    slugs = {"".join(words), "-".join(words)}
    if len(words[0]) >= 4:
        slugs.add(words[0])
    return slugs


def load(session: Session) -> Directory:
    directory = Directory()
    for pid, company, stage, updated in session.execute(
        select(Process.id, Process.company, Process.stage, Process.updated_at)
    ):
        directory.rank[pid] = (stage in OPEN_STAGES, updated, pid)
        directory.company[pid] = company
    for pid, company in directory.company.items():
        for slug in company_slugs(company):
            directory.slugs.setdefault(slug, set()).add(pid)
    for cid, pid, address in session.execute(
        select(Contact.id, Contact.process_id, Contact.email).where(Contact.email.is_not(None))
    ):
        address = (address or "").strip().lower()
        if "@" not in address:
            continue
        directory.add_contact(pid, cid, address)
        domain = domain_of(address)
        if company_domain(domain):
            directory.by_domain.setdefault(domain, set()).add(pid)
    return directory


def match_company_name(directory: Directory, people: Iterable[str]) -> Match | None:
    """A domain that spells the company's name, when no contact gives it away."""
    owners = directory.slugs
    found: set[int] = set()
    for person in people:
        domain = domain_of(person)
        if not company_domain(domain):
            continue
        for label in domain.split(".")[:-1]:
            found |= owners.get(label, set())
    chosen = directory.best(found)
    return Match(chosen, "domain") if chosen is not None else None
