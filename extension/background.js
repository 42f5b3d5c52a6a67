// The service worker: the only part that talks to bowout, and only to the local app.
//
// Content scripts hand it the text of a compose box on a site the user turned on; it posts the
// text to bowout's /api/v1/check on 127.0.0.1 (or localhost) with the pairing code, and answers
// with the report or a plain notice. It also keeps the content scripts registered for exactly
// the sites in the settings. Nothing is stored but the settings: address, code, sites.

import { CONTENT_SCRIPTS, DEFAULT_SERVER, SCRIPT_ID, originOf, patternFor, serverOf } from "./sites.js";

const TIMEOUT_MS = 8000;

async function settings() {
  const stored = await chrome.storage.local.get(["server", "code", "sites"]);
  return {
    server: serverOf(stored.server) || DEFAULT_SERVER,
    code: typeof stored.code === "string" ? stored.code : "",
    sites: Array.isArray(stored.sites) ? stored.sites.filter((site) => originOf(site) === site) : [],
  };
}

// --- talking to bowout -------------------------------------------------------------------------

async function post(server, path, code, body) {
  let response;
  try {
    response = await fetch(server + path, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Bowout-Client": "extension",
        "X-Bowout-Pairing": code,
      },
      body: JSON.stringify(body),
      credentials: "omit",
      cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    return { notice: downNotice(server) };
  }
  let data = null;
  try {
    data = await response.json();
  } catch (error) {
    data = null;
  }
  if (response.ok && data) return { data };
  const said = data && typeof data.message === "string" ? data.message : "";
  if (response.status === 401 || response.status === 403) {
    return { notice: { kind: "pairing", message: said || "bowout refused this browser: pair it again." } };
  }
  if (!data || !("error" in data)) {
    // Something answers at this address, but it is not bowout.
    return { notice: downNotice(server) };
  }
  return { notice: { kind: "error", message: said || "bowout could not check this text." } };
}

function downNotice(server) {
  return {
    kind: "down",
    message: `bowout is not running at ${server}. Start it (bowout serve), then type on: ` +
      "nothing is checked, and nothing is sent anywhere else, until it answers.",
  };
}

async function check(message, sender) {
  const { server, code, sites } = await settings();
  // Only a page of a site the user turned on may ask; anything else gets nothing back.
  const origin = sender.origin || (sender.url ? new URL(sender.url).origin : "");
  if (!sender.tab || !sites.includes(origin)) {
    return { notice: { kind: "off", message: "bowout is not turned on for this site." } };
  }
  if (typeof message.text !== "string") return { notice: { kind: "error", message: "no text" } };
  if (!code) {
    return {
      notice: {
        kind: "pairing",
        message: "This browser is not paired with bowout yet: make a pairing code in bowout's " +
          "Settings, then enter it in this extension's options.",
      },
    };
  }
  const body = { text: message.text };
  if (typeof message.intent === "string" && message.intent) body.intent = message.intent;
  const answer = await post(server, "/api/v1/check", code, body);
  return answer.notice ? { notice: answer.notice } : { report: answer.data };
}

async function pair(message) {
  const server = serverOf(message.server);
  if (!server) {
    return { ok: false, message: "bowout's address is on this machine: http://127.0.0.1:PORT or http://localhost:PORT." };
  }
  const code = String(message.code || "").trim();
  if (!code) return { ok: false, message: "Enter the pairing code from bowout's Settings." };
  const answer = await post(server, "/api/v1/extension/pair", code, {});
  if (answer.notice) return { ok: false, message: answer.notice.message };
  await chrome.storage.local.set({ server, code });
  return { ok: true, message: `Paired with bowout at ${server}.` };
}

async function status() {
  const { server, code, sites } = await settings();
  if (!code) return { ok: false, server, sites, message: "Not paired with bowout yet." };
  const answer = await post(server, "/api/v1/extension/pair", code, {});
  if (answer.notice) return { ok: false, server, sites, message: answer.notice.message };
  return { ok: true, server, sites, message: `Paired with bowout at ${server}.` };
}

// --- where the content scripts run ------------------------------------------------------------

async function register(sites) {
  const registered = await chrome.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (registered.length) await chrome.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  const matches = [];
  for (const site of sites) {
    if (await chrome.permissions.contains({ origins: [patternFor(site)] })) matches.push(patternFor(site));
  }
  if (!matches.length) return;
  await chrome.scripting.registerContentScripts([{
    id: SCRIPT_ID,
    matches,
    js: CONTENT_SCRIPTS,
    runAt: "document_idle",
    allFrames: true,
    persistAcrossSessions: true,
  }]);
}

async function setSites(wanted) {
  const before = (await settings()).sites;
  const sites = [...new Set((Array.isArray(wanted) ? wanted : []).map(originOf).filter(Boolean))];
  await chrome.storage.local.set({ sites });
  await register(sites);
  for (const site of sites.filter((s) => !before.includes(s))) await startIn(site);
  for (const site of before.filter((s) => !sites.includes(s))) {
    await stopIn(site);
    // Give the access back; the loopback hosts are part of the extension and stay.
    await chrome.permissions.remove({ origins: [patternFor(site)] }).catch(() => false);
  }
  return { ok: true, sites };
}

// A site turned on starts in its open tabs at once; one turned off stops there.
async function startIn(site) {
  const tabs = await chrome.tabs.query({ url: patternFor(site) }).catch(() => []);
  for (const tab of tabs) {
    await chrome.scripting.executeScript({ target: { tabId: tab.id, allFrames: true }, files: CONTENT_SCRIPTS })
      .catch(() => null);
  }
}

async function stopIn(site) {
  const tabs = await chrome.tabs.query({ url: patternFor(site) }).catch(() => []);
  for (const tab of tabs) await chrome.tabs.sendMessage(tab.id, { kind: "stop" }).catch(() => null);
}

// --- messages from the content scripts and the extension's pages ------------------------------

function fromOwnPage(sender) {
  // Content scripts send from the web page's address; the extension's pages from its own.
  return sender.id === chrome.runtime.id && (sender.url || "").startsWith(chrome.runtime.getURL(""));
}

let style = null;

async function handle(message, sender) {
  if (sender.id !== chrome.runtime.id || !message || typeof message.kind !== "string") return null;
  switch (message.kind) {
    case "check":
      return check(message, sender);
    case "style":
      style = style || (await (await fetch(chrome.runtime.getURL("content/marks.css"))).text());
      return { css: style };
  }
  if (!fromOwnPage(sender)) return null;  // pairing and sites: the options page and the popup only
  switch (message.kind) {
    case "pair":
      return pair(message);
    case "status":
      return status();
    case "sites":
      return setSites(message.sites);
  }
  return null;
}

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  handle(message, sender).then(reply, (error) => reply({ notice: { kind: "error", message: String(error) } }));
  return true;  // the answer comes asynchronously
});

chrome.runtime.onInstalled.addListener(async () => register((await settings()).sites));
chrome.runtime.onStartup.addListener(async () => register((await settings()).sites));
