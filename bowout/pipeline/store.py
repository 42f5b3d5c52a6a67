"""Where the pipeline lives: an engine, sessions with one transaction per command, migrations.

Default: a SQLite file in the user's data directory, in WAL mode with a busy timeout and foreign
keys on, created and migrated with Alembic on first use. Any SQLAlchemy URL works instead
(the ``db`` setting, ``BOWOUT_DB`` or a command's own choice); PostgreSQL is tested too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError, StatementError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from bowout import config
from bowout.errors import BowoutError, Conflict, InvalidInput, StoreError

# The newest revision in bowout/migrations/versions (a test keeps the two in step), so an
# up-to-date store is recognised without loading Alembic at all.
REVISIONS = ("0001", "0002", "0003", "0004_mail", "0005", "0006")
HEAD_REVISION = REVISIONS[-1]
BUSY_TIMEOUT_MS = 60_000
MIGRATIONS = Path(__file__).with_name("migrations")


def default_url() -> str:
    return f"sqlite:///{config.data_dir() / 'bowout.sqlite3'}"


def resolve_url(settings: config.Settings | None = None, db: str | None = None) -> str:
    """The flag wins, then the setting (file or BOWOUT_DB), then the default file."""
    return db or (settings.db if settings else None) or default_url()


class Store:
    """One database. ``write()`` and ``read()`` each give a session inside one transaction."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = _engine(url)
        self.dialect = self.engine.dialect.name
        self._writes = sessionmaker(self.engine, expire_on_commit=False)
        self._reads = sessionmaker(
            self.engine.execution_options(bowout_read=True), expire_on_commit=False
        )
        if migrate:
            self.migrate()

    def revision(self) -> str | None:
        with _guard(self.url), self.engine.connect() as conn:
            return _revision(conn.execution_options(bowout_read=True))

    def migrate(self, target: str = "head") -> None:
        """Bring the schema to ``target``; a no-op, without importing Alembic, when current."""
        with _guard(self.url):
            current = self.revision()
            if target == "head" and current == HEAD_REVISION:
                return
            if current is not None and current not in REVISIONS:
                raise StoreError(
                    f"the store {_safe(self.url)} has schema revision {current}, newer than this "
                    "bowout knows: upgrade bowout, or use another database"
                )
            with self.engine.begin() as conn:  # on SQLite: BEGIN IMMEDIATE, one migrator at a time
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
                if target == "head" and _revision(conn) == HEAD_REVISION:
                    return
                _alembic_upgrade(conn, target)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with _guard(self.url), self._writes() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with _guard(self.url), self._reads() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_store(settings: config.Settings | None = None, db: str | None = None) -> Store:
    return Store(resolve_url(settings, db))


def reset_sequences(session: Session) -> None:
    """After rows were written with explicit ids: PostgreSQL's id sequences move past them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    from bowout.pipeline.schema import TABLES

    for model in TABLES:
        table = model.__tablename__
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
        )


def _engine(url: str) -> Engine:
    options: dict[str, Any] = {}
    is_sqlite = url.startswith("sqlite")
    if is_sqlite:
        path = _sqlite_path(url)
        if path is None:
            options["poolclass"] = StaticPool
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for the store {path}: {exc}") from None
        options["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    try:
        engine = create_engine(url, **options)
    except (SQLAlchemyError, ValueError, ImportError) as exc:
        raise StoreError(f"cannot use the database URL {url!r}: {exc}") from None
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_path(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    return None if database in (None, "", ":memory:") else Path(database)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling is turned off: _sqlite_begin issues BEGIN itself,
    # IMMEDIATE for writes, so two writers queue on the busy timeout instead of failing with
    # "database is locked" when a read lock cannot be upgraded.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    read_only = conn.get_execution_options().get("bowout_read", False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _alembic_upgrade(conn: Connection, target: str) -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.util import CommandError

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    try:
        command.upgrade(cfg, target)
    except CommandError as exc:
        raise StoreError(f"cannot migrate the store: {exc}") from None


@contextmanager
def _guard(url: str) -> Iterator[None]:
    """Database failures become errors a person can act on; ours pass through untouched. No
    message carries an SQL statement or its parameters: they may hold the user's data."""
    try:
        yield
    except BowoutError:
        raise
    except IntegrityError as exc:
        raise Conflict(f"the change contradicts what is stored ({_first_line(exc.orig)})") from None
    except DBAPIError as exc:
        raise StoreError(f"the store {_safe(url)} failed: {_first_line(exc.orig)}") from None
    except StatementError:  # a value the driver could not take (out of range, say)
        raise InvalidInput("a value is out of the range the store can hold", "value") from None
    except SQLAlchemyError as exc:
        raise StoreError(f"the store {_safe(url)} failed ({type(exc).__name__})") from None


def _first_line(error: BaseException | None) -> str:
    return str(error).strip().splitlines()[0][:200] if error is not None and str(error) else "?"


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (SQLAlchemyError, ValueError):
        return "(unreadable URL)"
