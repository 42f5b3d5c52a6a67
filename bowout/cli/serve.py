"""`bowout serve`: the local web app and REST API, on loopback or, with a token, on a network."""

from __future__ import annotations

import gc
import ipaddress
import os
import stat
from pathlib import Path

import click

from bowout.errors import InvalidInput

_FILE = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)


@click.command()
@click.option(
    "--host", default=None, help="Address to bind (default: the `host` setting, 127.0.0.1)."
)
@click.option("--port", type=int, default=None, help="Port to listen on (default: 8765).")
@click.option(
    "--db", default=None, help="SQLAlchemy URL of the store (default: your data directory)."
)
@click.option(
    "--new-token",
    is_flag=True,
    help="Make a strong access token, save it in the config file (readable by you only), "
    "show it once, and serve with it.",
)
@click.option("--certfile", type=_FILE, default=None, help="TLS certificate (PEM): serve HTTPS.")
@click.option(
    "--keyfile", type=_FILE, default=None, help="The certificate's private key (PEM, unencrypted)."
)
@click.option(
    "--forwarded-allow-ips",
    default=None,
    metavar="ADDRESSES",
    help="Reverse proxies (comma-separated addresses or networks, e.g. 127.0.0.1) whose "
    "X-Forwarded-For and X-Forwarded-Proto headers are believed. Needs a token.",
)
def serve(
    host: str | None,
    port: int | None,
    db: str | None,
    new_token: bool,
    certfile: Path | None,
    keyfile: Path | None,
    forwarded_allow_ips: str | None,
) -> None:
    """Open bowout in your browser: the pages and the REST API under /api/v1.

    It binds to 127.0.0.1 and needs no login there. Binding to any other address, or serving
    behind a reverse proxy, needs a strong access token (`token` in the config file or
    BOWOUT_TOKEN; --new-token makes one), then asked on every request. Serve it over TLS
    (--certfile and --keyfile), or behind a TLS proxy, so the token never crosses a network
    in clear.

    \b
    Examples:
      bowout serve --port 8765
      bowout serve --host 0.0.0.0 --new-token --certfile cert.pem --keyfile key.pem
      bowout serve --forwarded-allow-ips 127.0.0.1   # behind nginx or Caddy on this machine
    """
    import uvicorn

    from bowout import config
    from bowout.config import is_loopback
    from bowout.web.access import new_token as make_token
    from bowout.web.access import token_weakness
    from bowout.web.app import create_app

    settings = config.load().with_overrides(host=host, port=port, db=db)
    if new_token:
        token = make_token()
        path = config.config_path()
        config.save({"token": token}, path)
        click.echo(f"New access token, saved in {path} (readable by you only); shown once:")
        click.echo(f"  {token}")
        if os.environ.get("BOWOUT_TOKEN"):
            click.echo("Note: BOWOUT_TOKEN is set and overrides the file; unset it.", err=True)
        settings = settings.with_overrides(token=token)
    proxies = _proxies(forwarded_allow_ips)
    if not settings.token and not is_loopback(settings.host):
        raise InvalidInput(
            f"--host {settings.host} is reachable from other machines: set an access token "
            "first (--new-token makes one; or BOWOUT_TOKEN=..., or `token` in the config file), "
            "or bind to 127.0.0.1",
            field="host",
        )
    if not settings.token and proxies:
        raise InvalidInput(
            "--forwarded-allow-ips: a proxy hands bowout to the network, so set an access token "
            "first (--new-token makes one)",
            field="forwarded_allow_ips",
        )
    if settings.token and (weakness := token_weakness(settings.token)):
        raise InvalidInput(
            f"token: the access token (BOWOUT_TOKEN or `token` in {config.config_path()}) is "
            f"too weak for a network: {weakness}. --new-token makes a strong one.",
            field="token",
        )
    if (certfile is None) != (keyfile is None):
        missing = "keyfile" if keyfile is None else "certfile"
        raise InvalidInput(f"--{missing}: TLS needs both --certfile and --keyfile", field=missing)
    if certfile and keyfile:
        _check_tls(certfile, keyfile)
    if settings.token and not new_token:
        _warn_if_readable(config.config_path())
    app = create_app(settings)
    scheme = "https" if certfile else "http"
    shown = f"[{settings.host}]" if ":" in settings.host else settings.host
    click.echo(f"bowout is running at {scheme}://{shown}:{settings.port}/  (Ctrl+C to stop)")
    if not certfile and not proxies and not is_loopback(settings.host):
        click.echo(
            "Warning: without --certfile/--keyfile or a TLS proxy, the token and your data "
            "cross the network unencrypted.",
            err=True,
        )
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
        ssl_certfile=str(certfile) if certfile else None,
        ssl_keyfile=str(keyfile) if keyfile else None,
        proxy_headers=bool(proxies),  # uvicorn would otherwise believe 127.0.0.1 by default
        forwarded_allow_ips=proxies or None,
    )


def _proxies(value: str | None) -> list[str]:
    """The proxies' addresses, each checked: a typo must not trust the wrong machine."""
    if value is None:
        return []
    proxies = [part.strip() for part in value.split(",") if part.strip()]
    for part in proxies:
        if part == "*":
            continue  # uvicorn's word for every address: for a proxy only it can reach
        try:
            ipaddress.ip_network(part, strict=False)
        except ValueError:
            raise InvalidInput(
                f"--forwarded-allow-ips: {part!r} is not an address or network "
                "(e.g. 127.0.0.1 or 10.0.0.0/8)",
                field="forwarded_allow_ips",
            ) from None
    if not proxies:
        raise InvalidInput(
            "--forwarded-allow-ips: give the proxy's address, e.g. 127.0.0.1",
            field="forwarded_allow_ips",
        )
    return proxies


def _check_tls(certfile: Path, keyfile: Path) -> None:
    """Load the pair now, so a wrong file is a clear message rather than a failing server."""
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(certfile, keyfile, password=lambda: b"")
    except (ssl.SSLError, OSError, ValueError) as exc:
        raise InvalidInput(
            f"--certfile/--keyfile: {certfile} and {keyfile} are not a PEM certificate and its "
            f"unencrypted private key ({exc})",
            field="certfile",
        ) from None


def _warn_if_readable(path: Path) -> None:
    """A token in a file others may read is no secret: say so (the server still starts)."""
    import tomllib

    try:
        mode = path.stat().st_mode
        holds_token = "token" in tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return
    if holds_token and mode & (stat.S_IRWXG | stat.S_IRWXO):
        click.echo(
            f"Warning: {path} holds the access token and others may read it: chmod 600 {path}",
            err=True,
        )
