"""The labelled messages the checker is built and measured on.

Two sources: our own corpus (``corpus/*.jsonl``, in our words) and the real messages other
people published (``../shared/corpus/real_dev.jsonl``), which are read at build and test time
and never copied into the repository. The real data is split once, by source address, into a
frozen part that nothing is tuned or trained on and a development part; the split is a hash of
the address, so it never changes and one site's items never straddle it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "corpus"
REAL = ROOT.parent / "shared" / "corpus" / "real_dev.jsonl"
# Held-out files of our corpus: measured, never trained on.
HELD_OUT = frozenset(
    {"holdout.jsonl", "blind.jsonl", "blind2.jsonl", "blind3.jsonl", "ai_drafts.jsonl"}
)
FROZEN_PERCENT = 28  # sources whose hash falls below this are frozen: about 28% of items


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    intent: str
    rules: frozenset[str]
    group: str  # items of one group always fall on the same side of a split
    origin: str  # "real" or the corpus file name
    context: dict[str, str | None] = field(default_factory=dict, compare=False)


def frozen(source: str) -> bool:
    """Whether a real message's source address belongs to the frozen split."""
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % 100 < FROZEN_PERCENT


def real_available(path: Path = REAL) -> bool:
    return path.is_file()


def real(path: Path = REAL) -> list[Example]:
    """Every real message; labels use ``_`` where rule ids use ``-``."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        out.append(
            Example(
                id=row["id"],
                text=row["text"],
                intent=row["intent"],
                rules=frozenset(flag.replace("_", "-") for flag in row["flags"]),
                group=row["source"],
                origin="real",
            )
        )
    return out


def real_split(path: Path = REAL) -> tuple[list[Example], list[Example]]:
    """(development, frozen) parts of the real messages."""
    rows = real(path)
    return [r for r in rows if not frozen(r.group)], [r for r in rows if frozen(r.group)]


def corpus_file(path: Path) -> list[Example]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        out.append(
            Example(
                id=row["id"],
                text=row["text"],
                intent=row["intent"],
                rules=frozenset(row["rules"]),
                group=f"{path.name}:{row['id']}",
                origin=path.name,
                context=row.get("context") or {},
            )
        )
    return out


def ours(corpus: Path = CORPUS, *, held_out: bool = False) -> list[Example]:
    """Our development files (``held_out=False``) or our held-out files."""
    paths = sorted(p for p in corpus.glob("*.jsonl") if (p.name in HELD_OUT) is held_out)
    return [e for p in paths for e in corpus_file(p)]
