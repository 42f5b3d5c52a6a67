"""Alembic environment: run by ``bowout.store`` on a connection it already holds."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from bowout.pipeline.schema import Base


def run() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("bowout migrations run through bowout.store, which passes a connection")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
