// The options page: pair with bowout, and choose the sites whose compose boxes are checked.
import { DEFAULT_SERVER, PRESETS, originOf, patternFor, serverOf } from "./sites.js";

const $ = (id) => document.getElementById(id);

function say(id, text, ok) {
  const line = $(id);
  line.textContent = text;
  line.className = "status " + (ok ? "ok" : "error");
}

async function currentSites() {
  const { sites } = await chrome.storage.local.get("sites");
  return Array.isArray(sites) ? sites : [];
}

// The browser asks the user for access to the site; only then is it turned on.
async function turnOn(origins) {
  // permissions.request must be the first thing a click does (it needs the user's gesture).
  const granted = await chrome.permissions.request({ origins: origins.map(patternFor) });
  if (!granted) {
    say("site-status", "Not turned on: the browser did not get your permission for " + origins.join(", ") + ".", false);
    return;
  }
  const sites = [...new Set([...(await currentSites()), ...origins])];
  await chrome.runtime.sendMessage({ kind: "sites", sites });
  say("site-status", "Turned on for " + origins.join(", ") + ".", true);
  await show();
}

async function turnOff(origins) {
  const sites = (await currentSites()).filter((site) => !origins.includes(site));
  await chrome.runtime.sendMessage({ kind: "sites", sites });
  say("site-status", "Turned off for " + origins.join(", ") + ".", true);
  await show();
}

async function show() {
  const sites = await currentSites();
  const presets = $("presets");
  presets.replaceChildren();
  const named = new Set();
  for (const preset of PRESETS) {
    preset.origins.forEach((o) => named.add(o));
    const label = document.createElement("label");
    label.className = "check";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = preset.origins.every((o) => sites.includes(o));
    box.addEventListener("change", () => (box.checked ? turnOn(preset.origins) : turnOff(preset.origins)));
    label.append(box, preset.name + " ", Object.assign(document.createElement("span"), {
      className: "hint", textContent: preset.origins.map((o) => new URL(o).host).join(", "),
    }));
    presets.appendChild(label);
  }
  const list = $("sites");
  list.replaceChildren();
  for (const site of sites.filter((s) => !named.has(s))) {
    const item = document.createElement("li");
    const off = document.createElement("button");
    off.type = "button";
    off.className = "quiet";
    off.textContent = "Turn off";
    off.setAttribute("aria-label", "Turn off for " + site);
    off.addEventListener("click", () => turnOff([site]));
    item.append(Object.assign(document.createElement("code"), { textContent: site }), off);
    list.appendChild(item);
  }
}

$("site-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const origin = originOf($("site").value);
  if (!origin) {
    say("site-status", "That is not a site's address: write it like https://mail.example.com.", false);
    return;
  }
  $("site").value = "";
  turnOn([origin]);
});

$("pair-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const server = serverOf($("server").value);
  if (!server) {
    say("pair-status", "bowout runs on this machine: its address is http://127.0.0.1:PORT or http://localhost:PORT.", false);
    return;
  }
  say("pair-status", "Pairing…", true);
  const answer = await chrome.runtime.sendMessage({ kind: "pair", server, code: $("code").value });
  say("pair-status", answer.message, answer.ok);
});

(async () => {
  const { server, code } = await chrome.storage.local.get(["server", "code"]);
  $("server").value = server || DEFAULT_SERVER;
  $("code").value = code || "";
  await show();
  if (code) {
    const status = await chrome.runtime.sendMessage({ kind: "status" });
    say("pair-status", status.message, status.ok);
  }
})();
