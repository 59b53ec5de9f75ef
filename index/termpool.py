"""A posting pool that groups postings by term as they arrive, so writing a segment needs no external sort.

Whoosh's ``PostingPool`` keeps postings as ``(field, term, docnum, weight, value)`` tuples and, past its
memory limit, sorts them and pickles them to a run file; closing the segment unpickles every run and
merges them with ``heapq``.  On a rebuild that external sort was about 45% of a worker's time (py-spy,
20,000 documents), and more as the runs multiply.  But a writer numbers its documents in order, so a
term's postings arrive already sorted by document: keeping them in compact arrays per term leaves only
the distinct terms to sort when the segment is written.  The postings handed to the codec are the same,
in the same order, as Whoosh's pool gives (``tests/test_termpool.py``).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

Posting = tuple[str, bytes, int, float, bytes]

#: Bytes a term's arrays cost before its first posting, for ``size``.
_TERM_OVERHEAD = 400
#: Bytes per posting besides its value: a docnum, a weight and a value length.
_POSTING_BYTES = 16


class _TermPostings:
    __slots__ = ("docnums", "in_order", "lengths", "values", "weights")

    def __init__(self) -> None:
        self.docnums = array("q")
        self.weights = array("d")
        self.lengths = array("l")
        self.values = bytearray()
        self.in_order = True

    def add(self, docnum: int, weight: float, value: bytes | None) -> None:
        if self.docnums and docnum <= self.docnums[-1]:
            self.in_order = False  # not the writer's own documents in order: sort as Whoosh's pool does
        self.docnums.append(docnum)
        self.weights.append(weight)
        if value:
            self.values += value
            self.lengths.append(len(value))
        else:
            self.lengths.append(0)  # the codec writes None as empty bytes too

    def items(self) -> Iterator[tuple[int, float, bytes]]:
        values = memoryview(self.values)
        postings = []
        offset = 0
        for docnum, weight, length in zip(self.docnums, self.weights, self.lengths):
            postings.append((docnum, weight, bytes(values[offset : offset + length])))
            offset += length
        if not self.in_order:
            postings.sort()  # the order of Whoosh's pool, which sorts whole postings
        return iter(postings)


class TermPool:
    """Drop-in for a Whoosh ``SegmentWriter``'s ``pool``: ``add`` postings, then ``iter_postings`` sorted."""

    def __init__(self) -> None:
        self._terms: dict[tuple[str, bytes], _TermPostings] = {}
        self.fieldnames: set[str] = set()
        self.size = 0  # bytes held, roughly

    def add(self, item: Posting) -> None:
        """Keep one ``(fieldname, term bytes, docnum, weight, value bytes or None)`` posting."""
        fieldname, text, docnum, weight, value = item
        postings = self._terms.get((fieldname, text))
        if postings is None:
            postings = self._terms[(fieldname, text)] = _TermPostings()
            self.fieldnames.add(fieldname)
            self.size += _TERM_OVERHEAD + len(text)
        postings.add(docnum, weight, value)
        self.size += _POSTING_BYTES + (len(value) if value else 0)

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting, ordered by field name, term bytes and document number, as Whoosh's pool sorts them."""
        for key in sorted(self._terms):
            fieldname, text = key
            for docnum, weight, value in self._terms[key].items():
                yield fieldname, text, docnum, weight, value

    def cleanup(self) -> None:
        """Let the postings go (the pool holds no files)."""
        self._terms = {}
        self.size = 0
