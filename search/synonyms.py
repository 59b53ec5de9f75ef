"""Administrative wording staff type for the words the texts use (``synonyms.tsv``, with its sources)."""

from __future__ import annotations

from functools import cache

from tracuu.search.phrases import data_lines, folded_syllables

#: Question words that are in a typed question but not in the text that answers it: never required.
FILLERS = {("bao", "nhieu"), ("nhu", "the", "nao"), ("the", "nao"), ("la", "gi"), ("o", "dau"), ("khi", "nao"),
           ("co", "duoc", "khong"), ("duoc", "khong"), ("co", "phai"), ("toi", "da"), ("toi", "thieu", "la")}


@cache
def synonyms() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Each folded phrase -> the other phrases of its group."""
    table: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for cells in data_lines("synonyms.tsv"):
        group = [folded_syllables(p) for p in cells[0].split("|")]
        group = list(dict.fromkeys(g for g in group if g))
        for phrase in group:
            others = tuple(g for g in group if g != phrase)
            table[phrase] = tuple(dict.fromkeys(table.get(phrase, ()) + others))
    return table
