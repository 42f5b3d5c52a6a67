"""The extension at work: Chromium with it loaded, paired with a real bowout, over compose boxes.

Each test types into a look-alike of a webmail compose box, the way a user does, and reads what
the extension drew in its layer. Expected messages come from bowout's own checker, so these
tests follow the rules rather than copy them.
"""

from __future__ import annotations

import http.server
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from bowout import service
from tests.extension.conftest import (
    DESKTOP,
    Bowout,
    Browser,
    Pages,
    pair,
    pairing_code,
    playwright_api,
    running_bowout,
)

expect = playwright_api.expect
pytestmark = pytest.mark.browser
# A test run must not rewrite files in the repository: pictures go to docs/ only when asked.
SCREENSHOTS = Path(
    os.environ.get("BOWOUT_SCREENSHOTS") or tempfile.mkdtemp(prefix="bowout-screenshots-")
).resolve()


@pytest.fixture
def tab(ready: Browser) -> Iterator[Any]:
    page = ready.context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    page.close()
    assert errors == [], f"script errors on the page: {errors}"


def mark(page: Any, rule: str) -> Any:
    return page.locator(f'bowout-layer .mark[data-rule="{rule}"]')


def finding(text: str, rule: str) -> dict[str, Any]:
    """What bowout itself says about `rule` in `text`."""
    found = [f for f in service.check(service.Context(), text)["findings"] if f["rule"] == rule]
    assert found, f"{rule} does not fire on {text!r}: the test text needs updating"
    return found[0]


def hover(page: Any, locator: Any) -> None:
    box = locator.first.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def text_box(page: Any, selector: str, words: str) -> dict[str, float]:
    """Where the browser itself lays out `words` inside a contenteditable."""
    box: dict[str, float] = page.evaluate(
        """([selector, words]) => {
            const editor = document.querySelector(selector);
            const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(words);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + words.length);
                const r = range.getBoundingClientRect();
                return {x: r.x, y: r.y, width: r.width, height: r.height};
            }
            return null;
        }""",
        [selector, words],
    )
    return box


def test_gmail_underlines_a_vague_maybe_later_and_fixing_it_clears_it(
    tab: Any, pages: Pages, bowout: Bowout
) -> None:
    tab.goto(pages.url("gmail.html"))
    asked = len(bowout.recorder.checked)
    editor = tab.get_by_role("textbox", name="Message Body")
    editor.click(position={"x": 40, "y": 12})
    # An emoji first: bowout counts code points, the page UTF-16 units.
    typed = "🙂 Thanks for thinking of me. Maybe later."
    tab.keyboard.type(typed)

    vague = mark(tab, "vague-deferral")
    expect(vague).to_have_count(1)
    expected = finding(typed, "vague-deferral")
    assert vague.get_attribute("data-excerpt") == expected["excerpt"] == "Maybe later"
    # The underline sits under those very words.
    drawn = vague.bounding_box()
    words = text_box(tab, '[aria-label="Message Body"]', "Maybe later")
    assert drawn is not None and words is not None
    assert abs(drawn["x"] - words["x"]) < 2 and abs(drawn["width"] - words["width"]) < 2
    assert abs(drawn["y"] + drawn["height"] - (words["y"] + words["height"])) < 3

    hover(tab, vague)
    card = tab.locator("bowout-layer .card")
    expect(card).to_be_visible()
    expect(card).to_contain_text(expected["message"])
    expect(card).to_contain_text(expected["suggestion"])

    # The recruiter's quoted mail was never sent: it holds a "maybe later" of its own.
    sent = bowout.recorder.checked[asked:]
    assert sent, "nothing reached bowout"
    assert all("panel interview" not in text for text in sent)

    # Fixing it by hand: select "Maybe later." and say it plainly.
    for _ in range(len("Maybe later.")):
        tab.keyboard.press("Shift+ArrowLeft")
    tab.keyboard.type("I have decided to withdraw from the process.")
    expect(editor).to_contain_text("I have decided to withdraw")
    expect(tab.locator("bowout-layer .pill .count")).to_have_text("✓")
    expect(vague).to_have_count(0)


def test_outlook_applies_a_suggestion_in_one_click(tab: Any, pages: Pages, bowout: Bowout) -> None:
    tab.goto(pages.url("outlook.html"))
    asked = len(bowout.recorder.checked)
    editor = tab.get_by_role("textbox", name="Message body")
    editor.click(position={"x": 30, "y": 10})
    typed = "Hi Sam, I have accepted another offer and am withdrawing from the process."
    tab.keyboard.type(typed)

    thanks = mark(tab, "no-gratitude")
    expect(thanks).to_have_count(1)
    hover(tab, thanks)
    sentence = re.search(r"\"([^\"]+[.!?])\"", finding(typed, "no-gratitude")["suggestion"])
    assert sentence, "the no-gratitude suggestion no longer quotes a sentence to add"
    tab.locator("bowout-layer .card").get_by_role("button", name=re.compile("^Add")).click()

    expect(editor).to_contain_text(typed + " " + sentence.group(1))
    expect(thanks).to_have_count(0)
    # The signature and the message replied to stayed on the page.
    sent = bowout.recorder.checked[asked:]
    assert sent and all(t.startswith("Hi Sam") for t in sent)
    assert all("maybe later" not in t and "applying" not in t for t in sent)
    # It was an ordinary edit for the page's editor: one undo takes it back.
    tab.keyboard.press("Control+z")
    expect(editor).not_to_contain_text(sentence.group(1))
    expect(editor).to_contain_text(typed)


def test_linkedin_textarea_shows_the_perception_and_applies_from_the_panel(
    tab: Any, pages: Pages
) -> None:
    tab.goto(pages.url("linkedin.html"))
    box = tab.get_by_role("textbox", name="Write a message…")
    box.click()
    # The pointer leaves the box: what follows is the keyboard's, and a pointer resting on the
    # words the check underlines would (rightly) show their card again.
    tab.mouse.move(1, 1)
    typed = "Thanks for reaching out! Maybe later."
    tab.keyboard.type(typed)

    vague = mark(tab, "vague-deferral")
    expect(vague).to_have_count(1)
    assert vague.get_attribute("data-excerpt") == "Maybe later"
    drawn, area = vague.bounding_box(), box.bounding_box()
    assert drawn is not None and area is not None
    assert area["x"] <= drawn["x"] and drawn["x"] + drawn["width"] <= area["x"] + area["width"]
    assert area["y"] <= drawn["y"] and drawn["y"] + drawn["height"] <= area["y"] + area["height"]

    # The caret in the underlined words shows their card, as the mouse does.
    tab.keyboard.press("ArrowLeft")
    tab.keyboard.press("ArrowLeft")
    card = tab.locator("bowout-layer .card")
    expect(card).to_be_visible()
    expect(card).to_contain_text(finding(typed, "vague-deferral")["message"])
    tab.keyboard.press("Escape")
    expect(card).to_be_hidden()

    tab.locator("bowout-layer .pill").click()
    panel = tab.locator("bowout-layer .panel")
    expect(panel).to_be_visible()
    report = service.check(service.Context(), typed)
    expect(panel.locator(".remembered")).to_have_text(report["perception"]["remembered"])
    expect(panel.locator(".finding")).to_have_count(len(report["findings"]))

    decided = re.search(r"\"([^\"]+[.!?])\"", finding(typed, "unclear-decision")["suggestion"])
    assert decided
    panel.get_by_role("button", name=re.compile("^Add")).first.click()
    expect(box).to_have_value(re.compile(re.escape(decided.group(1))))
    expect(mark(tab, "unclear-decision")).to_have_count(0)

    # Sent: the page empties the box itself, without an event; the marks go with the text.
    tab.get_by_role("button", name="Send").click()
    expect(box).to_have_value("")
    expect(tab.locator("bowout-layer .mark")).to_have_count(0)
    expect(tab.locator("bowout-layer .pill")).to_be_hidden()


def test_a_late_cancellation_gets_its_apology_in_front(tab: Any, pages: Pages) -> None:
    tab.goto(pages.url("linkedin.html"))
    box = tab.get_by_role("textbox", name="Write a message…")
    box.click()
    typed = "Hi Sam, something urgent came up and I need to cancel today's interview."
    tab.keyboard.type(typed)
    late = mark(tab, "missing-timing-apology")
    expect(late.first).to_be_visible()  # one box for each line the sentence wraps over
    apology = re.search(
        r"\"([^\"]+[.!?])\"", finding(typed, "missing-timing-apology")["suggestion"]
    )
    assert apology
    hover(tab, late)
    tab.locator("bowout-layer .card").get_by_role("button", name=re.compile("^Add")).click()
    expect(box).to_have_value(f"Hi Sam, {apology.group(1)} S" + typed[len("Hi Sam, s") :])
    expect(late).to_have_count(0)


def test_a_draft_the_page_restores_is_checked_too(tab: Any, pages: Pages) -> None:
    """No input event, only the page rewriting the box: the MutationObserver sees it."""
    tab.goto(pages.url("gmail.html"))
    tab.get_by_role("textbox", name="Message Body").click(position={"x": 40, "y": 12})
    tab.get_by_role("button", name="Restore draft").click()
    expect(mark(tab, "vague-deferral")).to_have_count(1)
    assert mark(tab, "vague-deferral").get_attribute("data-excerpt") == "Maybe later"


def test_a_site_not_turned_on_is_left_alone(ready: Browser, pages: Pages, bowout: Bowout) -> None:
    page = ready.context.new_page()
    # The same page from another host: localhost is not the 127.0.0.1 that was turned on.
    page.goto(pages.url("gmail.html", host="localhost"))
    asked = len(bowout.recorder.checked)
    page.get_by_role("textbox", name="Message Body").click(position={"x": 40, "y": 12})
    page.keyboard.type("Thanks for thinking of me. Maybe later.")
    page.wait_for_timeout(1500)  # longer than the pause after which a box is checked
    assert page.locator("bowout-layer").count() == 0
    assert page.evaluate("() => Boolean(document.querySelector('bowout-layer'))") is False
    assert len(bowout.recorder.checked) == asked
    page.close()


def test_without_bowout_running_the_extension_says_so(
    ready: Browser, pages: Pages, bowout: Bowout, tmp_path: Path
) -> None:
    with running_bowout(tmp_path) as elsewhere:
        assert pair(ready, elsewhere).startswith("Paired with bowout")
        elsewhere.stop()
    try:
        page = ready.context.new_page()
        page.goto(pages.url("linkedin.html"))
        page.get_by_role("textbox", name="Write a message…").click()
        page.keyboard.type("Maybe later.")
        notice = page.locator("bowout-layer .panel .notice")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text(f"bowout is not running at {elsewhere.url}")
        assert page.locator("bowout-layer .mark").count() == 0
        page.close()
    finally:
        assert pair(ready, bowout).startswith("Paired with bowout")


def test_a_wrong_pairing_code_is_refused_plainly(ready: Browser, bowout: Bowout) -> None:
    before = ready.storage()
    status = pair(ready, bowout, code="abcd-efgh-ijkl-mnop-qrst-uvwx")
    assert "pairing code is not right" in status
    assert ready.storage() == before  # the working pairing stays


def test_a_page_of_bowout_itself_does_not_pair_the_extension(
    ready: Browser, bowout: Bowout
) -> None:
    """The code works from the extension's origin only: a web page with it is refused."""
    code = pairing_code(ready, bowout)
    page = ready.context.new_page()
    page.goto(bowout.url + "/settings")
    status = page.evaluate(
        """async ([code]) => (await fetch('/api/v1/extension/pair', {method: 'POST',
            headers: {'X-Bowout-Client': 'page', 'X-Bowout-Pairing': code}})).status""",
        [code],
    )
    assert status == 403
    page.close()
    assert pair(ready, bowout, code).startswith("Paired with bowout")


def test_the_extension_keeps_only_its_settings(ready: Browser, pages: Pages) -> None:
    page = ready.context.new_page()
    page.goto(pages.url("linkedin.html"))
    page.get_by_role("textbox", name="Write a message…").click()
    page.keyboard.type("I have accepted another offer. Maybe later.")
    expect(mark(page, "vague-deferral")).to_have_count(1)
    page.close()
    stored = ready.storage()
    assert set(stored) == {"server", "code", "sites"}
    assert "Maybe later" not in repr(stored)
    assert ready.worker.evaluate("chrome.storage.session.get(null)") == {}
    assert ready.worker.evaluate("chrome.storage.sync.get(null)") == {}


class _Counter(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(b"{}")

    do_POST = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_the_extension_cannot_reach_another_host(ready: Browser) -> None:
    """Its pages and service worker may connect to loopback bowout only (their CSP says so)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), _Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    other = f"http://127.0.0.2:{server.server_address[1]}/"
    try:
        import urllib.request

        with urllib.request.urlopen(other + "up") as answer:  # it does answer
            assert answer.status == 200
        outcome = ready.worker.evaluate(
            "async (url) => { try { await fetch(url); return 'reached'; }"
            " catch (e) { return 'refused'; } }",
            other + "from-extension",
        )
        assert outcome == "refused"
        assert "/from-extension" not in _Counter.seen
    finally:
        server.shutdown()
        server.server_close()


def test_screenshot_of_the_extension_at_work(tab: Any, pages: Pages) -> None:
    tab.goto(pages.url("gmail.html"))
    tab.get_by_role("textbox", name="Message Body").click(position={"x": 40, "y": 12})
    for line in (
        "Hi Dana,",
        "",
        "Thanks so much for thinking of me for the Data Engineer role. I'm not sure this "
        "is the right time for me, so maybe later we could revisit it.",
        "",
        "Best,",
        "Alex",
    ):
        tab.keyboard.type(line)
        tab.keyboard.press("Enter")
    expect(mark(tab, "vague-deferral").first).to_be_visible()
    tab.locator("bowout-layer .pill").click()
    expect(tab.locator("bowout-layer .panel")).to_be_visible()
    hover(tab, mark(tab, "vague-deferral").last)
    expect(tab.locator("bowout-layer .card")).to_be_visible()
    # The compose window and the panel beside it, not the empty inbox around them.
    boxes = [tab.locator(s).bounding_box() for s in (".compose", "bowout-layer .panel")]
    left = min(b["x"] for b in boxes if b) - 16
    top = min(b["y"] for b in boxes if b) - 16
    clip = {
        "x": left,
        "y": top,
        "width": DESKTOP["width"] - left,
        "height": DESKTOP["height"] - top,
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / "extension-gmail.png"), clip=clip)
