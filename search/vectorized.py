"""Scores of every matching document at once: the Whoosh matcher tree, evaluated with numpy.

Whoosh builds a tree of matchers for a query (unions, intersections, optional parts, boosts, term
leaves) and walks it one document at a time.  ``Evaluator`` walks the same tree once, node by node,
over arrays holding every document of a segment: a leaf's BM25F scores come from its whole posting
list (``search.postings``), a union adds its children's arrays, an intersection masks them.  The
tree has the shape and classes Whoosh gives it (``search.trees`` builds it as Whoosh's own query code
does), and each node combines its children with the same float operations in the same order, so the
scores are Whoosh's to the last bit (``tests/test_vectorized.py`` compares them with Whoosh's).

Proximity bonuses (``search.proximity.Adjacent``) need positions, which are slow to read for every
document.  Over many documents they are evaluated as bounds: ``lo`` counts them as 0 (not adjacent)
and ``hi`` as their full score; ``search.topn`` then checks positions only for the few documents
that could still make the page.  Over a small domain (``exact=True``) positions are checked and
``lo == hi``.  A node of a kind not listed here is read the slow way, by walking it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import (
    AndMaybeMatcher,
    AndNotMatcher,
    ConstantScoreWrapperMatcher,
    FilterMatcher,
    IntersectionMatcher,
    ListMatcher,
    NullMatcherClass,
    UnionMatcher,
    WrappingMatcher,
)
from whoosh.query.spans import SpanNear2
from whoosh.scoring import BM25FScorer, WeightScorer

from tracuu.search.leaves import ArrayInlineLeaf, ArrayLeaf
from tracuu.search.postings import CACHE, LruBytes, Segment
from tracuu.search.proximity import _AdjacentMatcher

_SPAN_NEAR = SpanNear2.SpanNear2Matcher
#: Phrase checks already made, per segment, words and candidate documents (segments never change).  A
#: phrase is asked again as the page, sort or filters change; checking its positions is the dearest
#: part of a phrase query (7 ms per 50,000-document segment for five common words).
PHRASE_MB = 16
PHRASES = LruBytes(PHRASE_MB * 1024 * 1024)


@dataclass
class Scores:
    """Over a domain of documents: which match, and their score's lower and upper bound (equal when exact)."""

    mask: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    owned: bool = True  # False: shared (a term met before); copied before any change

    @property
    def exact(self) -> bool:
        return self.hi is self.lo


class Evaluator:
    """Evaluates matcher trees of one segment over ``domain`` (sorted local docnums; None for all).

    ``exact`` checks proximity positions for every document of the domain instead of bounding them.
    ``scored=False`` computes membership only (filters, date-sorted results).
    """

    def __init__(self, segment: Segment, domain: np.ndarray | None = None, exact: bool = False,
                 scored: bool = True) -> None:
        self.segment = segment
        self.domain = domain
        self.n = segment.size if domain is None else len(domain)
        self.exact = exact
        self.scored = scored
        self._walked: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._positions: dict[tuple[str, bytes, int], np.ndarray] = {}
        self._terms: dict[tuple, Scores] = {}
        self._runs: list[tuple[tuple, np.ndarray]] = []  # phrases checked: ((field, terms), documents)
        self._unscored: np.ndarray | None = None
        self._scope: np.ndarray | None = None  # phrases need checking only there (see ``matches``)
        self._relaxed = False
        self._negated = 0

    def run(self, matcher) -> Scores:
        """The scores of ``matcher`` (a freshly built tree) over the domain, deleted documents excluded."""
        result = self._own(self.node(matcher))
        live = self.segment.live if self.domain is None else self.segment.live[self.domain]
        if live.all():
            return result
        result.mask &= live
        return self._masked(result)

    def matches(self, matcher) -> tuple[np.ndarray, np.ndarray, np.ndarray, Evaluator]:
        """``(docnums, lo, hi, evaluator)`` of the segment's documents matching ``matcher``, ascending.

        Membership comes first, cheaply: bonuses skipped, every phrase taken as its words alone (or,
        under a negation, as matching nothing), which gives a superset of the matches.  Scores are
        then computed over that superset only when it is small, and positions are checked only for
        documents in it (``UBND 671`` reads the positions of "ủy ban nhân dân" for a few documents,
        not for every one holding the four words).  The evaluator returned scores the same tree over
        its own domain (for ``with_domain``).
        """
        self._relaxed, scored, self.scored = True, self.scored, False
        superset = self.node(matcher).mask & self.segment.live
        self._relaxed, self.scored = False, scored
        evaluator = self
        if scored and 4 * np.count_nonzero(superset) < self.n:
            evaluator = self.with_domain(np.flatnonzero(superset), exact=False)
        else:
            self._scope = superset
        found = evaluator.run(matcher)
        docs = evaluator._docnums()[found.mask]
        return docs, found.lo[found.mask], found.hi[found.mask], evaluator

    def with_domain(self, domain: np.ndarray, exact: bool) -> Evaluator:
        """An evaluator of the same trees over another domain, reusing what was walked the slow way."""
        other = Evaluator(self.segment, domain, exact, self.scored)
        other._walked = self._walked
        if self._scope is not None:
            other._scope = self._scope[domain]
        return other

    # --- nodes --------------------------------------------------------------------------------

    def node(self, m) -> Scores:
        kind = type(m)
        if kind is NullMatcherClass:
            return self._empty()
        if kind is UnionMatcher:
            a, b = self._own(self.node(m.a)), self.node(m.b)
            a.mask |= b.mask
            return self._add(a, b)
        if kind is IntersectionMatcher:
            a, b = self._own(self.node(m.a)), self.node(m.b)
            a.mask &= b.mask
            return self._masked(self._add(a, b))
        if kind is AndMaybeMatcher:
            if not self.scored:  # the optional side never decides membership
                return self.node(m.a)
            return self._masked(self._add(self._own(self.node(m.a)), self.node(m.b)))
        if kind is AndNotMatcher:
            a = self._own(self.node(m.a))
            self._negated += 1
            b = self.node(m.b)
            self._negated -= 1
            a.mask &= ~b.mask
            return self._masked(a)
        if kind is _AdjacentMatcher:
            return self._adjacent(m)
        if kind is _SPAN_NEAR:
            return self._phrase(m)
        if kind is ConstantScoreWrapperMatcher:
            return self._constant(self._own(self.node(m.child)).mask, m._score)
        if kind is FilterMatcher:
            child = self.node(m.child)
            if m._exclude and m._ids is self.segment.deleted:
                return child  # the segment's deletions, masked once at the end (``run``)
            inside = np.isin(self._docnums(), np.fromiter(m._ids, dtype=np.int64))
            child = self._own(child)
            child.mask &= ~inside if m._exclude else inside
            return self._masked(self._boosted(child, m.boost))
        if kind is WrappingMatcher:
            return self._boosted(self.node(m.child), m.boost)
        if kind is W3LeafMatcher or kind is ArrayLeaf or kind is ArrayInlineLeaf:
            return self._term(m)
        if kind is ListMatcher:
            child = getattr(m, "_child", None)  # a constant-score list built bare (``search.trees``)
            return self._list(m) if child is None else self._constant(self._own(self.node(child)).mask,
                                                                        m._all_weights)
        return self._walk(m)

    def _term(self, m: W3LeafMatcher | ArrayLeaf) -> Scores:
        """A term's documents and scores; the same term met again (pairs, phrases) is copied, not re-spread."""
        key = (*m.term(), id(m.scorer), self.scored)
        found = self._terms.get(key)
        if found is None:
            found = self._terms[key] = self._spread_term(m)
        return Scores(found.mask, found.lo, found.lo, owned=False)

    def _spread_term(self, m: W3LeafMatcher | ArrayLeaf) -> Scores:
        fieldname, btext = m.term()
        postings = self.segment.postings(fieldname, btext)
        if postings is None:
            return self._empty()
        scorer = m.scorer
        if not isinstance(scorer, (BM25FScorer, WeightScorer, type(None))):
            return self._walk(m)
        if not self.scored:
            return self._scatter(postings.docs, None)
        if isinstance(scorer, BM25FScorer):
            # a term's scores depend only on the index state: computed once, kept beside its postings
            key = (self.segment.key, fieldname, btext, "bm25", scorer.idf, scorer.avgfl, scorer.B, scorer.K1)
            scores = CACHE.get(key)
            if scores is None:
                scores = self._leaf_scores(scorer, fieldname, postings.docs, postings.weights)
                CACHE.put(key, scores, scores.nbytes)
        else:
            scores = postings.weights
        return self._scatter(postings.docs, lambda idx: scores if idx is None else scores[idx])

    def _leaf_scores(self, scorer, fieldname: str, docs: np.ndarray, tf: np.ndarray) -> np.ndarray:
        if isinstance(scorer, BM25FScorer):
            fl = self.segment.lengths(fieldname)[docs]
            # scoring.bm25, operation for operation
            idf, B, K1, avgfl = scorer.idf, scorer.B, scorer.K1, scorer.avgfl
            return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))
        return tf  # WeightScorer, or no scorer: the weight is the score

    def _list(self, m: ListMatcher) -> Scores:
        """A list held in memory: a short posting list, or a materialised constant-score branch."""
        scorer = m._scorer
        if not isinstance(scorer, (BM25FScorer, WeightScorer, type(None))) or (scorer is not None and m.term() is None):
            return self._walk(m)
        docs = np.asarray(m._ids, dtype=np.int64)
        if m._all_weights:  # ListMatcher.weight(), case by case
            weights = np.full(len(docs), float(m._all_weights))
        elif m._weights:
            weights = np.asarray(m._weights, dtype=np.float64)
        else:
            weights = np.ones(len(docs))
        order = np.argsort(docs, kind="stable")
        docs, weights = docs[order], weights[order]
        field = m.term()[0] if scorer is not None else ""
        return self._scatter(docs, lambda idx: self._leaf_scores(
            scorer, field, docs if idx is None else docs[idx], weights if idx is None else weights[idx]))

    def _adjacent(self, m: _AdjacentMatcher) -> Scores:
        child = self._own(self.node(m.child))
        bound = child.lo * m.boost
        if self.exact:
            near = np.where(self._next_to_each_other(m._leaves, child.mask), bound, 0.0)
            return Scores(child.mask, near, near)
        lo = np.zeros(self.n)
        known = self._in_known_run(_words(m._leaves))
        if known is not None:  # a checked phrase holds these words in a row: no need to bound them
            lo[known] = bound[known]
        return Scores(child.mask, lo, bound)

    def _phrase(self, m) -> Scores:
        if m.slop != 1 or not m.ordered or m.mindist != 1:
            return self._walk(m)
        child = self._own(self.node(m.child))
        if self._relaxed:  # an upper bound, or under a negation a lower one
            return child if not self._negated else self._empty()
        child.mask = self._next_to_each_other(m.ms, child.mask if self._scope is None else child.mask & self._scope)
        self._runs.append((_words(m.ms), child.mask))
        return self._masked(self._boosted(child, m.boost))

    def _in_known_run(self, words: tuple) -> np.ndarray | None:
        """Documents where ``(field, terms)`` stand in a row as part of a phrase already checked, if any."""
        found = None
        field, terms = words
        for (run_field, run), mask in self._runs:
            if run_field == field and any(run[i : i + len(terms)] == terms for i in range(len(run) - len(terms) + 1)):
                found = mask if found is None else found | mask
        return found

    def _next_to_each_other(self, leaves: list, mask: np.ndarray) -> np.ndarray:
        """For the documents in ``mask`` (which hold every leaf's term), whether the terms stand in a row.

        Positions are sorted keys ``document << shift | position``.  The phrase's possible starts come
        from its rarest word's keys in the documents asked about; one sorted search per other word,
        rarer first, keeps the starts the phrase continues from.
        """
        out = np.zeros(self.n, dtype=bool)
        if not mask.any():
            return out
        terms = []
        for leaf in leaves:
            while type(leaf) in (FilterMatcher, WrappingMatcher):
                leaf = leaf.child
            terms.append(leaf.term())
        shift = 16 if self.domain is None and all(self._small(*t) for t in terms) else 32
        key = None
        if self.domain is None:
            key = (self.segment.key, shift, tuple(terms), hash(mask.tobytes()))
            kept = PHRASES.get(key)
            if kept is not None and np.array_equal(kept[0], mask):
                return kept[1].copy()
        out = self._in_a_row(terms, mask, shift, out)
        if key is not None:
            PHRASES.put(key, (mask.copy(), out.copy()), 2 * out.nbytes)
        return out

    def _in_a_row(self, terms: list, mask: np.ndarray, shift: int, out: np.ndarray) -> np.ndarray:
        """``_next_to_each_other`` computed: ``out`` set where the terms stand in a row."""
        words = sorted(((self._keys(*t, shift), i) for i, t in enumerate(terms)), key=lambda w: len(w[0]))
        (keys, offset), rest = words[0], words[1:]
        low = (1 << shift) - 1
        docs = keys >> shift
        starts = keys[mask[docs] if self.domain is None else np.isin(docs, self._docnums()[mask])]
        starts = starts[(starts & low) >= offset] - offset
        for keys, i in rest:
            if not len(starts):
                break
            wanted = starts + i
            at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
            starts = starts[keys[at] == wanted]
        found = (starts >> shift).astype(np.int64)
        out[found if self.domain is None else np.searchsorted(self.domain, found)] = True
        return out

    def _small(self, fieldname: str, btext: bytes) -> bool:
        """True when a word's keys fit 32 bits in this segment (16-bit documents and positions)."""
        if self.segment.size > 0xFFFF:
            return False
        postings = self.segment.postings(fieldname, btext)
        return self.segment.all_positions(fieldname, btext, postings).pos.dtype == np.uint16

    def _keys(self, fieldname: str, btext: bytes, shift: int) -> np.ndarray:
        """A word's position keys in the domain's documents (read once per evaluator)."""
        key = (fieldname, btext, shift)
        if key not in self._positions:
            postings = self.segment.postings(fieldname, btext)
            if self.domain is None:
                keys = self.segment.position_keys(fieldname, btext, postings, shift)
            else:
                idx = np.minimum(np.searchsorted(postings.docs, self.domain), len(postings.docs) - 1)
                held = idx[postings.docs[idx] == self.domain]
                keys = self.segment.positions(fieldname, btext, postings, held).keys
            self._positions[key] = keys
        return self._positions[key]

    def _walk(self, m) -> Scores:
        """Any other node: walk it document by document, as Whoosh would (memoised per node)."""
        key = id(m)
        if key not in self._walked:
            ids, scores = [], []
            while m.is_active():
                ids.append(m.id())
                scores.append(m.score())
                m.next()
            self._walked[key] = (np.asarray(ids, dtype=np.int64), np.asarray(scores, dtype=np.float64))
        docs, scores = self._walked[key]
        return self._scatter(docs, lambda idx: scores if idx is None else scores[idx])

    # --- arrays -------------------------------------------------------------------------------

    def _docnums(self) -> np.ndarray:
        return np.arange(self.n) if self.domain is None else self.domain

    def _empty(self) -> Scores:
        zeros = np.zeros(self.n) if self.scored else self._zeros()
        return Scores(np.zeros(self.n, dtype=bool), zeros, zeros)

    def _zeros(self) -> np.ndarray:
        """Scores of a membership-only evaluation: one array of zeros, never written (every write is scored)."""
        if self._unscored is None or len(self._unscored) != self.n:
            self._unscored = np.zeros(self.n)
        return self._unscored

    def _scatter(self, docs: np.ndarray, scores_at) -> Scores:
        """Spread a sorted posting list over the domain; ``scores_at(idx)`` gives scores of postings ``idx``."""
        mask = np.zeros(self.n, dtype=bool)
        values = np.zeros(self.n) if self.scored else self._zeros()
        if self.domain is None:
            mask[docs] = True
            if self.scored and scores_at is not None:
                values[docs] = scores_at(None)
        elif len(docs):
            idx = np.minimum(np.searchsorted(docs, self.domain), len(docs) - 1)
            hit = docs[idx] == self.domain
            mask[hit] = True
            if self.scored and scores_at is not None and hit.any():
                values[hit] = scores_at(idx[hit])
        return Scores(mask, values, values)

    # Node results belong to their parent, which updates them in place (arrays of a whole segment are
    # large; allocating new ones for every node costs more than the arithmetic).

    def _add(self, a: Scores, b: Scores) -> Scores:
        """``a + b`` into ``a`` (a child that does not match a document holds 0 there, and x + 0.0 == x)."""
        if not self.scored:
            return a
        if a.exact and b.exact:
            a.lo += b.lo
            return a
        hi = a.lo + b.hi if a.exact else a.hi
        if not a.exact:
            hi += b.hi
        a.lo += b.lo
        return Scores(a.mask, a.lo, hi)

    def _own(self, s: Scores) -> Scores:
        """``s``, or a copy of it the caller may change when ``s`` is shared."""
        if s.owned:
            return s
        lo = s.lo.copy() if self.scored else s.lo
        return Scores(s.mask.copy(), lo, lo if s.exact else s.hi.copy())

    def _masked(self, s: Scores) -> Scores:
        """``s`` with 0 outside its mask (x * 1.0 == x)."""
        s = self._own(s)
        if self.scored:
            np.multiply(s.lo, s.mask, out=s.lo)
            if not s.exact:
                np.multiply(s.hi, s.mask, out=s.hi)
        return s

    def _boosted(self, s: Scores, boost: float) -> Scores:
        """``s`` times ``boost``, as ``WrappingMatcher.score`` multiplies."""
        if boost != 1.0 and self.scored:
            s = self._own(s)
            s.lo *= boost
            if not s.exact:
                s.hi *= boost
        return s

    def _constant(self, mask: np.ndarray, score: float) -> Scores:
        values = np.where(mask, float(score), 0.0)
        return Scores(mask, values, values)


def _words(leaves: list) -> tuple[str, tuple[bytes, ...]]:
    """``(field, terms)`` of a phrase's or a proximity bonus's leaves."""
    terms = []
    for leaf in leaves:
        while type(leaf) in (FilterMatcher, WrappingMatcher):
            leaf = leaf.child
        terms.append(leaf.term())
    return terms[0][0], tuple(t for _, t in terms)
