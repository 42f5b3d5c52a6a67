"""IMAP folder names in modified UTF-7 (RFC 3501, 5.1.3): decoded for people, encoded for the
wire, and the sent folder found by its Unicode name in LIST answers shaped like real servers'."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bowout.pipeline.inbox import foldernames
from bowout.pipeline.inbox.imapsync import sent_folder_in

# RFC 3501's own example, and names real servers send
PAIRS = [
    ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
    ("Envoyés", "Envoy&AOk-s"),
    ("[Gmail]/Messages envoyés", "[Gmail]/Messages envoy&AOk-s"),
    ("Éléments envoyés", "&AMk-l&AOk-ments envoy&AOk-s"),
    ("Work & Life", "Work &- Life"),
    ("INBOX", "INBOX"),
    ("Отправленные", "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-"),
]


@pytest.mark.parametrize(("unicode", "wire"), PAIRS)
def test_names_both_ways(unicode: str, wire: str) -> None:
    assert foldernames.encode(unicode) == wire
    assert foldernames.decode(wire) == unicode
    assert foldernames.to_wire(unicode) == wire
    assert foldernames.to_wire(wire) == wire  # already in the wire form: left as it is


@given(st.text(max_size=40))
def test_any_name_survives_the_round_trip(name: str) -> None:
    wire = foldernames.encode(name)
    assert wire.isascii()
    assert foldernames.decode(wire) == name
    assert foldernames.is_wire_form(wire)


@pytest.mark.parametrize("odd", ["Tom & Jerry", "&AOk", "a&b-c&", "&!!-", "Sent&"])
def test_a_name_that_is_not_modified_utf7_is_shown_as_it_is(odd: str) -> None:
    assert foldernames.decode(odd) == odd
    assert foldernames.decode(foldernames.to_wire(odd)) == odd  # and still reachable


def test_the_sent_folder_flagged_by_the_server_wins() -> None:
    gmail = [
        b'(\\HasNoChildren) "/" "INBOX"',
        b'(\\HasChildren \\Noselect) "/" "[Gmail]"',
        b'(\\All \\HasNoChildren) "/" "[Gmail]/Tous les messages"',
        b'(\\HasNoChildren \\Sent) "/" "[Gmail]/Messages envoy&AOk-s"',
    ]
    assert sent_folder_in(gmail) == "[Gmail]/Messages envoy&AOk-s"


def test_without_special_use_the_sent_folder_is_found_by_its_name_in_unicode() -> None:
    old_server = [
        b'(\\HasNoChildren) "." INBOX',
        b'(\\HasNoChildren) "." "INBOX.Brouillons"',
        b'(\\HasNoChildren) "." "INBOX.&AMk-l&AOk-ments envoy&AOk-s"',
        b'(\\HasNoChildren) "." "INBOX.Corbeille"',
    ]
    assert sent_folder_in(old_server) == "INBOX.&AMk-l&AOk-ments envoy&AOk-s"
    quoted = [b'(\\HasNoChildren) "/" "Projects \\"2026\\""', b'(\\HasNoChildren) "/" Gesendet']
    assert sent_folder_in(quoted) == "Gesendet"
    assert sent_folder_in([b'(\\HasNoChildren) "/" "Archive"', None]) is None
