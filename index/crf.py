"""pyvi's CRF model read straight from its crfsuite file, and crfsuite's Viterbi decision rebuilt on it.

A crfsuite model file (``crf1dmodel.c``) is a header, a features chunk (type, source, target and a
double weight each; type 0 is attribute -> label, type 1 label -> label), and two CQDB string tables
(labels and attributes) whose backward arrays give each id its string.  Reading the weights as the
file stores them (doubles) and adding them in crfsuite's order keeps every score bit-identical, so
the labels are the tagger's own (``tests/test_segment_identity.py`` checks it on the real corpus).
"""

from __future__ import annotations

import struct
from pathlib import Path


def _strings(data: bytes, base: int) -> list[str]:
    """The strings of one CQDB table, by id."""
    magic, _size, _flag, _order, count, backward = struct.unpack_from("<4sIIIII", data, base)
    if magic != b"CQDB":
        raise ValueError("not a crfsuite string table")
    out = []
    for i in range(count):
        (offset,) = struct.unpack_from("<I", data, base + backward + 4 * i)
        rid, size = struct.unpack_from("<II", data, base + offset)
        if rid != i:
            raise ValueError("crfsuite string table out of order")
        out.append(data[base + offset + 8 : base + offset + 7 + size].decode("utf-8"))
    return out


class CrfModel:
    """Labels, state weights (attribute -> weight per label) and transition weights of a crfsuite model."""

    def __init__(self, path: Path) -> None:
        data = path.read_bytes()
        magic, _size, kind, _version, _nf, _nl, _na, off_feat, off_labels, off_attrs, _lr, _ar = struct.unpack_from(
            "<4sI4sIIIIIIIII", data, 0)
        if magic != b"lCRF" or kind != b"FOMC":
            raise ValueError(f"{path} is not a crfsuite CRF1d model")
        self.labels = _strings(data, off_labels)
        attrs = _strings(data, off_attrs)
        n = len(self.labels)
        self.transitions = [[0.0] * n for _ in range(n)]
        self.state: dict[str, list[float]] = {}
        chunk, _chunk_size, count = struct.unpack_from("<4sII", data, off_feat)
        if chunk != b"FEAT":
            raise ValueError(f"{path}: no features chunk")
        for kind_id, src, dst, weight in struct.iter_unpack("<IIId", data[off_feat + 12 : off_feat + 12 + 20 * count]):
            if kind_id == 0:
                self.state.setdefault(attrs[src], [0.0] * n)[dst] = weight
            else:
                self.transitions[src][dst] = weight


def viterbi2(b: list[float], i: list[float], t: list[list[float]], start: int, end: int, out: list[int]) -> None:
    """crfsuite's ``crf1dc_viterbi`` for two labels on items ``start..end-1``; labels into ``out``.

    The same sums in the same order and the same tie rule (the lower label wins a tie), so the same path.
    """
    t00, t01, t10, t11 = t[0][0], t[0][1], t[1][0], t[1][1]
    p0, p1 = b[start], i[start]
    back0 = [0] * (end - start)
    back1 = [0] * (end - start)
    for k in range(start + 1, end):
        x, y = p0 + t00, p1 + t10
        if x < y:
            m0 = y
            back0[k - start] = 1
        else:
            m0 = x
        x, y = p0 + t01, p1 + t11
        if x < y:
            m1 = y
            back1[k - start] = 1
        else:
            m1 = x
        p0, p1 = m0 + b[k], m1 + i[k]
    label = 1 if p0 < p1 else 0
    out[end - 1] = label
    for k in range(end - 1, start, -1):
        label = back1[k - start] if label else back0[k - start]
        out[k - 1] = label
