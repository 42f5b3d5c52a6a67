"""How tests/data/store-0001.sqlite3 was made: the first schema revision with a few records.

Kept for reference; the migration test upgrades the committed file, it never regenerates it.
Run: .venv/bin/python tests/data/make_store_0001.py
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from bowout.pipeline.store import Store

TARGET = Path(__file__).with_name("store-0001.sqlite3")

ROWS = """
INSERT INTO processes VALUES
 (1, 'Acme', 'Backend Engineer', 'https://acme.example/jobs/1', 'referral', 'interviewing', NULL,
  '2026-10-01 09:00:00.000000', '2026-10-03 09:00:00.000000'),
 (2, 'Globex', 'Data Engineer', NULL, 'linkedin', 'declined', 'too far',
  '2026-10-02 10:00:00.000000', '2026-10-05 10:00:00.000000'),
 (3, 'Initech', NULL, NULL, NULL, 'applied', NULL,
  '2026-10-04 08:30:00.000000', '2026-10-04 08:30:00.000000');
INSERT INTO stage_changes VALUES
 (1, 1, 'applied', '2026-10-01 09:00:00.000000', NULL),
 (2, 1, 'interviewing', '2026-10-03 09:00:00.000000', 'first call went well'),
 (3, 2, 'applied', '2026-10-02 10:00:00.000000', NULL),
 (4, 2, 'declined', '2026-10-05 10:00:00.000000', NULL),
 (5, 3, 'applied', '2026-10-04 08:30:00.000000', NULL);
INSERT INTO contacts VALUES
 (1, 1, 'Dana Reyes', 'dana@acme.example', NULL, NULL, 'recruiter', 0, NULL),
 (2, 2, 'Lee Park', 'lee@globex.example', '+1 555 0100', 'https://linkedin.example/in/lee',
  'hiring_manager', 1, 'hiring-manager-conversation');
INSERT INTO interviews VALUES
 (1, 1, '2026-10-10 13:00:00.000000', 'Europe/Berlin', 45, 'https://meet.example/acme',
  'scheduled');
INSERT INTO messages VALUES
 (1, 1, 1, 'in', 'email', '2026-10-02 08:00:00.000000', 'Next steps',
  'Could you do Friday at 3pm?', NULL, NULL),
 (2, 2, 2, 'out', 'email', '2026-10-05 10:00:00.000000', 'Thank you',
  'I have decided not to go ahead. Thank you for your time.', 'decline', '[]');
INSERT INTO followups VALUES
 (1, 2, 2, 'reconnect', '2026-02-05 10:00:00.000000', NULL, NULL, NULL);
"""


def main() -> None:
    TARGET.unlink(missing_ok=True)
    store = Store(f"sqlite:///{TARGET}", migrate=False)
    store.migrate("0001")
    with store.engine.begin() as conn:
        for statement in ROWS.split(";"):
            if statement.strip():
                conn.execute(text(statement))
    store.close()
    with sqlite3.connect(TARGET) as raw:
        raw.execute("PRAGMA journal_mode = DELETE")
    for suffix in ("-wal", "-shm"):
        Path(f"{TARGET}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
