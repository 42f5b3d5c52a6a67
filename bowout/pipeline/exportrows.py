"""The records of an export file, read one field at a time: each value checked, and any error
naming where it is ("processes[3].interviews[0].start: expected text") and the field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bowout.core import timing
from bowout.errors import InvalidInput
from bowout.model import Direction, FollowupKind, InterviewStatus
from bowout.pipeline.fields import MAX_ID, check_encodable
from bowout.pipeline.interviews import MINUTES
from bowout.pipeline.schema import Contact, Followup, Interview, Message


class Row:
    """One object of the export, read with errors that name where the problem is."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise InvalidInput(f"{where}: expected an object", field="processes")
        self.data, self.where = data, where

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise InvalidInput(f"{self.where}.{key}: expected text", field=key)
        return check_encodable(value, key)

    def choice(self, key: str, kind: type[Any]) -> str:
        value = self.text(key, required=True)
        try:
            return str(kind(value).value)
        except ValueError:
            raise InvalidInput(f"{self.where}.{key}: unknown value {value!r}", field=key) from None

    def when(self, key: str, *, required: bool = True) -> datetime | None:
        value = self.text(key, required=required)
        if value is None:
            return None
        try:
            return timing.parse_instant(value, key)
        except InvalidInput as exc:
            raise InvalidInput(f"{self.where}.{key}: {exc.message}", field=key) from None

    def number(self, key: str, low: int = 1, high: int = MAX_ID) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise InvalidInput(
                f"{self.where}.{key}: expected a whole number from {low} to {high}", field=key
            )
        return value

    def rows(self, key: str) -> list[Row]:
        value = self.data.get(key) or []
        if not isinstance(value, list):
            raise InvalidInput(f"{self.where}.{key}: expected a list", field=key)
        return [Row(item, f"{self.where}.{key}[{i}]") for i, item in enumerate(value)]


def interview(item: Row, ident: int | None) -> Interview:
    zone = item.text("zone") or "UTC"
    _zone(zone, item.where)
    return Interview(
        id=ident,
        start=item.when("start"),
        zone=zone,
        minutes=item.number("minutes", *MINUTES) or 60,
        place=item.text("place"),
        status=item.choice("status", InterviewStatus),
        uid=_uid(item),
        sequence=item.number("sequence", 0, 2**31 - 1) if item.text("uid") else None,
    )


def _uid(item: Row) -> str | None:
    uid = item.text("uid")
    if uid is not None and not 0 < len(uid) <= 500:
        raise InvalidInput(f"{item.where}.uid: 1 to 500 characters", field="uid")
    return uid


def message(item: Row, ident: int | None, contacts: Mapping[int, Contact]) -> Message:
    findings = item.data.get("findings")
    if findings is not None and not isinstance(findings, list):
        raise InvalidInput(f"{item.where}.findings: expected a list", field="findings")
    return Message(
        id=ident,
        contact=_contact(item, contacts),
        direction=item.choice("direction", Direction),
        channel=item.text("channel") or "email",
        at=item.when("at"),
        subject=item.text("subject"),
        body=item.text("body") or "",
        intent=item.text("intent"),
        findings=findings,
        origin="mail" if item.text("origin") == "mail" else None,
    )


def followup(item: Row, ident: int | None, contacts: Mapping[int, Contact]) -> Followup:
    draft = item.data.get("draft")
    if draft is not None and not isinstance(draft, dict):
        raise InvalidInput(f"{item.where}.draft: expected an object", field="draft")
    return Followup(
        id=ident,
        contact=_contact(item, contacts),
        kind=item.choice("kind", FollowupKind),
        due=item.when("due"),
        done_at=item.when("done_at", required=False),
        note=item.text("note"),
        draft=draft,
    )


def _contact(item: Row, contacts: Mapping[int, Contact]) -> Contact | None:
    ref = item.number("contact")
    if ref is None:
        return None
    if ref not in contacts:
        raise InvalidInput(f"{item.where}.contact: no contact {ref} in this process", "contact")
    return contacts[ref]


def _zone(name: str, where: str) -> ZoneInfo:
    from bowout.config import zone_named

    return zone_named(name, f"{where}.zone")
