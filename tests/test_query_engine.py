"""Ranking and query features on a real archive and index of small, hand-made directives."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracuu.index.archive import Archive
from tracuu.index.document import Citation, Document, Metadata
from tracuu.index.indexer import update_index
from tracuu.index.store import IndexStore
from tracuu.search.engine import Filters, SearchEngine
from tracuu.errors import QueryError

FILLER = ("Các cấp ủy, chính quyền tiếp tục thực hiện nghiêm các biện pháp phòng, chống dịch Covid-19 trên địa bàn. "
          "Tăng cường tuyên truyền để Nhân dân chủ động phòng bệnh, giữ gìn vệ sinh nơi ở và nơi làm việc.")

DOCS = {
    "a.txt": (Metadata(title="Kết luận về tăng cường phòng, chống dịch", doc_type="Thông báo", number="452-TB/TU",
                       date="2021-08-10", issuer="Thành ủy Hà Nội", province="Hà Nội"),
              ("Thường trực Thành ủy yêu cầu kích hoạt các khu cách ly tập trung. Ủy ban nhân dân thành phố bảo đảm "
               "kinh phí. Thực hiện Chỉ thị số 16/CT-TTg của Thủ tướng Chính phủ. Lấy mẫu xét nghiệm diện rộng.")),
    "b.txt": (Metadata(title="Tăng cường công tác phòng chống dịch trong tình hình mới", doc_type="Công văn",
                       number="529-CV/QU", date="2021-11-13", issuer="Quận ủy Ba Đình", province="Hà Nội",
                       district="Ba Đình", cites=[Citation("452-TB/TU")]),
              ("QUẬN ỦY BA ĐÌNH\nThực hiện Thông báo số 452-TB/TU của Thành ủy. UBND quận nghiên cứu thí điểm "
               "cách ly F1 tại nhà đối với trường hợp đủ điều kiện. Ngày 13 tháng 11 năm 2021.")),
    "c.txt": (Metadata(title="Kết luận về nhiệm vụ cấp bách phòng, chống dịch", doc_type="Kết luận", date="2021-08-16",
                       issuer="Tỉnh ủy Hà Tĩnh", province="Hà Tĩnh"),
              ("Ban Thường vụ Tỉnh ủy hỗ trợ công dân Hà Tĩnh về từ vùng dịch, bố trí khu cách ly tập trung. "
               "Học tập kinh nghiệm của Quận ủy Ba Đình trong quản lý khu cách ly.")),
    "d.txt": (Metadata(title="Về phòng chống dịch mùa xuân", doc_type="Công văn", number="12-CV/QU", date="2020-03-02",
                       issuer="Quận ủy Ba Đình", province="Hà Nội", district="Ba Đình"),
              "Quận ủy Ba Đình yêu cầu các phường rà soát người về từ vùng dịch."),
    "e.txt": (Metadata(title="Thông báo về lễ hội", date="2021-01-05"), "Không tổ chức lễ hội truyền thống đông người."),
    "f.txt": (Metadata(title="Thông báo về lệ hội", date="2021-01-06"), "Không tổ chức lệ hội truyền thống đông người."),
    "g.txt": (Metadata(title="Hướng dẫn tiêm chủng", date="2019-01-01"), "Hướng dẫn tiêm chủng vắc xin mũi nhắc lại."),
    "h.txt": (Metadata(title="Hướng dẫn tiêm chủng", date="2022-01-01"), "Hướng dẫn tiêm chủng vắc xin mũi nhắc lại."),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    home = tmp_path_factory.mktemp("ranking-home")
    with Archive(home / "archive.sqlite") as archive:
        for name, (meta, text) in DOCS.items():
            archive.put(Document(source=f"/docs/{name}", text=f"{text}\n\n{FILLER}", meta=meta))
        update_index(archive, IndexStore(home))
    return SearchEngine(home)


def names(result) -> list[str]:
    return [Path(h.source).name for h in result.results]


def exact_names(result) -> list[str]:
    return [Path(h.source).name for h in result.results if not h.approximate]


def test_document_number_in_any_separator_form(engine: SearchEngine) -> None:
    for typed in ("452-TB/TU", "452/TB-TU", "452 - TB/TU", "452-tb/tu"):
        result = engine.search(typed)
        assert names(result)[0] == "a.txt", typed
        assert "b.txt" in exact_names(result), typed  # b cites it
    assert names(engine.search("529/CV-QU"))[0] == "b.txt"


def test_bare_number_after_a_type_word(engine: SearchEngine) -> None:
    assert names(engine.search("công văn 529"))[0] == "b.txt"
    assert names(engine.search("chi thi 16"))[0] == "a.txt"


def test_abbreviations_meet_their_spelled_out_form(engine: SearchEngine) -> None:
    assert names(engine.search("UBND thành phố"))[0] == "a.txt"
    assert names(engine.search("ủy ban nhân dân quận"))[0] == "b.txt"


def test_issuer_and_month(engine: SearchEngine) -> None:
    for typed in ("Quận ủy Ba Đình tháng 11/2021", "quan uy ba dinh thang 11 nam 2021", "Quận ủy Ba Đình 13/11/2021"):
        assert names(engine.search(typed))[0] == "b.txt", typed
    assert names(engine.search("Tỉnh ủy Hà Tĩnh tháng 8"))[0] == "c.txt"


def test_the_issuer_ranks_above_a_mention(engine: SearchEngine) -> None:
    ranked = exact_names(engine.search("Quận ủy Ba Đình"))
    assert set(ranked[:2]) == {"b.txt", "d.txt"} and "c.txt" in ranked[2:]


def test_exact_diacritics_rank_above_folded(engine: SearchEngine) -> None:
    assert names(engine.search("lễ hội"))[:2] == ["e.txt", "f.txt"]
    assert names(engine.search("lệ hội"))[:2] == ["f.txt", "e.txt"]
    assert set(names(engine.search("le hoi"))[:2]) == {"e.txt", "f.txt"}


def test_phrase_or_and_exclusion(engine: SearchEngine) -> None:
    assert set(exact_names(engine.search('"cách ly tập trung"'))) == {"a.txt", "c.txt"}
    assert set(exact_names(engine.search("cách ly -F1"))) == {"a.txt", "c.txt"}
    either = set(exact_names(engine.search("Mitracco OR lễ hội")))
    assert either == {"e.txt", "f.txt"}


def test_filters_typed_in_the_box(engine: SearchEngine) -> None:
    assert names(engine.search("so:529/CV-QU")) == ["b.txt"]
    assert set(names(engine.search('loai:"cong van"'))) == {"b.txt", "d.txt"}
    assert names(engine.search('tinh:"Hà Tĩnh" cách ly')) == ["c.txt"]
    assert names(engine.search('coquan:"Thành ủy"')) == ["a.txt"]  # "Thành ủy Hà Nội": containment
    assert set(names(engine.search("tu:2021-08-01 den:2021-08"))) == {"a.txt", "c.txt"}  # a month ends on its last day
    assert names(engine.search('huyen:"Ba Dinh" tu:2021')) == ["b.txt"]
    assert names(engine.search("phòng chống dịch", Filters(issuer=["Quận ủy Ba Đình"]), sort="oldest")) == \
        ["d.txt", "b.txt"]


def test_bad_dates_are_query_errors(engine: SearchEngine) -> None:
    for text in ("tu:2021-13-01", "den:hôm-qua", "tu:2021-09-01 den:2021-08-01"):
        with pytest.raises(QueryError):
            engine.search(text)


def test_a_short_exact_list_is_filled_with_approximate_hits(engine: SearchEngine) -> None:
    result = engine.search("thí điểm cách ly F1")
    assert result.exact_total == 1 and not result.approximate
    assert names(result)[0] == "b.txt" and not result.results[0].approximate
    assert len(result.results) > 1 and all(h.approximate for h in result.results[1:])
    assert {h.id for h in result.results[1:]}.isdisjoint({result.results[0].id})
    # total counts every result listed, the partial ones too, and the facets count the same results
    assert result.total == len(result.results) == sum(result.facets["year"].values())
    assert engine.search("thí điểm cách ly F1", page=2).results == []


def test_no_exact_match_ranks_by_how_much_matches(engine: SearchEngine) -> None:
    result = engine.search("Ba Đình Mitracco")
    assert result.approximate and result.exact_total == 0 and result.total > 0
    assert names(result)[0] in {"b.txt", "d.txt", "c.txt"}


def test_did_you_mean_from_the_index_vocabulary(engine: SearchEngine) -> None:
    assert engine.search("xet nghiemm").suggestion == "xet nghiem"
    assert engine.search("xét nghiệmm").suggestion == "xét nghiệm"
    assert engine.search("xét nghiêmm").suggestion == "xét nghiệm"  # the marks the index has, next to "xét"
    assert engine.search("tiem chungg vac xin").suggestion == "tiem chung vac xin"
    assert engine.search("xét nghiệm").suggestion is None


def test_recency_boost_is_optional(engine: SearchEngine) -> None:
    plain = names(engine.search("hướng dẫn tiêm chủng"))
    assert set(plain[:2]) == {"g.txt", "h.txt"}
    assert names(engine.search("hướng dẫn tiêm chủng", recency=1.0))[:2] == ["h.txt", "g.txt"]
    with pytest.raises(QueryError):
        engine.search("x", recency=-1)


def test_typed_filters_do_not_leak_into_the_callers_filters(engine: SearchEngine) -> None:
    filters = Filters()
    engine.search('tinh:"Hà Tĩnh"', filters)
    assert filters.province == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40) | st.lists(st.sampled_from(
    ['"', "-", "OR", "so:", "tu:", "den:", "loai:", "452-TB/TU", "tháng", "11/2021", "ngày", "Ba", "Đình", "UBND",
     "chỉ thị", "16", "*", ":", "AND", "cach", "lyy", "13/11/2021", "năm", "2021"]), max_size=10).map(" ".join))
def test_any_text_searches_or_is_a_query_error(engine: SearchEngine, text: str) -> None:
    try:
        result = engine.search(text, page_size=5)
    except QueryError:
        return
    assert result.total >= len([h for h in result.results if not h.approximate])
    result.to_dict()


def test_adjacent_scores_exactly_like_a_phrase_bonus(engine: SearchEngine) -> None:
    from whoosh import query as Q

    from tracuu.search.proximity import Adjacent

    searcher = engine.searcher()
    for words in (["cach", "li"], ["quan", "uy", "ba", "dinh"], ["le", "hoi"], ["tap", "trung", "cach"]):
        core = Q.Term("body_f", words[0])
        phrase = {h["id"]: h.score for h in searcher.search(Q.AndMaybe(core, Q.Phrase("body_f", words, boost=1.5)))}
        adjacent = {h["id"]: h.score for h in searcher.search(Q.AndMaybe(core, Adjacent("body_f", words, boost=1.5)))}
        assert phrase.keys() == adjacent.keys() and phrase
        assert all(abs(phrase[k] - adjacent[k]) < 1e-9 for k in phrase), words


def test_phrases_answered_from_the_phrase_cache_equal_phrases_checked_afresh(engine: SearchEngine, monkeypatch) -> None:
    from tracuu.search import vectorized
    from tracuu.search.postings import LruBytes

    asked = [('"khu cách ly tập trung"', Filters()), ('"khu cách ly tập trung"', Filters(province=["Hà Tĩnh"])),
             ('"khu cach ly" Ba Đình', Filters()), ('"phòng, chống dịch"', Filters(date_from="2021-08-01")),
             ('"phòng chống dịch" -"khu cách ly"', Filters()), ('"cách ly F1"', Filters())]

    def answers() -> list[dict]:
        out = []
        for text, filters in asked:
            result = engine.search(text, filters).to_dict()
            result.pop("took_ms")
            out.append(result)
        return out

    fresh = []
    for text, filters in asked:  # each phrase checked with an empty cache
        monkeypatch.setattr(vectorized, "PHRASES", LruBytes(1 << 20))
        result = engine.search(text, filters).to_dict()
        result.pop("took_ms")
        fresh.append(result)
    monkeypatch.setattr(vectorized, "PHRASES", LruBytes(1 << 20))
    first = answers()
    kept = len(vectorized.PHRASES._items)
    assert kept >= 3
    assert answers() == first == fresh
    assert len(vectorized.PHRASES._items) == kept  # the second round was answered from the cache
    assert all(r["total"] >= 1 for r in first)
