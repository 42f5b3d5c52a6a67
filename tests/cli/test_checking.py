"""`bowout check`, `rules` and `explain` as a user runs them: output, exit codes, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).parents[1] / "data" / "messages"
GOOD = "Hi Dana, I've accepted another offer and am withdrawing. Thank you for your time."
BAD = "Hi Dana, I'm withdrawing. Frankly the salary was insulting. Thanks."


def bowout(*args: str, stdin: str | bytes = b"") -> subprocess.CompletedProcess[bytes]:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "bowout", *args], input=data, capture_output=True, timeout=60
    )


def test_clean_message_from_stdin_exits_0_with_json() -> None:
    result = bowout("check", "-", "--json", stdin=GOOD)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["intent"] == "decline"
    assert report["findings"] == []
    assert report["perception"]["impact"] == "positive_or_neutral"


def test_findings_exit_1_and_spans_index_the_text() -> None:
    result = bowout("check", "--json", stdin=BAD)
    assert result.returncode == 1
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["rule"] == "critique"
    assert BAD[finding["start"] : finding["end"]] == finding["excerpt"] == "insulting"


def test_readable_report_marks_the_finding_and_the_perception() -> None:
    result = bowout("check", stdin=BAD)
    out = result.stdout.decode()
    assert result.returncode == 1
    assert "critique" in out and "insulting" in out
    assert "remembered" in out.lower()
    assert "Frankly the salary was «insulting»." in out  # the span is marked in the message


def test_ignore_flag_turns_a_rule_off() -> None:
    result = bowout("check", "--json", "--ignore", "critique", stdin=BAD)
    assert result.returncode == 0, result.stdout


def test_context_options_bring_the_timing_rule() -> None:
    text = "Hi Dana, I need to cancel our interview and withdraw. Thank you."
    args = ["--interview-at", "2026-12-03T15:00+01:00", "--sent-at", "2026-12-03T11:00+01:00"]
    result = bowout("check", "--json", *args, stdin=text)
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert "missing-timing-apology" in rules


def test_eml_file_is_read_and_its_quoted_reply_ignored() -> None:
    result = bowout("check", str(DATA / "plain.eml"), "--json")
    assert result.returncode == 0, result.stdout + result.stderr


def test_batch_keeps_order_and_ids_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": GOOD}),
        "not json",
        json.dumps({"id": 7, "text": BAD, "context": {"intent": "decline"}}),
        json.dumps({"id": "c", "text": 5}),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = bowout("check", "--batch", str(source))
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == ["a", None, 7, "c"]
    assert out[0]["findings"] == [] and "error" in out[1] and "error" in out[3]
    assert out[2]["findings"][0]["rule"] == "critique"
    assert result.returncode == 2


def test_bad_usage_and_unreadable_input_exit_2_without_traceback(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 10)
    for args, stdin in (
        (("check", "--intent", "nonsense"), GOOD),
        (("check", str(tmp_path / "missing.txt")), ""),
        (("check", str(junk)), ""),
        (("check", "--interview-at", "tomorrow"), GOOD),
        (("check", "--ignore", "no-such-rule"), GOOD),
    ):
        result = bowout(*args, stdin=stdin)
        assert result.returncode == 2, (args, result.stderr)
        assert b"Traceback" not in result.stderr
        assert result.stderr.strip()


def test_empty_input_is_fine() -> None:
    result = bowout("check", "--json", stdin="")
    assert result.returncode == 0
    assert json.loads(result.stdout)["stats"]["words"] == 0


def test_rules_lists_every_rule() -> None:
    listed = json.loads(bowout("rules", "--json").stdout)
    assert len(listed) >= 10
    assert {"id", "severity", "summary"} <= set(listed[0])
    plain = bowout("rules").stdout.decode()
    assert "vague-reschedule" in plain


def test_explain_prints_rationale_and_examples() -> None:
    info = json.loads(bowout("explain", "vague-deferral", "--json").stdout)
    assert info["rationale"] and info["fires"] and info["passes"]
    plain = bowout("explain", "critique")
    assert plain.returncode == 0 and b"Does not flag" in plain.stdout
    unknown = bowout("explain", "no-such-rule")
    assert unknown.returncode == 3 and b"the rules are" in unknown.stderr


def test_explain_shows_the_context_an_example_needs() -> None:
    info = json.loads(bowout("explain", "missing-timing-apology", "--json").stdout)
    late = next(c for c in info["cases"] if c["context"])
    plain = bowout("explain", "missing-timing-apology").stdout.decode()
    assert f"--interview-at {late['context']['interview_at']}" in plain
    assert f"flags: “{late['span']}”" in plain


def test_checking_does_not_load_the_web_or_database_stack() -> None:
    code = (
        "import io, sys; from bowout.cli.main import main\n"
        "sys.stdin = io.TextIOWrapper(io.BytesIO(b'I am withdrawing. Thanks.'))\n"
        "sys.argv = ['bowout', 'check']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('sqlalchemy', 'fastapi', 'jinja2', 'uvicorn') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY="


def test_batch_survives_lone_surrogates_in_the_input(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": 1, "text": "Thanks \\ud800 for the call.", "context": {"intent": "decline"}}\n',
        encoding="utf-8",
    )
    result = bowout("check", "--batch", str(source))
    assert b"Traceback" not in result.stderr
    assert json.loads(result.stdout)["id"] == 1
