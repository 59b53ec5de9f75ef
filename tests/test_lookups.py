"""Typed numbers, own numbers, issuer words and synonyms: the pieces that read a query as staff type it."""

import pytest
from tracuu.index.own_numbers import number_keys, own_keys, own_numbers
from tracuu.search.lookups import typed_issuers, typed_numbers
from tracuu.search.phrases import folded_syllables
from tracuu.search.synonyms import synonyms


@pytest.mark.parametrize("query, base, codes, kind", [
    ("nd 137/2026", "137/2026", [], "nd"),
    ("Nghị định số 12/2022", "12/2022", [], "nd"),
    ("nghi dinh 233/2025", "233/2025", [], "nd"),
    ("TT 01/2025 BLDTBXH", "1/2025", ["bldtbxh"], "tt"),
    ("nq 66.16/2026", "66.16/2026", [], "nq"),
    ("bộ luật lao động 45/2019", "45/2019", [], None),
    ("TT BTC 40/2026", "40/2026", ["btc"], "tt"),
    ("thông tư số 12 BKHĐT 2022", "12/2022", ["bkhdt"], "tt"),
    ("ND 94 2026", "94/2026", [], "nd"),
    ("quyet dinh 844 TTg", "844", ["ttg"], "qd"),
    ("luat 58/2014/QH13", "58/2014", ["qh13"], "qh"),
    ("452-TB/TU", "452", ["tb", "tu"], None),
    ("số 12", "12", [], None),
])
def test_numbers_as_typed(query: str, base: str, codes: list[str], kind: str | None) -> None:
    (found,) = typed_numbers(query)
    assert (found.base, found.codes, found.kind) == (base, codes, kind)


@pytest.mark.parametrize("query", ["Quận ủy Ba Đình tháng 11/2021", "55 chốt kiểm soát", "tien an 250.000 dong",
                                   "họp ngày 13/11/2021", "phiên họp thường kỳ tháng 4 2026", "btc phí đường sắt 2026",
                                   "11/2021"])
def test_months_dates_amounts_and_years_are_not_numbers(query: str) -> None:
    assert typed_numbers(query) == []


def test_the_own_number_is_the_labelled_one_not_those_cited() -> None:
    text = ("CÔNG BÁO/Số 242/Ngày 22-04-2026\nCHÍNH PHỦ\nSố: 128/2026/NĐ-CP\nNGHỊ ĐỊNH\nSửa đổi Nghị định số "
            "85/2024/NĐ-CP\nCăn cứ Luật\nsố 88/2025/QH15;\n")
    assert own_numbers(text, None) == ["128/2026/nd-cp"]
    assert own_numbers("Số: 66.16/2026/NQ-CP\nNGHỊ QUYẾT", None) == ["66.16/2026/nq-cp"]
    assert own_numbers("Nghị định 94/2026/NĐ-CP quy định về đào tạo lái xe", "94/2026/NĐ-CP") == ["94/2026/nd-cp"]


def test_an_own_number_gives_a_key_for_each_way_of_typing_it() -> None:
    keys = number_keys("01/2025/tt-bldtbxh")
    for key in ("1/2025", "1", "1/2025/tt", "1/2025/bldtbxh", "1/bldtbxh", "c:bldtbxh", "y:2025"):
        assert key in keys
    assert "c:qh" in number_keys("45/2019/qh14")
    assert own_keys("", None) == ""


@pytest.mark.parametrize("typed, code", [
    ("Bộ GD ĐT", "bgddt"), ("bo y te", "byt"), ("UBTVQH", "ubtvqh"), ("btc", "btc"), ("BLĐTBXH", "bldtbxh"),
    ("Bộ Lao động - Thương binh và Xã hội", "bldtbxh"), ("ngân hàng nhà nước", "nhnn"), ("bo lao dong", "bldtbxh"),
    ("bo khoa hoc cong nghe", "bkhcn"), ("thủ tướng", "ttg"), ("UBND tỉnh", "ubnd"), ("TU", "tu"),
])
def test_issuers_are_read_as_typed_from_the_registry(typed: str, code: str) -> None:
    words = typed.split()
    [(start, end, body)] = typed_issuers(words)
    assert (start, end) == (0, len(words)) and code in body.codes


def test_an_issuer_is_found_among_other_words_and_short_forms_only_as_typed() -> None:
    words = "Bộ Y tế hướng dẫn ghi nhãn UBTVQH".split()
    assert [(s, e, b.codes) for s, e, b in typed_issuers(words)] == [(0, 3, ("byt",)), (7, 8, ("ubtvqh",))]
    assert typed_issuers("tu nam 2020".split()) == []  # "tu" folded is "từ", "tư": only "TU" as typed is Tỉnh ủy
    assert typed_issuers(["TU"])[0][2].name == folded_syllables("Tỉnh ủy")


def test_synonyms_go_both_ways_with_or_without_diacritics() -> None:
    table = synonyms()
    assert folded_syllables("làm thêm giờ") in table[folded_syllables("tang ca")]
    assert folded_syllables("tăng ca") in table[folded_syllables("lam them gio")]
    assert folded_syllables("nghỉ hưu trước tuổi") in table[folded_syllables("nghỉ hưu sớm")]


SHORT_TEXTS = ["thong-tu-so-40-2026-tt-btc-469311.txt", "thong-tu-so-27-2026-tt-btc-469358.txt",
               "nghi-quyet-so-25-2026-nq-cp-469472.txt", "nghi-quyet-so-126-nq-cp-469505.txt",
               "nghi-quyet-so-24-2022-ubtvqh15-37692.txt", "thong-tu-so-09-2021-tt-bldtbxh-34325.txt",
               "quyet-dinh-so-1373-qd-bkhdt-37639.txt", "thong-tu-so-18-2022-tt-bkhdt-37689.txt"]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    from pathlib import Path

    from click.testing import CliRunner
    from tracuu.search.engine import SearchEngine

    from tracuu.cli import main

    home = tmp_path_factory.mktemp("lookups")
    legal = Path(__file__).resolve().parent / "data" / "legal"
    for args in (["ingest", *(str(legal / name) for name in SHORT_TEXTS)], ["index"]):
        result = CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return SearchEngine(home)


@pytest.mark.parametrize("query, first", [
    ("TT BTC 40/2026", "thong-tu-so-40-2026-tt-btc-469311.txt"),
    ("thong tu 27 2026 btc", "thong-tu-so-27-2026-tt-btc-469358.txt"),
    ("nq 25/2026", "nghi-quyet-so-25-2026-nq-cp-469472.txt"),
    ("nghị quyết 126/NQ-CP", "nghi-quyet-so-126-nq-cp-469505.txt"),
    ("UBTVQH chi tra ho tro", "nghi-quyet-so-24-2022-ubtvqh15-37692.txt"),
    ("qd 1373 BKHDT", "quyet-dinh-so-1373-qd-bkhdt-37639.txt"),
    ("so 18 bo ke hoach dau tu 2022", "thong-tu-so-18-2022-tt-bkhdt-37689.txt"),
])
def test_the_document_typed_comes_first(engine, query: str, first: str) -> None:
    results = engine.search(query, snippets=False).results
    assert results and results[0].source.endswith(first), [r.source.rsplit("/", 1)[-1] for r in results[:3]]
