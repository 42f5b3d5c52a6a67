"""answered and upcoming as a user runs them (log, status and follow-ups are exercised in
``test_processes``)."""

from __future__ import annotations

import json
from typing import Any


def test_answered_outside_bowout_settles_the_debt(bowout: Any) -> None:
    bowout("add", "Globex", "--contact", "Sam Lee <sam@globex.example>")
    bowout("log", "in", "Globex", "--text", "Could you send your availability?")
    assert "no answer yet" in bowout("status").stdout
    said = bowout("answered", "Globex", "--channel", "Phone")
    assert "answered by phone" in said.stdout
    assert "nobody is waiting on you" in bowout("status").stdout
    again = bowout("answered", "Globex", code=4)
    assert "no message waiting" in again.stderr
    assert "--channel" in bowout("answered", "Globex", "--channel", "pigeon", code=2).stderr


def test_upcoming_lists_the_days_ahead_in_the_user_s_zone(bowout: Any) -> None:
    bowout("add", "Globex", "--interview", "2026-11-28T14:00")
    bowout("add", "Initech", "--interview", "2026-12-20T10:00")
    shown = bowout("upcoming").stdout
    assert "Saturday 28 November" in shown and "14:00  Globex, interview 1" in shown
    assert "Initech" in shown  # four weeks ahead, as the web app shows them
    narrow = bowout("upcoming", "--days", "7").stdout
    assert "Globex" in narrow and "Initech" not in narrow
    wide = json.loads(bowout("upcoming", "--days", "30", "--json").stdout)
    assert [e["company"] for d in wide["days"] for e in d["entries"]] == ["Globex", "Initech"]
    assert "between 1 and 366" in bowout("upcoming", "--days", "0", code=2).stderr
