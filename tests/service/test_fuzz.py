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

from hypothesis import event, given
from hypothesis import strategies as st

from bowout import service
from bowout.config import Settings
from bowout.errors import BowoutError
from bowout.pipeline.store import Store
from tests.hostile import (
    DEEP_JSON,
    FUZZ,
    INTENTS,
    JSON_VALUE,
    MINUTES,
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
    mutated_export,
    one_of_or_hostile,
    snapshot,
)

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SETTINGS = Settings(me="Alex", timezone="Europe/Berlin", availability=("Tue 12:00-17:00",))
STATELESS = service.Context(SETTINGS, now=NOW)


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
    result = outcome(lambda: service.advise(STATELESS, situation), repr(situation)[:300])
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
    result = outcome(lambda: service.draft(STATELESS, scenario, details, variant=variant), what)
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
            STATELESS,
            text,
            intent=intent,
            interview_at=interview_at,
            sent_at=sent_at,
            ignore=ignore,
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
    results = outcome(lambda: list(service.check_batch(STATELESS, records)), repr(records)[:300])
    assert results is not None, "a batch never fails as a whole: a bad line gets its own error"
    assert len(results) == len([r for r in records if r.strip()])
    for line, result in zip(records, results, strict=True):
        json.dumps(result)
        if "findings" in result:
            assert_excerpts(result["findings"], json.loads(line)["text"])
        else:
            assert isinstance(result["error"], str)


# --- the store -------------------------------------------------------------------------------

_TEMPLATES: dict[str, Path] = {}


def _template(kind: str) -> Path:
    """An open pipeline with one ended process; or the same after an accepted offer."""
    if kind not in _TEMPLATES:
        path = Path(tempfile.mkdtemp(prefix="bowout-fuzz-")) / "template.sqlite3"
        with service.Context(SETTINGS, now=NOW, db=f"sqlite:///{path}") as ctx:
            service.add_process(
                ctx, "Acme", contacts=("Dana <dana@acme.example>",),
                interview_at="2026-12-03T10:00",
            )  # fmt: skip
            service.add_process(ctx, "Globex", contacts=("Lee <lee@globex.example>",))
            service.log_message(ctx, "Globex", "in", "Are you free on Thursday?")
            service.add_process(ctx, "Initech", contacts=("Rae <rae@initech.example>",))
            service.set_stage(ctx, "Initech", "rejected")
            if kind == "accepted":
                service.add_process(ctx, "Umbrella", stage="offer")
                service.accept(ctx, "Umbrella", verbal=True)
        _TEMPLATES[kind] = path
    return _TEMPLATES[kind]


@contextmanager
def _store(kind: str) -> Iterator[tuple[service.Context, Path]]:
    with tempfile.TemporaryDirectory(prefix="bowout-fuzz-") as folder:
        path = Path(folder) / "store.sqlite3"
        shutil.copyfile(_template(kind), path)
        store = Store(f"sqlite:///{path}")
        try:
            yield service.Context(SETTINGS, now=NOW, store=store), path
        finally:
            store.close()


def _import_content(ctx: service.Context, d: st.DataObject) -> str:
    """The store's own export with a few values made hostile, or any text at all."""
    own = json.dumps(mutated_export(d, json.loads(service.export(ctx, "json"))))
    return d.draw(st.one_of(st.just(own), st.just(own), JSON_VALUE.map(json.dumps),
                            st.sampled_from(DEEP_JSON), TEXT))  # fmt: skip


_KNOWN = st.sampled_from(["1", "2", "3", "Acme", "globex", "Initech"])
_REF = st.one_of(_KNOWN, _KNOWN, _KNOWN, st.sampled_from(["999", "-5", str(2**70)]), NAME)
_ID = st.one_of(st.sampled_from([1, 2]), st.sampled_from([1, 2, 0, -1, 999]), NUMBER)
_MAYBE_TEXT = st.one_of(st.none(), TEXT)
# Each store-writing call of the service, with hostile arguments drawn for it.
_WRITES: dict[str, Callable[[service.Context, st.DataObject], Any]] = {
    "add_process": lambda ctx, d: service.add_process(
        ctx, d.draw(NAME), role=d.draw(st.none() | NAME), link=d.draw(_MAYBE_TEXT),
        stage=d.draw(one_of_or_hostile(STAGES)), contacts=tuple(d.draw(st.lists(NAME, max_size=2))),
        interview_at=d.draw(st.none() | TIME), zone=d.draw(st.none() | ZONE),
        minutes=d.draw(MINUTES), place=d.draw(st.none() | NAME),
    ),
    "edit_process": lambda ctx, d: service.edit_process(
        ctx, d.draw(_REF), company=d.draw(st.none() | NAME), notes=d.draw(_MAYBE_TEXT),
        link=d.draw(_MAYBE_TEXT), contacts=tuple(d.draw(st.lists(NAME, max_size=1))),
    ),
    "set_stage": lambda ctx, d: service.set_stage(
        ctx, d.draw(_REF), d.draw(st.none() | one_of_or_hostile(STAGES)),
        intent=d.draw(st.none() | one_of_or_hostile(("decline", "reschedule", "none"))),
        note=d.draw(_MAYBE_TEXT),
    ),
    "add_interview": lambda ctx, d: service.add_interview(
        ctx, d.draw(_REF), d.draw(TIME), zone=d.draw(st.none() | ZONE), minutes=d.draw(MINUTES),
    ),
    "update_interview": lambda ctx, d: service.update_interview(
        ctx, d.draw(_ID), at=d.draw(st.none() | TIME),
        status=d.draw(st.none() | one_of_or_hostile(("cancelled", "held", "confirmed"))),
    ),
    "log_message": lambda ctx, d: service.log_message(
        ctx, d.draw(_REF), d.draw(one_of_or_hostile(("in", "out"))), d.draw(TEXT),
        at=d.draw(st.none() | TIME), subject=d.draw(st.none() | NAME),
        intent=d.draw(st.none() | one_of_or_hostile(INTENTS)),
    ),
    "decline": lambda ctx, d: service.decline(
        ctx, d.draw(_REF), reason=d.draw(st.none() | NAME), detail=d.draw(_MAYBE_TEXT),
        variant=d.draw(st.none() | NUMBER), text=d.draw(_MAYBE_TEXT), confirm=d.draw(st.booleans()),
    ),
    "reschedule": lambda ctx, d: service.reschedule(
        ctx, d.draw(_REF), slots=tuple(d.draw(st.lists(TIME, max_size=2))),
        to=d.draw(st.none() | TIME), text=d.draw(_MAYBE_TEXT), confirm=d.draw(st.booleans()),
    ),
    "accept": lambda ctx, d: service.accept(ctx, d.draw(_REF), verbal=d.draw(st.booleans())),
    "mark_sent": lambda ctx, d: service.mark_sent(
        ctx, d.draw(_REF), d.draw(TEXT), scenario=d.draw(st.none() | NAME),
        subject=d.draw(st.none() | NAME), then=d.draw(st.none() | NAME),
    ),
    "followup_done": lambda ctx, d: service.followup_done(
        ctx, d.draw(_ID), text=d.draw(_MAYBE_TEXT)
    ),
    "keep": lambda ctx, d: service.keep(
        ctx, d.draw(_REF), d.draw(st.one_of(st.sampled_from(["Rae", "Dana", "1"]), NAME)),
        why=d.draw(one_of_or_hostile(
            ("recruiter-invested", "hiring-manager-conversation", "follow-their-work"))),
    ),
    "reconnect": lambda ctx, d: service.reconnect(
        ctx, process_ref=d.draw(st.none() | _REF), news=d.draw(_MAYBE_TEXT)
    ),
    "import_text": lambda ctx, d: service.import_text(
        ctx, _import_content(ctx, d),
        fmt=d.draw(one_of_or_hostile(("json", "csv"))), merge=d.draw(st.booleans()),
        mapping=d.draw(st.none() | NAME),
    ),
}  # fmt: skip


@FUZZ
@given(
    data=st.data(),
    name=st.sampled_from(sorted(_WRITES)),
    kind=st.sampled_from(["pipeline", "accepted"]),
)
def test_a_refused_write_changes_nothing(data: st.DataObject, name: str, kind: str) -> None:
    with _store(kind) as (ctx, path):
        before = snapshot(path)
        try:
            result = _WRITES[name](ctx, data)
        except BowoutError as error:
            event(f"{name}: {type(error).__name__}")
            assert_reads_well(error, name)
            assert snapshot(path) == before, f"{name} was refused, yet the store changed"
            return
        event(f"{name}: done")
        json.dumps(result)
        for process in service.list_processes(ctx, everything=True):
            service.show_process(ctx, str(process["id"]))
        service.status(ctx)
        json.loads(service.export(ctx, "json"))
