// The toolbar popup: is bowout answering, and is this site turned on? One click changes it.
import { originOf, patternFor } from "./sites.js";

const $ = (id) => document.getElementById(id);

async function sites() {
  const { sites } = await chrome.storage.local.get("sites");
  return Array.isArray(sites) ? sites : [];
}

async function showSite(origin) {
  const on = (await sites()).includes(origin);
  $("site-part").hidden = false;
  $("site-line").textContent = on
    ? "Checks compose boxes on " + new URL(origin).host + "."
    : "Off on " + new URL(origin).host + ": nothing here is read.";
  const toggle = $("toggle");
  toggle.textContent = on ? "Turn off here" : "Turn on here";
  toggle.className = on ? "quiet" : "";
  toggle.onclick = async () => {
    if (!on) {
      const granted = await chrome.permissions.request({ origins: [patternFor(origin)] });
      if (!granted) return;
      await chrome.runtime.sendMessage({ kind: "sites", sites: [...(await sites()), origin] });
    } else {
      await chrome.runtime.sendMessage({ kind: "sites", sites: (await sites()).filter((s) => s !== origin) });
    }
    await showSite(origin);
  };
}

$("options").addEventListener("click", () => chrome.runtime.openOptionsPage());

(async () => {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  const origin = tab && tab.url ? originOf(tab.url) : null;
  if (origin && /^https?:/.test(origin)) await showSite(origin);
  const status = await chrome.runtime.sendMessage({ kind: "status" });
  const line = $("server-status");
  line.textContent = status.message;
  line.className = "status " + (status.ok ? "ok" : "error");
})();
