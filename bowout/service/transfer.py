"""Export and import, as the service offers them, with one rule everywhere: an import into a
store that already holds processes is refused unless the caller asks to merge."""

from __future__ import annotations

import json
from typing import Any

from bowout.errors import Conflict, InvalidInput, UnreadableInput
from bowout.service.context import Context
from bowout.service.people import attach, settle

FORMATS = ("json", "csv")


def export(ctx: Context, fmt: str = "json") -> str:
    """Every process as text: JSON is complete (it imports back losslessly), CSV one row each."""
    from bowout.pipeline import spreadsheet, transfer

    if fmt not in FORMATS:
        raise InvalidInput(f"the format is json or csv, not {fmt!r}", field="format")
    if fmt == "json":
        settle(ctx)  # every contact exported as the person it is, so it imports back the same
    with ctx.read() as session:
        if fmt == "json":
            return json.dumps(transfer.export_json(session), ensure_ascii=False, indent=2) + "\n"
        return spreadsheet.export_csv(session)


def import_text(
    ctx: Context,
    content: str,
    *,
    fmt: str,
    merge: bool = False,
    mapping: str | None = None,
    name: str = "the file",
) -> dict[str, Any]:
    """Load a bowout JSON export or a CSV spreadsheet (columns named through ``mapping``). Into a
    store that already has processes only with ``merge`` (JSON ids are then new), so an import
    never duplicates what is there by accident."""
    from sqlalchemy import func, select

    from bowout.pipeline import spreadsheet, transfer
    from bowout.pipeline.schema import Process

    if fmt not in FORMATS:
        raise InvalidInput(f"the format is json or csv, not {fmt!r}", field="format")
    data: Any = None
    columns: dict[str, str] = {}
    if fmt == "json":
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise UnreadableInput(
                f"{name} is not valid JSON ({exc.msg}, line {exc.lineno})", field="file"
            ) from None
        except RecursionError:
            raise UnreadableInput(f"{name} is nested too deeply to be an export", "file") from None
    else:
        columns = spreadsheet.parse_mapping(mapping)
    with ctx.write() as session:
        stored = session.scalar(select(func.count()).select_from(Process)) or 0
        if stored and not merge:
            raise Conflict(
                f"the store already holds {stored} process{'es' if stored != 1 else ''}; "
                "import into an empty store, or choose to merge (added beside them, new ids)",
                field="merge",
            )
        if fmt == "json":
            result = transfer.import_json(session, data, merge=bool(stored), now=ctx.now)
        else:
            result = spreadsheet.import_csv(
                session, content, mapping=columns, now=ctx.now, zone=ctx.zone
            )
        attach(ctx, session)  # contacts that came without a person (CSV, older exports)
        return result
