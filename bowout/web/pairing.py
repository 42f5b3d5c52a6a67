"""Pairing with the browser extension: one code, made in Settings, bound to the first extension
that uses it, and good for checking messages only.

The extension's service worker calls this app from ``Origin: chrome-extension://<id>``
(``moz-extension://`` in Firefox). No web page can send such an origin, and no other extension
can send ours, so the origin is what pairing binds:

- A request from any extension origin is refused unless it is for ``EXTENSION_PATHS`` (checking a
  message, and pairing itself) and carries the code in ``X-Bowout-Pairing``.
- The first extension to present a fresh code is bound to it; from then on the code works from
  that origin only. Making a new code, or forgetting the pairing, ends it.
- CORS is answered for that origin on those paths only; every other endpoint stays same-origin.

The code is shown once and kept as a SHA-256 hash, with the origin it is bound to, in a small JSON
file beside the config file. ``Gate`` is the ASGI middleware doing the above; it runs in front of
``security.Guard``, which lets an admitted request through its origin and token checks.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bowout.web.deps import render

PAIR_PATH = "/api/v1/extension/pair"
EXTENSION_PATHS = frozenset({"/api/v1/check", PAIR_PATH})
EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://")
PAIRING_HEADER = "x-bowout-pairing"
ADMITTED = "paired_extension"  # the key in scope["state"] that security.Guard honours
FILE_NAME = "extension-pairing.json"
_CORS_HEADERS = "content-type, x-bowout-client, x-bowout-pairing"
log = logging.getLogger("bowout.web.pairing")


def _digest(code: str) -> str:
    """Codes are compared without their dashes, spaces or case: people retype them."""
    cleaned = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(cleaned.encode()).hexdigest()


class Pairing:
    """The pairing file: the hash of the current code and the extension it is bound to."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._state: dict[str, Any] | None = None
        self._read = False

    def status(self) -> dict[str, Any] | None:
        """``{"made", "origin", "paired_at"}`` (origin and paired_at None until first used)."""
        with self._lock:
            state = self._load()
        if state is None:
            return None
        return {k: state.get(k) for k in ("made", "origin", "paired_at")}

    def new_code(self, moment: datetime) -> str:
        """A fresh code, replacing (and so unpairing) any earlier one."""
        raw = base64.b32encode(secrets.token_bytes(15)).decode().lower()
        code = "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))
        state = {"code_sha256": _digest(code), "made": moment.isoformat(), "origin": None}
        with self._lock:
            self._save({**state, "paired_at": None})
        return code

    def forget(self) -> None:
        with self._lock:
            self.path.unlink(missing_ok=True)
            self._state, self._read = None, True

    def admit(self, origin: str, code: str, *, bind: bool) -> tuple[int, str] | None:
        """None when `origin` may check with `code`; else the status and what to do about it.

        With `bind`, a code not yet used is bound to `origin` (the pairing request)."""
        with self._lock:
            state = self._load()
            if not code:
                return 401, (
                    "this browser extension is not paired with bowout: make a pairing code in "
                    "bowout's Settings and enter it in the extension's options"
                )
            if state is None or not hmac.compare_digest(_digest(code), state["code_sha256"]):
                return 401, (
                    "the pairing code is not right, or a newer one replaced it: make a new code "
                    "in bowout's Settings and enter it in the extension's options"
                )
            if state.get("origin") is None and bind:
                stamp = datetime.now(UTC).isoformat()
                self._save({**state, "origin": origin, "paired_at": stamp})
                return None
            if state.get("origin") != origin:
                return 403, (
                    "this pairing code belongs to another browser extension: make a new code in "
                    "bowout's Settings for this one"
                )
            return None

    def preflight_allowed(self, origin: str) -> bool:
        with self._lock:
            state = self._load()
        return state is not None and state.get("origin") in (None, origin)

    def _load(self) -> dict[str, Any] | None:
        if self._read:
            return self._state
        self._read = True
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = None
        except (OSError, ValueError) as exc:
            log.warning("ignoring the unreadable pairing file %s: %s", self.path, exc)
            data = None
        ok = isinstance(data, dict) and isinstance(data.get("code_sha256"), str)
        self._state = data if ok else None
        return self._state

    def _save(self, state: dict[str, Any]) -> None:
        """Written whole to a private file, then moved into place: never half a pairing."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".new")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump(state, out)
        os.replace(partial, self.path)
        self._state, self._read = state, True


def pairing_for(config_file: Path) -> Pairing:
    return Pairing(config_file.with_name(FILE_NAME))


def _extension_origin(headers: list[tuple[bytes, bytes]]) -> tuple[str, str] | None:
    """The extension origin of a request and its pairing code, or None for anyone else."""
    origin = code = ""
    for name, value in headers:
        if name == b"origin":
            origin = value.decode("latin-1")
        elif name == PAIRING_HEADER.encode():
            code = value.decode("latin-1")
    if not origin.startswith(EXTENSION_SCHEMES):
        return None
    return origin, code


class Gate:
    """ASGI middleware: admits the paired extension to the check endpoints, refuses others."""

    def __init__(self, app: ASGIApp, *, pairing: Pairing) -> None:
        self.app = app
        self.pairing = pairing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = _extension_origin(scope["headers"]) if scope["type"] == "http" else None
        if found is None:
            await self.app(scope, receive, send)
            return
        origin, code = found
        path: str = scope["path"]
        if path not in EXTENSION_PATHS:
            message = "a browser extension may only check messages here"
            await _refuse(send, 403, "Forbidden", message)
            return
        if scope["method"] == "OPTIONS":
            await _preflight(send, origin if self.pairing.preflight_allowed(origin) else None)
            return
        refused = self.pairing.admit(origin, code, bind=path == PAIR_PATH)
        if refused is not None:
            status, message = refused
            await _refuse(send, status, "Unauthorized" if status == 401 else "Forbidden", message)
            return
        scope.setdefault("state", {})[ADMITTED] = origin
        cors = _cors(origin)

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *cors]
            await send(message)

        await self.app(scope, receive, send_with_cors)


def _cors(origin: str) -> list[tuple[bytes, bytes]]:
    return [(b"access-control-allow-origin", origin.encode()), (b"vary", b"Origin")]


async def _preflight(send: Send, origin: str | None) -> None:
    headers = [(b"content-length", b"0"), (b"cache-control", b"no-store")]
    if origin is not None:
        headers += [
            *_cors(origin),
            (b"access-control-allow-methods", b"POST"),
            (b"access-control-allow-headers", _CORS_HEADERS.encode()),
            (b"access-control-max-age", b"600"),
        ]
    await send({"type": "http.response.start", "status": 204, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


async def _refuse(send: Send, status: int, error: str, message: str) -> None:
    body = json.dumps({"error": error, "message": message, "field": None}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"cache-control", b"no-store"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# --- the endpoint the extension pairs with, and the Settings page's part --------------------

router = APIRouter()


def pairing_of(request: Request) -> Pairing:
    pairing: Pairing = request.app.state.pairing
    return pairing


# Not in the OpenAPI document: only the extension calls it, from an origin no other client has.
@router.post(PAIR_PATH, include_in_schema=False)
async def pair(request: Request) -> JSONResponse:
    """The Gate has checked the code (and bound it to this origin if it was fresh)."""
    origin = request.scope.get("state", {}).get(ADMITTED)
    if not origin:
        body = {
            "error": "Forbidden",
            "message": "only the bowout browser extension pairs here, from its options page",
            "field": None,
        }
        return JSONResponse(body, status_code=403)
    status = pairing_of(request).status() or {}
    return JSONResponse({"paired": True, "origin": origin, "paired_at": status.get("paired_at")})


@router.post("/settings/extension", response_class=HTMLResponse, include_in_schema=False)
def make_code(request: Request) -> HTMLResponse:
    code = pairing_of(request).new_code(datetime.now(UTC))
    server = f"{request.url.scheme}://{request.url.netloc}"
    return render(request, "pairing.html", {"active": "/settings", "code": code, "server": server})


@router.post("/settings/extension/forget", include_in_schema=False)
def forget(request: Request) -> Response:
    pairing_of(request).forget()
    return RedirectResponse("/settings#extension", status_code=303)
