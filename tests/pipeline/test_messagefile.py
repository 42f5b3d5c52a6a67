"""Message files: plain text and .eml in, the text a person wrote out; junk gets a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bowout.checker.engine import check
from bowout.errors import UnreadableInput
from bowout.model import CheckContext
from bowout.pipeline.messagefile import MAX_BYTES, html_to_text, text_of

DATA = Path(__file__).parents[1] / "data" / "messages"


def read(name: str) -> str:
    return text_of((DATA / name).read_bytes(), name)


def test_plain_eml_keeps_the_quoted_reply_for_offsets_and_the_checker_skips_it() -> None:
    text = read("plain.eml")
    assert text.startswith("Hi Dana,\n\nThank you for the time")
    assert "hope our paths cross again — all the best" in text  # quoted-printable decoded
    assert "> Hi Marco" in text
    report = check(text, CheckContext())
    assert report.findings == ()  # "a mess" is only in the quoted reply


def test_html_only_eml_becomes_text_with_quotes_marked() -> None:
    text = read("html_only.eml")
    assert "cancel today’s interview" in text
    assert "> Your process is insulting." in text
    assert "color: red" not in text and "<p>" not in text
    assert "critique" not in {f.rule for f in check(text, CheckContext()).findings}


def test_multipart_prefers_the_plain_part_and_decodes_its_charset() -> None:
    text = read("multipart.eml")
    assert "HTML version" not in text
    assert text.strip().endswith("René")


@pytest.mark.parametrize("name", ["no_text.eml", "broken.eml"])
def test_eml_without_readable_text_is_a_clear_error(name: str) -> None:
    with pytest.raises(UnreadableInput, match=name):
        read(name)


def test_plain_text_passes_through_unchanged() -> None:
    text = "Hi Dana,\r\nI'm withdrawing. 🙂 שלום\n"
    assert text_of(text.encode(), "note.txt") == text


def test_a_utf8_byte_order_mark_is_dropped() -> None:
    assert text_of("\ufeffHello".encode(), None) == "Hello"


def test_legacy_windows_text_is_read() -> None:
    assert text_of("Merci, René".encode("cp1252"), None) == "Merci, René"


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02\x03binary" * 20, bytes(range(256)) * 8, b"\xff\xfe\x00h\x00i\x00"],
)
def test_binary_junk_is_unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableInput, match="binary"):
        text_of(data, None)


def test_a_five_megabyte_message_is_read_and_a_huge_one_refused() -> None:
    big = ("I'm withdrawing from the process. " * 160_000).encode()[: 5 * 1024 * 1024]
    assert len(text_of(big, "big.txt")) == len(big)
    with pytest.raises(UnreadableInput, match="too large"):
        text_of(b"a" * (MAX_BYTES + 1), "huge.txt")


def test_html_to_text_skips_scripts_and_styles() -> None:
    text = html_to_text("<style>x{}</style><script>alert(1)</script><div>Hi&nbsp;there</div>")
    assert text.strip() == "Hi there"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from([None, "x.eml", "x.txt"]))
def test_any_bytes_give_text_or_a_clear_error(data: bytes, name: str | None) -> None:
    try:
        text = text_of(data, name)
    except UnreadableInput as exc:
        assert exc.message
        return
    report = check(text, CheckContext())
    for f in report.findings:
        assert f.excerpt == text[f.start : f.end]
