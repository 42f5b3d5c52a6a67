"""How the server is reached: over stdio (a desktop assistant starts it), or over streamable
HTTP, on loopback by default.

The HTTP rules are the web app's: on a loopback address only this machine can connect, and the
SDK's Host and Origin checks refuse a page whose own domain was pointed at 127.0.0.1 (DNS
rebinding). Any other address needs the access token (the ``token`` setting), then required as
``Authorization: Bearer`` on every request; once a token is set it is required on loopback too.
"""

from __future__ import annotations

import hmac
import json
import sys
from datetime import datetime

from mcp.server.transport_security import TransportSecuritySettings
from starlette.types import ASGIApp, Receive, Scope, Send

from bowout.assistants.backend import Backend
from bowout.assistants.server import BowoutServer
from bowout.config import Settings, is_loopback
from bowout.errors import InvalidInput

PATH = "/mcp"


class TokenGuard:
    """Every HTTP request carries the access token, or is refused before the MCP app sees it."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self._authorised(scope):
            body = json.dumps(
                {
                    "error": "Unauthorized",
                    "message": "an access token is needed: send Authorization: Bearer <token>",
                    "field": "token",
                }
            ).encode()
            headers = [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"www-authenticate", b'Bearer realm="bowout"'),
            ]
            await send({"type": "http.response.start", "status": 401, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)

    def _authorised(self, scope: Scope) -> bool:
        given = next((v for k, v in scope["headers"] if k == b"authorization"), b"")
        return hmac.compare_digest(given.strip(), self.expected)


def security(host: str) -> TransportSecuritySettings:
    """On loopback, only requests addressed to this machine; elsewhere the token decides."""
    if not is_loopback(host):
        return TransportSecuritySettings(enable_dns_rebinding_protection=False)
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    names = sorted({"127.0.0.1", "localhost", "[::1]", shown})
    return TransportSecuritySettings(
        allowed_hosts=[f"{name}:*" for name in names],
        allowed_origins=[f"http://{name}:*" for name in names],
    )


def http_app(server: BowoutServer, host: str, token: str | None) -> ASGIApp:
    """The streamable HTTP app at /mcp, behind the token when one is set."""
    if not is_loopback(host) and not token:
        raise InvalidInput(
            f"{host} is reachable from other machines: set an access token first (the token "
            "setting, or BOWOUT_TOKEN), or bind to 127.0.0.1",
            field="host",
        )
    app: ASGIApp = server.streamable_http_app(
        streamable_http_path=PATH, transport_security=security(host), host=host
    )
    return TokenGuard(app, token) if token else app


def serve(
    settings: Settings,
    *,
    http: tuple[str, int] | None = None,
    db: str | None = None,
    now: datetime | None = None,
) -> None:
    """Serve until the assistant hangs up (stdio) or Ctrl+C (``http``: the host and port)."""
    server = BowoutServer(Backend(settings, db=db, now=now))
    try:
        if http is None:
            server.run("stdio")
            return
        import uvicorn

        host, port = http
        app = http_app(server, host, settings.token)
        shown = f"[{host}]" if ":" in host else host
        where = f"http://{shown}:{port}{PATH}"
        print(f"bowout MCP server at {where}  (Ctrl+C to stop)", file=sys.stderr)
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
    finally:
        server.backend.close()
