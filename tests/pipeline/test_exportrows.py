"""Reading an export file's records: every bad value is refused with where it is and the field."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bowout.errors import InvalidInput
from bowout.model import Stage
from bowout.pipeline import exportrows
from bowout.pipeline.schema import Contact

WHERE = "processes[2]"


def refused(call: Any) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        call()
    return caught.value


def test_a_record_must_be_an_object() -> None:
    error = refused(lambda: exportrows.Row(["not", "an", "object"], WHERE))
    assert error.message == f"{WHERE}: expected an object"


TEXT = "expected text"
NUMBER = "expected a whole number"
CASES: list[tuple[dict[str, Any], str, tuple[Any, ...], dict[str, Any], str]] = [
    ({"company": 7}, "text", ("company",), {}, TEXT),
    ({}, "text", ("company",), {"required": True}, TEXT),
    ({"company": "  "}, "text", ("company",), {"required": True}, TEXT),
    ({"stage": "hired"}, "choice", ("stage", Stage), {}, "unknown value 'hired'"),
    ({"at": "next tuesday-ish"}, "when", ("at",), {}, ""),
    ({"id": 0}, "number", ("id",), {}, NUMBER + " from 1 to"),
    ({"id": True}, "number", ("id",), {}, NUMBER),
    ({"id": 2**63}, "number", ("id",), {}, NUMBER),
    ({"contacts": {"a": 1}}, "rows", ("contacts",), {}, "expected a list"),
]


@pytest.mark.parametrize(("data", "method", "args", "options", "says"), CASES)
def test_each_bad_value_names_where_it_is(
    data: dict[str, Any], method: str, args: tuple[Any, ...], options: dict[str, Any], says: str
) -> None:
    row = exportrows.Row(data, WHERE)
    error = refused(lambda: getattr(row, method)(*args, **options))
    assert error.message.startswith(f"{WHERE}.{args[0]}: {says}")
    assert error.field == args[0]


def test_good_values_are_read_as_stored() -> None:
    row = exportrows.Row(
        {"company": "Acme", "stage": "offer", "at": "2026-12-01T09:30:00+01:00", "id": 12,
         "contacts": [{"name": "Dana"}]},
        WHERE,
    )  # fmt: skip
    assert row.text("company") == "Acme"
    assert row.choice("stage", Stage) == "offer"
    assert row.when("at") == datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    assert row.number("id") == 12
    (contact,) = row.rows("contacts")
    assert contact.where == f"{WHERE}.contacts[0]" and contact.text("name") == "Dana"
    assert row.text("missing") is None and row.number("missing") is None


def test_records_refuse_what_the_store_could_not_hold() -> None:
    bad_zone = exportrows.Row({"start": "2026-12-03T10:00Z", "zone": "Mars/Olympus"}, "i[0]")
    assert str(refused(lambda: exportrows.interview(bad_zone, None)).field).endswith("zone")
    findings = exportrows.Row({"direction": "in", "at": "2026-12-03T10:00Z", "findings": 3}, "m")
    assert refused(lambda: exportrows.message(findings, None, {})).field == "findings"
    draft = exportrows.Row({"kind": "reply", "due": "2026-12-03T10:00Z", "draft": "x"}, "f")
    assert refused(lambda: exportrows.followup(draft, None, {})).field == "draft"
    stranger = exportrows.Row(
        {"direction": "in", "at": "2026-12-03T10:00Z", "contact": 9}, "processes[0].messages[1]"
    )
    error = refused(lambda: exportrows.message(stranger, None, {1: Contact(name="Dana")}))
    assert error.message == "processes[0].messages[1].contact: no contact 9 in this process"
    long_uid = exportrows.Row(
        {"start": "2026-12-03T10:00Z", "status": "scheduled", "uid": "u" * 501}, "i[1]"
    )
    assert refused(lambda: exportrows.interview(long_uid, None)).field == "uid"
