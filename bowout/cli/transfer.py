"""`bowout export` and `bowout import`: JSON (complete) and CSV (one row per process)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bowout.cli.main import emit_json
from bowout.cli.options import run, store_options
from bowout.errors import InvalidInput, UnreadableInput


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option("--output", metavar="FILE", help="Write here instead of stdout.")
@store_options
def export(fmt: str, output: str | None, db: str | None, now: str | None, as_json: bool) -> None:
    """Write every process: JSON is complete (import it back losslessly), CSV is one row each.

    \b
    Example:
      bowout export --format json --output pipeline.json
    """
    from bowout.pipeline import transfer

    with run(db, now).read() as session:
        if fmt == "json":
            content = json.dumps(transfer.export_json(session), ensure_ascii=False, indent=2)
            content += "\n"
        else:
            content = transfer.export_csv(session)
    if output is None:
        click.echo(content, nl=False)
        return
    try:
        Path(output).write_text(content, encoding="utf-8")
    except OSError as exc:
        raise UnreadableInput(f"--output: cannot write {output}: {exc.strerror}") from None
    click.echo(f"exported to {output}", err=True)


@click.command("import")
@click.argument("file")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), help="Default: from the file's name."
)
@click.option(
    "--map",
    "mapping",
    metavar="FIELD=COLUMN,...",
    help="CSV: which column holds each field (company, role, stage, link, source, notes, "
    "created_at, contact_name, contact_email).",
)
@click.option("--merge", is_flag=True, help="JSON: add beside existing records, with new ids.")
@store_options
def import_cmd(
    file: str,
    fmt: str | None,
    mapping: str | None,
    merge: bool,
    db: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Load a bowout JSON export (into an empty store) or a CSV from a spreadsheet.

    \b
    Examples:
      bowout import pipeline.json --db sqlite:///new.sqlite3
      bowout import tracker.csv --map "company=Company,role=Position,stage=Status"
    """
    from bowout.pipeline import transfer

    kind = fmt or ("csv" if file.lower().endswith(".csv") else "json")
    try:
        content = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UnreadableInput(f"cannot read {file}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UnreadableInput(f"{file} is not UTF-8 text") from None
    ctx = run(db, now)
    if kind == "json":
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{file}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
        with ctx.write() as session:
            result = transfer.import_json(session, data, merge=merge)
    else:
        columns = transfer.parse_mapping(mapping)
        with ctx.write() as session:
            result = transfer.import_csv(
                session, content, mapping=columns, now=ctx.now, zone=ctx.settings.zone
            )
    if as_json:
        emit_json(result)
    else:
        click.echo(f"imported {result['imported']} processes")
