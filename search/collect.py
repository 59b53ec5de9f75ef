"""The documents one query matches, over the whole index: membership, ranking, duplicate groups.

``Matches`` evaluates a Whoosh query on every segment with ``search.vectorized`` and keeps the
matching documents as arrays, so counting them, counting facets and ordering a page cost array
operations.  Each near-duplicate group (``search.columns.IndexArrays.groups``) is one result: the
group's best-ranked matching member stands for it.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as Q

from tracuu.search.columns import NO_DATE, IndexArrays
from tracuu.search.topn import Ranking
from tracuu.search.trees import build
from tracuu.search.vectorized import Evaluator

MICROSECONDS_PER_DAY = 86_400 * 1_000_000


def allowed_mask(arrays: IndexArrays, query: Q.Query | None) -> np.ndarray | None:
    """Documents a filter query lets through (None: no filter)."""
    if query is None:
        return None
    out = np.zeros(arrays.size, dtype=bool)
    context = arrays.searcher.context()
    for (sub, _), segment in zip(arrays.searcher.leaf_searchers(), arrays.segments):
        scores = Evaluator(segment, scored=False).run(build(query, sub, context))
        out[segment.offset : segment.offset + segment.size] = scores.mask
    return out


class Matches:
    """The documents matching ``query`` (None: every document), allowed by ``allowed``, not in ``exclude``.

    ``scored`` ranks them by relevance (times ``factors`` when given, a recency boost); otherwise
    they are ordered by date (``newest`` or oldest first) as Whoosh sorts the ``date`` column.
    """

    def __init__(self, arrays: IndexArrays, query: Q.Query | None, allowed: np.ndarray | None = None,
                 exclude: np.ndarray | None = None, scored: bool = True, newest: bool = False,
                 factors: np.ndarray | None = None) -> None:
        self.arrays = arrays
        self.scored = scored and query is not None
        self.newest = newest
        self._factors = factors
        self._parts: list[tuple[Evaluator, object]] = []
        self.docs, lo, hi = self._evaluate(query)
        keep = np.ones(len(self.docs), dtype=bool)
        if allowed is not None:
            keep &= allowed[self.docs]
        if exclude is not None:
            keep &= ~exclude[self.docs]
        self.docs, lo, hi = self.docs[keep], lo[keep], hi[keep]
        self._ranking = Ranking(self.docs, lo, hi, self._resolve) if self.scored else None
        self._groups = arrays.groups()[self.docs]

    def _evaluate(self, query) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        arrays = self.arrays
        if query is None:
            docs = arrays.live()
            return docs, np.zeros(len(docs)), np.zeros(len(docs))
        docs, lo, hi = [], [], []
        context = arrays.searcher.context()
        for (sub, _), segment in zip(arrays.searcher.leaf_searchers(), arrays.segments):
            matcher = build(query, sub, context)
            local, seg_lo, seg_hi, evaluator = Evaluator(segment, scored=self.scored).matches(matcher)
            self._parts.append((evaluator, matcher))
            docs.append(local + segment.offset)
            lo.append(seg_lo)
            hi.append(seg_hi)
        docs_, lo_, hi_ = np.concatenate(docs), np.concatenate(lo), np.concatenate(hi)
        if self._factors is not None:
            lo_, hi_ = lo_ * self._factors[docs_], hi_ * self._factors[docs_]
        return docs_, lo_, hi_

    def _resolve(self, docs: np.ndarray) -> np.ndarray:
        """Exact scores of some matching documents (global docnums, ascending): positions checked."""
        out = np.zeros(len(docs))
        for (evaluator, matcher), segment in zip(self._parts, self.arrays.segments):
            inside = (docs >= segment.offset) & (docs < segment.offset + segment.size)
            if inside.any():
                local = docs[inside] - segment.offset
                out[inside] = evaluator.with_domain(local, exact=True).node(matcher).lo
        if self._factors is not None:
            out = out * self._factors[docs]
        return out

    # --- counts -------------------------------------------------------------------------------

    def group_mask(self) -> np.ndarray:
        """A mask over group numbers: True for every group with a matching member."""
        mask = np.zeros(self.arrays.size + len(self.arrays._members) + 1, dtype=bool)
        mask[self._groups] = True
        return mask

    @property
    def total(self) -> int:
        """Matching groups (a document without duplicates is a group of its own)."""
        if not self.arrays.has_duplicates():
            return len(self.docs)
        return int(np.count_nonzero(self.group_mask()))

    def facet_counts(self, name: str, extra: np.ndarray | None = None) -> dict[str, int]:
        """Groups per value of facet ``name`` among the matches (and the documents ``extra``), most first.

        A group counts once under every value its matching members carry.
        """
        facet = self.arrays.facet(name)
        docs, groups = self.docs, self._groups
        if extra is not None and len(extra):
            docs = np.concatenate([docs, extra])
            groups = np.concatenate([groups, self.arrays.groups()[extra]])
        ords = facet.ords[docs]
        keep = ords >= 0
        ords, groups = ords[keep], groups[keep]
        if self.arrays.has_duplicates() and len(ords):
            pairs = np.unique(groups * len(facet.values) + ords)
            ords = pairs % len(facet.values)
        counts = np.bincount(ords, minlength=len(facet.values))
        found = {facet.values[i]: int(counts[i]) for i in np.flatnonzero(counts)}
        return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))

    # --- order --------------------------------------------------------------------------------

    def best(self, count: int) -> tuple[np.ndarray, np.ndarray]:
        """``(docnums, scores)`` of the first ``count`` groups in result order, one member for each."""
        if not self.scored:
            order = self._date_order()
            return _first_of_groups(self.docs[order], np.zeros(len(order)), self._groups[order], count)
        k = count
        while True:
            docs, scores = self._ranking.top(k)
            firsts = _first_of_groups(docs, scores, self.arrays.groups()[docs], count)
            if len(firsts[0]) >= count or k >= len(self.docs):
                return firsts
            k *= 2  # duplicates took places: look further down

    def _date_order(self) -> np.ndarray:
        """Whoosh's order by the ``date`` column: ascending, or reversed keys for newest (ties by docnum)."""
        keys = self.arrays.dates()[self.docs]
        if self.newest:
            keys = NO_DATE - keys  # Whoosh negates the key: documents without a date come first
        return np.lexsort((self.docs, keys))


def _first_of_groups(docs: np.ndarray, scores: np.ndarray, groups: np.ndarray,
                     count: int) -> tuple[np.ndarray, np.ndarray]:
    """The first document of each group in the given order, at most ``count`` of them."""
    _, first = np.unique(groups, return_index=True)
    first.sort()
    first = first[:count]
    return docs[first], scores[first]


def recency_factors(arrays: IndexArrays, weight: float, half_life: float) -> np.ndarray:
    """``1 + weight * 2**(-age / half_life)`` per document, age in days before the newest date (1 without one)."""
    dates = arrays.dates()
    dated = dates != NO_DATE
    factors = np.ones(arrays.size)
    if not dated.any():
        return factors
    newest = dates[dated].max()
    ages = ((newest - dates[dated]) // np.uint64(MICROSECONDS_PER_DAY)).astype(np.int64)
    unique, inverse = np.unique(ages, return_inverse=True)
    # Python's own power per distinct age, so the factors equal the scalar formula's bit for bit
    table = np.array([1.0 + weight * 2.0 ** (-int(age) / half_life) for age in unique])
    factors[dated] = table[inverse]
    return factors
