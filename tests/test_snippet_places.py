"""Snippets from the index's stored spans: the same as reading the whole text, exact on real long texts.

The reference is ``snippet`` (search.snippets), which finds the query's terms by reading the text;
the index path (``find_places`` + ``placed_snippet``) must give the very same snippet wherever no
document number is asked for, and the line of the number when one is.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index

from tracuu.cli import main
from tracuu.index.archive import Archive
from tracuu.index.indexer import analyses_for, index_fields
from tracuu.index.schema import build_schema
from tracuu.index.store import IndexStore
from tracuu.index.vntext import fold_token
from tracuu.search.engine import SearchEngine
from tracuu.search.matched import find_places
from tracuu.search.query import parse_query
from tracuu.search.ranking import QueryTerms, build_query
from tracuu.search.snippets import placed_snippet, snippet

LEGAL = Path(__file__).resolve().parent / "data" / "legal"
#: Long real texts (70,000 to 150,000 characters) and a few short ones.
TEXTS = ["nghi-dinh-so-169-2026-nd-cp-469561.txt", "thong-tu-so-05-2023-tt-bkhdt-39996.txt",
         "vb-tai-chinh__nghi-dinh-266-2026-nd-cp-huong-dan-thien-hanh-luat-tiet-kiem-chong-lang-phi.txt",
         "thong-tu-so-40-2026-tt-btc-469311.txt", "nghi-quyet-so-24-2022-ubtvqh15-37692.txt",
         "quyet-dinh-so-1373-qd-bkhdt-37639.txt"]
SAMPLE_QUERIES = ["phòng chống dịch", "cach ly", "ủy ban nhân dân", "Hà Nội", "covid 19", "tiêm vắc xin",
                  "kiểm tra giám sát", "\"phòng, chống dịch\"", "ngày 11/8/2021", "tháng 8 năm 2021", "quan uy"]
WORDS = ["bảo", "hiểm", "xã", "hội", "lao", "động", "thue", "ly", "si", "01", "2026", "điều", "khoan", "1.000",
         "chính", "phủ", "nghị", "định", "tài", "chinh", "ngày", "tháng", "năm", "%", "đ", "hop", "đồng", "quy"]
MARK = re.compile(r"<mark>(.*?)</mark>")


def _terms(query: str) -> QueryTerms:
    terms = QueryTerms()
    build_query(parse_query(query), terms, issuer=True, own=True)
    return terms


@pytest.fixture(scope="module")
def legal_engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    home = tmp_path_factory.mktemp("spans-legal")
    for args in (["ingest", *(str(LEGAL / name) for name in TEXTS)], ["index"]):
        result = CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return SearchEngine(home)


def test_the_samples_give_the_snippets_read_from_the_text(sample_home: Path) -> None:
    engine = SearchEngine(sample_home)
    compared = 0
    for query in SAMPLE_QUERIES:
        terms = _terms(query)
        result = engine.search(query, page_size=20)
        docs = engine.archive().get_many([h.id for h in result.results])
        for hit in result.results:
            assert hit.snippet == snippet(docs[hit.id].text, terms.exact, terms.folded, 240), (query, hit.id)
            compared += 1
    assert compared > 30


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(TEXTS), st.lists(st.sampled_from(WORDS), min_size=1, max_size=4), st.sampled_from([40, 240]))
def test_real_long_documents_give_the_snippets_read_from_the_text(legal_engine: SearchEngine, name: str,
                                                                   words: list[str], width: int) -> None:
    query = " ".join(words)
    terms = _terms(query)
    searcher, arrays = legal_engine._state()
    doc = next(d for d in legal_engine.archive().iter_documents(None) if d.source.endswith(name))
    docnum = searcher.document_number(id=doc.id)
    places = find_places(arrays, [docnum], terms.folded, terms.numbers)[docnum]
    cut = placed_snippet(doc.text, places, width, doc.meta.number)
    assert cut == snippet(doc.text, terms.exact, terms.folded, width)
    # marks land on the query's words, and the text outside them is the original
    plain = html.unescape(MARK.sub(r"\1", cut)).strip("…")
    assert plain in doc.text.replace("\n", " ") or (not places.places() and doc.text.startswith(plain))
    for marked in MARK.findall(cut):
        assert fold_token(html.unescape(marked).lower()) in terms.folded | {fold_token(w) for w in words}
    for place in places.places():
        assert fold_token(doc.text[place.start : place.end].lower()).lstrip("0") in {
            t.lstrip("0") for t in terms.folded}


@pytest.mark.parametrize("query", ["nd 169/2026", "nghị định số 169/2026/NĐ-CP", "169/2026/ND-CP"])
def test_a_number_asked_for_gives_its_header_line(legal_engine: SearchEngine, query: str) -> None:
    result = legal_engine.search(query, page_size=10)
    first = result.results[0]
    assert first.number == "169/2026/NĐ-CP"
    assert MARK.sub(r"\1", first.snippet).startswith("…Số: 169/2026/NĐ-CP"), first.snippet  # its header line
    assert "<mark>169/2026/NĐ-CP</mark>" in first.snippet
    for hit in result.results[1:]:  # documents citing it: the line where they do
        assert "169/2026/NĐ-CP" not in hit.snippet or "<mark>169/2026/NĐ-CP</mark>" in hit.snippet


def test_an_index_without_spans_reads_the_texts(sample_copy: Path) -> None:
    """An index built before spans were kept (no such field): the snippets read from the texts, unchanged."""
    expected = {q: [h.snippet for h in SearchEngine(sample_copy).search(q).results] for q in SAMPLE_QUERIES[:4]}
    store = IndexStore(sample_copy)
    schema = build_schema()
    schema.remove("spans")
    path = store.root / "gen-without-spans"
    path.mkdir()
    ix = whoosh_index.create_in(str(path), schema)
    archive = Archive(sample_copy / "archive.sqlite")
    docs = list(archive.iter_documents(None))
    analyses = analyses_for(archive, [d.text for d in docs] + [d.title for d in docs if d.title])
    writer = ix.writer()
    for doc in docs:
        fields = index_fields(doc, analyses)
        del fields["spans"]
        writer.add_document(**fields)
    writer.commit()
    store.publish(path)
    engine = SearchEngine(sample_copy)
    assert "spans" not in engine.searcher().schema
    for query, snippets in expected.items():
        assert [h.snippet for h in engine.search(query).results] == snippets
