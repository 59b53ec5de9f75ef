"""Where each position of a document's analysis stands in its text, kept compactly beside the index.

A snippet needs the characters of the few positions a query matched.  ``analyze`` knows them, but
the index only keeps positions; re-reading a 100,000-character text to find them again costs more
than the whole search.  So each document's position spans (start and end in ``nfc(text)``, one per
position ``analyze`` numbers) are stored in a column of the index (``index.schema``, field ``spans``)
and read back for the top hits only.

Positions do not depend on word segmentation (every syllable and every special token is one
position; words only join them), so the spans are found without pyvi's tagger: the special-token
pass and pyvi's unit pattern, exactly as ``analyze`` walks them (``tests/test_spans.py`` checks
this against ``analyze`` on the real corpus).

Format (``b"S2"``): the number of positions and the block size, then for each block of ``BLOCK``
positions the offset its spans count from and where its bytes end, then the blocks, each zlib of: the
number of escapes (uint16), one byte per gap before a position and per position's length (255: see
the escapes), each escaped value as a uint32 (all little-endian).  About 1 byte a position; a
snippet decodes only the blocks holding the positions it needs.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

import numpy as np

from tracuu.index.analyzer import _specials, gap_parts, parse_groups, position_table
from tracuu.index.vntext import nfc

MAGIC = b"S2"
BLOCK = 512
_ESCAPE = 255
_HEAD = struct.Struct("<II")


def position_spans(text: str) -> np.ndarray:
    """``(start, end)`` in ``nfc(text)`` of each position ``analyze(text)`` gives, as an (n, 2) int64 array."""
    text = nfc(text)
    specials = _specials(text)
    # the units' offsets are the running sum of the split's part lengths: no match object per unit
    starts, ends = position_table(text, gap_parts(text, specials), specials)
    return np.stack([starts, ends], axis=1)


def encode(spans: np.ndarray) -> bytes:
    """The stored form of ``position_spans``' array (see the module's docstring)."""
    spans = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    previous_end = np.concatenate([[0], spans[:-1, 1]])
    gaps, lengths = spans[:, 0] - previous_end, spans[:, 1] - spans[:, 0]
    if len(spans) and min(gaps.min(), lengths.min()) < 0:
        raise ValueError("position spans must be in text order and not overlap")
    values = np.empty(2 * len(spans), dtype=np.int64)
    values[0::2], values[1::2] = gaps, lengths
    heads, blocks, used = [], [], 0
    for first in range(0, len(spans), BLOCK):
        chunk = values[2 * first : 2 * (first + BLOCK)]
        escaped = chunk >= _ESCAPE
        codes = np.where(escaped, _ESCAPE, chunk).astype(np.uint8)
        body = struct.pack("<H", int(escaped.sum())) + codes.tobytes() + chunk[escaped].astype("<u4").tobytes()
        blocks.append(zlib.compress(body, 6))
        used += len(blocks[-1])
        heads.append(_HEAD.pack(int(previous_end[first]), used))
    return MAGIC + _HEAD.pack(len(spans), BLOCK) + b"".join(heads) + b"".join(blocks)


class SpanTable:
    """The stored spans of one document, decoding a block only when a position in it is asked for."""

    def __init__(self, stored: bytes) -> None:
        if not stored.startswith(MAGIC):
            raise ValueError("not a stored span array")
        self._stored = stored
        self.size, self._block = _HEAD.unpack_from(stored, len(MAGIC))
        nblocks = -(-self.size // self._block)
        self._heads = [_HEAD.unpack_from(stored, len(MAGIC) + _HEAD.size * (i + 1)) for i in range(nblocks)]
        self._data = len(MAGIC) + _HEAD.size * (nblocks + 1)
        self._decoded: dict[int, np.ndarray] = {}

    def spans(self, positions: np.ndarray) -> np.ndarray:
        """``(start, end)`` of each of ``positions`` (an int array), as an (n, 2) array."""
        positions = np.asarray(positions, dtype=np.int64)
        if len(positions) and (positions.min() < 0 or positions.max() >= self.size):
            raise IndexError("position outside the document")
        blocks = positions // self._block
        needed, which = np.unique(blocks, return_inverse=True)
        if not len(needed):
            return np.zeros((0, 2), dtype=np.int64)
        self._decode([b for b in needed.tolist() if b not in self._decoded])
        tables = [self._decoded[b] for b in needed.tolist()]
        firsts = np.cumsum([0] + [len(t) for t in tables[:-1]])
        return np.concatenate(tables)[firsts[which] + positions - blocks * self._block]

    def all(self) -> np.ndarray:
        """Every position's span."""
        return self.spans(np.arange(self.size))

    def _decode(self, blocks: list[int]) -> None:
        """Decode ``blocks`` together: one pass of array operations for all, whatever their number."""
        if not blocks:
            return
        codes, escaped, lengths, bases = [], [], [], []
        for b in blocks:
            base, end = self._heads[b]
            begin = self._heads[b - 1][1] if b else 0
            body = zlib.decompress(self._stored[self._data + begin : self._data + end])
            (escapes,) = struct.unpack_from("<H", body)
            count = len(body) - 2 - 4 * escapes
            codes.append(body[2 : 2 + count])
            escaped.append(body[2 + count :])
            lengths.append(count)
            bases.append(base)
        raw = np.frombuffer(b"".join(codes), dtype=np.uint8)
        values = raw.astype(np.int64)
        extra = b"".join(escaped)
        if extra:
            values[raw == _ESCAPE] = np.frombuffer(extra, dtype="<u4")
        # each block counts from its own base: restart the running sum there
        firsts = np.cumsum([0] + lengths[:-1])
        wanted = np.asarray(bases, dtype=np.int64) - np.concatenate([[0], np.cumsum(values)[firsts[1:] - 1]])
        values[firsts] += np.diff(wanted, prepend=0)  # corrections add up along the running sum
        ends = np.cumsum(values)  # position i starts after its gap, ends after its length
        pairs = np.stack([ends[0::2], ends[1::2]], axis=1)
        for b, first, count in zip(blocks, firsts.tolist(), lengths):
            self._decoded[b] = pairs[first // 2 : (first + count) // 2]


def decode(stored: bytes) -> np.ndarray:
    """The (n, 2) array ``encode`` was given; ``ValueError`` for bytes it did not make."""
    return SpanTable(stored).all()


def positioned_terms(serialized: str, spans: np.ndarray) -> Iterator[tuple[str, int, int, int]]:
    """``(term, position, start, end)`` for every term of a serialized analysis, with its position's span.

    A multi-syllable word (``phòng_chống``) stands at its first syllable's position and spans its
    syllables, as ``analyze`` gives it.  For feeding other engines pre-analysed tokens with offsets.
    """
    for pos, group in enumerate(parse_groups(serialized)):
        start, end = int(spans[pos, 0]), int(spans[pos, 1])
        for term in group:
            last = pos + term.count("_")  # a word's syllables: "_" never occurs in a syllable or number
            yield term, pos, start, int(spans[last, 1]) if last != pos else end
