"""Highlights come from the analyzer's surface tokens: the fast matcher must find exactly those tokens."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tracuu.index.analyzer import surface_tokens
from tracuu.index.vntext import fold_token
from tracuu.search.snippets import matching_spans, snippet

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TERMS = [({"phòng", "chống", "dịch"}, {"phong", "chong", "dich"}),
         ({"452-tb/tu", "2021-08", "2021-08-11"}, {"452-tb/tu", "2021-08", "cach", "li", "tb", "tu"}),
         ({"ủy", "ban"}, {"uy", "ban", "nhan", "dan", "ha", "noi", "100", "2021"})]


def _expected(text: str, exact: set[str], folded: set[str]) -> list[tuple]:
    return [(t.text, t.start, t.end, t.kind) for t in surface_tokens(text) if t.text in exact or fold_token(t.text) in folded]


def _found(text: str, exact: set[str], folded: set[str]) -> list[tuple]:
    return [(t.text, t.start, t.end, t.kind) for t in matching_spans(text, exact, folded)]


def test_the_samples_give_the_surface_tokens_matches() -> None:
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for exact, folded in TERMS:
            assert _found(text, exact, folded) == _expected(text, exact, folded), path.name


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Phòng", "chống", "DỊCH", "dich", "452-TB/TU", "452 - TB/TU", "ngày", "11/8/2021",
                                 "08/2021", "3,5", "1.000", "_", "Ủy", "uỷ", "ban", ",", "\n", "x̃", "Hoà", "li", "ly"]),
                max_size=30).map(" ".join) | st.text(max_size=60))
def test_any_text_gives_the_surface_tokens_matches(text: str) -> None:
    for exact, folded in TERMS:
        assert _found(text, exact, folded) == _expected(text, exact, folded)


def test_snippet_marks_the_terms_in_the_original_text() -> None:
    text = (SAMPLES / "001_2f250f62ae5a35ae.txt").read_text(encoding="utf-8")
    cut = snippet(text, {"cách", "ly"}, {"cach", "li"}, 240)
    assert "<mark>cách ly</mark>" in cut.lower() or "<mark>cách</mark> <mark>ly</mark>" in cut.lower()
    assert len(cut) < 240 + 200  # a window, marks included, not the whole text


def _window_as_before(hits, width: int) -> int:
    """The window choice as first written: every later hit tried against every start."""
    best_start, best_score = hits[0].start, -1.0
    for i, first in enumerate(hits):
        window = [h for h in hits[i:] if h.end - first.start <= width]
        score = len({fold_token(h.text) for h in window}) + 0.1 * len(window)
        if score > best_score:
            best_start, best_score = first.start, score
    return best_start


def test_the_window_is_the_one_every_start_would_give() -> None:
    from tracuu.search.snippets import _best_window

    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for exact, folded in TERMS:
            hits = matching_spans(text, exact, folded)
            for width in (40, 240):
                if hits:
                    matches = [(h.start, h.end, fold_token(h.text)) for h in hits]
                    assert _best_window(matches, width) == _window_as_before(hits, width), path.name


LEGAL = Path(__file__).resolve().parent / "data" / "legal"


@settings(max_examples=12, deadline=None)
@given(st.sampled_from(sorted(p.name for p in LEGAL.glob("*.txt"))),
       st.lists(st.sampled_from(["bảo", "hiểm", "xã", "hội", "lao", "động", "thue", "ly", "si", "01", "2026",
                                 "58/2014/qh13", "nđ-cp", "điều", "khoan", "1.000"]), min_size=1, max_size=4))
def test_real_long_documents_give_the_surface_tokens_matches(name: str, words: list[str]) -> None:
    text = (LEGAL / name).read_text(encoding="utf-8")
    exact, folded = set(words), {fold_token(w) for w in words}
    assert _found(text, exact, folded) == _expected(text, exact, folded)
