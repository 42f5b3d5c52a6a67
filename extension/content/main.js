// Runs only on the sites the user turned on (the service worker registers it for those alone).
// It watches the compose boxes of the page: a box is checked once the user focuses or types in
// it, again after each pause in typing, and whenever the page itself changes its text (a
// MutationObserver sees drafts restored and signatures inserted). The text goes to the service
// worker, which asks the local bowout app; nothing is kept once the page closes.
"use strict";

(function (ns) {
  if (ns.started) return;
  ns.started = true;
  const T = ns.text;
  const PAUSE_MS = 350;
  const MAX_CHARS = 50000;

  // Suggestions that quote a whole sentence to add, and where it goes; these can be applied in
  // one click. Every other suggestion is advice for the user's own words, shown with its finding.
  const ADDITIONS = {
    "no-gratitude": "at",  // the finding marks the spot: where the thanks belongs
    "unclear-decision": "after",  // the opening that never decides: the decision follows it
    "missing-timing-apology": "before",  // the late cancellation: the apology leads it
  };

  const watched = new Map();  // editor -> state
  const muted = new WeakSet();
  let frame = 0;

  function quotedSentence(suggestion) {
    const found = /[“"]([^“”"]+[.!?])[”"]/.exec(suggestion || "");
    return found ? found[1] : null;
  }

  function fixFor(finding, text) {
    const where = ADDITIONS[finding.rule];
    const sentence = where && quotedSentence(finding.suggestion);
    if (!sentence) return null;
    const at = where === "after" ? finding.end16 : finding.start16;
    const label = "Add “" + sentence + "”";
    const left = at > 0 && !/\s/.test(text.charAt(at - 1)) ? " " : "";
    const next = text.charAt(at);
    if (where === "before" && next && next !== next.toUpperCase()) {
      // "Hi Sam, something came up" becomes "Hi Sam, I'm sorry … Something came up".
      return { start: at, end: at + 1, insert: left + sentence + " " + next.toUpperCase(), label };
    }
    const right = next && !/\s/.test(next) ? " " : "";
    return { start: at, end: at, insert: left + sentence + right, label };
  }

  function watch(editor) {
    if (muted.has(editor)) return null;
    let state = watched.get(editor);
    if (state) return state;
    state = {
      editor, timer: 0, asked: 0, lastText: null, checkedText: null,
      view: new ns.marks.View(editor, {
        apply: (index) => apply(state, index),
        mute: () => unwatch(editor, true),
      }),
    };
    watched.set(editor, state);
    if (!T.isTextarea(editor)) {
      editorObserver.observe(editor, { childList: true, subtree: true, characterData: true });
    }
    return state;
  }

  function unwatch(editor, mute) {
    const state = watched.get(editor);
    if (!state) return;
    window.clearTimeout(state.timer);
    state.view.destroy();
    watched.delete(editor);
    if (mute) muted.add(editor);
  }

  function schedule(state, delay) {
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(() => check(state), delay === undefined ? PAUSE_MS : delay);
  }

  function changed(state) {
    const snap = T.snapshot(state.editor);
    if (snap.text === state.lastText) return;
    const before = state.lastText || "";
    let same = 0;
    while (same < before.length && same < snap.text.length && before[same] === snap.text[same]) same += 1;
    state.lastText = snap.text;
    state.view.typing(snap, same);
    schedule(state);
  }

  async function check(state) {
    const snap = T.snapshot(state.editor);
    state.lastText = snap.text;
    if (!snap.text.trim()) {
      state.checkedText = snap.text;
      state.view.clear();
      return;
    }
    if (snap.text.length > MAX_CHARS) {
      state.view.notice({ kind: "error", message: "This message is too long to check as you type." });
      return;
    }
    const asked = ++state.asked;
    let answer;
    try {
      answer = await chrome.runtime.sendMessage({ kind: "check", text: snap.text });
    } catch (error) {
      stop();  // the extension was reloaded or removed: this copy of the script is orphaned
      return;
    }
    if (asked !== state.asked || !watched.has(state.editor)) return;  // a newer check follows
    if (!answer) return;
    if (answer.notice) {
      state.view.notice(answer.notice);
      return;
    }
    const now = T.snapshot(state.editor);
    if (now.text !== snap.text) return;  // typed on meanwhile
    const findings = answer.report.findings.map((f) => ({
      ...f,
      start16: T.units(snap.text, f.start),
      end16: T.units(snap.text, f.end),
    }));
    const report = { ...answer.report, findings };
    state.checkedText = snap.text;
    state.view.render(now, report, findings.map((f) => fixFor(f, snap.text)));
  }

  function apply(state, index) {
    const fix = state.view.fixes[index];
    const snap = T.snapshot(state.editor);
    if (!fix || snap.text !== state.checkedText) return;
    if (T.replace(state.editor, snap, fix.start, fix.end, fix.insert)) {
      changed(state);
      schedule(state, 0);
    }
  }

  // The card shows for the finding the caret is in, as it does under the mouse.
  function caretMoved(state) {
    const view = state.view;
    if (!view.snap || !view.findings.length) return;
    const caret = T.caretOf(state.editor, view.snap);
    if (caret < 0) return;
    const index = view.findings.findIndex((f) => f.start16 <= caret && caret <= f.end16 && f.end16 > f.start16);
    if (index >= 0) view.showCard(index);
    else if (view.cardShown()) ns.marks.hideCard(0);
  }

  function relayout() {
    if (frame) return;
    frame = window.requestAnimationFrame(() => {
      frame = 0;
      for (const [editor, state] of watched) {
        if (!editor.isConnected) {
          unwatch(editor, false);
        } else if (T.isTextarea(editor) && editor.value !== state.lastText) {
          changed(state);
        } else {
          state.view.layout();
        }
      }
    });
  }

  // --- what the page tells us ---------------------------------------------------------------

  // The element an event really happened in, inside an open shadow root too.
  function origin(event) {
    return event.composedPath ? event.composedPath()[0] : event.target;
  }

  function onFocus(event) {
    const editor = T.editorOf(origin(event));
    if (!editor) return;
    const state = watch(editor);
    if (state && state.checkedText === null) schedule(state, 0);
  }

  function onInput(event) {
    const editor = T.editorOf(origin(event));
    const state = editor && watch(editor);
    if (state) changed(state);
  }

  function onMouse(event) {
    for (const state of watched.values()) {
      const index = state.view.hit(event.clientX, event.clientY);
      if (index >= 0) {
        state.view.showCard(index);
        return;
      }
      if (state.view.cardShown()) ns.marks.hideCard(300);
    }
  }

  function onKeyOrClick(event) {
    const editor = T.editorOf(origin(event));
    const state = editor && watched.get(editor);
    if (!state) return;
    if (event.type === "keyup" && event.key === "Escape") {
      ns.marks.hideCard(0);
      return;
    }
    if (event.type === "keyup" && !/^(Arrow|Home|End|Page)/.test(event.key)) return;
    caretMoved(state);
  }

  // Compose boxes come and go (Gmail opens them in place) and move: the page observer sees that.
  // Pages also change a box's text without an input event (a draft restored, a signature
  // added): the editor observer, watching each contenteditable in use, sees that.
  const pageObserver = new MutationObserver(relayout);
  const editorObserver = new MutationObserver((records) => {
    for (const [editor, state] of watched) {
      if (!T.isTextarea(editor) && records.some((r) => editor.contains(r.target))) changed(state);
    }
    relayout();
  });

  const listeners = [
    [document, "focusin", onFocus, true],
    [document, "input", onInput, true],
    [document, "mousemove", onMouse, { passive: true, capture: true }],
    [document, "keyup", onKeyOrClick, true],
    [document, "mouseup", onKeyOrClick, true],
    [document, "scroll", relayout, { passive: true, capture: true }],
    [window, "resize", relayout, { passive: true }],
  ];

  // A page can set a textarea's value (empty it after sending) with no event at all.
  let poll = 0;
  function pollTextareas() {
    for (const [editor, state] of watched) {
      if (T.isTextarea(editor) && editor.value !== state.lastText) changed(state);
    }
  }

  function start() {
    poll = window.setInterval(pollTextareas, 1000);
    for (const [target, type, handler, options] of listeners) target.addEventListener(type, handler, options);
    pageObserver.observe(document.documentElement, { childList: true, subtree: true });
    const active = T.editorOf(document.activeElement);
    if (active) onFocus({ target: active });
  }

  function stop() {
    window.clearInterval(poll);
    for (const [target, type, handler, options] of listeners) target.removeEventListener(type, handler, options);
    pageObserver.disconnect();
    editorObserver.disconnect();
    for (const editor of [...watched.keys()]) unwatch(editor, false);
    const host = ns.marks.layerHost();
    if (host) host.remove();
    ns.started = false;
  }

  chrome.runtime.onMessage.addListener((message) => {
    if (message && message.kind === "stop") stop();
  });

  start();
})(globalThis.Bowout || (globalThis.Bowout = {}));
