// Sites, match patterns and the bowout address: shared by the service worker and the pages.

export const DEFAULT_SERVER = "http://127.0.0.1:8765";
export const SCRIPT_ID = "bowout-compose";
// The content scripts, in order: they share one namespace (globalThis.Bowout).
export const CONTENT_SCRIPTS = ["content/text.js", "content/marks.js", "content/main.js"];

// The compose boxes people write their no in. Any other site can be added by its address.
export const PRESETS = [
  { name: "Gmail", origins: ["https://mail.google.com"] },
  {
    name: "Outlook on the web",
    origins: ["https://outlook.office.com", "https://outlook.office365.com", "https://outlook.live.com"],
  },
  { name: "LinkedIn messaging", origins: ["https://www.linkedin.com"] },
];

// "mail.example.com", "https://mail.example.com/u/0/" -> "https://mail.example.com"; null if not a site.
export function originOf(input) {
  let text = String(input || "").trim();
  if (!text) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = "https://" + text;
  let url;
  try {
    url = new URL(text);
  } catch (error) {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (!url.hostname || url.username || url.password) return null;
  return url.origin;
}

// The match pattern for every page of a site (its port included, when it has one).
export function patternFor(origin) {
  return origin + "/*";
}

// bowout runs on this machine: the extension may talk to loopback addresses only.
export function serverOf(input) {
  const origin = originOf(String(input || "").trim().replace(/^(?![a-z]+:\/\/)/i, "http://"));
  if (!origin) return null;
  const url = new URL(origin);
  if (url.protocol !== "http:") return null;
  if (url.hostname !== "127.0.0.1" && url.hostname !== "localhost") return null;
  return origin;
}

