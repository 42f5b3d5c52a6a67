"""The import budget of the store commands: each loads what it needs to answer, nothing more.

Start-up, not work, is most of what `bowout status` costs, so each command below runs in a fresh
interpreter and the test lists which heavy modules it loaded. A read (status, list, show) loads
SQLAlchemy Core, never its ORM; a write (add, log) loads the ORM too; only a sent message loads
the checker; none loads Alembic on an up-to-date store, the web or MCP stack, or rich.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bowout import service
from bowout.config import Settings
from bowout.pipeline.store import Store

NOW = "2026-11-26T09:00+01:00"
# Never at start-up of a store command: migrations (the store is current), the web app, the
# MCP server, calendar files, terminal styling.
NEVER = (
    "alembic",
    "fastapi",
    "starlette",
    "uvicorn",
    "jinja2",
    "pydantic",
    "mcp",
    "icalendar",
    "rich",
    "bowout.web",
    "bowout.assistants",
)
# Loaded by writes only: a read runs Core queries on the tables.
ORM = ("sqlalchemy.orm", "bowout.pipeline.schema")
CHECKER = ("bowout.checker",)
WATCHED = ("sqlalchemy", *NEVER, *ORM, *CHECKER)

# The code a fresh interpreter runs: the command, then which watched modules it loaded.
PROBE = """
import json, sys
from bowout.cli.main import main
argv, watched = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["bowout", *argv]
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code or 0
loaded = [m for m in watched if any(n == m or n.startswith(m + ".") for n in sys.modules)]
print("\\nPROBE=" + json.dumps({"code": code, "loaded": loaded}))
"""


def loaded_by(*argv: str) -> list[str]:
    """The watched modules a command loads, run in a fresh interpreter; it must succeed."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(argv), json.dumps(WATCHED)],
        capture_output=True,
        text=True,
        check=True,
    )
    probe = json.loads(done.stdout.rsplit("PROBE=", 1)[1])
    assert probe["code"] == 0, done.stderr
    return list(probe["loaded"])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An up-to-date store: two processes with the same recruiter, an interview, messages."""
    url = f"sqlite:///{tmp_path_factory.mktemp('startup') / 'store.sqlite3'}"
    db = Store(url)
    ctx = service.Context(Settings(me="Alex Kim", timezone="Europe/Berlin"), now=NOW, store=db)
    service.add_process(
        ctx, "Acme", contacts=("Dana Reyes <dana@acme.example>",), interview_at="2026-11-30T10:00"
    )
    service.log_message(ctx, "Acme", "in", "Could you do Thursday?")
    # The same recruiter at another company: status and show also tell their history.
    service.add_process(ctx, "Hooli", contacts=("Dana Reyes <dana@acme.example>",))
    service.log_message(ctx, "Hooli", "in", "Dana again, now at Hooli: are you free?")
    assert any("history" in item for item in service.status(ctx)["items"])
    db.close()
    return url


READS = [
    ("status",),
    ("status", "--json"),
    ("list",),
    ("list", "--json"),
    ("show", "Acme"),
    ("show", "1", "--json"),
    ("show", "Hooli"),
]
WRITES = [
    ("add", "Globex", "--role", "SRE"),
    ("add", "Initech", "--json"),
    ("log", "in", "Acme", "--text", "Are you still interested?"),
]


@pytest.mark.parametrize("argv", READS, ids=" ".join)
def test_a_read_loads_sqlalchemy_core_and_no_orm(store: str, argv: tuple[str, ...]) -> None:
    loaded = loaded_by(*argv, "--db", store, "--now", NOW)
    assert "sqlalchemy" in loaded  # it did read the store
    assert [m for m in loaded if m in (*NEVER, *ORM, *CHECKER)] == []


@pytest.mark.parametrize("argv", WRITES, ids=" ".join)
def test_a_write_loads_the_orm_but_no_checker(store: str, argv: tuple[str, ...]) -> None:
    loaded = loaded_by(*argv, "--db", store, "--now", NOW)
    assert "sqlalchemy.orm" in loaded
    assert [m for m in loaded if m in (*NEVER, *CHECKER)] == []


def test_only_a_sent_message_loads_the_checker(store: str) -> None:
    sent = "Thank you for your time; I have accepted another offer, so I am withdrawing."
    loaded = loaded_by("log", "out", "Acme", "--text", sent, "--db", store, "--now", NOW)
    assert "bowout.checker" in loaded
    assert [m for m in loaded if m in NEVER] == []


def test_alembic_is_loaded_only_when_the_store_needs_migrating(tmp_path: Path) -> None:
    fresh = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    assert "alembic" in loaded_by("list", "--db", fresh)  # created and migrated: Alembic runs
    assert "alembic" not in loaded_by("list", "--db", fresh)  # now current: it does not
