"""Many rows into one table at once, their new ids back in order.

On SQLite the rows go straight to the driver's ``executemany``, each value in the form
SQLAlchemy itself stores it (UTC times as text, JSON as text, booleans as 0/1): a mailbox import
writes tens of thousands of rows, and SQLAlchemy's per-value processing was most of its cost.
Elsewhere (PostgreSQL) Core's multi-row INSERT ... RETURNING does the job.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import JSON, Boolean, Table, func, insert, select, update
from sqlalchemy.orm import Session

from bowout.pipeline.tables import UTCDateTime

CHUNK = 500  # keys per IN (...) list: well under every database's limit on parameters
T = TypeVar("T")


def insert_many(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows and return their new ids, in order.

    SQLite cannot return ids of a multi-row INSERT in order, so SQLAlchemy would insert one row
    at a time; a write transaction there holds the only write lock, so the ids are given here.
    """
    if not rows:
        return []
    if _sqlite(session):
        start = int(session.scalar(select(func.max(table.c.id))) or 0) + 1
        ids = list(range(start, start + len(rows)))
        insert_rows(session, table, [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
        return ids
    returned = session.execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
    ).scalars()
    return list(returned)


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows (every row with the same keys)."""
    if not rows:
        return
    if not _sqlite(session):
        session.execute(insert(table), list(rows))
        return
    names = list(rows[0])
    columns = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    convert = [_converter(table, name) for name in names]
    values = [tuple(c(row[n]) for c, n in zip(convert, names, strict=True)) for row in rows]
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'
    session.connection().exec_driver_sql(sql, values)


def update_by_id(
    session: Session, table: Table, column: str, pairs: Sequence[tuple[int, Any]]
) -> None:
    """Set ``column`` of many rows, given as (id, value) pairs."""
    if not pairs:
        return
    if not _sqlite(session):
        from sqlalchemy import bindparam

        session.execute(
            update(table).where(table.c.id == bindparam("ident")).values({column: bindparam("v")}),
            [{"ident": ident, "v": value} for ident, value in pairs],
        )
        return
    convert = _converter(table, column)
    sql = f'UPDATE "{table.name}" SET "{column}" = ? WHERE id = ?'
    session.connection().exec_driver_sql(
        sql,
        [(convert(value), ident) for ident, value in pairs],
    )


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _converter(table: Table, name: str) -> Callable[[Any], Any]:
    kind = table.c[name].type
    if isinstance(kind, UTCDateTime):
        return _when
    if isinstance(kind, JSON):
        return _json
    if isinstance(kind, Boolean):
        return _flag
    return _same


def _when(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the store; pass an aware one")
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _flag(value: Any) -> int | None:
    return None if value is None else int(bool(value))


def _same(value: Any) -> Any:
    return value


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
