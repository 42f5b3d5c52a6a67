"""`bowout mcp`: bowout for AI assistants, over the Model Context Protocol.

The server and the SDK are imported inside the command, so listing the commands stays fast.
"""

from __future__ import annotations

import click

from bowout.cli.main import Command
from bowout.cli.options import context
from bowout.errors import InvalidInput

DEFAULT_PORT = 8766


@click.command(cls=Command)
@click.option("--http", "over_http", is_flag=True, help="Serve streamable HTTP, not stdio.")
@click.option("--host", default=None, help="Address for --http (default: 127.0.0.1).")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=None,
    help=f"Port for --http (default: {DEFAULT_PORT}).",
)
@click.option(
    "--db", metavar="URL", help="SQLAlchemy URL of the store (default: BOWOUT_DB, config)."
)
@click.option("--now", metavar="ISO", help="Pretend the current time is this (for planning).")
def mcp(
    over_http: bool, host: str | None, port: int | None, db: str | None, now: str | None
) -> None:
    """Let an AI assistant advise, draft and check with bowout, and keep your pipeline.

    Without --http it speaks over stdin and stdout: point a desktop assistant at
    `bowout mcp`. With --http it serves streamable HTTP at /mcp on 127.0.0.1; any other
    address needs an access token (`token` in the config file or BOWOUT_TOKEN), then asked
    on every request. Nothing is ever sent by mail: the assistant drafts, you send.

    \b
    Example:
      bowout mcp
      bowout mcp --http --port 8766
    """
    if not over_http and (host is not None or port is not None):
        raise InvalidInput("an address and a port are for HTTP: add --http", field="http")
    ctx = context(db, now)  # settings and the clock checked now, before any assistant connects
    from bowout.assistants.serving import serve

    http = (host or "127.0.0.1", port or DEFAULT_PORT) if over_http else None
    serve(ctx.settings, http=http, db=db, now=ctx.now if now else None)
