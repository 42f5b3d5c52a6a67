// bowout: a little progressive JavaScript. Every page works without it; with it, the editor
// checks the message as you type and highlights findings in place, drafts are kept as they are
// typed, zone inputs start from the browser's zone, and copy / mail links work on the text as
// edited. User text only ever reaches the page through textContent.
"use strict";

(function () {
  const API_HEADERS = {
    "Content-Type": "application/json",
    "X-Bowout-Client": "web",
  };
  const tokenMeta = document.querySelector('meta[name="csrf-token"]');
  if (tokenMeta) API_HEADERS["X-CSRF-Token"] = tokenMeta.getAttribute("content") || "";

  // The checker counts code points; JavaScript strings count UTF-16 units.
  function utf16Index(text, codePoint) {
    let units = 0;
    let seen = 0;
    for (const ch of text) {
      if (seen >= codePoint) break;
      units += ch.length;
      seen += 1;
    }
    return units;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // Split the text at every finding boundary; each piece knows which findings cover it.
  function segments(text, findings) {
    const cuts = new Set([0, text.length]);
    const spans = findings.map(function (f) {
      const start = Math.min(utf16Index(text, f.start), text.length);
      const end = Math.min(utf16Index(text, f.end), text.length);
      cuts.add(start);
      cuts.add(end);
      return { start: start, end: Math.max(start, end), severity: f.severity };
    });
    const points = Array.from(cuts).sort(function (a, b) { return a - b; });
    const out = [];
    points.forEach(function (point, i) {
      spans.forEach(function (s, index) {
        if (s.start === s.end && s.start === point) {
          out.push({ gap: true, text: "", findings: [index], severity: s.severity });
        }
      });
      if (i + 1 >= points.length) return;
      const next = points[i + 1];
      const covering = [];
      spans.forEach(function (s, index) {
        if (s.start < s.end && s.start <= point && next <= s.end) covering.push(index);
      });
      out.push({ gap: false, text: text.slice(point, next), findings: covering,
                 severity: strongest(covering.map(function (k) { return spans[k].severity; })) });
    });
    return out;
  }

  function strongest(severities) {
    for (const level of ["error", "warning", "suggestion"]) {
      if (severities.indexOf(level) >= 0) return level;
    }
    return "";
  }

  function paintBackdrop(backdrop, text, findings) {
    backdrop.replaceChildren();
    segments(text, findings).forEach(function (seg) {
      if (!seg.gap && !seg.severity) {
        backdrop.appendChild(document.createTextNode(seg.text));
        return;
      }
      const mark = el("mark", (seg.gap ? "gap " : "") + seg.severity, seg.text);
      mark.dataset.finding = seg.findings.join(" ");
      backdrop.appendChild(mark);
    });
    // A trailing newline makes the backdrop as tall as the textarea when the text ends in one.
    backdrop.appendChild(document.createTextNode("\n"));
  }

  function renderFindings(list, report, onPick) {
    list.replaceChildren();
    report.findings.forEach(function (f, index) {
      const item = el("li", "finding " + f.severity);
      item.dataset.index = String(index);
      item.dataset.start = String(f.start);
      item.dataset.end = String(f.end);
      const head = el("div", "finding-head");
      head.appendChild(el("span", "badge " + f.severity, f.severity));
      const rule = el("a", "finding-rule", f.rule);
      rule.href = "/rules/" + encodeURIComponent(f.rule);
      head.appendChild(rule);
      if (f.excerpt) head.appendChild(el("span", "finding-excerpt", "“" + f.excerpt + "”"));
      item.appendChild(head);
      item.appendChild(el("p", "", f.message));
      if (f.suggestion) item.appendChild(el("p", "suggestion-text", f.suggestion));
      const show = el("button", "quiet small", "Show in the text");
      show.type = "button";
      show.addEventListener("click", function () { onPick(f); });
      item.appendChild(show);
      list.appendChild(item);
    });
    const section = list.parentElement;
    const clean = section ? section.querySelector("[data-clean]") : null;
    if (report.findings.length === 0) {
      if (!clean && section) {
        const note = el("p", "clean", "Nothing to fix: this reads as warm and decisive.");
        note.dataset.clean = "";
        section.appendChild(note);
      }
    } else if (clean) {
      clean.remove();
    }
  }

  function renderPerception(box, report) {
    if (!box) return;
    box.replaceChildren();
    box.appendChild(el("span", "label", "Likely remembered as"));
    const wrap = el("span");
    wrap.appendChild(el("span", "badge " + report.perception.impact,
                        report.perception.impact.replace(/_/g, " ")));
    box.appendChild(wrap);
    box.appendChild(el("q", "", report.perception.remembered));
    box.appendChild(el("span", "hint", "Read as: " + report.intent.replace(/_/g, " ") +
                       " · " + report.stats.words + " words"));
  }

  function liveEditor(editor) {
    const textarea = editor.querySelector("textarea");
    const backdrop = editor.querySelector(".editor-backdrop");
    const list = document.getElementById(editor.dataset.findings || "");
    const box = document.getElementById(editor.dataset.perception || "");
    const status = editor.parentElement.querySelector("[data-check-status]");
    if (!textarea || !backdrop) return;
    let timer = 0;
    let inflight = null;
    let last = null;

    function pick(f) {
      const text = textarea.value;
      textarea.focus();
      textarea.setSelectionRange(utf16Index(text, f.start), utf16Index(text, f.end));
    }

    // The editor grows with the message, so the whole text and its marks stay in view.
    function fit() {
      textarea.style.height = "auto";
      textarea.style.height = (textarea.scrollHeight + 2) + "px";
    }

    function syncScroll() {
      backdrop.scrollTop = textarea.scrollTop;
      backdrop.scrollLeft = textarea.scrollLeft;
    }

    async function run() {
      const text = textarea.value;
      if (inflight) inflight.abort();
      if (!text.trim()) {
        paintBackdrop(backdrop, text, []);
        if (list) list.replaceChildren();
        if (status) status.textContent = "";
        return;
      }
      inflight = new AbortController();
      const body = { text: text };
      // A form field (the check page's intent menu) wins over the page's fixed intent.
      const intentField = document.getElementById(editor.dataset.intentField || "");
      const intent = intentField && intentField.value ? intentField.value : editor.dataset.intent;
      if (intent) body.intent = intent;
      if (editor.dataset.interviewAt) body.interview_at = editor.dataset.interviewAt;
      if (editor.dataset.sentAt) body.sent_at = editor.dataset.sentAt;
      try {
        const response = await fetch("/api/v1/check", {
          method: "POST", headers: API_HEADERS, body: JSON.stringify(body),
          signal: inflight.signal, credentials: "same-origin",
        });
        const report = await response.json();
        if (!response.ok) {
          if (status) status.textContent = report.message || "The check did not run.";
          return;
        }
        if (textarea.value !== text) return;  // the user typed on; a newer check follows
        last = report;
        paintBackdrop(backdrop, text, report.findings);
        syncScroll();
        if (list) renderFindings(list, report, pick);
        renderPerception(box, report);
        if (status) {
          const n = report.findings.length;
          status.textContent = n === 0 ? "Checked: nothing to fix." :
            "Checked: " + n + (n === 1 ? " thing" : " things") + " to look at.";
        }
        editor.dataset.checked = String(Date.now());
      } catch (error) {
        if (error && error.name === "AbortError") return;
        if (status) status.textContent = "The live check is unavailable; the page still works.";
      }
    }

    textarea.addEventListener("input", fit);
    textarea.addEventListener("input", function () {
      // Keep the old marks roughly in place while typing: repaint plain text until the check returns.
      if (last) paintBackdrop(backdrop, textarea.value, []);
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 250);
      if (status) status.textContent = "Checking…";
    });
    textarea.addEventListener("scroll", syncScroll);
    const intentField = document.getElementById(editor.dataset.intentField || "");
    if (intentField) intentField.addEventListener("change", run);
    if (list) {
      list.querySelectorAll(".finding").forEach(function (item) {
        const show = el("button", "quiet small", "Show in the text");
        show.type = "button";
        show.addEventListener("click", function () {
          pick({ start: Number(item.dataset.start), end: Number(item.dataset.end) });
        });
        item.appendChild(show);
      });
    }
    fit();
    run();
  }

  function copyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", async function () {
        const parts = (button.dataset.copy || "").split(" ").map(function (id) {
          const field = document.getElementById(id);
          return field ? field.value : "";
        });
        const text = parts.filter(Boolean).join("\n\n");
        const label = button.textContent;
        try {
          await navigator.clipboard.writeText(text);
          button.textContent = "Copied";
        } catch (error) {
          button.textContent = "Select and copy by hand";
        }
        window.setTimeout(function () { button.textContent = label; }, 1600);
      });
    });
  }

  function mailtoLinks() {
    document.querySelectorAll("a[data-mailto]").forEach(function (link) {
      function update() {
        const subject = document.getElementById(link.dataset.subject || "");
        const body = document.getElementById(link.dataset.body || "");
        const address = document.getElementById(link.dataset.mailtoField || "");
        const to = address ? address.value.trim() : (link.dataset.mailto || "");
        const query = "subject=" + encodeURIComponent(subject ? subject.value : "") +
          "&body=" + encodeURIComponent(body ? body.value : "");
        link.href = "mailto:" + encodeURIComponent(to).replace(/%40/g, "@") + "?" + query;
      }
      link.addEventListener("focus", update);
      link.addEventListener("mouseenter", update);
      link.addEventListener("click", update);
    });
  }

  function confirmations() {
    document.querySelectorAll("[data-confirm]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (!window.confirm(button.dataset.confirm)) event.preventDefault();
      });
    });
  }

  // A draft is kept in the store as it is edited: a pause in typing saves it, and so does
  // leaving the page, so a reload, a closed tab or an error loses nothing.
  function autosave(editor) {
    const key = editor.dataset.autosave;
    const textarea = editor.querySelector("textarea");
    if (!key || !textarea) return;
    const subject = document.getElementById(editor.dataset.autosaveSubjectField || "");
    const status = editor.parentElement.querySelector("[data-autosave-status]");
    let timer = 0;
    let saved = textarea.value + "\u0000" + (subject ? subject.value : "");

    function payload() {
      const body = { body: textarea.value };
      if (subject) body.subject = subject.value;
      if (editor.dataset.autosaveProcess) body.process = editor.dataset.autosaveProcess;
      return body;
    }

    async function save(leaving) {
      window.clearTimeout(timer);
      const now = textarea.value + "\u0000" + (subject ? subject.value : "");
      if (now === saved) return;
      try {
        const response = await fetch("/api/v1/drafts/" + encodeURIComponent(key), {
          method: "PUT", headers: API_HEADERS, body: JSON.stringify(payload()),
          credentials: "same-origin", keepalive: Boolean(leaving),
        });
        if (!response.ok) {
          const problem = await response.json().catch(function () { return {}; });
          if (status) status.textContent = "Not kept: " + (problem.message || "the draft could not be saved.");
          return;
        }
        saved = now;
        editor.dataset.saved = String(Date.now());
        if (status) {
          const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
          status.textContent = "Kept at " + time + ": a reload loses nothing.";
        }
      } catch (error) {
        if (status) status.textContent = "Not kept just now; it will try again as you type.";
      }
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 700);
    }
    textarea.addEventListener("input", later);
    if (subject) subject.addEventListener("input", later);
    window.addEventListener("pagehide", function () { save(true); });
    const form = textarea.form;
    if (form) form.addEventListener("submit", function () { save(true); });
  }

  // Until the user chose a time zone, every zone input offers the browser's, not UTC.
  function browserZone() {
    if (!document.body.hasAttribute("data-zone-unset")) return;
    let zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { return; }
    if (!zone) return;
    document.querySelectorAll("input[data-zone]").forEach(function (input) {
      if (input.getAttribute("aria-invalid") === "true") return;  // what the user typed stays
      if (input.value === "" || input.value === "UTC") {
        input.value = zone;
        input.dataset.fromBrowser = "";
      }
    });
  }

  // The assistant: the inputs the chosen reason needs are marked before the form is sent.
  function reasonNeeds() {
    const radios = document.querySelectorAll("input[name=reason][data-needs]");
    if (!radios.length) return;
    function mark() {
      const chosen = document.querySelector("input[name=reason]:checked");
      const needed = chosen ? (chosen.dataset.needs || "").split(" ").filter(Boolean) : [];
      document.querySelectorAll("[data-needed-for]").forEach(function (box) {
        const input = box.querySelector("input, select, textarea");
        const on = Boolean(input && needed.indexOf(input.id) >= 0);
        box.classList.toggle("needed", on);
        const badge = box.querySelector(".needed-mark");
        if (badge) badge.hidden = !on;
        if (input) {
          if (on) input.setAttribute("aria-required", "true");
          else input.removeAttribute("aria-required");
        }
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", mark); });
    mark();
  }

  // After a refused form, the first input to fix has the focus.
  function focusProblem() {
    const problem = document.querySelector("[data-form-problem]");
    if (!problem) return;
    const form = problem.closest("form");
    const first = (form || document).querySelector("[aria-invalid=true]");
    if (first && typeof first.focus === "function") {
      first.focus();
      if (first.scrollIntoView) first.scrollIntoView({ block: "center" });
    }
  }

  browserZone();
  document.querySelectorAll("[data-live-check]").forEach(liveEditor);
  document.querySelectorAll("[data-autosave]").forEach(autosave);
  copyButtons();
  mailtoLinks();
  confirmations();
  reasonNeeds();
  focusProblem();
})();
