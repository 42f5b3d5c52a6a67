"""The web app's guard: access token, CSRF, request size limits and security headers.

One pure ASGI middleware, so every request pays for these checks once and the fast JSON endpoints
stay fast. Why each check exists:

- Access token: on a loopback address only the user's own machine can connect; anywhere else a
  token is required on every request (``Authorization: Bearer``, or the session cookie set by
  /login; see ``access`` for sessions and the throttle on wrong tokens).
- Host: without a token only loopback names are answered (DNS rebinding), and never a request a
  proxy passed on; a request with two Host headers is refused, whatever they say.
- CSRF: any web page the user visits could make the browser post to 127.0.0.1. Forms carry a
  token signed with the app's secret and bound to a random cookie (signed double submit). The
  JSON API instead requires a custom header (``X-Bowout-Client``): browsers never send custom
  headers cross-origin without a CORS preflight, which this app never grants.
- Size limits: a body is refused with 413 before it is read past the limit, announced or not.
- HEAD is answered as GET without the body, wherever GET is.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bowout.config import is_loopback
from bowout.web.access import Access, client_key, wait_words

CSRF_COOKIE = "bowout_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
API_HEADER = "x-bowout-client"
SESSION_COOKIE = "bowout_session"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
# Pages show the user's private data: never kept in a cache. Static files may be, revalidated.
NO_STORE = (b"cache-control", b"no-store")
REVALIDATE = (b"cache-control", b"no-cache")
# JSON is never rendered as a page: it needs no policy for scripts or frames, only these.
API_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"cross-origin-resource-policy", b"same-origin"),
    NO_STORE,
)
# Paths reachable without the access token: the login form and what it needs to render.
_OPEN_PATHS = ("/login", "/static/")
# Headers a reverse proxy adds: a bowout without a token answers its own machine only.
_FORWARDED = ("forwarded", "x-forwarded-for", "x-real-ip")
_Refusal = tuple[int, str, str, Sequence[tuple[bytes, bytes]]]


# The calendar feed: calendar apps subscribe with the address alone, so off loopback it takes a
# key in the query, derived from the token (it opens the feed and nothing else).
FEED_PATH = "/calendar.ics"


def feed_key(token: str) -> str:
    return hmac.new(token.encode(), b"bowout calendar feed", hashlib.sha256).hexdigest()[:32]


def _query_value(query: bytes, name: str) -> str:
    from urllib.parse import parse_qs

    values = parse_qs(query.decode("latin-1")).get(name, [])
    return values[0] if values else ""


class Signer:
    """HMAC signatures with the app's secret (random per process unless given)."""

    def __init__(self, secret: bytes | None = None) -> None:
        self.secret = secret or secrets.token_bytes(32)

    def sign(self, value: str) -> str:
        return hmac.new(self.secret, value.encode(), hashlib.sha256).hexdigest()

    def valid(self, value: str, signature: str) -> bool:
        return bool(value) and hmac.compare_digest(self.sign(value), signature)


class Guard:
    """ASGI middleware applying the checks described in the module docstring."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        signer: Signer,
        access: Access | None,
        max_body: int,
        large_bodies: dict[str, int],
    ) -> None:
        self.app = app
        self.signer = signer
        self.access = access
        self.max_body = max_body
        self.large_bodies = large_bodies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = _headers(scope)
        is_api = path.startswith("/api/")
        cookies = _cookies(headers.get("cookie", "")) if self.access or not is_api else {}
        head = scope["method"] == "HEAD"
        if head:  # a copy: the server reads the method it was sent from its own scope
            scope = {**scope, "method": "GET"}
        secure = "; Secure" if scope.get("scheme") == "https" else ""

        # The JSON API needs no CSRF cookie; pages get one, and the token bound to it.
        nonce = cookies.get(CSRF_COOKIE, "")
        new_cookie = not is_api and not (
            16 <= len(nonce) <= 64 and nonce.isascii() and nonce.isalnum()
        )
        if new_cookie:
            nonce = secrets.token_hex(16)
        if not is_api:
            scope.setdefault("state", {})["csrf_token"] = self.signer.sign(nonce)
        if is_api:
            extra = API_HEADERS
        else:
            extra = (*SECURITY_HEADERS, REVALIDATE if path.startswith("/static/") else NO_STORE)
        if new_cookie:
            cookie = f"{CSRF_COOKIE}={nonce}; Path=/; HttpOnly; SameSite=Strict{secure}".encode()
            extra = (*extra, (b"set-cookie", cookie))

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                own = list(message.get("headers", ()))
                present = {name for name, _ in own}
                message["headers"] = own + [(k, v) for k, v in extra if k not in present]
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        if sum(1 for name, _ in scope["headers"] if name == b"host") > 1:
            # Which one counts would depend on who reads it: the Host check could see another.
            message = "the request has more than one Host header"
            await _refuse(send_guarded, is_api, 400, "BadRequest", message)
            return
        if not self.access and (
            not is_loopback(_hostname(headers.get("host", "")))
            or any(name in headers for name in _FORWARDED)
        ):
            # Without a token only this machine may ask; a page whose own domain was pointed
            # at 127.0.0.1 (DNS rebinding) would otherwise read the user's data, and a proxy
            # would hand it to the network.
            message = "this bowout answers on 127.0.0.1 (or localhost) only"
            await _refuse(send_guarded, is_api, 403, "Forbidden", message)
            return
        paired = _paired_extension(scope)
        if self.access and not paired:
            refusal = self._refusal(scope, path, headers, cookies)
            if refusal:
                await _refuse(send_guarded, is_api, *refusal)
                return

        limit = self.max_body
        for prefix, size in self.large_bodies.items():
            if path.startswith(prefix):
                limit = size
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(send_guarded, is_api, 413, "TooLarge", _too_large(limit))
            return

        if scope["method"] not in UNSAFE_METHODS:
            await self.app(scope, receive, send_guarded)
            return
        if not paired and not _same_origin(headers):
            await _refuse(send_guarded, is_api, 403, "Forbidden", "cross-site request refused")
            return
        if is_api and not headers.get(API_HEADER):
            message = f"missing {API_HEADER} header (any value; it shows the call is no form)"
            await _refuse(send_guarded, True, 403, "Forbidden", message)
            return

        # Read here, so a body sent in chunks without a length meets the same limit and answer.
        body = await _read_body(receive, limit)
        if body is None:
            await _refuse(send_guarded, is_api, 413, "TooLarge", _too_large(limit))
            return
        if is_api:
            await self.app(scope, _replay(body, receive), send_guarded)
            return
        sent = headers.get(CSRF_HEADER) or _form_field(headers.get("content-type", ""), body)
        if new_cookie or not sent or not self.signer.valid(nonce, sent):
            message = "this form has expired; reload the page and try again"
            await _refuse(send_guarded, is_api, 403, "Forbidden", message)
            return
        await self.app(scope, _replay(body, receive), send_guarded)

    def _refusal(
        self, scope: Scope, path: str, headers: dict[str, str], cookies: dict[str, str]
    ) -> _Refusal | None:
        """Why a request in token mode is refused, or None when it may pass."""
        assert self.access is not None
        if path == _OPEN_PATHS[0] or path.startswith(_OPEN_PATHS[1]):
            return None
        if path == FEED_PATH and hmac.compare_digest(
            _query_value(scope.get("query_string", b""), "key").encode(),
            feed_key(self.access.token.decode()).encode(),
        ):
            return None  # a calendar app subscribed to the feed: it can send no header
        bearer = headers.get("authorization", "")
        if bearer.startswith("Bearer "):
            client = client_key((scope.get("client") or ("", 0))[0])
            verdict = self.access.attempt(client, bearer[7:].strip())
            if verdict.accepted:
                return None
            retry = [(b"retry-after", str(verdict.wait).encode())] if verdict.wait else []
            if not verdict.heard:
                words = f"too many wrong tokens from your address; {wait_words(verdict.wait)}"
                return 429, "TooManyRequests", words, retry
            return 401, "Unauthorized", "that access token is not right", retry
        if self.access.sessions.valid(cookies.get(SESSION_COOKIE, "")):
            scope.setdefault("state", {})["signed_in"] = True
            return None
        return 401, "Unauthorized", "an access token is needed", ()


def _paired_extension(scope: Scope) -> bool:
    """Admitted by pairing.Gate: the paired browser extension, on the check endpoints only."""
    return bool(scope.get("state", {}).get("paired_extension"))


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}


def _cookies(raw: str) -> dict[str, str]:
    if not raw:
        return {}
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed cookie header is treated as no cookies
        return {}
    return {key: morsel.value for key, morsel in jar.items()}


def _same_origin(headers: dict[str, str]) -> bool:
    """Browsers say where a request comes from; anything but this site (or the user) is refused."""
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None:
        return True  # not a browser, or an old one: the CSRF token still has to match
    return origin.split("://", 1)[-1] == headers.get("host", "")


def _too_large(limit: int) -> str:
    return f"the request is larger than {limit // 1024} KiB; send a smaller message or file"


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _form_field(content_type: str, body: bytes) -> str:
    """The CSRF field of a urlencoded or multipart form, without parsing the whole form."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        values = parse_qs(body.decode("latin-1"), max_num_fields=1000).get(CSRF_FIELD, [""])
        return values[0]
    if content_type.startswith("multipart/form-data"):
        marker = f'name="{CSRF_FIELD}"'.encode()
        at = body.find(marker)
        if at < 0:
            return ""
        start = body.find(b"\r\n\r\n", at)
        end = body.find(b"\r\n", start + 4)
        if start < 0 or end < 0:
            return ""
        return body[start + 4 : end].decode("latin-1").strip()
    return ""


async def _refuse(
    send: Send,
    is_api: bool,
    status: int,
    error: str,
    message: str,
    headers: Sequence[tuple[bytes, bytes]] = (),
) -> None:
    if is_api:
        body = json.dumps({"error": error, "message": message, "field": None}).encode()
        content_type = b"application/json"
    else:
        body = _refusal_page(status, message).encode()
        content_type = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _refusal_page(status: int, message: str) -> str:
    login = '<p><a href="/login">Sign in with your access token</a></p>' if status == 401 else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>bowout — {status}</title><link rel="stylesheet" href="/static/app.css"></head>'
        f'<body><main class="page narrow"><h1>Not this time</h1><p>{message}</p>{login}'
        '<p><a href="/">Back to Today</a></p></main></body></html>'
    )
