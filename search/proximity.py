"""Proximity bonuses that cost a position check only on the documents already matched.

A Whoosh ``Phrase`` walks every document holding all its words and decodes their positions, until
it finds the phrase; as an ``AndMaybe`` bonus that means scanning far beyond the documents the query
matched.  ``Adjacent`` scores exactly like a ``Phrase`` (the sum of its words' scores, times the
boost, when they stand next to each other) but matches every document holding all the words and
looks at positions only when asked for a score, i.e. for documents the required part matched.
Use it only as the optional side of ``AndMaybe``: where the words are not adjacent it matches with
a score of 0.
"""

from __future__ import annotations

from whoosh import matching
from whoosh import query as Q
from whoosh.matching import IntersectionMatcher, WrappingMatcher


class Adjacent(Q.Phrase):
    """The words next to each other in ``fieldname`` (a bonus; see the module docstring)."""

    def matcher(self, searcher, context=None):
        if self.fieldname not in searcher.schema:
            return matching.NullMatcher()
        field = searcher.schema[self.fieldname]
        reader = searcher.reader()
        leaves = []
        for word in self.words:
            term = field.to_bytes(word)
            if (self.fieldname, term) not in reader:
                return matching.NullMatcher()
            leaves.append(Q.Term(self.fieldname, word).matcher(searcher, context))
        if len(leaves) == 1:
            return WrappingMatcher(leaves[0], boost=self.boost)
        return _AdjacentMatcher(leaves, self.boost)


class _AdjacentMatcher(WrappingMatcher):
    """Documents holding every word; the score is theirs only where the words are adjacent."""

    def __init__(self, leaves: list, boost: float) -> None:
        child = leaves[0]
        for leaf in leaves[1:]:
            child = IntersectionMatcher(child, leaf)
        super().__init__(child, boost=boost)
        self._leaves = leaves

    def copy(self):
        return _AdjacentMatcher([leaf.copy() for leaf in self._leaves], self.boost)

    def replace(self, minquality=0):
        # The leaves are read directly, so the tree is never rebuilt around them.
        return self if self.is_active() else matching.NullMatcher()

    def _replacement(self, newchild):
        return self

    def score(self) -> float:
        if not self._adjacent():
            return 0.0
        return self.child.score() * self.boost

    def _adjacent(self) -> bool:
        positions = [set(leaf.value_as("positions")) for leaf in self._leaves]
        return any(all(start + i in later for i, later in enumerate(positions[1:], start=1))
                   for start in positions[0])
