"""Word lists kept as data (``synonyms.tsv``), read once and matched on folded syllables."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from tracuu.index.vntext import fold_token, normalize

HERE = Path(__file__).resolve().parent


def folded_syllables(text: str) -> tuple[str, ...]:
    """``Bộ GD&ĐT`` -> ``("bo", "gd", "dt")``: the folded syllables, as the query's units are folded."""
    cleaned = "".join(c if c.isalnum() else " " for c in normalize(text).lower())
    return tuple(fold_token(s) for s in cleaned.split())


@cache
def data_lines(name: str) -> tuple[list[str], ...]:
    """The tab-separated cells of each line of the data file ``name`` beside this module (no comments)."""
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return tuple(line.split("\t") for line in lines if line.strip() and not line.startswith("#"))


def find_runs(syllables: list[str], table: dict[tuple[str, ...], object]) -> list[tuple[int, int, object]]:
    """Runs of ``syllables`` that are keys of ``table``, longest first, not overlapping: ``(start, end, value)``."""
    found: list[tuple[int, int, object]] = []
    taken: set[int] = set()
    for key in sorted(table, key=len, reverse=True):
        n = len(key)
        for i in range(len(syllables) - n + 1):
            span = set(range(i, i + n))
            if tuple(syllables[i : i + n]) == key and not span & taken:
                found.append((i, i + n, table[key]))
                taken |= span
    return sorted(found, key=lambda f: f[0])
