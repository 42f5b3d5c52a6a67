"""What one call into the service needs: the settings, the current time and (lazily) the store.

Every front end builds a ``Context`` per command or request and passes it to the service's
functions, so the clock, the user's time zone and the database are decided in one place. The
store is opened on first use: stateless calls (advise, draft, check) never touch it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bowout.config import Settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bowout.pipeline.store import Store


class Context:
    """Settings, ``now`` (aware) and the store one service call works with."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        now: datetime | str | None = None,
        db: str | None = None,
        store: Store | None = None,
    ) -> None:
        self.settings = settings or Settings()
        if isinstance(now, str):  # "pretend it is this time": a bare time is the user's
            from bowout.core import timing

            now = timing.parse_instant(now, "now", zone=self.settings.zone)
        self.now = now if now is not None else datetime.now(UTC)
        if self.now.tzinfo is None:
            raise ValueError("Context.now must be aware")
        self._db = db
        self._store = store
        self._owns_store = store is None
        self._rehearsing = False

    @property
    def zone(self) -> ZoneInfo:
        """The user's time zone: how a time written without an offset is read."""
        return self.settings.zone

    @property
    def store(self) -> Store:
        if self._store is None:
            from bowout.pipeline.store import open_store

            self._store = open_store(self.settings, self._db)
        return self._store

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session in one read-only transaction."""
        with self.store.read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one transaction: committed whole, or rolled back whole on any error (and
        always rolled back in a rehearsal). A contact added by any workflow is matched to the
        person it is before the commit."""
        with self.store.write() as session:
            yield session
            if self._rehearsing:
                session.rollback()
            else:
                from bowout.pipeline.person_matches import attach_loose

                attach_loose(session, self.now)

    def rehearsal(self) -> Context:
        """The same settings, clock and store, with every write rolled back at its end: a
        workflow run through it returns what it would record, and records nothing."""
        dry = Context(self.settings, now=self.now, store=self.store)
        dry._rehearsing = True
        return dry

    def close(self) -> None:
        """Release the store if this context opened it (a shared one stays open)."""
        if self._owns_store and self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Context:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def open_store(settings: Settings, db: str | None = None) -> Store:
    """The store for a long-lived front end (the web app), shared by its contexts: a ``db`` URL,
    else the setting, else the SQLite file in the data directory; created and migrated once."""
    from bowout.pipeline.store import open_store as opened

    return opened(settings, db)
