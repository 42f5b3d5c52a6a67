"""Export and import: JSON that round-trips every record, CSV with a column mapping.

JSON export, import into an empty store, export again: the two files are identical (ids, times
and findings included). ``merge=True`` imports beside existing records, under new ids. CSV is for
spreadsheets and other trackers: one row per process, columns named through a mapping.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from bowout.errors import Conflict, InvalidInput
from bowout.model import ContactRole, Direction, InterviewStatus, Stage
from bowout.pipeline.schema import Contact, Followup, Interview, Message, Process, StageChange
from bowout.pipeline.serialize import iso
from bowout.pipeline.store import reset_sequences

FORMAT = "bowout-export"
VERSION = 1
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


# --- JSON ------------------------------------------------------------------------------------


def export_json(session: Session) -> dict[str, Any]:
    processes = session.scalars(
        select(Process)
        .order_by(Process.id)
        .options(
            selectinload(Process.stages),
            selectinload(Process.contacts),
            selectinload(Process.interviews),
            selectinload(Process.messages),
            selectinload(Process.followups),
        )
    )
    return {"format": FORMAT, "version": VERSION, "processes": [_dump(p) for p in processes]}


def _dump(p: Process) -> dict[str, Any]:
    return {
        "id": p.id,
        "company": p.company,
        "role": p.role,
        "link": p.link,
        "source": p.source,
        "stage": p.stage,
        "intent": p.intent,
        "notes": p.notes,
        "created_at": iso(p.created_at),
        "updated_at": iso(p.updated_at),
        "stages": [
            {"id": s.id, "stage": s.stage, "at": iso(s.at), "note": s.note}
            for s in sorted(p.stages, key=lambda s: s.id)
        ],
        "contacts": [
            {
                "id": c.id,
                "name": c.name,
                "email": c.email,
                "phone": c.phone,
                "linkedin": c.linkedin,
                "part": c.part,
                "keep": c.keep,
                "keep_why": c.keep_why,
            }
            for c in sorted(p.contacts, key=lambda c: c.id)
        ],
        "interviews": [
            {
                "id": i.id,
                "start": iso(i.start),
                "zone": i.zone,
                "minutes": i.minutes,
                "place": i.place,
                "status": i.status,
            }
            for i in sorted(p.interviews, key=lambda i: i.id)
        ],
        "messages": [
            {
                "id": m.id,
                "contact": m.contact_id,
                "direction": m.direction,
                "channel": m.channel,
                "at": iso(m.at),
                "subject": m.subject,
                "body": m.body,
                "intent": m.intent,
                "findings": m.findings,
            }
            for m in sorted(p.messages, key=lambda m: m.id)
        ],
        "followups": [
            {
                "id": f.id,
                "contact": f.contact_id,
                "kind": f.kind,
                "due": iso(f.due),
                "done_at": iso(f.done_at),
                "note": f.note,
                "draft": f.draft,
            }
            for f in sorted(p.followups, key=lambda f: f.id)
        ],
    }


def import_json(session: Session, data: Any, *, merge: bool = False) -> dict[str, Any]:
    """Load an export; into an empty store ids are kept, with ``merge`` they are new."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput(f"not a bowout export: expected an object with format {FORMAT!r}")
    if data.get("version") != VERSION:
        raise InvalidInput(f"export version {data.get('version')!r}; this bowout reads {VERSION}")
    rows = data.get("processes")
    if not isinstance(rows, list):
        raise InvalidInput("processes: expected a list")
    if not merge and session.scalar(select(func.count()).select_from(Process)):
        raise Conflict("the store is not empty: import into a new --db, or pass --merge")
    keep_ids = not merge
    for index, row in enumerate(rows):
        session.add(_load(_Row(row, f"processes[{index}]"), keep_ids))
    session.flush()
    if keep_ids:
        reset_sequences(session)
    return {"imported": len(rows), "ids_kept": keep_ids}


class _Row:
    """One object of the export, read with errors that name where the problem is."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise InvalidInput(f"{where}: expected an object")
        self.data, self.where = data, where

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise InvalidInput(f"{self.where}.{key}: expected text", field=key)
        return value

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
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise InvalidInput(f"{self.where}.{key}: expected ISO-8601 with offset", field=key)
        return moment

    def number(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise InvalidInput(f"{self.where}.{key}: expected a whole number", field=key)
        return value

    def rows(self, key: str) -> list[_Row]:
        value = self.data.get(key) or []
        if not isinstance(value, list):
            raise InvalidInput(f"{self.where}.{key}: expected a list", field=key)
        return [_Row(item, f"{self.where}.{key}[{i}]") for i, item in enumerate(value)]


def _load(row: _Row, keep_ids: bool) -> Process:
    def ident(item: _Row) -> int | None:
        return item.number("id") if keep_ids else None

    process = Process(
        id=ident(row),
        company=row.text("company", required=True),
        role=row.text("role"),
        link=row.text("link"),
        source=row.text("source"),
        stage=row.choice("stage", Stage),
        intent=row.text("intent"),
        notes=row.text("notes"),
        created_at=row.when("created_at"),
        updated_at=row.when("updated_at"),
    )
    for item in row.rows("stages"):
        process.stages.append(
            StageChange(
                id=ident(item),
                stage=item.choice("stage", Stage),
                at=item.when("at"),
                note=item.text("note"),
            )
        )
    contacts: dict[int, Contact] = {}
    for item in row.rows("contacts"):
        keep = item.data.get("keep", False)
        if not isinstance(keep, bool):
            raise InvalidInput(f"{item.where}.keep: expected true or false", field="keep")
        contact = Contact(
            id=ident(item),
            name=item.text("name", required=True),
            email=item.text("email"),
            phone=item.text("phone"),
            linkedin=item.text("linkedin"),
            part=item.choice("part", ContactRole),
            keep=keep,
            keep_why=item.text("keep_why"),
        )
        old = item.number("id")
        if old is not None:
            contacts[old] = contact
        process.contacts.append(contact)
    for item in row.rows("interviews"):
        zone = item.text("zone") or "UTC"
        _zone(zone, item.where)
        process.interviews.append(
            Interview(
                id=ident(item),
                start=item.when("start"),
                zone=zone,
                minutes=item.number("minutes") or 60,
                place=item.text("place"),
                status=item.choice("status", InterviewStatus),
            )
        )
    for item in row.rows("messages"):
        findings = item.data.get("findings")
        if findings is not None and not isinstance(findings, list):
            raise InvalidInput(f"{item.where}.findings: expected a list", field="findings")
        process.messages.append(
            Message(
                id=ident(item),
                contact=_contact(item, contacts),
                direction=item.choice("direction", Direction),
                channel=item.text("channel") or "email",
                at=item.when("at"),
                subject=item.text("subject"),
                body=item.text("body") or "",
                intent=item.text("intent"),
                findings=findings,
            )
        )
    for item in row.rows("followups"):
        draft = item.data.get("draft")
        if draft is not None and not isinstance(draft, dict):
            raise InvalidInput(f"{item.where}.draft: expected an object", field="draft")
        process.followups.append(
            Followup(
                id=ident(item),
                contact=_contact(item, contacts),
                kind=item.text("kind", required=True),
                due=item.when("due"),
                done_at=item.when("done_at", required=False),
                note=item.text("note"),
                draft=draft,
            )
        )
    return process


def _contact(item: _Row, contacts: Mapping[int, Contact]) -> Contact | None:
    ref = item.number("contact")
    if ref is None:
        return None
    if ref not in contacts:
        raise InvalidInput(f"{item.where}.contact: no contact {ref} in this process")
    return contacts[ref]


def _zone(name: str, where: str) -> ZoneInfo:
    from bowout.config import zone_named

    return zone_named(name, f"{where}.zone")


# --- CSV -------------------------------------------------------------------------------------


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


def export_csv(session: Session) -> str:
    """One process a row; text a spreadsheet would run as a formula starts with an apostrophe."""
    data = export_json(session)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for p in data["processes"]:
        contact = p["contacts"][0] if p["contacts"] else {}
        live = [i["start"] for i in p["interviews"] if i["status"] in ("scheduled", "confirmed")]
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


def _uncell(value: str) -> str:
    """The text of a cell ``export_csv`` wrote: its protective apostrophe taken off again."""
    return value[1:] if value[:1] == "'" and value[1:].startswith(_FORMULA_STARTS) else value


def parse_mapping(spec: str | None) -> dict[str, str]:
    """'company=Company,role=Job title' -> {'company': 'Company', 'role': 'Job title'}."""
    if not spec:
        return {}
    mapping = {}
    for part in spec.split(","):
        target, sep, column = part.partition("=")
        target, column = target.strip(), column.strip()
        if not sep or not target or not column:
            raise InvalidInput(f"--map: {part!r} should look like company=Company", field="map")
        if target not in CSV_TARGETS:
            raise InvalidInput(
                f"--map: unknown field {target!r}; one of {', '.join(CSV_TARGETS)}", field="map"
            )
        mapping[target] = column
    return mapping


def import_csv(
    session: Session, content: str, *, mapping: Mapping[str, str], now: datetime, zone: ZoneInfo
) -> dict[str, Any]:
    """One process per row; ``mapping`` names the column of each field (default: the field's name,
    in any case, spaces for underscores)."""
    reader = csv.DictReader(io.StringIO(content))
    headers = list(reader.fieldnames or [])
    by_name = {"_".join(h.lower().split()): h for h in headers}
    columns = {t: mapping.get(t) or by_name.get(t, t) for t in CSV_TARGETS}
    missing = [c for t, c in columns.items() if t in mapping and c not in headers]
    if missing:
        raise InvalidInput(f"--map: no column {missing[0]!r}; the file has {', '.join(headers)}")
    if columns["company"] not in headers:
        raise InvalidInput(
            f"no company column: map one with --map company=COLUMN (columns: {', '.join(headers)})"
        )
    count = 0
    for line, raw in enumerate(reader, start=2):
        values = {t: _uncell(raw.get(c) or "").strip() or None for t, c in columns.items()}
        if not values["company"]:
            raise InvalidInput(f"line {line}: the company is empty")
        session.add(_process_from_csv(values, line, now, zone))
        count += 1
    session.flush()
    return {"imported": count, "ids_kept": False}


def _process_from_csv(
    values: Mapping[str, str | None], line: int, now: datetime, zone: ZoneInfo
) -> Process:
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
        raise InvalidInput(f"line {line}: unknown stage {value!r}; one of {names}") from None


def _date(value: str | None, line: int, zone: ZoneInfo) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"line {line}: {value!r} is not a date (YYYY-MM-DD)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)
