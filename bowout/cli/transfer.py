"""`bowout export` and `bowout import`: JSON (complete) and CSV (one row per process)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bowout import service
from bowout.cli.main import Command, emit_json
from bowout.cli.options import context, store_options
from bowout.errors import UnreadableInput

FORMAT = click.Choice(["json", "csv"], case_sensitive=False)


@click.command(cls=Command)
@click.option("--format", "fmt", type=FORMAT, default="json", show_default=True)
@click.option("--output", metavar="FILE", help="Write here instead of stdout.")
@store_options
def export(fmt: str, output: str | None, db: str | None, now: str | None, as_json: bool) -> None:
    """Write every process: JSON is complete (import it back losslessly), CSV is one row each.

    \b
    Example:
      bowout export --format json --output pipeline.json
    """
    with context(db, now) as ctx:
        content = service.export(ctx, fmt.lower())
    if output is None:
        click.echo(content, nl=False)
        return
    try:
        Path(output).write_text(content, encoding="utf-8")
    except OSError as exc:
        raise UnreadableInput(f"cannot write {output}: {exc.strerror}", field="output") from None
    click.echo(f"exported to {output}", err=True)


@click.command("import", cls=Command)
@click.argument("file")
@click.option("--format", "fmt", type=FORMAT, help="Default: from the file's name.")
@click.option(
    "--map",
    "map",
    metavar="FIELD=COLUMN,...",
    help="CSV: which column holds each field (company, role, stage, link, source, notes, "
    "created_at, contact_name, contact_email).",
)
@click.option("--merge", is_flag=True, help="Add beside the processes already stored.")
@store_options
def import_cmd(
    file: str,
    fmt: str | None,
    map: str | None,
    merge: bool,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Load a bowout JSON export or a CSV from a spreadsheet (into an empty store, or --merge).

    \b
    Examples:
      bowout import pipeline.json --db sqlite:///new.sqlite3
      bowout import tracker.csv --map "company=Company,role=Position,stage=Status"
    """
    kind = (fmt or ("csv" if file.lower().endswith(".csv") else "json")).lower()
    try:
        content = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UnreadableInput(f"cannot read {file}: {exc.strerror}", field="file") from None
    except UnicodeDecodeError:
        raise UnreadableInput(f"{file} is not UTF-8 text", field="file") from None
    with context(db, now) as ctx:
        result = service.import_text(ctx, content, fmt=kind, merge=merge, mapping=map, name=file)
    if as_json:
        emit_json(result)
    else:
        click.echo(f"imported {result['imported']} processes")
