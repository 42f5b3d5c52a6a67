"""Fuzzing the command line: whatever a person or a tool types, bowout answers without a stack.

Each case asserts: an exit code from 0 to 5, no traceback, SQL or library internals in what is
printed, never a store error (exit 5) over a healthy store, every finding's excerpt equal to
``text[start:end]``, and the store unchanged after any refused write. Most cases run in process
(click's CliRunner); a few run `bowout` as a real process under a strict UTF-8 locale, with
argument bytes that are not UTF-8 at all. BOWOUT_FUZZ_EXAMPLES sets the number of cases.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from hypothesis import assume, event, example, given, settings
from hypothesis import strategies as st

from bowout.cli.main import cli, undecodable
from tests.hostile import (
    DEEP_JSON,
    EXAMPLES,
    FUZZ,
    INTENTS,
    JSON_VALUE,
    MINUTES,
    NAME,
    NUMBER,
    REASONS,
    RULES,
    SCENARIOS,
    SITUATION,
    STAGES,
    TEXT,
    TIME,
    ZONE,
    Long,
    assert_no_leak,
    json_text,
    mutated_export,
    mutated_lines,
    one_of_or_hostile,
    snapshot,
)

NOW = "2026-11-26T09:00+01:00"
USER = {"BOWOUT_ME": "Alex Kim", "BOWOUT_TIMEZONE": "Europe/Berlin"}  # a configured user
WINDOW = st.one_of(
    st.sampled_from(["Tue 12:00-17:00", "Thu 09:00-12:00", "Mon 00:00-23:59", "Sun 23:00-01:00",
                     "Tue 12:00-12:00", "Tue 25:00-26:00", "Funday 1-2", "tue 9-5", ""]),
    NAME,
)  # fmt: skip
# JSON Lines end at "\n"; a raw CR or U+2028 inside a line is the line's own business.
_LINE_ENDS = dict.fromkeys(map(ord, "\n"), " ")
Options = dict[str, st.SearchStrategy[Any] | None]  # None: a flag


def invoke(args: list[str], stdin: bytes | None = None) -> Result:
    """Run one command in process and assert what every command owes: no crash, no leak."""
    # An argument that is not UTF-8 is refused by the real entry point (`main`) before click
    # sees it; the runner calls the group directly, so such cases are the real-process test's.
    assume(undecodable(args) is None)
    result = CliRunner(env=USER).invoke(cli, args, input=stdin, catch_exceptions=True)
    what = "bowout " + " ".join(repr(a) for a in args)[:600]
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        raise AssertionError(f"{what}: {type(error).__name__}: {error}") from error
    assert 0 <= result.exit_code <= 5, f"{what}: exit {result.exit_code}\n{result.output[-2000:]}"
    assert_no_leak(result.output, what)
    event(
        f"{' '.join(a for a in args[:2] if not a.startswith('-'))[:30]!r}: exit {result.exit_code}"
    )
    return result


def draw_options(data: st.DataObject, table: Options) -> list[str]:
    """A random subset of a command's options, each with a drawn value."""
    chosen = data.draw(st.lists(st.sampled_from(sorted(table)), unique=True))
    args: list[str] = []
    for name in chosen:
        strategy = table[name]
        args += [name] if strategy is None else [name, str(data.draw(strategy))]
    return args


def encoded(text: str) -> bytes:
    """Text as bytes a file might hold: lone surrogates become bytes that are not UTF-8."""
    return text.encode("utf-8", "surrogatepass")


def assert_excerpts(findings: list[dict[str, Any]], text: str, what: str) -> None:
    for finding in findings:
        start, end = finding["start"], finding["end"]
        assert 0 <= start <= end <= len(text), f"{what}: span {start}-{end} of {len(text)}"
        assert finding["excerpt"] == text[start:end], f"{what}: {finding}"


# --- a store with something in it, copied for every case -------------------------------------

DATA = Path(__file__).parents[1] / "data"
TAKEOUT = DATA / "mail" / "takeout.mbox"
_TEMPLATES: dict[str, Path] = {}
_STEPS = [
    ["add", "Acme", "--role", "Backend Engineer", "--contact", "Dana <dana@acme.example>",
     "--interview", "2026-12-03T10:00", "--tz", "Europe/Berlin"],
    ["add", "Globex", "--contact", "Lee Park <lee@globex.example>"],
    ["add", "Initech", "--stage", "interviewing"],
    ["log", "in", "Globex", "--text", "Are you free on Thursday?", "--at",
     "2026-11-20T10:00+01:00"],
]  # fmt: skip
# After an accepted offer: withdrawals owed (follow-ups 1 and 2) and a closed process to keep.
_ACCEPTED = [["add", "Umbrella", "--stage", "offer"], ["accept", "Umbrella", "--verbal"]]


def template(kind: str = "pipeline") -> Path:
    """Stores built once through the CLI: an open pipeline, or one after an accepted offer."""
    if kind not in _TEMPLATES:
        folder = Path(tempfile.mkdtemp(prefix="bowout-fuzz-"))
        db = f"sqlite:///{folder / 'template.sqlite3'}"
        extra = {"accepted": _ACCEPTED, "mail": [["mail", "import", str(TAKEOUT)]]}
        for step in _STEPS + extra.get(kind, []):
            result = CliRunner(env=USER).invoke(cli, [*step, "--db", db, "--now", NOW])
            assert result.exit_code == 0, result.output
        _TEMPLATES[kind] = folder / "template.sqlite3"
    return _TEMPLATES[kind]


STORES = st.sampled_from(["pipeline", "pipeline", "accepted", "mail", "empty"])


@contextmanager
def store_copy(kind: str = "pipeline") -> Iterator[tuple[str, Path]]:
    with tempfile.TemporaryDirectory(prefix="bowout-fuzz-") as folder:
        path = Path(folder) / "store.sqlite3"
        if kind == "empty":
            result = CliRunner().invoke(cli, ["list", "--db", f"sqlite:///{path}"])
            assert result.exit_code == 0, result.output
        else:
            shutil.copyfile(template(kind), path)
        yield f"sqlite:///{path}", path


# --- the stateless commands ------------------------------------------------------------------


@FUZZ
@given(
    data=st.data(),
    situation=st.one_of(SITUATION.map(json_text), st.sampled_from(DEEP_JSON), TEXT),
    as_flags=st.booleans(),
)
def test_advise(data: st.DataObject, situation: str, as_flags: bool) -> None:
    if as_flags:
        table: Options = {
            "--reason": one_of_or_hostile(REASONS),
            "--interview-at": TIME,
            "--now": TIME,
            "--pay-discussed": None,
            "--pay-not-discussed": None,
            "--pay-below": None,
            "--accepted-elsewhere": one_of_or_hostile(("none", "verbal", "signed")),
            "--would-not-attend": None,
            "--json": None,
        }
        invoke(["advise", *draw_options(data, table)])
    else:
        now = data.draw(st.one_of(st.just([]), TIME.map(lambda t: ["--now", t])))
        invoke(["advise", "--situation", "-", "--json", *now], encoded(situation))


@FUZZ
@given(data=st.data())
def test_slots(data: st.DataObject) -> None:
    table: Options = {
        "--original": TIME,
        "--recruiter-tz": ZONE,
        "--timezone": ZONE,
        "--count": NUMBER,
        "--now": TIME,
        "--json": None,
    }
    windows = data.draw(st.lists(WINDOW, max_size=3))
    invoke(["slots", *[a for w in windows for a in ("--available", w)], *draw_options(data, table)])


@FUZZ
@given(data=st.data(), scenario=one_of_or_hostile(SCENARIOS))
def test_draft(data: st.DataObject, scenario: str) -> None:
    table: Options = {
        "--to": NAME,
        "--company": NAME,
        "--role": NAME,
        "--me": NAME,
        "--signature": TEXT,
        "--detail": TEXT,
        "--range": NAME,
        "--slot": TIME,
        "--available": WINDOW,
        "--then": one_of_or_hostile(("reschedule", "withdraw")),
        "--news": TEXT,
        "--interview-at": TIME,
        "--recruiter-tz": ZONE,
        "--variant": NUMBER,
        "--now": TIME,
        "--json": None,
    }
    invoke(["draft", scenario, *draw_options(data, table)])


@FUZZ
@given(
    data=st.data(),
    message=st.one_of(
        TEXT.map(encoded),
        st.binary(max_size=300),
        TEXT.map(lambda t: t.encode("cp1252", "replace")),
    ),
)
def test_check(data: st.DataObject, message: bytes) -> None:
    from bowout import service

    table: Options = {
        "--intent": one_of_or_hostile(INTENTS),
        "--interview-at": TIME,
        "--sent-at": TIME,
        "--ignore": one_of_or_hostile(RULES),
    }
    args = ["check", "-", "--json", *draw_options(data, table)]
    result = invoke(args, message)
    if result.exit_code in (0, 1):
        report = json.loads(result.stdout)
        assert_excerpts(report["findings"], service.read_message(message, None), repr(args))
        assert bool(report["findings"]) == (result.exit_code == 1)


_CONTEXT = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "intent": st.one_of(one_of_or_hostile(INTENTS), JSON_VALUE),
            "interview_at": st.one_of(TIME, JSON_VALUE),
            "sent_at": st.one_of(TIME, JSON_VALUE),
            "ignore": st.one_of(st.lists(one_of_or_hostile(RULES), max_size=3), JSON_VALUE),
        },
    ),
    JSON_VALUE,
)
_RECORD = st.fixed_dictionaries(
    {"id": JSON_VALUE, "text": st.one_of(TEXT, TEXT, JSON_VALUE)}, optional={"context": _CONTEXT}
)
_LINE = st.one_of(
    _RECORD.map(json_text),
    _RECORD.map(json_text),
    st.one_of(TEXT, JSON_VALUE.map(json_text), st.sampled_from(DEEP_JSON)).map(
        lambda line: line if isinstance(line, Long) else line.translate(_LINE_ENDS)
    ),
)


@FUZZ
@given(lines=st.lists(_LINE, max_size=6))
@example(lines=['{"id": 1, "text": "Maybe later!\u2028I will circle back."}', '{"id": 2}'])
def test_check_batch(lines: list[str]) -> None:
    content = encoded("\n".join(lines))
    result = invoke(["check", "--batch", "-"], content)
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        assert result.exit_code == 2  # the file as a whole is unreadable: said so, once
        return
    wanted = [line for line in lines if line.strip()]
    out = [json.loads(row) for row in result.stdout.split("\n") if row]
    assert len(out) == len(wanted), f"{len(wanted)} lines in, {len(out)} results out"
    for line, row in zip(wanted, out, strict=True):
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            record = None
        assert "error" in row or "findings" in row, row
        if isinstance(record, dict):
            ident = record.get("id")
            if ident is None or isinstance(ident, str | int | float | bool):
                assert json_text(row["id"]) == json_text(ident), (line, row)
            if "findings" in row:
                assert_excerpts(row["findings"], record["text"], line[:200])
    errors = any("error" in row for row in out)
    assert result.exit_code == (2 if errors else 1 if any(r.get("findings") for r in out) else 0)


# --- import and the commands that write to the store -----------------------------------------


@FUZZ
@given(data=st.data(), kind=st.sampled_from(["export", "export", "json", "deep", "csv"]))
def test_import(data: st.DataObject, kind: str) -> None:
    exported = invoke(["export", "--db", f"sqlite:///{template()}"])
    if kind == "export":
        content = json_text(mutated_export(data, json.loads(exported.stdout)))
    elif kind == "json":
        content = json_text(data.draw(JSON_VALUE))
    elif kind == "deep":
        content = data.draw(st.sampled_from(DEEP_JSON))
    else:
        header = data.draw(st.lists(st.sampled_from(
            ["company", "role", "stage", "created_at", "contact_email", "notes", "Company"]
        ) | NAME, min_size=1, max_size=5))  # fmt: skip
        cell = st.one_of(NAME, TIME, st.sampled_from(STAGES), st.sampled_from(DEEP_JSON))
        rows = data.draw(st.lists(st.lists(cell, max_size=6), max_size=4))
        sheet = io.StringIO()
        csv.writer(sheet).writerows([header, *rows])
        content = sheet.getvalue()
    flags = data.draw(st.sampled_from([[], ["--merge"], ["--json"]]))
    fmt = ["--format", "csv"] if kind == "csv" else []
    with store_copy(data.draw(STORES)) as (db, path):
        before = snapshot(path)
        result = invoke(["import", "-", "--db", db, *fmt, *flags], encoded(content))
        _after_a_write(result, db, path, before, "import")


_KNOWN_PROCESS = st.sampled_from(["1", "2", "3", "Acme", "acme", "Globex", "Init"])
_PROCESS = st.one_of(
    _KNOWN_PROCESS,
    _KNOWN_PROCESS,
    _KNOWN_PROCESS,
    st.sampled_from(["0", "-5", "999", str(2**63), str(2**70), ""]),
    NAME,
)
_KNOWN_ID = st.sampled_from(["1", "2"])
_ID = st.one_of(_KNOWN_ID, _KNOWN_ID, st.sampled_from(["0", "-1", "999"]), NUMBER.map(str), NAME)
_CONTACT = st.one_of(
    st.sampled_from(["Dana", "dana@acme.example", "Lee Park <lee@globex.example>", "<>", "@"]),
    NAME,
)
_WRITES: dict[str, tuple[tuple[st.SearchStrategy[Any], ...], Options]] = {
    "add": ((NAME,), {"--role": NAME, "--link": TEXT, "--source": NAME,
                      "--stage": one_of_or_hostile(STAGES), "--contact": _CONTACT,
                      "--interview": TIME, "--tz": ZONE, "--minutes": MINUTES, "--place": NAME}),
    "edit": ((_PROCESS,), {"--company": NAME, "--role": NAME, "--link": TEXT, "--notes": TEXT,
                           "--contact": _CONTACT,
                           "--part": one_of_or_hostile(("recruiter", "hiring_manager"))}),
    "stage": ((_PROCESS, one_of_or_hostile(STAGES)),
              {"--intent": one_of_or_hostile(("decline", "reschedule", "none")), "--note": TEXT}),
    "interview add": ((_PROCESS, TIME), {"--tz": ZONE, "--minutes": MINUTES, "--place": NAME}),
    "interview move": ((_ID, TIME), {}),
    "interview cancel": ((_ID,), {}),
    "interview done": ((_ID,), {}),
    "log": ((one_of_or_hostile(("in", "out")), _PROCESS),
            {"--at": TIME, "--text": TEXT, "--subject": NAME, "--channel": NAME,
             "--intent": one_of_or_hostile(INTENTS)}),
    "decline": ((_PROCESS,), {"--reason": one_of_or_hostile(REASONS), "--detail": TEXT,
                              "--variant": NUMBER, "--text": TEXT, "--me": NAME, "--yes": None}),
    "reschedule": ((_PROCESS,), {"--slot": TIME, "--to": TIME, "--variant": NUMBER,
                                 "--text": TEXT, "--me": NAME, "--yes": None}),
    "accept": ((_PROCESS,), {"--verbal": None}),
    "followup done": ((_ID,), {"--text": TEXT}),
    "keep": ((_PROCESS, _CONTACT), {"--why": one_of_or_hostile(
        ("recruiter-invested", "hiring-manager-conversation", "follow-their-work")),
        "--part": one_of_or_hostile(("recruiter", "hiring_manager", "interviewer"))}),
    "reconnect": ((), {"--process": _PROCESS, "--news": TEXT}),
    "mail confirm": ((_ID,), {"--company": NAME, "--role": NAME}),
    "mail dismiss": ((_ID,), {}),
}  # fmt: skip


@FUZZ
@given(data=st.data(), command=st.sampled_from(sorted(_WRITES)), store=STORES)
def test_store_commands(data: st.DataObject, command: str, store: str) -> None:
    positional, table = _WRITES[command]
    args = [*command.split(), *(str(data.draw(p)) for p in positional)]
    now = st.one_of(st.just(NOW), st.just(NOW), TIME)
    args += draw_options(data, {**table, "--now": now, "--json": None})
    with store_copy(store) as (db, path):
        before = snapshot(path)
        result = invoke([*args, "--db", db], b"n\n")  # a confirmation prompt is answered no
        _after_a_write(result, db, path, before, command)


def _after_a_write(result: Result, db: str, path: Path, before: list[str], what: str) -> None:
    """A refused write changed nothing; an accepted one left a store every reader can read."""
    assert result.exit_code != 5, f"{what}: a store error over a healthy store:\n{result.output}"
    if result.exit_code != 0:
        assert snapshot(path) == before, f"{what} was refused, yet the store changed"
        return
    listed = invoke(["list", "--all", "--json", "--db", db])
    assert listed.exit_code == 0, listed.output
    for process in json.loads(listed.stdout)["processes"][:5]:
        shown = invoke(["show", str(process["id"]), "--json", "--db", db])
        assert shown.exit_code == 0, f"process {process['id']} cannot be shown: {shown.output}"
    assert invoke(["status", "--json", "--db", db]).exit_code == 0
    assert invoke(["export", "--db", db]).exit_code == 0


_MAIL_FILES = [*sorted((DATA / "mail" / "eml").glob("*.eml")), TAKEOUT]
_CALENDAR_FILES = sorted((DATA / "calendar").glob("*.ics"))


@FUZZ
@given(
    data=st.data(),
    source=st.sampled_from([*_MAIL_FILES, *_CALENDAR_FILES]),
    store=STORES,
)
def test_mail_and_calendar_imports(data: st.DataObject, source: Path, store: str) -> None:
    """Real mail and calendar files with hostile values in a few lines, imported as files."""
    command = ["calendar", "import"] if source.suffix == ".ics" else ["mail", "import"]
    content = mutated_lines(data, source.read_bytes())
    with store_copy(store) as (db, path), tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / source.name
        target.write_bytes(content)
        before = snapshot(path)
        result = invoke([*command, str(target), "--db", db, "--now", NOW, "--json"])
        _after_a_write(result, db, path, before, " ".join(command))


# --- a few real processes: argv bytes that are not UTF-8, a strict UTF-8 stdout --------------

_REAL = st.sampled_from(
    [
        [b"add", b"Bad\xffCo", b"--json"],
        [b"add", b"\xed\xa0\x80", b"--role", b"\xff"],
        [b"draft", b"accepted-offer", b"--to", b"\xff\xfe", b"--company", b"Acme\xff"],
        [b"advise", b"--reason", b"schedule_conflict", b"--interview-at",
         b"9999-12-31T23:59-01:00", b"--json"],
        [b"show", b"\xff"],
        [b"check", b"-", b"--intent", b"\xff"],
        [b"edit", b"1", b"--notes", b"caf\xe9 \xff", b"--json"],
    ]
)  # fmt: skip


@settings(FUZZ, max_examples=max(3, EXAMPLES // 5))
@given(args=_REAL, stdin=st.one_of(st.just(b"Maybe later \xff\xfe"), TEXT.map(encoded)))
def test_a_real_process_under_a_strict_utf8_locale(args: list[bytes], stdin: bytes) -> None:
    with store_copy() as (db, path):
        before = snapshot(path)
        env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict",
               "BOWOUT_DB": db}  # fmt: skip
        env.pop("PYTHONUTF8", None)
        command = [sys.executable.encode(), b"-m", b"bowout", *args]
        done = subprocess.run(command, input=stdin, capture_output=True, env=env, timeout=60)
        output = (done.stdout + done.stderr).decode("utf-8", "replace")
        what = b" ".join(args).decode("utf-8", "backslashreplace")
        assert 0 <= done.returncode <= 5, f"{what}: exit {done.returncode}\n{output[-2000:]}"
        assert_no_leak(output, what)
        if done.returncode not in (0, 1):
            assert snapshot(path) == before, f"{what} was refused, yet the store changed"
        listed = subprocess.run(
            [sys.executable, "-m", "bowout", "list", "--all"], capture_output=True, env=env,
            timeout=60,
        )  # fmt: skip
        assert listed.returncode == 0, listed.stderr.decode("utf-8", "replace")[-2000:]
