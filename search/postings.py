"""Posting lists and per-document columns of one index segment as numpy arrays, read once and cached.

Whoosh reads postings one document at a time through Python matcher objects; scoring every match of
a common word that way costs seconds on a large archive.  Here a term's whole posting list (document
numbers and term frequencies) is decoded block by block into arrays, so ``search.vectorized`` can
score all matches at once.  Positions are decoded only when asked for (phrases, proximity).

This reads the block layout of Whoosh's ``W3`` codec (``whoosh3`` is pinned to one version in
setup.cfg); ``tests/test_vectorized.py`` checks the arrays against Whoosh's own matchers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from itertools import chain
from pickle import loads

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.formats import Positions as WhooshPositions
from whoosh.matching import ListMatcher
from whoosh.util.numeric import byte_to_length

#: Memory for decoded postings and lengths, shared by every searcher of the process, in MB.  Segments
#: never change once written, so entries are keyed by segment id and stay valid across reopenings.
CACHE_MB = 192
#: Memory for decoded positions (phrases, proximity), in MB.
POSITIONS_MB = 128

#: Field length in words for each stored length byte (Whoosh keeps lengths as one lossy byte).
LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


@dataclass
class Postings:
    """One term in one segment: sorted document numbers and their term frequencies (weights)."""

    docs: np.ndarray  # int64, segment-local, ascending
    weights: np.ndarray  # float64
    block_starts: np.ndarray  # index into ``docs`` where each stored block begins
    block_offsets: list[int]  # file offset of each block, to come back for its positions
    inline_values: tuple | None = None  # positions of a posting list kept inside the term info

    @property
    def nbytes(self) -> int:
        return self.docs.nbytes + self.weights.nbytes + self.block_starts.nbytes + 8 * len(self.block_offsets) + 64


class LruBytes:
    """A thread-safe LRU mapping bounded by the total ``nbytes`` of its values."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def put(self, key, value, nbytes: int) -> None:
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (value, nbytes)
            self.used += nbytes
            while self.used > self.budget and len(self._items) > 1:
                _, (_, size) = self._items.popitem(last=False)
                self.used -= size


CACHE = LruBytes(CACHE_MB * 1024 * 1024)


class Segment:
    """Arrays of one segment reader: postings, field lengths and deletions (cached in ``CACHE``).

    Reading goes through ``reader``'s files, which are not safe to share between threads: use a
    ``Segment`` from one thread at a time, as its searcher.
    """

    def __init__(self, reader, offset: int) -> None:
        self.reader = reader
        self.offset = offset
        self.size = reader.doc_count_all()
        self.key = reader.segment().segment_id()
        #: the set Whoosh's deletion filters hold (``SegmentReader.postings``), or None
        self.deleted = reader.deleted_docs_set if reader.has_deletions() else None
        self.live = np.ones(self.size, dtype=bool)
        if self.deleted:
            self.live[np.fromiter(self.deleted, dtype=np.int64)] = False

    def lengths(self, fieldname: str) -> np.ndarray:
        """Every document's length of ``fieldname`` as Whoosh scores it (float64, 0 where absent)."""
        key = (self.key, "lengths", fieldname)
        found = CACHE.get(key)
        if found is None:
            found = self._read_lengths(fieldname)
            CACHE.put(key, found, found.nbytes)
        return found

    def _read_lengths(self, fieldname: str) -> np.ndarray:
        perdoc = self.reader._perdoc
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        codes = np.zeros(self.size, dtype=np.uint8)
        if column is not None and column._count:
            raw = column._dbfile.get(column._basepos, column._count)
            codes[: column._count] = np.frombuffer(raw, dtype=np.uint8)
        return LENGTH_OF_BYTE[codes]

    def postings(self, fieldname: str, btext: bytes) -> Postings | None:
        """The posting list of a term, or None when the segment does not hold it."""
        key = (self.key, fieldname, btext)
        found = CACHE.get(key)
        if found is not None:
            return found
        if (fieldname, btext) not in self.reader:
            return None
        postings = _read(_raw_matcher(self.reader, fieldname, btext))
        CACHE.put(key, postings, postings.nbytes)
        return postings

    def positions(self, fieldname: str, btext: bytes, postings: Postings, index: np.ndarray,
                  promote: bool = True) -> Positions:
        """Positions of the term in the postings at ``index`` (ascending indexes into ``postings.docs``).

        The first time a term is asked about a few of its blocks, only those are read.  Asked again,
        or about many of its blocks, the term is decoded whole and cached: a common word costs about
        0.1 s per 50,000 documents to decode, once, and then nothing (a one-off search never pays it).
        ``promote=False`` (snippets: ten documents a query) never decodes a term whole for being asked again.
        """
        key = (self.key, fieldname, btext, "positions")
        whole = POSITIONS.get(key)
        if whole is not None:
            return whole.take(index)
        if postings.inline_values is not None:
            return _decode(self.reader, fieldname, postings.inline_values, postings.docs).take(index)
        block_of = np.searchsorted(postings.block_starts, index, side="right") - 1
        if 4 * len(np.unique(block_of)) >= len(postings.block_offsets) or (promote and _asked_before(key)):
            return self.all_positions(fieldname, btext, postings).take(index)
        matcher = _raw_matcher(self.reader, fieldname, btext)
        values = []
        starts = postings.block_starts
        current, block_values = -1, ()
        for i, block in zip(index.tolist(), block_of.tolist()):  # only the wanted values are decoded
            if block != current:
                current, block_values = block, _block_values(matcher, postings.block_offsets[block])
            values.append(block_values[i - int(starts[block])])
        return _decode(self.reader, fieldname, values, postings.docs[index])

    def all_positions(self, fieldname: str, btext: bytes, postings: Postings) -> Positions:
        """Positions of the term in every posting (cached)."""
        key = (self.key, fieldname, btext, "positions")
        whole = POSITIONS.get(key)
        if whole is None:
            if postings.inline_values is not None:
                values = postings.inline_values
            else:
                matcher = _raw_matcher(self.reader, fieldname, btext)
                values = [v for offset in postings.block_offsets for v in _block_values(matcher, offset)]
            whole = _decode(self.reader, fieldname, values, postings.docs)
            POSITIONS.put(key, whole, whole.nbytes)
        return whole

    def position_keys(self, fieldname: str, btext: bytes, postings: Postings, shift: int) -> np.ndarray:
        """Every position of the term as ``document << shift | position`` (uint32 for 16, int64 for 32), cached."""
        key = (self.key, fieldname, btext, "keys", shift)
        keys = POSITIONS.get(key)
        if keys is None:
            whole = self.all_positions(fieldname, btext, postings)
            if shift == 16:
                keys = (np.repeat(whole.docs.astype(np.uint32), np.diff(whole.starts)) << np.uint32(16)) | whole.pos
            else:
                keys = whole.keys
            POSITIONS.put(key, keys, keys.nbytes)
        return keys


@dataclass
class Positions:
    """Positions of several postings: those of posting ``i`` (in document ``docs[i]``) are
    ``pos[starts[i]:starts[i + 1]]``, ascending.  Kept small (16 bits a position when they fit)."""

    starts: np.ndarray  # int64, one more than there are postings
    pos: np.ndarray  # uint16 or int64
    docs: np.ndarray  # int64, the document of each posting

    @property
    def nbytes(self) -> int:
        return self.starts.nbytes + self.pos.nbytes + 64  # ``docs`` is the posting list's own array

    @property
    def positions(self) -> np.ndarray:
        return self.pos.astype(np.int64)

    @property
    def keys(self) -> np.ndarray:
        """Every position as the key ``document << 32 | position``, ascending."""
        return (np.repeat(self.docs, np.diff(self.starts)) << 32) | self.pos

    def take(self, index: np.ndarray) -> Positions:
        """The positions of the postings at ``index`` (ascending)."""
        lengths = self.starts[index + 1] - self.starts[index]
        starts = np.zeros(len(index) + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        shift = np.repeat(self.starts[index] - starts[:-1], lengths)
        return Positions(starts, self.pos[np.arange(starts[-1]) + shift], self.docs[index])


POSITIONS = LruBytes(POSITIONS_MB * 1024 * 1024)
_ASKED: OrderedDict = OrderedDict()  # terms whose positions were read in part, most recent last


def _asked_before(key: tuple) -> bool:
    """True when the positions of ``key`` were read in part before (the last 4,096 such terms are kept)."""
    with POSITIONS._lock:
        seen = key in _ASKED
        _ASKED[key] = True
        _ASKED.move_to_end(key)
        while len(_ASKED) > 4096:
            _ASKED.popitem(last=False)
    return seen


def _decode(reader, fieldname: str, values, docs: np.ndarray) -> Positions:
    """Positions of posting values (of the documents ``docs``), decoded together.

    A value is a 4-byte count and a pickled list of gaps between positions (``whoosh.formats.Positions``).
    The lists are joined into one pickle, a list of lists, and read by one ``pickle.loads``.
    """
    form = reader.schema[fieldname].format
    if type(form).encode is not WhooshPositions.encode or type(form).decode_positions is not WhooshPositions.decode_positions:
        lists = [form.decode_positions(v) for v in values]
        gaps = False
    else:
        bodies = [v[6:-1] if v.endswith(b".") else v[6:] for v in values]  # count, protocol mark, stop
        lists = loads(b"\x80\x02](" + b"".join(bodies) + b"e.")
        gaps = True
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    starts = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    flat = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(starts[-1]))
    if gaps and len(flat):
        running = np.cumsum(flat)
        before = np.concatenate([[0], running])[starts[:-1]]
        flat = running - np.repeat(before, lengths)
    small = flat.astype(np.uint16) if not len(flat) or (flat.min() >= 0 and flat.max() < 2**16) else flat
    return Positions(starts, small, np.asarray(docs, dtype=np.int64))


def _raw_matcher(reader, fieldname: str, btext: bytes):
    """A fresh matcher over the stored postings, deleted documents included (they are masked apart).

    Not ``reader.postings``: its deletion filter moves the matcher past deleted documents at once.
    """
    return reader._terms.matcher(fieldname, btext, reader.schema[fieldname].format)


def _read(matcher) -> Postings:
    if isinstance(matcher, ListMatcher):  # a posting list short enough to live in the term info
        docs = np.asarray(matcher._ids, dtype=np.int64)
        weights = _weights(matcher._weights if matcher._all_weights is None else matcher._all_weights, len(docs))
        return Postings(docs, weights, np.zeros(1, dtype=np.int64), [0], inline_values=tuple(matcher._values or ()))
    if not isinstance(matcher, W3LeafMatcher):
        raise TypeError(f"unexpected posting reader {type(matcher).__name__}")
    ids, weights, starts, offsets = [], [], [], []
    position, count = matcher._baseoffset, 0
    while not matcher._atend:
        matcher._read_data()
        deltas, block_weights, _ = matcher._data
        n = matcher._blocklength
        ids.append(np.cumsum(np.asarray(deltas, dtype=np.int64)))  # ids are stored as gaps
        weights.append(_weights(block_weights, n))
        starts.append(count)
        offsets.append(position)
        count += n
        position = matcher._nextoffset
        matcher._next_block()
    return Postings(np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64),
                    np.concatenate(weights) if weights else np.zeros(0), np.asarray(starts, dtype=np.int64), offsets)


def _weights(stored, n: int) -> np.ndarray:
    """A block's weights as Whoosh stores them: None for all 1.0, one number for all the same, else each."""
    if stored is None:
        return np.ones(n)
    if isinstance(stored, (int, float)):
        return np.full(n, float(stored))
    return np.asarray(stored, dtype=np.float64)


def _block_values(matcher: W3LeafMatcher, offset: int) -> tuple:
    matcher._goto(offset)
    matcher._read_data()
    values = matcher._data[2]
    return values if values is not None else ()

