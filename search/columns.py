"""Whole-index arrays for one searcher: facet values, duplicate groups and dates per document number.

Built on first use from the index itself (facet fields' posting lists, the ``duplicate_of`` field,
the ``date`` column) and shared by every searcher of the same index state (one per server thread),
so each search counts its facets with one ``numpy.bincount`` over the matching documents instead of
Whoosh's per-document grouping.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime

import numpy as np
from whoosh.util.times import datetime_to_long

from tracuu.search.postings import Segment, _raw_matcher, _read

#: The ``date`` column's value for a document without a date (Whoosh's unsigned 64-bit default).
NO_DATE = np.uint64(2**64 - 1)


class Facet:
    """One facet: its values, and for every document the index of its value (-1 for none)."""

    def __init__(self, values: list[str], ords: np.ndarray) -> None:
        self.values = values
        self.ords = ords


class _Shared:
    """What ``IndexArrays`` builds, kept for every searcher of one index state."""

    def __init__(self) -> None:
        self.facets: dict[str, Facet] = {}
        self.groups: np.ndarray | None = None
        self.members: dict[int, np.ndarray] = {}
        self.dates: np.ndarray | None = None
        self.lock = threading.Lock()


_STATES: OrderedDict[tuple, _Shared] = OrderedDict()
_STATES_LOCK = threading.Lock()
_KEEP_STATES = 4  # a rebuild or update makes a new state; old ones go when a few newer ones exist


def _shared(key: tuple) -> _Shared:
    with _STATES_LOCK:
        found = _STATES.get(key)
        if found is None:
            found = _STATES[key] = _Shared()
            while len(_STATES) > _KEEP_STATES:
                _STATES.popitem(last=False)
        _STATES.move_to_end(key)
        return found


class IndexArrays:
    """Segments of one searcher, and the per-document arrays searches share (built lazily, thread-safe).

    Like the searcher it wraps, an ``IndexArrays`` is for one thread at a time.
    """

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self.segments = [Segment(s.reader(), offset) for s, offset in searcher.leaf_searchers()]
        for (sub, _), segment in zip(searcher.leaf_searchers(), self.segments):
            sub.segment = segment  # where an ``ArraySearcher`` reads its postings
        self.size = sum(s.size for s in self.segments)
        shared = _shared(tuple((s.key, s.size, int(s.live.sum())) for s in self.segments))
        self._facets = shared.facets
        self._shared = shared
        self._lock = shared.lock

    @property
    def _members(self) -> dict[int, np.ndarray]:
        self.groups()
        return self._shared.members

    def is_live(self, docnum: int) -> bool:
        """False for a deleted document."""
        for segment in self.segments:
            if segment.offset <= docnum < segment.offset + segment.size:
                return bool(segment.live[docnum - segment.offset])
        return False

    def live(self) -> np.ndarray:
        """Global docnums of the documents not deleted."""
        return np.concatenate([np.flatnonzero(s.live) + s.offset for s in self.segments])

    def facet(self, name: str) -> Facet:
        """The values of facet field ``name`` (an indexed ``ID`` field) for every document."""
        found = self._facets.get(name)
        if found is None:
            with self._lock:
                found = self._facets.get(name) or self._facets.setdefault(name, self._read_facet(name))
        return found

    def _read_facet(self, name: str) -> Facet:
        values: dict[str, int] = {}
        ords = np.full(self.size, -1, dtype=np.int32)
        for segment in self.segments:
            found = _column_values(segment.reader, name)
            if found is None:  # no column: the field's posting lists say the same, term by term
                for docs, term in _term_postings(segment.reader, name):
                    ords[docs + segment.offset] = values.setdefault(term.decode("utf-8"), len(values))
                continue
            codes, texts = found
            table = np.asarray([values.setdefault(t, len(values)) for t in texts] + [-1], dtype=np.int32)
            ords[segment.offset : segment.offset + len(codes)] = table[codes]
        return Facet(list(values), ords)

    def groups(self) -> np.ndarray:
        """For every document the number of its duplicate group: its canonical document's, else its own.

        A group whose canonical document is not in the index gets a number past the last document.
        """
        shared = self._shared
        if shared.groups is None:
            with self._lock:
                if shared.groups is None:
                    shared.groups = self._read_groups()
        return shared.groups

    def _read_groups(self) -> np.ndarray:
        groups = np.arange(self.size, dtype=np.int64)
        canon: dict[bytes, int] = {}
        members: dict[int, list[np.ndarray]] = {}
        for segment, docs, term in ((s, d, t) for s in self.segments for d, t in _term_postings(s.reader, "duplicate_of")):
            if term not in canon:
                found = self.searcher.document_number(id=term.decode("utf-8"))
                canon[term] = found if found is not None else self.size + len(canon)
                members[canon[term]] = [np.asarray([found], dtype=np.int64)] if found is not None else []
            groups[docs + segment.offset] = canon[term]
            members[canon[term]].append(docs + segment.offset)
        self._shared.members = {number: np.unique(np.concatenate(parts)) for number, parts in members.items()}
        return groups

    def members(self, group: int) -> np.ndarray:
        """Docnums of a group's documents (just the one for a document without duplicates)."""
        found = self._members.get(group)
        return found if found is not None else np.asarray([group], dtype=np.int64)

    def has_duplicates(self) -> bool:
        return bool(self._members)

    def dated_between(self, start: datetime | None, end: datetime | None) -> np.ndarray:
        """Documents dated from ``start`` to ``end`` inclusive (an open end when None), as ``DateRange``."""
        dates = self.dates()
        mask = dates != NO_DATE
        if start is not None:
            mask &= dates >= np.uint64(datetime_to_long(start))
        if end is not None:
            mask &= dates <= np.uint64(datetime_to_long(end))
        return mask

    def dates(self) -> np.ndarray:
        """The ``date`` column as Whoosh sorts it (uint64; ``NO_DATE`` where a document has none)."""
        shared = self._shared
        if shared.dates is None:
            with self._lock:
                if shared.dates is None:
                    shared.dates = self._read_dates()
        return shared.dates

    def _read_dates(self) -> np.ndarray:
        out = np.full(self.size, NO_DATE, dtype=np.uint64)
        for segment in self.segments:
            if not segment.reader.has_column("date"):
                continue
            column = segment.reader.column_reader("date", translate=False)
            if column._count:
                raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
                values = np.frombuffer(raw, dtype=">u8").astype(np.uint64)
                out[segment.offset : segment.offset + len(values)] = values
        return out


def _term_postings(reader, name: str):
    """``(docnums, term)`` of every value of field ``name`` in one segment (an empty value is no value)."""
    if name in reader.schema:
        for term in reader.lexicon(name):
            if term:
                yield _read(_raw_matcher(reader, name, term)).docs, term


def _column_values(reader, name: str) -> tuple[np.ndarray, list[str]] | None:
    """A sortable text column read whole: for each document the index of its value in the list, or
    the list's length for no value; None when the segment has no such column.

    The column holds every document's bytes end to end; they are laid out as rows of a byte matrix
    and told apart by ``numpy.unique``, instead of one Python object per document.
    """
    if name not in reader.schema or not reader.has_column(name):
        return None
    column = reader.column_reader(name, translate=False)
    if not hasattr(column, "_lengths") or not hasattr(column, "_offsets"):
        return None
    lengths = np.asarray(column._lengths, dtype=np.int64)
    offsets = np.asarray(column._offsets, dtype=np.int64)
    count = len(lengths)
    if not count or not lengths.max():
        return np.zeros(count, dtype=np.int64), []
    total = int(offsets[-1] + lengths[-1])
    blob = np.frombuffer(column._dbfile.get(column._basepos, total), dtype=np.uint8)
    width = int(lengths.max())
    cols = np.arange(width)
    rows = np.where(cols < lengths[:, None], blob[np.minimum(offsets[:, None] + cols, total - 1)], 0)
    keys = np.ascontiguousarray(rows.astype(np.uint8)).view(f"V{width}").ravel()  # text holds no NUL byte
    unique, first, codes = np.unique(keys, return_index=True, return_inverse=True)
    texts, empty = [], len(unique)
    for i, doc in enumerate(first.tolist()):
        if lengths[doc]:
            texts.append(bytes(blob[offsets[doc] : offsets[doc] + lengths[doc]]).decode("utf-8"))
        else:
            empty = i
            texts.append("")
    codes = codes.ravel()
    if empty < len(unique):  # no value: past the end of the list
        texts.pop(empty)
        codes = np.where(codes == empty, len(unique) - 1, np.where(codes > empty, codes - 1, codes))
    return codes, texts
