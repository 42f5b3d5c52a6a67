"""Many rows into one table at once, their new ids back in order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session


def insert_many(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows and return their new ids, in order.

    SQLite cannot return ids of a multi-row INSERT in order, so SQLAlchemy would insert one row
    at a time; a write transaction there holds the only write lock, so the ids are given here.
    """
    if not rows:
        return []
    if session.get_bind().dialect.name == "sqlite":
        start = int(session.scalar(select(func.max(table.c.id))) or 0) + 1
        ids = list(range(start, start + len(rows)))
        session.execute(insert(table), [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
        return ids
    returned = session.execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
    ).scalars()
    return list(returned)
