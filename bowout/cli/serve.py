"""`bowout serve`: the local web app and REST API."""

from __future__ import annotations

import gc

import click

from bowout.errors import InvalidInput


@click.command()
@click.option(
    "--host", default=None, help="Address to bind (default: the `host` setting, 127.0.0.1)."
)
@click.option("--port", type=int, default=None, help="Port to listen on (default: 8765).")
@click.option(
    "--db", default=None, help="SQLAlchemy URL of the store (default: your data directory)."
)
def serve(host: str | None, port: int | None, db: str | None) -> None:
    """Open bowout in your browser: the pages and the REST API under /api/v1.

    It binds to 127.0.0.1 and needs no login there. Binding to any other address needs an
    access token (`token` in the config file or BOWOUT_TOKEN), then asked on every request.

    \b
    Example:
      bowout serve --port 8765
    """
    import uvicorn

    from bowout import config
    from bowout.web.app import create_app
    from bowout.web.security import is_loopback

    settings = config.load().with_overrides(host=host, port=port, db=db)
    if not is_loopback(settings.host) and not settings.token:
        raise InvalidInput(
            f"--host {settings.host} is reachable from other machines: set an access token "
            "first (BOWOUT_TOKEN=... or `token` in the config file), or bind to 127.0.0.1",
            field="host",
        )
    app = create_app(settings)
    shown = f"[{settings.host}]" if ":" in settings.host else settings.host
    click.echo(f"bowout is running at http://{shown}:{settings.port}/  (Ctrl+C to stop)")
    # Start-up objects live as long as the server: keep the collector from walking them again.
    gc.collect()
    gc.freeze()
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        workers=1,
        server_header=False,
    )
