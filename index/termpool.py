"""A posting pool that groups postings by term as they arrive, so writing a segment needs no external sort.

Whoosh's ``PostingPool`` keeps postings as ``(field, term, docnum, weight, value)`` tuples and, past its
memory limit, sorts them and pickles them to a run file; closing the segment unpickles every run and
merges them with ``heapq``.  On a rebuild that external sort was about 45% of a worker's time (py-spy,
20,000 documents), and more as the runs multiply.  But a writer numbers its documents in order, so a
term's postings arrive already sorted by document: keeping them in compact arrays per term leaves only
the distinct terms to sort when the segment is written.  The postings handed to the codec are the same,
in the same order, as Whoosh's pool gives (``tests/test_termpool.py``).  ``add_positions`` takes a whole
document's field at once, for ``index.segwriter``'s writer, which hands the arrays to the codec as they are.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from pickle import dumps
from struct import Struct

from tracuu.index.analyzer import ALT_SEP, GROUP_SEP

Posting = tuple[str, bytes, int, float, bytes]

#: Bytes a term's arrays cost before its first posting, for ``size`` (measured: about 450 in CPython 3.11).
_TERM_OVERHEAD = 450
#: Bytes per posting besides its value: a docnum, a weight and a value length, and the arrays' spare room.
_POSTING_BYTES = 14
_UINT = Struct("!I")  # Whoosh's pack_uint: the frequency before the pickled position deltas
#: Encoded values of single positions, the most common posting: Whoosh's ``Positions.encode([pos])``.
_SINGLE: dict[int, bytes] = {}
_SINGLE_LIMIT = 1 << 16  # positions past it (deep in the longest laws) are encoded each time: a few MB at most


def encode_positions(poslist: list[int]) -> bytes:
    """Whoosh's ``Positions.encode``: the count, then the pickled deltas between positions."""
    if len(poslist) == 1:
        pos = poslist[0]
        value = _SINGLE.get(pos)
        if value is None:
            value = _UINT.pack(1) + dumps([pos], 2)
            if pos < _SINGLE_LIMIT:
                _SINGLE[pos] = value
        return value
    deltas = [poslist[0]]
    deltas += [b - a for a, b in zip(poslist, poslist[1:])]
    return _UINT.pack(len(deltas)) + dumps(deltas, 2)


def analysis_positions(serialized: str) -> dict[str, list[int]]:
    """Each term of a serialized analysis with its positions, ascending."""
    poses: dict[str, list[int]] = {}
    for pos, group in enumerate(serialized.split(GROUP_SEP)):
        if group:
            for term in group.split(ALT_SEP):
                at = poses.get(term)
                if at is None:
                    poses[term] = [pos]
                else:
                    at.append(pos)
    return poses


class _TermPostings:
    __slots__ = ("docnums", "in_order", "lengths", "values", "weights")

    def __init__(self) -> None:
        # Four bytes each, as the codec's blocks keep them (docnums "I", weights "f"): a rebuild worker
        # holds millions of postings.
        self.docnums = array("I")
        self.weights = array("f")
        self.lengths = array("I")
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

    def items(self) -> list[tuple[int, float, bytes]]:
        values = memoryview(self.values)
        postings = []
        offset = 0
        for docnum, weight, length in zip(self.docnums, self.weights, self.lengths):
            postings.append((docnum, weight, bytes(values[offset : offset + length])))
            offset += length
        if not self.in_order:
            postings.sort()  # the order of Whoosh's pool, which sorts whole postings
        return postings

    def arrays(self) -> tuple[array, array, array, bytes | bytearray]:
        """Docnums, weights, value sizes and the values joined, in the order ``items`` gives them."""
        if self.in_order:
            return self.docnums, self.weights, self.lengths, self.values
        postings = self.items()
        return (array("I", (p[0] for p in postings)), array("f", (p[1] for p in postings)),
                array("I", (len(p[2]) for p in postings)), b"".join(p[2] for p in postings))


class TermPool:
    """Drop-in for a Whoosh ``SegmentWriter``'s ``pool``: ``add`` postings, then ``iter_postings`` sorted."""

    def __init__(self) -> None:
        self._fields: dict[str, dict[bytes, _TermPostings]] = {}  # postings added one by one
        self._texts: dict[str, dict[str, _TermPostings]] = {}  # whole documents' postings, by term text
        self._last_doc: dict[str, int] = {}
        self.size = 0  # bytes held, roughly

    @property
    def fieldnames(self) -> set[str]:
        return set(self._fields) | set(self._texts)

    def _postings(self, fieldname: str, text: bytes) -> _TermPostings:
        if fieldname in self._texts:
            raise ValueError(f"field {fieldname!r} already holds whole documents' postings")
        terms = self._fields.get(fieldname)
        if terms is None:
            terms = self._fields[fieldname] = {}
        postings = terms.get(text)
        if postings is None:
            postings = terms[text] = _TermPostings()
            self.size += _TERM_OVERHEAD + len(text)
        return postings

    def add(self, item: Posting) -> None:
        """Keep one ``(fieldname, term bytes, docnum, weight, value bytes or None)`` posting."""
        fieldname, text, docnum, weight, value = item
        self._postings(fieldname, text).add(docnum, weight, value)
        self.size += _POSTING_BYTES + (len(value) if value else 0)

    def add_positions(self, fieldname: str, docnum: int, poses: dict[str, list[int]], boost: float = 1.0) -> int:
        """Keep one document's postings of ``fieldname`` from each term's ascending positions; its field length.

        Documents come in increasing ``docnum`` order, as a writer numbers them: postings stay sorted.
        """
        if fieldname in self._fields:
            raise ValueError(f"field {fieldname!r} already holds postings added one by one")
        if docnum <= self._last_doc.get(fieldname, -1):
            raise ValueError(f"document {docnum} of {fieldname!r} comes after a later one")
        self._last_doc[fieldname] = docnum
        terms = self._texts.get(fieldname)
        if terms is None:
            terms = self._texts[fieldname] = {}
        single = _SINGLE
        length = 0
        added = 0
        for term, poslist in poses.items():
            freq = len(poslist)
            length += freq
            if freq == 1:
                value = single.get(poslist[0]) or encode_positions(poslist)
            else:
                value = encode_positions(poslist)
            postings = terms.get(term)
            if postings is None:
                postings = terms[term] = _TermPostings()
                added += _TERM_OVERHEAD + len(term)
            # _TermPostings.add inlined: this loop runs once per posting of every document
            postings.docnums.append(docnum)
            postings.weights.append(freq * boost)
            postings.values += value
            postings.lengths.append(len(value))
            added += _POSTING_BYTES + len(value)
        self.size += added
        return length

    def terms_of(self, fieldname: str) -> Iterator[tuple[bytes, _TermPostings]]:
        """The terms of one field in byte order, each with its postings."""
        if fieldname in self._texts:
            # Code point order is UTF-8 byte order: sorting the texts sorts their bytes.
            texts = self._texts[fieldname]
            for text in sorted(texts):
                yield text.encode("utf-8"), texts[text]
            return
        terms = self._fields.get(fieldname, {})
        for text in sorted(terms):
            yield text, terms[text]

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting, ordered by field name, term bytes and document number, as Whoosh's pool sorts them."""
        for fieldname in sorted(self.fieldnames):
            for text, postings in self.terms_of(fieldname):
                for docnum, weight, value in postings.items():
                    yield fieldname, text, docnum, weight, value

    def cleanup(self) -> None:
        """Let the postings go (the pool holds no files)."""
        self._fields = {}
        self._texts = {}
        self._last_doc = {}
        self.size = 0
