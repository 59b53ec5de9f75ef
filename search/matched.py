"""Where a query matched in its top documents' texts: positions from the postings, spans from the index.

A snippet needs the characters of the matched words, not the whole text: the matched positions of
each hit are read from the folded body's postings (a few blocks per term) and mapped to their
characters through the span column (``index.spans``, a block decoded per position asked), so the
cost grows with the matches, never with the document's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from tracuu.index.spans import SpanTable
from tracuu.search.columns import IndexArrays
from tracuu.search.postings import Segment

FIELD = "body_f"  # every position's every term, folded: what ``fold_token(term) in folded`` matched
COLUMN = "spans"
#: Document-number terms tried per typed-number prefix (``137/2026/`` -> ``137/2026/nd-cp`` ...).
MAX_EXPANSIONS = 64
_WORD = "_"  # a multi-syllable word: its syllables are matched on their own
_DATE = re.compile(r"\d{4}-\d\d(?:-\d\d)?")


@dataclass
class Place:
    """One matched position: its characters in the text and the (folded) term it matched."""

    start: int
    end: int
    key: str


@dataclass
class DocPlaces:
    """A document's matched positions in text order, as arrays (a long law matches common words
    thousands of times): characters ``starts``/``ends`` and ``keys``, indexes into ``names`` (the
    folded terms); ``numbers``: the places of the query's document numbers."""

    starts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    ends: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    names: list[str] = field(default_factory=list)
    numbers: list[Place] = field(default_factory=list)

    def places(self) -> list[Place]:
        """Every matched place, in text order."""
        return [Place(a, b, self.names[k]) for a, b, k in zip(self.starts.tolist(), self.ends.tolist(),
                                                              self.keys.tolist())]


def has_spans(arrays: IndexArrays) -> bool:
    """True when every segment keeps the span column (an index built before it has none)."""
    return all(_has_column(s) for s in arrays.segments)


def _has_column(segment: Segment) -> bool:
    return COLUMN in segment.reader.schema and segment.reader.has_column(COLUMN)


def find_places(arrays: IndexArrays, docnums: list[int], folded: set[str],
                numbers: set[str] = frozenset()) -> dict[int, DocPlaces | None]:
    """The matched places of each document of ``docnums`` (index-wide numbers).

    ``folded``: the query's folded terms (words are left out: their syllables mark them);
    ``numbers``: folded document numbers, and prefixes of them ending in ``/`` or ``-``.
    A document without stored spans maps to None (its caller reads the text instead).
    """
    keys = sorted(t for t in folded if t and _WORD not in t)
    out: dict[int, DocPlaces | None] = {}
    for segment, docs in _by_segment(arrays, docnums).items():
        column = segment.reader.column_reader(COLUMN) if _has_column(segment) else None
        tables: dict[int, SpanTable] = {}
        for local in docs:
            stored = column[local] if column is not None else b""
            if stored:
                tables[local] = SpanTable(stored)
            else:
                out[local + segment.offset] = None
        if not tables:
            continue
        here = np.asarray(sorted(tables), dtype=np.int64)
        found: dict[int, list[tuple[np.ndarray, int]]] = {d: [] for d in here.tolist()}
        for k, key in enumerate(keys):
            for local, pos in _term_positions(segment, key, here):
                found[local].append((pos, k))
        numbers = _number_terms(segment, numbers)
        numbered: dict[int, list[Place]] = {d: [] for d in here.tolist()}
        for key in numbers:
            for local, pos in _term_positions(segment, key, here):
                numbered[local] += [Place(a, b, key) for a, b in tables[local].spans(pos).tolist()]
        for local, parts in found.items():
            out[local + segment.offset] = _doc_places(tables[local], parts, keys, numbered[local])
    return out


def _doc_places(table: SpanTable, parts: list[tuple[np.ndarray, int]], names: list[str],
                numbers: list[Place]) -> DocPlaces:
    """One document's places from the positions of each term, the spans of all read at once."""
    numbers.sort(key=lambda p: p.start)
    if not parts:
        return DocPlaces(names=names, numbers=numbers)
    positions = np.concatenate([pos for pos, _ in parts])
    keys = np.concatenate([np.full(len(pos), k, dtype=np.int64) for pos, k in parts])
    order = np.argsort(positions, kind="stable")
    spans = table.spans(positions[order])
    return DocPlaces(spans[:, 0].copy(), spans[:, 1].copy(), keys[order], names, numbers)


def is_date_key(key: str) -> bool:
    """A date or month term (``2021-11-13``, ``2021-11``)."""
    return bool(_DATE.fullmatch(key))


def _by_segment(arrays: IndexArrays, docnums: list[int]) -> dict[Segment, list[int]]:
    grouped: dict[Segment, list[int]] = {}
    for docnum in docnums:
        for segment in arrays.segments:
            if segment.offset <= docnum < segment.offset + segment.size:
                grouped.setdefault(segment, []).append(docnum - segment.offset)
                break
    return grouped


def _term_positions(segment: Segment, key: str, docs: np.ndarray):
    """``(local document, positions)`` for each of ``docs`` (ascending local numbers) holding ``key``."""
    btext = key.encode("utf-8")
    postings = segment.postings(FIELD, btext)
    if postings is None:
        return
    index = np.searchsorted(postings.docs, docs)
    inside = index < len(postings.docs)
    inside[inside] = postings.docs[index[inside]] == docs[inside]
    if not inside.any():
        return
    positions = segment.positions(FIELD, btext, postings, index[inside], promote=False)
    for k, local in enumerate(docs[inside].tolist()):
        yield local, positions.pos[positions.starts[k] : positions.starts[k + 1]].astype(np.int64)


def _number_terms(segment: Segment, numbers: set[str]) -> list[str]:
    """The document-number terms of the segment the query's numbers and number prefixes stand for."""
    out: set[str] = set()
    for number in numbers:
        if number.endswith(("/", "-")):
            for k, btext in enumerate(segment.reader.expand_prefix(FIELD, number)):
                if k >= MAX_EXPANSIONS:
                    break
                out.add(btext.decode("utf-8"))
        else:
            out.add(number)
    return sorted(out)
