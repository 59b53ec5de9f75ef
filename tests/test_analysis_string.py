"""The string-built analysis, folding and unit patterns give exactly what the token-by-token forms give."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracuu.index import analyzer
from tracuu.index.analyzer import (
    ALT_SEP, DATE_RE, DOCNO_RE, GROUP_SEP, MONTH_RE, analysis_of, analyze, fold_groups, fold_serialized,
    parse_groups, serialize, to_groups,
)
from tracuu.index.segment import pyvi_pattern, unit_pattern

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
LEGAL = Path(__file__).resolve().parent / "data" / "legal"
REAL = ["nghi-dinh-so-169-2026-nd-cp-469561.txt", "thong-tu-so-05-2023-tt-bkhdt-39996.txt",
        "thong-tu-so-40-2026-tt-btc-469311.txt", "quyet-dinh-so-1373-qd-bkhdt-37639.txt"]
PIECES = ["Phòng", "chống", "DỊCH", "BỆNH", "452-TB/TU", "452 - TB/TU", "ngày 11 tháng 8 năm 2021", "NGÀY 3 THÁNG 4 NĂM 2020",
          "Ngày 1 tháng 13 năm 2020", "tháng 12 năm 2019", "11/8/2021", "08/2021", "3,5", "1.000", "1.5ngày", "_", "a_b",
          "Ủy", "uỷ", "sỹ", "Kỹ", ",", ".", "\n", "x̃", "(a)", "66.16/2026/NQ-CP", "e-mail", "COVID-19", "…", "%",
          "http://x.vn/a?b=1", "ab@c.vn", "TP.", "Tp.", "Mrs.", "...", "->", "𝐀", "đ", "thì", "th"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join) | st.lists(
    st.sampled_from(PIECES), max_size=40).map("".join) | st.text(max_size=80)


def _tokens_way(text: str) -> str:
    return serialize(to_groups(analyze(text)))


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")) + [LEGAL / name for name in REAL],
                         ids=lambda p: p.name)
def test_analysis_of_a_real_text_is_its_serialized_tokens(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert analysis_of(text) == _tokens_way(text)
    assert analysis_of(text.lower()) == _tokens_way(text.lower())  # no written date ("th") on the other way


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_analysis_of_any_text_is_its_serialized_tokens(text: str) -> None:
    assert analysis_of(text) == _tokens_way(text)


def test_a_term_with_whitespace_goes_the_tokens_way(monkeypatch) -> None:
    monkeypatch.setattr(analyzer, "_UNSAFE", {"chống"})
    assert analysis_of("Phòng chống dịch") == _tokens_way("Phòng chống dịch")


def _fold_group_by_group(serialized: str) -> str:
    return serialize(fold_groups(parse_groups(serialized)))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["sỹ", "sĩ", "sy", "ky_sy", "kỹ_sỹ", "hoà", "hòa", "đ", "Đ", "y", "qy", "2021-01",
                                          "𝐀", "Ǆ", "x̃", "ﬁ", "ß", "sy\n", "a", ""]), max_size=4), max_size=12))
def test_folding_the_whole_string_is_folding_group_by_group(groups: list[list[str]]) -> None:
    serialized = GROUP_SEP.join(ALT_SEP.join(g) for g in groups)
    assert fold_serialized(serialized) == _fold_group_by_group(serialized)


@pytest.mark.parametrize("path", [LEGAL / name for name in REAL[:2]], ids=lambda p: p.name)
def test_folding_a_real_analysis_whole_is_folding_it_group_by_group(path: Path) -> None:
    serialized = analysis_of(path.read_text(encoding="utf-8"))
    assert fold_serialized(serialized) == _fold_group_by_group(serialized)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_the_lean_unit_patterns_cut_as_pyvis(text: str) -> None:
    assert unit_pattern(text).split(text) == pyvi_pattern().split(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789/.-– \nTBQĐUNDCPa", max_size=60))
def test_the_special_token_scans_find_what_the_public_patterns_find(text: str) -> None:
    for public, scan in ((DOCNO_RE, analyzer._DOCNO_SCAN), (DATE_RE, analyzer._DATE_SCAN),
                         (MONTH_RE, analyzer._MONTH_SCAN)):
        assert [(m.span(), m.groups()) for m in scan.finditer(text)] == [(m.span(), m.groups())
                                                                          for m in public.finditer(text)]
