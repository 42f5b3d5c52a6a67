"""What every tool call and resource read uses: the settings now, the clock, the shared store.

A server lives as long as the assistant that started it, so the user's own settings (name,
time zone, availability, rules turned off) are read again on each call: an edit made in the
web app or with `bowout config` is seen at once. How the server was started (its store, and a
pretend clock for planning) stays as it was.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime

from bowout import service
from bowout.config import Settings

# Decided by how the server was started, not re-read from the config file.
SERVER_SETTINGS = ("db", "host", "port", "token")


class Backend:
    """The service contexts one running server hands to its tools."""

    def __init__(
        self, settings: Settings, *, db: str | None = None, now: datetime | None = None
    ) -> None:
        self.started = settings
        self.now = now
        # Owns the one store every call shares; opened by the first call that needs it.
        self._root = service.Context(settings, db=db)
        self._opened = False
        self._opening = threading.Lock()

    def settings(self) -> Settings:
        current = service.load_settings()
        return replace(current, **{name: getattr(self.started, name) for name in SERVER_SETTINGS})

    def context(self) -> service.Context:
        """A context for a call that needs no store (advise, draft, check)."""
        return service.Context(self.settings(), now=self.now)

    def stored(self) -> service.Context:
        """A context over the shared store, opened on first use."""
        if not self._opened:
            with self._opening:  # two first calls in the thread pool open it once
                self._root.store  # noqa: B018  # opens (and migrates) the store
                self._opened = True
        return service.Context(self.settings(), now=self.now, store=self._root.store)

    def close(self) -> None:
        self._root.close()
