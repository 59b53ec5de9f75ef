"""A Whoosh searcher whose term matchers stand on the cached posting arrays of ``search.postings``.

Building a query's matcher tree costs Whoosh a term lookup and a block read for every leaf (and its
intersections read more to find their first common document): tens of milliseconds for a query
of a few words on a large archive, spent before any scoring.  ``ArraySearcher`` builds the very
same tree, Whoosh's own query code deciding its shape, but hands out ``ArrayLeaf`` matchers that
read their documents from arrays decoded once.  Each Whoosh leaf class has its own stand-in class
here, because Whoosh breaks ties between siblings of equal size by comparing matcher classes.

Used only to build trees for ``search.vectorized``; other searches use a plain searcher.
"""

from __future__ import annotations

import numpy as np
from whoosh.matching import FilterMatcher, Matcher, ReadTooFar
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from tracuu.search.postings import Postings, Segment


class ArraySearcher(Searcher):
    """A searcher whose ``postings`` are ``ArrayLeaf`` matchers (per segment, via ``self.segment``)."""

    segment: Segment | None = None

    @classmethod
    def open(cls, index, weighting) -> ArraySearcher:
        """A searcher of its own over ``index``, its term dictionaries remembering what they were asked."""
        reader = index.reader()
        for leaf, _ in reader.leaf_readers() if not reader.is_atomic() else [(reader, 0)]:
            leaf._terms = _RememberingTerms(leaf._terms)
        return cls(reader, fromindex=index, weighting=weighting)

    def postings(self, fieldname, text, weighting=None, qf=1):
        if not self.is_atomic():
            return super().postings(fieldname, text, weighting, qf)
        if self.segment is None:
            self.segment = Segment(self.ixreader, 0)
        weighting = weighting or self.weighting
        scorers = self.__dict__.setdefault("_scorers", {})
        key = (weighting, fieldname, text, qf)
        scorer = scorers.get(key)
        if scorer is None:  # a scorer holds the term's statistics only: one per term serves every query
            if len(scorers) > _RememberingTerms.LIMIT:
                scorers.clear()
            scorer = scorers[key] = weighting.scorer(self, fieldname, text, qf=qf)  # as Searcher.postings
        btext = self.ixreader._text_to_bytes(fieldname, text)
        postings = self.segment.postings(fieldname, btext)
        if postings is None:
            raise KeyError((fieldname, text))  # Whoosh raises too: callers check the term exists first
        kind = ArrayInlineLeaf if postings.inline_values is not None else ArrayLeaf
        matcher = kind(self.segment, fieldname, btext, postings, self.schema[fieldname].format, scorer)
        if self.segment.deleted:  # as SegmentReader.postings
            matcher = FilterMatcher(matcher, self.segment.deleted, exclude=True)
        return matcher


class ArrayLeaf(Matcher):
    """Stands for a ``W3LeafMatcher``: the same documents, weights, scores and positions."""

    def __init__(self, segment: Segment, fieldname: str, btext: bytes, postings: Postings, format_, scorer,
                 i: int = 0) -> None:
        self.segment, self.fieldname, self.btext = segment, fieldname, btext
        self.postings, self.format, self.scorer = postings, format_, scorer
        self._i = i

    def term(self):
        return (self.fieldname, self.btext)

    def is_active(self) -> bool:
        return self._i < len(self.postings.docs)

    def id(self) -> int:
        return int(self.postings.docs[self._i])

    def next(self) -> bool:
        if not self.is_active():
            raise ReadTooFar
        self._i += 1
        return False

    def skip_to(self, id) -> None:
        if not self.is_active():
            raise ReadTooFar
        if id > self.id():
            self._i = int(np.searchsorted(self.postings.docs, id))

    def reset(self) -> None:
        self._i = 0

    def copy(self) -> ArrayLeaf:
        return self.__class__(self.segment, self.fieldname, self.btext, self.postings, self.format, self.scorer,
                              self._i)

    def all_ids(self):
        return iter(self.postings.docs[self._i :].tolist())

    def weight(self) -> float:
        return float(self.postings.weights[self._i])

    def score(self) -> float:
        return self.scorer.score(self) if self.scorer is not None else self.weight()

    def supports(self, astype: str) -> bool:
        return self.format.supports(astype)

    def value_as(self, astype: str):
        if astype != "positions":
            raise NotImplementedError(astype)
        found = self.segment.positions(self.fieldname, self.btext, self.postings, np.asarray([self._i]))
        return found.positions.tolist()

    def supports_block_quality(self) -> bool:
        return False  # never collected with block-quality skipping


class ArrayInlineLeaf(ArrayLeaf):
    """Stands for the ``ListMatcher`` of a posting list kept inside its term's info."""


class _RememberingTerms:
    """A segment's term dictionary that answers each question about a term once.

    Building one query's tree asks about every term several times (does it exist, its document
    frequency for the tree's shape, its statistics for the scorer); each answer is a hash lookup in
    a file.  The answers never change for a segment, so they are kept (up to ``LIMIT`` terms).
    """

    LIMIT = 200_000

    def __init__(self, terms) -> None:
        self._terms = terms
        self._known: dict = {}

    def _info(self, fieldname: str, tbytes: bytes):
        key = (fieldname, tbytes)
        found = self._known.get(key)
        if found is None:
            if len(self._known) > self.LIMIT:
                self._known.clear()
            try:
                found = self._terms.term_info(fieldname, tbytes)
            except (KeyError, TermNotFound):
                found = False
            self._known[key] = found
        return found

    def __contains__(self, term) -> bool:
        return self._info(*term) is not False

    def term_info(self, fieldname: str, tbytes: bytes):
        found = self._info(fieldname, tbytes)
        if found is False:
            return self._terms.term_info(fieldname, tbytes)  # raises as the dictionary does
        return found

    def doc_frequency(self, fieldname: str, tbytes: bytes) -> int:
        found = self._info(fieldname, tbytes)
        return found.doc_frequency() if found is not False else self._terms.doc_frequency(fieldname, tbytes)

    def frequency(self, fieldname: str, tbytes: bytes) -> float:
        found = self._info(fieldname, tbytes)
        return found.weight() if found is not False else self._terms.frequency(fieldname, tbytes)

    def __getattr__(self, name: str):
        return getattr(self._terms, name)
