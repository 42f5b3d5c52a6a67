"""Who is who: the keys that make two contacts one person, and the proposals by name."""

from __future__ import annotations

import pytest

from bowout.core import identity
from bowout.core.identity import Seen


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/dana-reyes",
        "http://linkedin.com/in/Dana-Reyes/",
        "linkedin.com/in/dana-reyes?trk=public_profile",
        "https://de.linkedin.com/in/dana-reyes/#about",
        "www.linkedin.com/in/dana%2Dreyes",
    ],
)
def test_one_linkedin_profile_whatever_way_it_is_written(url: str) -> None:
    assert identity.linkedin_key(url) == "linkedin.com/in/dana-reyes"


def test_different_profiles_and_non_profiles_differ() -> None:
    assert identity.linkedin_key("linkedin.com/in/dana-reyes-2") != identity.linkedin_key(
        "linkedin.com/in/dana-reyes"
    )
    assert identity.linkedin_key("") is None
    assert identity.looks_like_linkedin("https://www.linkedin.com/in/x")
    assert not identity.looks_like_linkedin("notlinkedin.com/in/x")


def test_addresses_domains_and_shared_boxes() -> None:
    assert identity.email_key(" Dana@Acme.Example ") == "dana@acme.example"
    assert identity.email_key("not an address") is None
    assert identity.domain("dana@acme.example") == "acme.example"
    assert identity.domain("dana.reyes@gmail.com") is None  # says nothing about the company
    assert identity.shared_box("Jobs@acme.example")
    assert not identity.shared_box("dana@acme.example")


def test_names_and_companies_compare_without_accents_case_or_suffixes() -> None:
    assert identity.name_key("  José   Álvarez ") == identity.name_key("jose alvarez")
    assert identity.company_key("Acme Inc.") == identity.company_key("ACME") == "acme"
    assert identity.company_key("Vereinigte Werke GmbH") == "vereinigte werke"


def test_the_same_name_at_the_same_domain_is_proposed_once() -> None:
    seen = [
        Seen(1, "Dana Reyes", "dana@acme.example", "Acme"),
        Seen(2, "Dana Reyes", "d.reyes@acme.example", "Acme Robotics"),
        Seen(3, "Dana Reyes", "dana@other.example", "Other"),
        Seen(4, "Lee Park", "lee@acme.example", "Acme"),
    ]
    found = identity.proposals(seen)
    assert [(p.first, p.second, p.because) for p in found] == [(1, 2, "acme.example")]


def test_a_process_domain_counts_for_a_contact_without_an_address() -> None:
    seen = [
        Seen(1, "Dana Reyes", "dana@acme.example", "Acme"),
        Seen(2, "dana reyes", None, "Acme Hiring Partners", frozenset({"acme.example"})),
    ]
    assert [(p.first, p.second) for p in identity.proposals(seen)] == [(1, 2)]


def test_the_same_company_name_without_any_domain_is_proposed_too() -> None:
    seen = [Seen(1, "Dana Reyes", None, "Acme Inc."), Seen(2, "Dana Reyes", None, "ACME")]
    assert [p.because for p in identity.proposals(seen)] == ["acme"]


def test_a_pair_kept_apart_is_not_proposed_again() -> None:
    seen = [Seen(1, "Dana Reyes", None, "Acme"), Seen(2, "Dana Reyes", None, "Acme")]
    assert identity.proposals(seen, apart=[(2, 1)]) == []


def test_free_mail_alone_is_no_shared_company() -> None:
    seen = [
        Seen(1, "Dana Reyes", "dana@gmail.com", "Acme"),
        Seen(2, "Dana Reyes", "dana.r@gmail.com", "Globex"),
    ]
    assert identity.proposals(seen) == []
