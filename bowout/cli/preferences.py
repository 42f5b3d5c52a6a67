"""`bowout config`: every setting, its value, and the file it is kept in."""

from __future__ import annotations

import click

from bowout import service
from bowout.cli.main import Command, emit_json
from bowout.config import config_path


@click.command(name="config", cls=Command)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def config_cmd(as_json: bool) -> None:
    """Show the settings, their values, and where the config file lives.

    \b
    Example:
      bowout config
    """
    rows = service.settings_rows(service.load_settings())
    for row in rows:  # the token is a secret: say whether it is set, never what it is
        if row["name"] == "token" and row["value"]:
            row["value"] = "(set)"
    if as_json:
        emit_json({"file": str(config_path()), "settings": rows})
        return
    click.echo(f"config file: {config_path()}")
    for row in rows:
        click.echo(f"  {row['name']:<17} {row['value']!r:<22} {row['help']}")
