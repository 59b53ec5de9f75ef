"""Stored position spans (index.spans): the positions ``analyze`` gives, kept and read back exactly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracuu.index.analyzer import analyze, serialize, to_groups
from tracuu.index.spans import BLOCK, SpanTable, decode, encode, position_spans, positioned_terms

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
LEGAL = Path(__file__).resolve().parent / "data" / "legal"
#: Real legal texts of several kinds and lengths (8,000 to 150,000 characters), tables and OCR included.
REAL = ["nghi-dinh-so-169-2026-nd-cp-469561.txt", "thong-tu-so-05-2023-tt-bkhdt-39996.txt",
        "thong-tu-so-40-2026-tt-btc-469311.txt", "nghi-quyet-so-24-2022-ubtvqh15-37692.txt",
        "quyet-dinh-so-1373-qd-bkhdt-37639.txt"]


def _analyzed_spans(text: str) -> np.ndarray:
    """Each position's span as ``analyze`` gives it: the syllable's, or the special token's."""
    spans: dict[int, tuple[int, int]] = {}
    for t in analyze(text):
        if t.kind == "syl" or (t.kind != "word" and t.pos not in spans):  # a special token's terms share its span
            spans[t.pos] = (t.start, t.end)
    assert sorted(spans) == list(range(len(spans)))
    return np.asarray([spans[p] for p in range(len(spans))], dtype=np.int64).reshape(-1, 2)


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")) + [LEGAL / name for name in REAL],
                         ids=lambda p: p.name)
def test_the_spans_are_the_positions_analyze_gives(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert np.array_equal(position_spans(text), _analyzed_spans(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Phòng", "chống", "DỊCH", "452-TB/TU", "452 - TB/TU", "ngày 11 tháng 8 năm 2021",
                                 "11/8/2021", "08/2021", "3,5", "1.000", "_", "Ủy", "uỷ", ",", "\n", "x̃", "(a)",
                                 "66.16/2026/NQ-CP", "e-mail", "COVID-19", "…", "%"]),
                max_size=30).map(" ".join) | st.text(max_size=60))
def test_any_text_gives_the_positions_analyze_gives(text: str) -> None:
    assert np.array_equal(position_spans(text), _analyzed_spans(text))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 70_000), st.integers(0, 300)), max_size=3 * BLOCK), st.data())
def test_stored_spans_read_back_exactly(steps: list[tuple[int, int]], data) -> None:
    flat, cursor = [], 0
    for gap, length in steps:  # gaps and lengths past one byte included
        flat.append((cursor + gap, cursor + gap + length))
        cursor += gap + length
    spans = np.asarray(flat, dtype=np.int64).reshape(-1, 2)
    stored = encode(spans)
    assert np.array_equal(decode(stored), spans)
    if len(spans):
        wanted = np.asarray(sorted(data.draw(st.lists(st.integers(0, len(spans) - 1), max_size=20))), dtype=np.int64)
        assert np.array_equal(SpanTable(stored).spans(wanted), spans[wanted])


def test_long_documents_read_back_exactly_a_few_blocks_at_a_time() -> None:
    rng = np.random.default_rng(7)
    steps = rng.integers(0, 400, size=(5 * BLOCK + 17, 2))  # gaps and lengths, some past one byte
    ends = np.cumsum(steps.ravel())
    spans = np.stack([ends[0::2], ends[1::2]], axis=1)
    stored = encode(spans)
    for wanted in ([3, BLOCK + 1, 4 * BLOCK + 9], [0, 1, 2 * BLOCK, 2 * BLOCK + 1, 5 * BLOCK + 16]):
        table = SpanTable(stored)
        assert np.array_equal(table.spans(np.asarray(wanted)), spans[wanted])
        assert np.array_equal(table.all(), spans)  # blocks decoded earlier and now, together
    assert np.array_equal(decode(stored), spans)


def test_a_position_outside_the_document_is_refused() -> None:
    table = SpanTable(encode(np.asarray([[0, 3], [4, 7]])))
    with pytest.raises(IndexError):
        table.spans(np.asarray([2]))
    with pytest.raises(ValueError):
        SpanTable(b"not spans")


def test_positioned_terms_are_the_analyzer_tokens() -> None:
    text = (LEGAL / REAL[3]).read_text(encoding="utf-8")
    tokens = analyze(text)
    spans = position_spans(text).tolist()
    got = set(positioned_terms(serialize(to_groups(tokens)), position_spans(text)))
    # a written date's terms stand at its first word ("ngày"), whose span they are given
    assert got == {(t.text, t.pos, t.start, t.end) if t.kind in ("syl", "word", "docno") else
                   (t.text, t.pos, *spans[t.pos]) for t in tokens}
