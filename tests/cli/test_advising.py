from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bowout.cli.main import cli

NOW = "2026-11-26T09:00:00+01:00"


def test_advise_json_from_stdin(runner: CliRunner) -> None:
    situation = {"reason": "schedule_conflict", "interview_at": "2026-12-03T10:00+01:00",
                 "now": NOW, "would_attend_at_perfect_time": True}  # fmt: skip
    result = runner.invoke(cli, ["advise", "--json", "--situation", "-"], json.dumps(situation))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["action"] == "reschedule"
    assert data["scenario"] == "reschedule"
    assert data["notice"] == {"hours": 169.0, "class": "ample"}
    assert set(data) >= {"action", "scenario", "notice", "send_by", "why", "alternatives"}


def test_advise_from_a_file_with_flags_overriding(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"reason": "lost_interest", "now": NOW}))
    result = runner.invoke(cli, ["advise", "--situation", str(path), "--reason", "anxiety",
                                 "--json"])  # fmt: skip
    assert json.loads(result.output)["action"] == "attend"


def test_advise_flags_readable_output(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["advise", "--reason", "compensation", "--pay-not-discussed", "--now", NOW]
    )
    assert result.exit_code == 0
    assert "Ask about pay first" in result.output
    assert "bowout draft comp-check" in result.output


def test_advise_pay_flags(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["advise", "--reason", "compensation", "--pay-discussed", "--pay-below", "--json"]
    )
    assert json.loads(result.output)["scenario"] == "comp-decline"


@pytest.mark.parametrize(
    ("args", "stdin", "needle"),
    [
        (["advise", "--json"], None, "--reason: say why"),
        (["advise", "--situation", "-"], "{not json", "not valid JSON"),
        (["advise", "--situation", "-"], "[1, 2]", "expected a JSON object"),
        (["advise", "--situation", "/nonexistent/file.json"], None, "cannot read"),
        (["advise", "--reason", "anxiety", "--interview-at", "2026-12-03T10:00+25:00"], None,
         "--interview-at: "),
        (["advise", "--reason", "anxiety", "--interview-at", "9999-12-31T23:59-01:00"], None,
         "--interview-at: 9999 is outside the years"),
        (["advise", "--reason", "compensation", "--pay-aligned"], None, "compensation.aligned"),
        (["slots", "--available", "Tue 17:00-09:00"], None, "must end after it starts"),
        (["slots", "--timezone", "Mars/Olympus"], None, "--timezone: 'Mars/Olympus' is not a"),
    ],
)  # fmt: skip
def test_errors_exit_2_with_an_actionable_message(
    runner: CliRunner, args: list[str], stdin: str | None, needle: str
) -> None:
    result = runner.invoke(cli, args, stdin)
    assert result.exit_code == 2, result.output
    assert needle in result.stderr
    assert "Traceback" not in result.output


def test_a_time_without_an_offset_is_read_in_the_configured_zone(
    runner: CliRunner, isolated_home: Path
) -> None:
    (isolated_home / "config.toml").write_text('timezone = "America/New_York"\n')
    args = ["advise", "--reason", "anxiety", "--interview-at", "2026-12-03T10:00", "--json"]
    result = runner.invoke(cli, [*args, "--now", "2026-11-26T09:00-05:00"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["notice"]["hours"] == 169.0


def test_unknown_reason_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["advise", "--reason", "bored"])
    assert result.exit_code == 2
    assert "bored" in result.output


def test_slots_fit_the_recruiters_day_and_show_both_zones(runner: CliRunner) -> None:
    args = ["slots", "--available", "Tue 12:00-17:00", "--available", "Thu 09:00-12:00",
            "--timezone", "Europe/Berlin", "--recruiter-tz", "America/New_York",
            "--now", NOW]  # fmt: skip
    data = json.loads(runner.invoke(cli, [*args, "--json"]).output)
    # Thursday 09:00-12:00 in Berlin is 03:00-06:00 in New York: never offered.
    assert [s["start"] for s in data["slots"]] == [
        "2026-12-01T14:00:00+01:00",
        "2026-12-08T14:00:00+01:00",
        "2026-12-15T14:00:00+01:00",
    ]
    text = runner.invoke(cli, args).output
    assert "- Tuesday 1 December, 08:00–11:00 EST (14:00–17:00 CET for me)" in text


def test_slots_in_one_zone(runner: CliRunner) -> None:
    args = ["slots", "--available", "Tue 12:00-17:00", "--available", "Thu 09:00-12:00",
            "--timezone", "Europe/Berlin", "--now", NOW, "--json"]  # fmt: skip
    data = json.loads(runner.invoke(cli, args).output)
    assert [s["text"] for s in data["slots"]] == [
        "Tuesday 1 December, 12:00–17:00 CET",
        "Thursday 3 December, 09:00–12:00 CET",
        "Tuesday 8 December, 12:00–17:00 CET",
    ]


def test_slots_use_configured_availability(runner: CliRunner, isolated_home: Path) -> None:
    (isolated_home / "config.toml").write_text(
        'timezone = "Europe/Berlin"\navailability = ["Wed 14:00-16:00"]\n'
    )
    data = json.loads(runner.invoke(cli, ["slots", "--json", "--now", NOW]).output)
    assert all(s["start"].endswith("14:00:00+01:00") for s in data["slots"])


def test_broken_config_is_a_clear_error(runner: CliRunner, isolated_home: Path) -> None:
    (isolated_home / "config.toml").write_text("timezone = \n")
    result = runner.invoke(cli, ["slots"])
    assert result.exit_code == 2
    assert "config file" in result.stderr


def test_scenarios_lists_every_scenario(runner: CliRunner) -> None:
    from bowout.model import Scenario

    rows = json.loads(runner.invoke(cli, ["scenarios", "--json"]).output)
    assert [r["scenario"] for r in rows] == [s.value for s in Scenario]


def test_assist_without_a_terminal_explains_the_alternative(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["assist"])
    assert result.exit_code == 2
    assert "bowout advise" in result.stderr and "bowout draft" in result.stderr


def test_help_lists_the_commands(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"])
    for name in ("advise", "slots", "draft", "assist"):
        assert name in result.output


DRAFT = ["draft", "--to", "Dana", "--company", "Northwind Labs", "--me", "Sam Okafor"]


def test_draft_json_shape_and_variants_differ(runner: CliRunner) -> None:
    bodies = set()
    for variant in (1, 2, 3):
        result = runner.invoke(cli, [*DRAFT, "withdraw", "--json", "--variant", str(variant)])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert set(data) == {"scenario", "variant", "subject", "body", "notes"}
        assert data["scenario"] == "withdraw" and data["variant"] == variant
        assert "Dana" in data["body"] and "Sam Okafor" in data["body"]
        bodies.add(data["body"])
    assert len(bodies) == 3


def test_same_day_reschedule_proposes_slots_and_flags_urgency(runner: CliRunner) -> None:
    args = [*DRAFT, "same-day-cancel", "--then", "reschedule", "--json",
            "--interview-at", "2026-11-26T14:00+01:00", "--now", "2026-11-26T10:30+01:00",
            "--available", "Tue 12:00-17:00", "--available", "Thu 09:00-12:00"]  # fmt: skip
    data = json.loads(runner.invoke(cli, args).output)
    assert "Tuesday 1 December" in data["body"]
    assert "Thursday 3 December" in data["body"]
    assert data["notes"][0].startswith("Urgent")
    assert "3.5 h" in data["notes"][0]


def test_reschedule_from_explicit_slots(runner: CliRunner) -> None:
    args = [*DRAFT, "reschedule", "--json", "--slot", "2026-12-01T15:00+01:00",
            "--slot", "2026-12-02T10:00+01:00"]  # fmt: skip
    body = json.loads(runner.invoke(cli, args).output)["body"]
    assert "Tuesday 1 December at 15:00" in body
    assert "Wednesday 2 December at 10:00" in body


def test_me_comes_from_the_config_file(runner: CliRunner, isolated_home: Path) -> None:
    (isolated_home / "config.toml").write_text(
        'me = "Zoë Kowalczyk"\nsignature = "Platform Engineer"\n'
    )
    args = ["draft", "decline-offer", "--to", "Dana", "--company", "Acme", "--json"]
    body = json.loads(runner.invoke(cli, args).output)["body"]
    assert body.rstrip().endswith("Zoë Kowalczyk\nPlatform Engineer")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["role-mismatch"], "--detail"),
        (["comp-check"], "--range"),
        (["reconnect"], "--news"),
        (["same-day-cancel"], "--then"),
        (["reschedule"], "--slot"),
        (["withdraw", "--variant", "9"], "--variant"),
        (["reschedule", "--slot", "2026-12-01T25:00"], "--slot: '2026-12-01T25:00' is not a"),
    ],
)
def test_draft_missing_details_name_the_flag(
    runner: CliRunner, args: list[str], needle: str
) -> None:
    result = runner.invoke(cli, [*DRAFT, *args])
    assert result.exit_code == 2, result.output
    assert needle in result.stderr


def test_draft_without_me_says_how_to_fix(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["draft", "withdraw", "--to", "Dana", "--company", "Acme"])
    assert result.exit_code == 2
    assert "--me" in result.stderr and "config" in result.stderr


@pytest.mark.parametrize("variant", ["1", "2", "3"])
def test_a_cancellation_the_day_before_says_tomorrow(runner: CliRunner, variant: str) -> None:
    args = [*DRAFT, "same-day-cancel", "--then", "withdraw", "--json", "--variant", variant,
            "--interview-at", "2026-11-27T10:00+01:00",
            "--now", "2026-11-26T16:00+01:00"]  # fmt: skip
    data = json.loads(runner.invoke(cli, args).output)
    text = f"{data['subject']}\n{data['body']}".lower()
    assert "tomorrow" in text
    assert "today" not in text
