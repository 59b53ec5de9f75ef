"""Where a query matched in a document, from the archive alone: its stored analysis and its text.

The Whoosh backend reads a hit's matched positions from its postings and their characters from the
span column (``search.matched``); a backend without them (Solr) finds the same places here, from
the analysis the archive keeps (the folded terms at each position, as ``body_f`` holds them) and the
positions' spans in the text (``index.spans``), so ``search.snippets.placed_snippet`` cuts the same
snippet whichever backend ranked the hit.
"""

from __future__ import annotations

import numpy as np
from tracuu.index.analyzer import fold_serialized, parse_groups
from tracuu.index.spans import position_spans
from tracuu.search.matched import DocPlaces, Place

_WORD = "_"


def text_places(text: str, serialized: str, folded: set[str], numbers: set[str] = frozenset()) -> DocPlaces:
    """The places of ``folded`` terms (words left out) and of ``numbers`` (prefixes end in ``/`` or ``-``)."""
    keys = sorted(t for t in folded if t and _WORD not in t)
    index = {k: i for i, k in enumerate(keys)}
    spans = position_spans(text)
    found: list[tuple[int, int]] = []
    numbered: list[tuple[str, int]] = []
    for pos, group in enumerate(parse_groups(fold_serialized(serialized))):
        for term in group:
            k = index.get(term)
            if k is not None:
                found.append((pos, k))
            if numbers and _is_number(term, numbers):
                numbered.append((term, pos))
    numbered.sort()  # as search.matched: number terms in order, each's positions ascending
    places = [Place(int(spans[pos, 0]), int(spans[pos, 1]), term) for term, pos in numbered if pos < len(spans)]
    places.sort(key=lambda p: p.start)
    found = sorted(f for f in found if f[0] < len(spans))
    if not found:
        return DocPlaces(names=keys, numbers=places)
    positions = np.asarray([pos for pos, _ in found], dtype=np.int64)
    return DocPlaces(spans[positions, 0].copy(), spans[positions, 1].copy(),
                     np.asarray([k for _, k in found], dtype=np.int64), keys, places)


def _is_number(term: str, numbers: set[str]) -> bool:
    return term in numbers or any(n.endswith(("/", "-")) and term.startswith(n) for n in numbers)
