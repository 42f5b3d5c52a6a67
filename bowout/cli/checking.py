"""`bowout check`, `rules` and `explain`: the message checker on the command line.

Only click is imported at module level: the service, the checker and rich are imported inside the
commands, so checking one message from stdin starts fast.
"""

from __future__ import annotations

import itertools
import sys
from typing import Any

import click

from bowout.cli.main import Command, emit_json
from bowout.errors import InvalidInput, UnreadableInput
from bowout.model import Intent


def _read(path: str) -> tuple[bytes, str | None]:
    if path == "-":
        return sys.stdin.buffer.read(), None
    try:
        with open(path, "rb") as handle:
            return handle.read(), path
    except FileNotFoundError:
        raise InvalidInput(
            f"{path}: no such file; give a message file or - for stdin", "file"
        ) from None
    except IsADirectoryError:
        raise InvalidInput(
            f"{path} is a folder; give a message file or - for stdin", "file"
        ) from None
    except OSError as exc:
        raise UnreadableInput(f"{path} cannot be read ({exc.strerror})", field="file") from None


@click.command(cls=Command)
@click.argument("file", required=False, metavar="[FILE|-]")
@click.option(
    "--intent",
    type=click.Choice([i.value for i in Intent], case_sensitive=False),
    help="What the message does, if known.",
)
@click.option("--interview-at", metavar="TIME", help="When the interview is (ISO 8601 + offset).")
@click.option("--sent-at", metavar="TIME", help="When the message is sent (ISO 8601 + offset).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--batch",
    metavar="IN.jsonl",
    help='Check JSON Lines ({"id", "text", "context"?}); one JSON result per line, in order.',
)
@click.option("--ignore", multiple=True, metavar="RULE", help="Turn a rule off (repeatable).")
@click.option(
    "--process",
    metavar="PROCESS",
    help="The process it is for: its interview and the recipient's history count.",
)
@click.option("--db", metavar="URL", help="SQLAlchemy URL of the store (with --process).")
def check(
    file: str | None,
    intent: str | None,
    interview_at: str | None,
    sent_at: str | None,
    as_json: bool,
    batch: str | None,
    ignore: tuple[str, ...],
    process: str | None,
    db: str | None,
) -> None:
    """Check a message for what the recruiter will remember badly.

    Reads plain text or an .eml file (FILE, or - for stdin). Exit code 0: nothing to report;
    1: findings; 2: bad usage or unreadable input. To turn rules off for one message, write
    `bowout: ignore=critique,over-explaining` anywhere in it.

    \b
    Example:
      bowout check draft.txt --intent decline --interview-at 2026-12-03T10:00+01:00 \\
        --sent-at 2026-12-03T08:00+01:00
    """
    from bowout import service

    ctx = service.Context(service.load_settings(), db=db)
    if batch is not None:
        if file is not None:
            raise InvalidInput("give either a message FILE or --batch IN.jsonl, not both", "file")
        _run_batch(batch, ctx)
        return
    if file is None and sys.stdin.isatty():
        raise InvalidInput(
            "no message: give a FILE, or pipe one in (bowout check < draft.txt)", "file"
        )
    data, name = _read(file or "-")
    text = service.read_message(data, name)
    result = service.check(
        ctx,
        text,
        intent=intent.lower() if intent else None,
        interview_at=interview_at,
        sent_at=sent_at,
        ignore=ignore,
        process=process,
    )
    ctx.close()
    if as_json:
        emit_json(result)
    else:
        show_report(text, result)
    if result["findings"]:
        raise click.exceptions.Exit(1)


_STYLES = {"error": "bold red", "warning": "bold yellow", "suggestion": "bold cyan"}
_IMPACT = {
    "positive_or_neutral": "green",
    "neutral": "yellow",
    "slightly_negative": "dark_orange",
    "negative": "red",
}


Segment = tuple[str, str]  # (text, rich style; "" for none)


def report_lines(text: str, result: dict[str, Any]) -> list[list[Segment]]:
    """The readable report as styled segments, line by line: the message with the flagged
    spans marked (a missing thing as ⟨rule⟩ where it belongs), then each finding, then the
    predicted perception."""
    findings = result["findings"]
    message: list[Segment] = []
    points = sorted({p for f in findings for p in (f["start"], f["end"])} | {0, len(text)})
    for f in findings:
        if f["start"] == f["end"] == 0:
            message.append(("⟨" + f["rule"] + "⟩ ", _STYLES[f["severity"]]))
    for start, end in itertools.pairwise(points):
        covering = [f for f in findings if f["start"] <= start and end <= f["end"] > f["start"]]
        style = _STYLES[covering[0]["severity"]] + " underline" if covering else ""
        message.append((text[start:end], style))
        message.extend(
            ("⟨" + f["rule"] + "⟩", _STYLES[f["severity"]])
            for f in findings
            if f["start"] == f["end"] == end
        )
    stats = result["stats"]
    lines: list[list[Segment]] = [message, []]
    lines.append(
        [
            ("intent: ", ""),
            (result["intent"], "bold"),
            (f"  ·  {stats['words']} words, {stats['sentences']} sentences", ""),
        ]
    )
    if result.get("note"):  # not judged (the checker reads English only): say so, not "fine"
        lines.append([(result["note"], "bold yellow")])
    elif not findings:
        lines.append([("Nothing to report.", "green")])
    for f in findings:
        excerpt = f["excerpt"] if f["excerpt"] else "(missing here)"
        lines.append([])
        lines.append(
            [
                (f["severity"], _STYLES[f["severity"]]),
                (" ", ""),
                (f["rule"], "bold"),
                (f" at {f['start']}-{f['end']}: “{excerpt}”", ""),
            ]
        )
        lines.append([("  " + f["message"], "")])
        lines.append([("  Try: ", "dim"), (f["suggestion"], "")])
    perception = result["perception"]
    lines.append([])
    lines.append(
        [
            ("Likely remembered as: ", ""),
            (perception["remembered"], _IMPACT.get(perception["impact"], "")),
            (f" (effect on a later reference call: {perception['impact'].replace('_', ' ')})", ""),
        ]
    )
    return lines


def _plain(line: list[Segment]) -> str:
    """A line as plain text; neighbouring flagged segments share one pair of marks."""
    out, flagged = [], False
    for text, style in line:
        marked = "underline" in style
        if marked != flagged:
            out.append("«" if marked else "»")
            flagged = marked
        out.append(text)
    return "".join(out) + ("»" if flagged else "")


def show_report(text: str, result: dict[str, Any]) -> None:
    """Print the report: styled with rich on a terminal, plain text when piped (rich would
    drop the styles there anyway, and not loading it keeps a piped check fast)."""
    lines = report_lines(text, result)
    if not sys.stdout.isatty():  # no colours: flagged spans are marked «like this»
        sys.stdout.write("".join(_plain(line) + "\n" for line in lines))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    for line in lines:
        console.print(Text.assemble(*((t, s or "") for t, s in line)))


def _run_batch(path: str, ctx: Any) -> None:
    import json

    from bowout import service

    data, _ = _read(path)
    try:
        # JSON Lines end at "\n" only: U+2028 or NEL may sit raw inside a JSON string.
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        raise UnreadableInput(f"{path} is not UTF-8 text; JSON Lines must be", "batch") from None
    status = 0
    out = sys.stdout
    for result in service.check_batch(ctx, lines):
        line = json.dumps(result, ensure_ascii=False)
        try:
            out.write(line + "\n")
        except UnicodeEncodeError:  # a lone surrogate from the input JSON: escape it instead
            out.write(json.dumps(result) + "\n")
        if "error" in result:
            status = 2
        elif result["findings"] and status == 0:
            status = 1
    out.flush()
    if status:
        raise click.exceptions.Exit(status)


@click.command(cls=Command)
@click.option("--json", "as_json", is_flag=True, help="Print the rules as JSON.")
def rules(as_json: bool) -> None:
    """List the checker's rules: id, severity and what each one flags.

    \b
    Example:
      bowout rules --json
    """
    from bowout import service

    listed = service.rules()
    if as_json:
        emit_json(listed)
        return
    width = max(len(r["id"]) for r in listed)
    for r in listed:
        click.echo(f"{r['id']:<{width}}  {r['severity']:<10}  {r['summary']}")
    click.echo(
        "\nTurn rules off with --ignore RULE, `ignore` in the config file, or for one message by "
        "writing `bowout: ignore=RULE,RULE` in it."
    )


@click.command(cls=Command)
@click.argument("rule")
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
def explain(rule: str, as_json: bool) -> None:
    """Explain one rule: why it matters, and examples that fire and that pass.

    \b
    Example:
      bowout explain vague-deferral
    """
    from bowout import service

    info = service.explain(rule)
    if as_json:
        emit_json(info)
        return
    click.echo(f"{info['id']} ({info['severity']}): {info['summary']}\n")
    click.echo(click.wrap_text(info["rationale"], width=88) + "\n")
    for fires, heading in ((True, "Flags, for example:"), (False, "\nDoes not flag:")):
        click.echo(heading)
        for case in info["cases"]:
            if case["fires"] is fires:
                click.echo(_case_lines(case))


_CONTEXT_FLAGS = {"intent": "--intent", "interview_at": "--interview-at", "sent_at": "--sent-at"}


def _case_lines(case: dict[str, Any]) -> str:
    """One example, wrapped, with what the check is told besides the text (as the flags that
    tell it) and the part the finding covers."""
    lines = [click.wrap_text(case["text"], 88, initial_indent="  - ", subsequent_indent="    ")]
    context = case.get("context") or {}
    told = [f"{_CONTEXT_FLAGS[k]} {v}" for k, v in context.items() if k in _CONTEXT_FLAGS]
    told += [f"--ignore {rule}" for rule in context.get("ignore", ())]
    if told:
        lines.append(click.wrap_text("with " + " ".join(told), 88, "    ", "      "))
    if case.get("span"):
        lines.append(f"    flags: “{case['span']}”")
    return "\n".join(lines)
