"""What the layout promises: nothing below the front ends speaks CLI. (The import layers are
checked by lint-imports in `make test`, from the contracts in pyproject.toml.)"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from bowout.cli.main import COMMANDS

PACKAGE = Path(__file__).resolve().parents[1] / "bowout"
BELOW_FRONT_ENDS = ["core", "checker", "pipeline", "service", "config.py", "model.py", "errors.py"]
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
COMMAND = re.compile(r"\bbowout (?:" + "|".join(map(re.escape, COMMANDS)) + r")\b")


def _modules() -> list[Path]:
    found: list[Path] = []
    for part in BELOW_FRONT_ENDS:
        path = PACKAGE / part
        found.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return found


def _strings(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a module except docstrings (they speak to developers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]


def _data_texts() -> list[tuple[str, str]]:
    """Every text of the data files (draft templates and notes, rule words and messages)."""
    texts: list[tuple[str, str]] = []

    def walk(where: str, value: object) -> None:
        if isinstance(value, str):
            texts.append((where, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(f"{where}.{key}", item)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(f"{where}[{index}]", item)

    for part in BELOW_FRONT_ENDS:
        for path in sorted((PACKAGE / part).rglob("*.toml")) if (PACKAGE / part).is_dir() else ():
            walk(path.name, tomllib.loads(path.read_text(encoding="utf-8")))
    return texts


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_message_below_the_front_ends_names_a_flag_or_a_command(path: Path) -> None:
    offending = [
        f"line {line}: {text!r}"
        for line, text in _strings(path)
        if FLAG.search(text) or COMMAND.search(text)
    ]
    assert not offending, "name the field instead (front ends render it):\n" + "\n".join(offending)


def test_no_data_text_names_a_flag_or_a_command() -> None:
    offending = [f"{where}: {text!r}" for where, text in _data_texts() if FLAG.search(text)]
    offending += [f"{where}: {text!r}" for where, text in _data_texts() if COMMAND.search(text)]
    assert not offending


def test_the_scan_would_see_a_flag() -> None:
    """The patterns catch what they are meant to (so the tests above can fail)."""
    assert FLAG.search("give --me or set it") and COMMAND.search("run `bowout status`")
    assert not FLAG.search("a dash — like this, or 2026-12-03")
    assert not COMMAND.search("a store this bowout knows")


def test_every_page_is_described_in_the_web_docs() -> None:
    """docs/web.md's page table names every page the app serves (its API table is generated)."""
    from fastapi.routing import APIRoute

    from bowout.web.app import ROUTERS

    doc = (PACKAGE.parent / "docs" / "web.md").read_text(encoding="utf-8")
    pages = {
        route.path
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and "GET" in route.methods
        if not route.path.startswith(("/api/", "/static", "/favicon"))
    }
    missing = sorted(p for p in pages if f"`{p}`" not in doc)
    assert not missing, f"describe these pages in docs/web.md: {missing}"
