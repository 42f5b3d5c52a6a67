"""Fuzzing the service, the layer every front end calls: any input gives a result or a
``BowoutError`` naming what to fix (no other exception, no SQL in a message), every finding's
excerpt is ``text[start:end]``, a batch answers every line, and a refused write changes nothing.
BOWOUT_FUZZ_EXAMPLES sets the number of cases.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bowout import service
from bowout.errors import BowoutError
from bowout.pipeline import messages as correspondence
from bowout.pipeline import processes as tracker
from bowout.pipeline import transfer
from bowout.pipeline.store import Store
from tests.hostile import (
    DEEP_JSON,
    FUZZ,
    INTENTS,
    JSON_VALUE,
    NAME,
    NUMBER,
    RULES,
    SCENARIOS,
    SITUATION,
    STAGES,
    TEXT,
    TIME,
    ZONE,
    assert_no_leak,
    one_of_or_hostile,
    snapshot,
)

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def outcome(call: Callable[[], Any], what: str) -> Any:
    """The call's result, or None when it raised a BowoutError that reads well."""
    try:
        return call()
    except BowoutError as error:
        assert_reads_well(error, what)
        return None


def assert_reads_well(error: BowoutError, what: str) -> None:
    assert error.message and isinstance(error.message, str), what
    assert error.field is None or isinstance(error.field, str), what
    assert_no_leak(error.message, what)
    json.dumps(error.to_json())


def assert_excerpts(findings: list[dict[str, Any]], text: str) -> None:
    for finding in findings:
        assert 0 <= finding["start"] <= finding["end"] <= len(text), finding
        assert finding["excerpt"] == text[finding["start"] : finding["end"]], finding


@FUZZ
@given(situation=SITUATION)
def test_advise(situation: Any) -> None:
    result = outcome(lambda: service.advise(situation, now=NOW), repr(situation)[:300])
    if result is not None:
        json.dumps(result)
        assert result["action"] in ("decline", "reschedule", "ask_compensation", "attend")


@FUZZ
@given(
    scenario=one_of_or_hostile(SCENARIOS),
    details=st.dictionaries(
        st.sampled_from(
            [
                "to",
                "company",
                "role",
                "me",
                "signature",
                "detail",
                "range",
                "news",
                "then",
                "interview_at",
                "slots",
                "available",
                "recruiter_tz",
            ]
        ),
        st.one_of(NAME, TEXT, TIME, JSON_VALUE),
    ),
    variant=st.one_of(st.none(), NUMBER),
)
def test_draft(scenario: str, details: dict[str, Any], variant: int | None) -> None:
    what = repr((scenario, details, variant))[:300]
    result = outcome(lambda: service.draft(scenario, details, variant=variant, now=NOW), what)
    if result is not None:
        assert isinstance(result["body"], str) and isinstance(result["subject"], str | None)


@FUZZ
@given(
    text=TEXT,
    intent=st.one_of(st.none(), one_of_or_hostile(INTENTS)),
    interview_at=st.one_of(st.none(), TIME),
    sent_at=st.one_of(st.none(), TIME),
    ignore=st.lists(one_of_or_hostile(RULES), max_size=3),
)
def test_check(
    text: str, intent: str | None, interview_at: str | None, sent_at: str | None, ignore: list[str]
) -> None:
    what = repr((text[:100], intent, interview_at, sent_at, ignore))
    result = outcome(
        lambda: service.check(
            text, intent=intent, interview_at=interview_at, sent_at=sent_at, ignore=ignore
        ),
        what,
    )
    if result is not None:
        assert_excerpts(result["findings"], text)
        json.dumps(result)


@FUZZ
@given(
    records=st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {"id": JSON_VALUE, "text": st.one_of(TEXT, JSON_VALUE)},
                optional={
                    "context": st.one_of(
                        JSON_VALUE,
                        st.fixed_dictionaries(
                            {},
                            optional={
                                "ignore": JSON_VALUE,
                                "intent": JSON_VALUE,
                                "interview_at": st.one_of(TIME, JSON_VALUE),
                            },
                        ),
                    )
                },
            ).map(json.dumps),
            st.sampled_from(DEEP_JSON),
            JSON_VALUE.map(json.dumps),
        ),
        max_size=6,
    )
)
def test_check_batch(records: list[str]) -> None:
    results = outcome(lambda: list(service.check_batch(records)), repr(records)[:300])
    assert results is not None, "a batch never fails as a whole: a bad line gets its own error"
    assert len(results) == len([r for r in records if r.strip()])
    for line, result in zip(records, results, strict=True):
        json.dumps(result)
        if "findings" in result:
            assert_excerpts(result["findings"], json.loads(line)["text"])
        else:
            assert isinstance(result["error"], str)


# --- the store -------------------------------------------------------------------------------

_TEMPLATE: dict[str, Path] = {}


def _template() -> Path:
    if "path" not in _TEMPLATE:
        path = Path(tempfile.mkdtemp(prefix="bowout-fuzz-")) / "template.sqlite3"
        store = Store(f"sqlite:///{path}")
        with store.write() as session:
            tracker.add_process(
                session, "Acme", contacts=("Dana <dana@acme.example>",),
                interview="2026-12-03T10:00", zone="Europe/Berlin", now=NOW,
            )  # fmt: skip
            tracker.add_process(session, "Globex", now=NOW)
            correspondence.log_message(session, "Globex", "in", "Are you free?", now=NOW)
        store.close()
        _TEMPLATE["path"] = path
    return _TEMPLATE["path"]


@contextmanager
def _store() -> Iterator[tuple[Store, Path]]:
    with tempfile.TemporaryDirectory(prefix="bowout-fuzz-") as folder:
        path = Path(folder) / "store.sqlite3"
        shutil.copyfile(_template(), path)
        store = Store(f"sqlite:///{path}")
        try:
            yield store, path
        finally:
            store.close()


def _writes(session: Any, data: st.DataObject) -> tuple[str, Callable[[], Any]]:
    ref = data.draw(st.one_of(st.sampled_from(["1", "2", "Acme", "999", "-5"]), NAME))
    choices: dict[str, Callable[[], Any]] = {
        "add_process": lambda: tracker.add_process(
            session, data.draw(NAME), now=NOW, role=data.draw(st.none() | NAME),
            stage=data.draw(one_of_or_hostile(STAGES)), interview=data.draw(st.none() | TIME),
            zone=data.draw(ZONE), minutes=data.draw(NUMBER),
            contacts=tuple(data.draw(st.lists(NAME, max_size=2))),
        ),
        "edit": lambda: tracker.edit(
            session, ref, now=NOW, company=data.draw(st.none() | NAME),
            notes=data.draw(st.none() | TEXT), link=data.draw(st.none() | TEXT),
        ),
        "set_stage": lambda: tracker.set_stage(
            session, ref, data.draw(one_of_or_hostile(STAGES)), now=NOW, note=data.draw(TEXT)
        ),
        "add_interview": lambda: tracker.add_interview(
            session, ref, data.draw(TIME), now=NOW, zone=data.draw(ZONE),
            minutes=data.draw(NUMBER),
        ),
        "update_interview": lambda: tracker.update_interview(
            session, data.draw(NUMBER), now=NOW, at=data.draw(st.none() | TIME),
            status=data.draw(st.none() | one_of_or_hostile(("cancelled", "done", "confirmed"))),
        ),
        "log_message": lambda: correspondence.log_message(
            session, ref, data.draw(one_of_or_hostile(("in", "out"))), data.draw(TEXT),
            now=NOW, at=data.draw(st.none() | TIME), subject=data.draw(st.none() | NAME),
        ),
        "import_json": lambda: transfer.import_json(
            session, data.draw(JSON_VALUE), merge=data.draw(st.booleans())
        ),
    }  # fmt: skip
    name = data.draw(st.sampled_from(sorted(choices)))
    return name, choices[name]


@FUZZ
@given(data=st.data())
def test_a_refused_write_changes_nothing(data: st.DataObject) -> None:
    with _store() as (store, path):
        before = snapshot(path)
        name = "opening the store"
        try:
            with store.write() as session:
                name, call = _writes(session, data)
                call()
        except BowoutError as error:  # in the call or at the commit: either way, said clearly
            assert_reads_well(error, name)
            assert snapshot(path) == before, f"{name} was refused, yet the store changed"
            return
        with store.read() as session:
            for process in tracker.list_processes(session, everything=True):
                tracker.show(session, str(process["id"]))
            json.dumps(transfer.export_json(session))
