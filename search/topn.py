"""The best-scoring documents, exactly, while checking proximity positions for as few as possible.

``search.vectorized`` gives every matching document a lower and an upper bound (equal unless a
proximity bonus is unknown).  ``Ranking.top(k)`` finds the k best by exact score, best first, ties
by document number as Whoosh breaks them: it resolves the documents with the highest upper bounds
in batches until no unresolved document's upper bound reaches the k-th best exact score.  Float
sums and products by positive boosts round monotonically, so ``lo <= exact <= hi`` holds exactly.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

#: Documents resolved per round (at least; twice the number asked for when that is more).
BATCH = 16

#: ``resolve(global_docnums) -> exact scores``, for documents that match.
Resolver = Callable[[np.ndarray], np.ndarray]


class Ranking:
    """Matching documents (global docnums, ascending) with score bounds, resolved on demand."""

    def __init__(self, docs: np.ndarray, lo: np.ndarray, hi: np.ndarray, resolve: Resolver) -> None:
        self.docs = docs
        self.hi = hi
        self.score = lo.copy()
        self.known = lo == hi
        self._resolve = resolve

    def __len__(self) -> int:
        return len(self.docs)

    def top(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """``(docnums, scores)`` of the ``k`` best documents (fewer when fewer match), best first."""
        k = min(k, len(self.docs))
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        while True:
            threshold = self._kth_known(k)
            open_ = np.flatnonzero(~self.known & (self.hi >= threshold))
            if not len(open_):
                break
            batch = max(BATCH, 2 * k)
            if len(open_) > batch:
                open_ = open_[np.argpartition(-self.hi[open_], batch - 1)[:batch]]
            open_.sort()
            self.score[open_] = self._resolve(self.docs[open_])
            self.known[open_] = True
        return self._best_known(k)

    def _kth_known(self, k: int) -> float:
        scores = self.score[self.known]
        if len(scores) < k:
            return -np.inf
        return float(np.partition(scores, len(scores) - k)[len(scores) - k])

    def _best_known(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        index = np.flatnonzero(self.known)
        scores = self.score[index]
        if len(index) > k:
            cut = np.partition(scores, len(scores) - k)[len(scores) - k]
            keep = scores >= cut  # ties at the cut are ordered by docnum below
            index, scores = index[keep], scores[keep]
        order = np.lexsort((self.docs[index], -scores))[:k]
        return self.docs[index[order]], scores[order]
