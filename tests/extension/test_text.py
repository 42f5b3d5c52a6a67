"""The content script's text model (extension/content/text.js), run in Chromium on plain pages:
offsets between bowout's code points and JavaScript's UTF-16 units, and the text it reads out
of the DOM shapes of real compose boxes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bowout import service
from tests.extension.conftest import EXTENSION, Browser

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(browser: Browser) -> Iterator[Any]:
    tab = browser.context.new_page()
    tab.goto("about:blank")
    tab.add_script_tag(path=str(EXTENSION / "content" / "text.js"))
    yield tab
    tab.close()


def read(page: Any, html: str) -> str:
    text: str = page.evaluate(
        """(html) => {
            document.body.innerHTML = '<div contenteditable="true" id="e">' + html + '</div>';
            return Bowout.text.snapshot(document.getElementById('e')).text;
        }""",
        html,
    )
    return text


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# Letters, accents, CJK, emoji (astral), flags: whatever people type. No lone surrogates.
TEXTS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x1FAFF), max_size=40
)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(TEXTS, min_size=1, max_size=8))
def test_code_points_and_utf16_units_convert_both_ways(page: Any, texts: list[str]) -> None:
    cases = [(text, k) for text in texts for k in range(len(text) + 1)]
    got = page.evaluate(
        "(cases) => cases.map(([t, k]) => [Bowout.text.units(t, k),"
        " Bowout.text.points(t, Bowout.text.units(t, k))])",
        cases,
    )
    assert got == [[utf16(text[:k]), k] for text, k in cases]


def test_gmail_lines_are_divs_and_the_quoted_mail_is_left_out(page: Any) -> None:
    html = (
        "<div>Hi Dana,</div><div><br></div><div>Thanks for the <b>call</b>. I'm out.</div>"
        '<div><br></div><div class="gmail_quote"><div class="gmail_attr">On Tue, Dana wrote:'
        '</div><blockquote class="gmail_quote">Maybe later?</blockquote></div>'
        '<span class="gmail_signature_prefix">-- </span>'
        '<div class="gmail_signature" data-smartmail="gmail_signature">Alex, maybe later</div>'
    )
    assert read(page, html) == "Hi Dana,\n\nThanks for the call. I'm out.\n\n"


def test_outlook_stops_at_the_message_replied_to(page: Any) -> None:
    html = (
        '<div class="elementToProof">Hello Sam,</div><div class="elementToProof">I am out.</div>'
        '<div id="Signature"><p>Kim</p></div><div id="appendonsend"></div><hr>'
        '<div id="divRplyFwdMsg">From: Sam</div><div>Maybe later works for us.</div>'
    )
    assert read(page, html) == "Hello Sam,\nI am out.\n"


def test_br_lines_and_paragraphs(page: Any) -> None:
    assert read(page, "One<br>two<br><br>three") == "One\ntwo\n\nthree"
    assert read(page, "<p>One</p><p>Two <i>and</i> a half</p>") == "One\nTwo and a half\n"


def test_offsets_from_bowout_map_back_onto_the_page(page: Any) -> None:
    """Every finding's range in the DOM reads exactly its excerpt, across nodes and emoji."""
    html = (
        "<div>Hi Lea 👋,</div><div><br></div><div>I'm <b>not sure</b> this is the right time "
        "for me. <span>Maybe</span> later.</div><div>Thanks, Tom</div>"
    )
    text = read(page, html)
    report = service.check(service.Context(), text)
    assert {f["rule"] for f in report["findings"]} >= {"vague-deferral"}
    got = page.evaluate(
        """(findings) => {
            const editor = document.getElementById('e');
            const snap = Bowout.text.snapshot(editor);
            return findings.map((f) => {
                const range = Bowout.text.rangeOf(snap, Bowout.text.units(snap.text, f.start),
                                                  Bowout.text.units(snap.text, f.end));
                return range ? range.toString() : null;
            });
        }""",
        report["findings"],
    )
    assert got == [f["excerpt"] for f in report["findings"]]


def test_replacing_text_goes_through_the_editor(page: Any) -> None:
    """An applied fix is an edit the page sees: an input event, and the text changed in place."""
    result = page.evaluate(
        """() => {
            document.body.innerHTML = '<div contenteditable="true" id="e"><div>Hi Sam,</div>' +
                '<div>I am out.</div></div>';
            const editor = document.getElementById('e');
            let inputs = 0;
            editor.addEventListener('input', () => { inputs += 1; });
            const snap = Bowout.text.snapshot(editor);
            const at = snap.text.indexOf('out.') + 4;
            Bowout.text.replace(editor, snap, at, at, ' Thank you.');
            return [Bowout.text.snapshot(editor).text, inputs];
        }"""
    )
    assert result == ["Hi Sam,\nI am out. Thank you.\n", 1]
