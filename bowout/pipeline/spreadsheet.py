"""Spreadsheets (CSV): one row per process, for other trackers and for a look in a spreadsheet.

Export writes every process with its first contact, next interview and last message; text a
spreadsheet would run as a formula starts with an apostrophe, which import takes off again.
Import reads a row per process, its columns named through a mapping (default: the field's name).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bowout.core import timing
from bowout.errors import InvalidInput
from bowout.model import LIVE_INTERVIEWS, Stage
from bowout.pipeline.fields import clean_text
from bowout.pipeline.schema import Contact, Process, StageChange
from bowout.pipeline.transfer import export_json

T = TypeVar("T")
CSV_COLUMNS = (
    "id", "company", "role", "stage", "intent", "link", "source", "notes", "created_at",
    "updated_at", "contact_name", "contact_email", "next_interview", "last_message_at",
)  # fmt: skip
CSV_TARGETS = (
    "company", "role", "stage", "link", "source", "notes", "created_at", "contact_name",
    "contact_email",
)  # fmt: skip
_STAGE_WORDS = {
    "interview": "interviewing", "interviews": "interviewing", "phone screen": "screening",
    "screen": "screening", "offered": "offer", "rejection": "rejected",
    "declined offer": "declined", "withdrew": "withdrawn", "ghosted": "closed",
}  # fmt: skip


# A spreadsheet runs a cell starting with one of these as a formula (=HYPERLINK(...), =cmd|...).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A text cell a spreadsheet shows as text: a leading apostrophe before a formula start, and
    line breaks as newlines (the csv module leaves a lone carriage return unquoted)."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_STARTS):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _uncell(value: str) -> str:
    """The text of a cell ``export_csv`` wrote: its protective apostrophe taken off again."""
    return value[1:] if value[:1] == "'" and value[1:].startswith(_FORMULA_STARTS) else value


def export_csv(session: Session) -> str:
    data = export_json(session)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for p in data["processes"]:
        contact = p["contacts"][0] if p["contacts"] else {}
        live = [i["start"] for i in p["interviews"] if i["status"] in LIVE_INTERVIEWS]
        messages = [m["at"] for m in p["messages"]]
        row = {
            **{key: p[key] for key in CSV_COLUMNS if key in p},
            "contact_name": contact.get("name"),
            "contact_email": contact.get("email"),
            "next_interview": min(live) if live else None,
            "last_message_at": max(messages) if messages else None,
        }
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


def parse_mapping(spec: str | None) -> dict[str, str]:
    """'company=Company,role=Job title' -> {'company': 'Company', 'role': 'Job title'}."""
    if not spec:
        return {}
    mapping = {}
    for part in spec.split(","):
        target, sep, column = part.partition("=")
        target, column = target.strip(), column.strip()
        if not sep or not target or not column:
            raise InvalidInput(f"{part!r} should look like company=Company", field="map")
        if target not in CSV_TARGETS:
            raise InvalidInput(
                f"there is no field {target!r} to map; the fields are {', '.join(CSV_TARGETS)}",
                field="map",
            )
        mapping[target] = column
    return mapping


def import_csv(
    session: Session, content: str, *, mapping: Mapping[str, str], now: datetime, zone: ZoneInfo
) -> dict[str, Any]:
    """One process per row; ``mapping`` names the column of each field (default: the field's name,
    in any case, spaces for underscores)."""
    reader = csv.DictReader(io.StringIO(content))
    headers = list(_read(reader, lambda: reader.fieldnames or []))
    by_name = {"_".join(h.lower().split()): h for h in headers}
    columns = {t: mapping.get(t) or by_name.get(t, t) for t in CSV_TARGETS}
    missing = [c for t, c in columns.items() if t in mapping and c not in headers]
    if missing:
        raise InvalidInput(
            f"the file has no column {missing[0]!r}; its columns are {', '.join(headers)}", "map"
        )
    if columns["company"] not in headers:
        raise InvalidInput(
            "say which column holds the company (company=COLUMN); the columns are "
            f"{', '.join(headers)}",
            field="map",
        )
    count = 0
    for line, raw in enumerate(_read(reader, lambda: list(reader)), start=2):
        values = {t: _uncell(raw.get(c) or "").strip() or None for t, c in columns.items()}
        if not values["company"]:
            raise InvalidInput(f"line {line}: the company is empty", field="company")
        session.add(_process_from_csv(values, line, now, zone))
        count += 1
    session.flush()
    return {"imported": count, "ids_kept": False}


def _read(reader: Any, read: Callable[[], T]) -> T:
    """What ``read`` takes from the reader; a file the csv module cannot parse (a cell over its
    size limit, say) is the file's fault, told with the line it stopped at."""
    try:
        return read()
    except csv.Error as exc:
        raise InvalidInput(
            f"near line {reader.line_num + 1}: not readable as CSV ({exc}); save it from the "
            "spreadsheet again, or shorten that cell",
            field="file",
        ) from None


def _process_from_csv(
    values: Mapping[str, str | None], line: int, now: datetime, zone: ZoneInfo
) -> Process:
    limits = {"link": 2000, "notes": 10_000, "contact_email": 320}
    try:
        values = {k: clean_text(v, k, limits.get(k, 200)) for k, v in values.items()}
    except InvalidInput as exc:
        raise InvalidInput(f"line {line}: {exc.message}", field=exc.field) from None
    stage = _stage(values["stage"], line)
    created = _date(values["created_at"], line, zone) or now
    process = Process(
        company=values["company"],
        role=values["role"],
        link=values["link"],
        source=values["source"],
        notes=values["notes"],
        stage=stage,
        created_at=created,
        updated_at=now,
    )
    process.stages.append(StageChange(stage=stage, at=created, note="imported"))
    if values["contact_name"] or values["contact_email"]:
        email = values["contact_email"]
        name = values["contact_name"] or (email.split("@")[0] if email else "")
        process.contacts.append(Contact(name=name, email=email, part="recruiter", keep=False))
    return process


def _stage(value: str | None, line: int) -> str:
    if not value:
        return Stage.APPLIED.value
    word = " ".join(value.lower().split())
    word = _STAGE_WORDS.get(word, word)
    try:
        return Stage(word).value
    except ValueError:
        names = ", ".join(s.value for s in Stage)
        raise InvalidInput(
            f"line {line}: unknown stage {value!r}; one of {names}", field="stage"
        ) from None


def _date(value: str | None, line: int, zone: ZoneInfo) -> datetime | None:
    if not value:
        return None
    try:
        return timing.parse_instant(value, "created_at", zone=zone)
    except InvalidInput as exc:
        raise InvalidInput(f"line {line}: {exc.message}", field="created_at") from None
