"""The one error hierarchy. Only the front ends turn these into exit codes or HTTP statuses."""

from __future__ import annotations

from typing import Any


class BowoutError(Exception):
    """Something the user can act on. The message says in words what to fix, naming no flag or
    command; ``field`` names the input concerned, for each front end to point at its own way."""

    exit_code = 1
    http_status = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def to_json(self) -> dict[str, Any]:
        return {"error": type(self).__name__, "message": self.message, "field": self.field}


class InvalidInput(BowoutError):
    """Missing, malformed or contradictory input: a field, a flag, a date."""

    exit_code = 2
    http_status = 422


class InvalidFields(InvalidInput):
    """Several fields of one form are wrong at once: each problem is an ``InvalidInput`` of its
    own, so a form can show every one beside its field; the first is the message."""

    def __init__(self, problems: list[InvalidInput]) -> None:
        super().__init__(problems[0].message, problems[0].field)
        self.problems = tuple(problems)

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "problems": [p.to_json() for p in self.problems]}


class UnreadableInput(BowoutError):
    """A file or stream that cannot be read as a message (binary, broken, too large)."""

    exit_code = 2
    http_status = 422


class NotFound(BowoutError):
    """A process, contact, interview, rule or scenario that does not exist."""

    exit_code = 3
    http_status = 404


class Ambiguous(BowoutError):
    """A name that matches more than one record; the message lists the candidates."""

    exit_code = 3
    http_status = 409


class Conflict(BowoutError):
    """The change contradicts what is stored (a duplicate, a closed process)."""

    exit_code = 4
    http_status = 409


class StoreError(BowoutError):
    """The database cannot be opened, migrated or written."""

    exit_code = 5
    http_status = 503


class RemoteError(BowoutError):
    """A mail server could not be reached, refused the connection or dropped it."""

    exit_code = 6
    http_status = 502
