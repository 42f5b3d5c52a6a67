// What the extension draws over a page: underlines under the findings, the card that explains one
// (on hover, or when the caret is in it), and a small panel per compose box with the predicted
// perception. Everything lives in one shadow root appended to <html>, outside the page's body and
// its editors: the page's DOM, styles and undo history are never touched by drawing. Underlines
// are boxes placed over the rectangles a Range (or, for a textarea, a hidden mirror of it) gives.
"use strict";

(function (ns) {
  if (ns.marks) return;
  const T = ns.text;
  const SEVERITIES = ["error", "warning", "suggestion"];
  let layer = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function words(id) {
    return String(id || "").replace(/_/g, " ");
  }

  function strongest(findings) {
    for (const level of SEVERITIES) if (findings.some((f) => f.severity === level)) return level;
    return "";
  }

  // The one layer per page: a fixed, click-through shadow host; only its cards take the pointer.
  function ensureLayer() {
    if (layer && layer.host.isConnected) return layer;
    const host = document.createElement("bowout-layer");
    for (const [name, value] of [
      ["all", "initial"], ["position", "fixed"], ["inset", "0"], ["pointer-events", "none"],
      ["z-index", "2147483646"], ["contain", "none"], ["display", "block"],
    ]) host.style.setProperty(name, value, "important");
    const root = host.attachShadow({ mode: "open" });
    const card = el("div", "card");
    card.hidden = true;
    card.setAttribute("role", "tooltip");
    root.appendChild(card);
    document.documentElement.appendChild(host);
    layer = { host, root, card, cardFor: null, hideTimer: 0 };
    chrome.runtime.sendMessage({ kind: "style" }).then((answer) => {
      if (!answer || !answer.css) return;
      const sheet = new CSSStyleSheet();  // not an inline <style>: a page's CSP cannot block it
      sheet.replaceSync(answer.css);
      root.adoptedStyleSheets = [sheet];
    }).catch(() => null);
    card.addEventListener("mouseenter", () => window.clearTimeout(layer.hideTimer));
    card.addEventListener("mouseleave", () => hideCard(250));
    return layer;
  }

  function hideCard(delay) {
    if (!layer) return;
    window.clearTimeout(layer.hideTimer);
    layer.hideTimer = window.setTimeout(() => {
      layer.card.hidden = true;
      layer.cardFor = null;
    }, delay || 0);
  }

  function findingBody(container, finding, fix, onApply) {
    const head = el("div", "head");
    head.appendChild(el("span", "badge " + finding.severity, finding.severity));
    head.appendChild(el("code", "rule", finding.rule));
    container.appendChild(head);
    container.appendChild(el("p", "message", finding.message));
    if (finding.suggestion) {
      const line = el("p", "fix");
      line.appendChild(el("span", "label", "Fix: "));
      line.appendChild(document.createTextNode(finding.suggestion));
      container.appendChild(line);
    }
    if (fix) {
      const button = el("button", "apply", fix.label);
      button.type = "button";
      button.addEventListener("click", onApply);
      container.appendChild(button);
    }
  }

  // Where the text of an editor is visible: its client box, cut by scrolling ancestors and the
  // viewport. Underlines outside it are not drawn.
  function visibleBox(editor) {
    const rect = editor.getBoundingClientRect();
    let box = {
      left: rect.left + editor.clientLeft, top: rect.top + editor.clientTop,
      right: rect.left + editor.clientLeft + editor.clientWidth,
      bottom: rect.top + editor.clientTop + editor.clientHeight,
    };
    for (let node = editor.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.overflowX === "visible" && style.overflowY === "visible") continue;
      const r = node.getBoundingClientRect();
      box = { left: Math.max(box.left, r.left), top: Math.max(box.top, r.top),
        right: Math.min(box.right, r.right), bottom: Math.min(box.bottom, r.bottom) };
    }
    return { left: Math.max(box.left, 0), top: Math.max(box.top, 0),
      right: Math.min(box.right, window.innerWidth), bottom: Math.min(box.bottom, window.innerHeight) };
  }

  const MIRRORED = [
    "font-family", "font-size", "font-weight", "font-style", "font-variant", "font-stretch",
    "letter-spacing", "word-spacing", "line-height", "text-transform", "text-indent", "tab-size",
    "text-align", "direction", "padding-top", "padding-right", "padding-bottom", "padding-left",
    "word-break", "overflow-wrap", "white-space",
  ];

  class View {
    constructor(editor, actions) {
      this.editor = editor;
      this.actions = actions;
      this.findings = [];
      this.fixes = [];
      this.boxes = [];
      this.report = null;
      this.snap = null;
      this.noticeShown = null;
      this.open = false;
      const { root } = ensureLayer();
      this.frame = el("div", "frame");
      this.pill = el("button", "pill");
      this.pill.type = "button";
      this.pill.setAttribute("aria-label", "bowout: what this message says to the recipient");
      this.panel = el("div", "panel");
      this.panel.hidden = true;
      this.pill.addEventListener("click", () => this.toggle());
      this.mirror = T.isTextarea(editor) ? el("div", "mirror") : null;
      for (const node of [this.frame, this.pill, this.panel, this.mirror]) if (node) root.appendChild(node);
      this.paintPill();
    }

    destroy() {
      for (const node of [this.frame, this.pill, this.panel, this.mirror]) if (node) node.remove();
      if (layer && layer.cardFor && layer.cardFor.view === this) hideCard(0);
    }

    // A check's answer: the findings to mark and the perception to show.
    render(snap, report, fixes) {
      this.snap = snap;
      this.report = report;
      this.findings = report.findings;
      this.fixes = fixes;
      this.noticeShown = null;
      this.paintPill();
      this.paintPanel();
      this.layout();
    }

    // While the user types, keep only the findings that end before the first changed character.
    typing(snap, unchangedUpTo) {
      this.snap = snap;
      const keep = [];
      this.findings.forEach((f, i) => { if (f.end16 < unchangedUpTo) keep.push(i); });
      this.findings = keep.map((i) => this.findings[i]);
      this.fixes = keep.map((i) => this.fixes[i]);
      this.pill.classList.add("checking");
      hideCard(0);
      this.layout();
    }

    notice(notice) {
      this.findings = [];
      this.fixes = [];
      this.report = null;
      const changed = !this.noticeShown || this.noticeShown.kind !== notice.kind;
      this.noticeShown = notice;
      if (changed) this.open = true;  // said plainly, without a click
      this.paintPill();
      this.paintPanel();
      this.layout();
    }

    clear() {
      this.findings = [];
      this.fixes = [];
      this.report = null;
      this.noticeShown = null;
      this.open = false;
      this.paintPill();
      this.paintPanel();
      this.layout();
    }

    toggle() {
      this.open = !this.open;
      this.paintPanel();
      this.layout();
    }

    paintPill() {
      const pill = this.pill;
      pill.replaceChildren();
      pill.className = "pill";
      pill.appendChild(el("span", "brand", "bowout"));
      if (this.noticeShown) {
        pill.classList.add("notice-" + this.noticeShown.kind);
        pill.appendChild(el("span", "count", "!"));
      } else if (this.report) {
        const n = this.findings.length;
        pill.classList.add(strongest(this.findings) || "clean");
        pill.appendChild(el("span", "count", n ? String(n) : "✓"));
      } else {
        pill.classList.add("idle");  // nothing checked yet: nothing to show
      }
      pill.setAttribute("aria-expanded", String(this.open));
    }

    paintPanel() {
      const panel = this.panel;
      panel.replaceChildren();
      panel.hidden = !this.open;
      const close = el("button", "close", "×");
      close.type = "button";
      close.setAttribute("aria-label", "Close");
      close.addEventListener("click", () => this.toggle());
      panel.appendChild(close);
      if (this.noticeShown) {
        panel.appendChild(el("p", "notice " + this.noticeShown.kind, this.noticeShown.message));
      } else if (this.report) {
        const box = el("div", "perception");
        box.appendChild(el("span", "label", "Likely remembered as"));
        const impact = this.report.perception.impact;
        box.appendChild(el("span", "badge " + impact, words(impact)));
        box.appendChild(el("q", "remembered", this.report.perception.remembered));
        box.appendChild(el("span", "hint", "Read as " + words(this.report.intent) + " · " +
          this.report.stats.words + " words"));
        panel.appendChild(box);
        if (this.findings.length) {
          const list = el("ol", "findings");
          this.findings.forEach((f, i) => {
            const item = el("li", "finding " + f.severity);
            const line = el("p", "summary");
            if (f.excerpt) line.appendChild(el("span", "excerpt", "“" + f.excerpt + "” "));
            line.appendChild(document.createTextNode(f.message));
            item.appendChild(line);
            const fix = this.fixes[i];
            if (fix) {
              const button = el("button", "apply", fix.label);
              button.type = "button";
              button.addEventListener("click", () => this.actions.apply(i));
              item.appendChild(button);
            }
            list.appendChild(item);
          });
          panel.appendChild(list);
        } else {
          panel.appendChild(el("p", "clean", "Nothing to fix: warm and decisive."));
        }
      } else {
        panel.appendChild(el("p", "hint", "bowout checks this box as you type."));
      }
      const foot = el("div", "foot");
      const mute = el("button", "quiet", "Not in this box");
      mute.type = "button";
      mute.addEventListener("click", () => this.actions.mute());
      foot.appendChild(mute);
      panel.appendChild(foot);
    }

    // Rectangles of [start, end) UTF-16 units, in viewport coordinates.
    rects(start, end) {
      if (this.mirror) return this.mirrorRects(start, end);
      const range = T.rangeOf(this.snap, start, end);
      if (!range) return [];
      if (start === end) return [this.caretRect(range, start)].filter(Boolean);
      return Array.from(range.getClientRects()).filter((r) => r.width > 0.5);
    }

    caretRect(range, at) {
      let rect = range.getBoundingClientRect();
      if (!rect.height && at > 0) {
        const before = T.rangeOf(this.snap, at - 1, at);
        const r = before && before.getBoundingClientRect();
        if (r && r.height) rect = new DOMRect(r.right, r.top, 0, r.height);
      }
      return rect.height ? new DOMRect(rect.left - 1, rect.top, 10, rect.height) : null;
    }

    mirrorRects(start, end) {
      const area = this.editor;
      const style = getComputedStyle(area);
      const rect = area.getBoundingClientRect();
      const mirror = this.mirror;
      for (const name of MIRRORED) mirror.style.setProperty(name, style.getPropertyValue(name));
      mirror.style.whiteSpace = "pre-wrap";
      mirror.style.boxSizing = "border-box";
      mirror.style.left = rect.left + area.clientLeft + "px";
      mirror.style.top = rect.top + area.clientTop - area.scrollTop + "px";
      mirror.style.width = area.clientWidth + "px";
      const text = this.snap.text;
      if (mirror.textContent !== text + "\u200b") mirror.textContent = text + "\u200b";
      const node = mirror.firstChild;
      const range = document.createRange();
      range.setStart(node, Math.min(start, text.length));
      range.setEnd(node, Math.min(end, text.length));
      if (start === end) return [this.caretRect(range, start)].filter(Boolean);
      return Array.from(range.getClientRects()).filter((r) => r.width > 0.5);
    }

    // Place everything again: after a check, a scroll, a resize.
    layout() {
      this.frame.replaceChildren();
      this.boxes = [];
      if (!this.editor.isConnected) return;
      const box = visibleBox(this.editor);
      const shown = box.right > box.left && box.bottom > box.top;
      this.pill.hidden = !shown || (!this.report && !this.noticeShown);
      this.panel.hidden = !shown || !this.open;
      if (!shown) return;
      Object.assign(this.frame.style, {
        left: box.left + "px", top: box.top + "px",
        width: box.right - box.left + "px", height: box.bottom - box.top + "px",
      });
      if (this.snap) {
        this.findings.forEach((f, index) => {
          for (const r of this.rects(f.start16, f.end16)) {
            if (r.bottom < box.top || r.top > box.bottom || r.right < box.left || r.left > box.right) continue;
            const mark = el("div", "mark " + f.severity + (f.start16 === f.end16 ? " gap" : ""));
            mark.dataset.rule = f.rule;
            mark.dataset.excerpt = this.snap.text.slice(f.start16, f.end16);
            Object.assign(mark.style, {
              left: r.left - box.left + "px", top: r.top - box.top + "px",
              width: r.width + "px", height: r.height + "px",
            });
            this.frame.appendChild(mark);
            this.boxes.push({ left: r.left, top: r.top, right: r.right, bottom: r.bottom, index });
          }
        });
      }
      const pillBox = this.pill.getBoundingClientRect();
      const pillLeft = Math.max(box.left, box.right - pillBox.width - 6);
      const pillTop = box.bottom - box.top > pillBox.height + 12
        ? box.bottom - pillBox.height - 6 : box.bottom + 4;
      Object.assign(this.pill.style, { left: pillLeft + "px", top: pillTop + "px" });
      if (this.open) this.placePanel(box, pillLeft, pillTop, pillBox);
    }

    // Beside the box when there is room (right, then left), so the text stays in view; else
    // above (or below) the pill.
    placePanel(box, pillLeft, pillTop, pillBox) {
      const width = Math.min(340, window.innerWidth - 16);
      this.panel.style.width = width + "px";
      const height = this.panel.getBoundingClientRect().height;
      const fitTop = (top) => Math.max(8, Math.min(top, window.innerHeight - height - 8));
      let left;
      let top;
      if (window.innerWidth - box.right >= width + 16) {
        left = box.right + 8;
        top = fitTop(box.bottom - height);
      } else if (box.left >= width + 16) {
        left = box.left - width - 8;
        top = fitTop(box.bottom - height);
      } else {
        left = Math.max(8, Math.min(pillLeft + pillBox.width - width, window.innerWidth - width - 8));
        const above = pillTop - height - 6;
        top = above >= 8 ? above : fitTop(pillTop + pillBox.height + 6);
      }
      Object.assign(this.panel.style, { left: left + "px", top: top + "px" });
    }

    hit(x, y) {
      for (const b of this.boxes) {
        if (x >= b.left && x <= b.right && y >= b.top - 2 && y <= b.bottom + 3) return b.index;
      }
      return -1;
    }

    // The card for one finding, under its first rectangle.
    showCard(index) {
      const finding = this.findings[index];
      if (!finding) return;
      const { card } = ensureLayer();
      window.clearTimeout(layer.hideTimer);
      if (layer.cardFor && layer.cardFor.view === this && layer.cardFor.index === index && !card.hidden) return;
      layer.cardFor = { view: this, index };
      card.replaceChildren();
      findingBody(card, finding, this.fixes[index], () => {
        hideCard(0);
        this.actions.apply(index);
      });
      card.hidden = false;
      layer.root.appendChild(card);  // last in the layer: above every panel
      const anchor = this.boxes.find((b) => b.index === index);
      if (!anchor) return;
      const width = Math.min(340, window.innerWidth - 16);
      card.style.width = width + "px";
      const height = card.getBoundingClientRect().height;
      const below = anchor.bottom + 6;
      card.style.left = Math.max(8, Math.min(anchor.left, window.innerWidth - width - 8)) + "px";
      card.style.top = (below + height < window.innerHeight ? below : Math.max(8, anchor.top - height - 6)) + "px";
    }

    cardShown() {
      return Boolean(layer && layer.cardFor && layer.cardFor.view === this && !layer.card.hidden);
    }
  }

  ns.marks = { View, hideCard, layerHost: () => (layer ? layer.host : null) };
})(globalThis.Bowout || (globalThis.Bowout = {}));
