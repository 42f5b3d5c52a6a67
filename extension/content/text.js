// The text of a compose box as bowout checks it, and the way back from offsets to the page.
//
// A textarea's text is its value. A contenteditable's is read from its DOM without changing it:
// text nodes in order, a line break for <br> and between blocks, quoted mail and signatures
// left out. Each text node is remembered with where it starts, so an offset in the text maps
// back to a point in the page for a Range. bowout counts code points; JavaScript strings count
// UTF-16 units: the conversion is here, once.
"use strict";

(function (ns) {
  if (ns.text) return;

  const BLOCKS = new Set([
    "ADDRESS", "ARTICLE", "ASIDE", "BLOCKQUOTE", "DD", "DIV", "DL", "DT", "FIGURE", "FOOTER",
    "FORM", "H1", "H2", "H3", "H4", "H5", "H6", "HEADER", "HR", "LI", "MAIN", "OL", "P", "PRE",
    "SECTION", "TABLE", "TBODY", "TD", "TH", "TR", "UL",
  ]);
  // What the user did not write: quoted mail and signatures in Gmail and Outlook, and anything
  // a page marks as such.
  const LEFT_OUT = [
    "blockquote", ".gmail_quote", ".gmail_signature", ".gmail_signature_prefix",
    "[data-smartmail='gmail_signature']",
    "#divRplyFwdMsg", "#Signature", "[id^='Signature']", "[data-bowout-skip]",
  ].join(",");
  // Outlook puts the message replied to after this marker: nothing after it is the user's.
  const QUOTE_STARTS = "#appendonsend, .gmail_quote_container";

  // --- offsets ---------------------------------------------------------------------------------

  // The UTF-16 index of the `points`-th code point of `text` (clamped to its length).
  function units(text, points) {
    let index = 0;
    let seen = 0;
    while (seen < points && index < text.length) {
      const code = text.charCodeAt(index);
      index += code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? 2 : 1;
      seen += 1;
    }
    return index;
  }

  // How many code points the first `index` UTF-16 units of `text` hold.
  function points(text, index) {
    let seen = 0;
    for (let i = 0; i < index && i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) i += 1;
      seen += 1;
    }
    return seen;
  }

  // --- editors ---------------------------------------------------------------------------------

  function isTextarea(node) {
    return node instanceof HTMLTextAreaElement;
  }

  // The editor an event or a node belongs to: a writable textarea, or a contenteditable's host.
  function editorOf(node) {
    if (!(node instanceof Element)) node = node && node.parentElement;
    if (!node) return null;
    if (isTextarea(node)) return node.readOnly || node.disabled ? null : node;
    if (!node.isContentEditable) return null;
    let host = node;
    while (host.parentElement && host.parentElement.isContentEditable) host = host.parentElement;
    return host;
  }

  // { text, pieces: [{ node, start, end }] } with start and end in UTF-16 units of text.
  function snapshot(editor) {
    if (isTextarea(editor)) return { text: editor.value, pieces: null };
    let text = "";
    const pieces = [];
    let stopped = false;

    function lineBreak() {
      if (text && !text.endsWith("\n")) text += "\n";
    }

    function visit(node) {
      if (stopped) return;
      if (node.nodeType === Node.TEXT_NODE) {
        const data = node.data;
        if (data) {
          pieces.push({ node, start: text.length, end: text.length + data.length });
          text += data;
        }
        return;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      if (node.matches(QUOTE_STARTS)) {
        stopped = true;
        return;
      }
      if (node.matches(LEFT_OUT)) {
        lineBreak();
        return;
      }
      const tag = node.tagName;
      if (tag === "BR") {
        text += "\n";
        return;
      }
      if (tag === "SCRIPT" || tag === "STYLE" || tag === "TEMPLATE") return;
      const block = BLOCKS.has(tag);
      if (block) lineBreak();
      for (const child of node.childNodes) visit(child);
      if (block) lineBreak();
    }

    for (const child of editor.childNodes) visit(child);
    return { text, pieces };
  }

  // The page point at UTF-16 offset `at`. Between two text nodes (a line break the DOM has no
  // character for) a start goes forward to the next node and an end back to the previous one.
  function locate(snap, at, side) {
    const pieces = snap.pieces;
    if (!pieces.length) return null;
    if (side === "start") {
      for (const piece of pieces) {
        if (at < piece.end) return { node: piece.node, offset: Math.max(0, at - piece.start) };
      }
      const last = pieces[pieces.length - 1];
      return { node: last.node, offset: last.end - last.start };
    }
    for (let i = pieces.length - 1; i >= 0; i -= 1) {
      const piece = pieces[i];
      if (at > piece.start) return { node: piece.node, offset: Math.min(at, piece.end) - piece.start };
    }
    return { node: pieces[0].node, offset: 0 };
  }

  // A live Range over UTF-16 offsets [start, end) of a contenteditable's snapshot.
  function rangeOf(snap, start, end) {
    const from = locate(snap, start, "start");
    const to = end > start ? locate(snap, end, "end") : from;
    if (!from || !to || !from.node.isConnected || !to.node.isConnected) return null;
    const range = document.createRange();
    try {
      range.setStart(from.node, Math.min(from.offset, from.node.data.length));
      range.setEnd(to.node, Math.min(to.offset, to.node.data.length));  // collapses if before
    } catch (error) {
      return null;  // the page changed the nodes since the snapshot
    }
    return range;
  }

  // An editor inside a shadow root has its selection there (Chromium's ShadowRoot.getSelection).
  function selectionOf(editor) {
    const root = editor.getRootNode();
    return typeof root.getSelection === "function" ? root.getSelection() : document.getSelection();
  }

  // The caret's UTF-16 offset in the snapshot's text, or -1 when it is elsewhere.
  function caretOf(editor, snap) {
    if (isTextarea(editor)) {
      return document.activeElement === editor && editor.selectionStart === editor.selectionEnd
        ? editor.selectionStart : -1;
    }
    const selection = selectionOf(editor);
    if (!selection || selection.rangeCount === 0 || !selection.isCollapsed) return -1;
    const node = selection.anchorNode;
    for (const piece of snap.pieces) {
      if (piece.node === node) return piece.start + Math.min(selection.anchorOffset, piece.end - piece.start);
    }
    return -1;
  }

  // Replace UTF-16 offsets [start, end) of the editor's text with `insert`, the way typing would,
  // so the page's own editor (and its undo) sees an ordinary edit. True when it happened.
  function replace(editor, snap, start, end, insert) {
    editor.focus();
    if (isTextarea(editor)) {
      editor.setSelectionRange(start, end);
      if (document.execCommand("insertText", false, insert)) return true;
      editor.setRangeText(insert, start, end, "end");
      editor.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: insert }));
      return true;
    }
    const range = rangeOf(snap, start, end);
    if (!range) return false;
    const selection = selectionOf(editor);
    selection.removeAllRanges();
    selection.addRange(range);
    if (document.execCommand("insertText", false, insert)) return true;
    range.deleteContents();
    const node = document.createTextNode(insert);
    range.insertNode(node);
    selection.collapse(node, insert.length);
    editor.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: insert }));
    return true;
  }

  ns.text = { units, points, editorOf, isTextarea, snapshot, rangeOf, caretOf, replace };
})(globalThis.Bowout || (globalThis.Bowout = {}));
