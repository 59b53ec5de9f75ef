"""Issuing bodies as typed in a search box (``btc``, ``Bộ GD&ĐT``, ``bo y te``, ``UBTVQH``): ``issuer_words.tsv``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from tracuu.search.phrases import data_lines, folded_syllables


@dataclass(frozen=True)
class IssuerWord:
    """A body: the code its numbers carry (folded) and its name's folded syllables."""

    code: str
    name: tuple[str, ...]


@cache
def issuer_words() -> dict[tuple[str, ...], IssuerWord]:
    """Each folded way of typing a body -> the body."""
    table: dict[tuple[str, ...], IssuerWord] = {}
    for code, name, typed in data_lines("issuer_words.tsv"):
        body = IssuerWord(code.strip(), folded_syllables(name))
        for form in [name, *typed.split(";")]:
            key = folded_syllables(form)
            if key:
                table.setdefault(key, body)
    return table


@cache
def codes() -> frozenset[str]:
    """Every body's code: a word of a typed number (``TT 01/2025 BLDTBXH``), not a word to find."""
    return frozenset(body.code for body in issuer_words().values())
