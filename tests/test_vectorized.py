"""The array evaluation of queries against Whoosh's own collectors, on a real index of several segments.

The index holds the samples and the evaluation distractors, then a later update (three documents
changed, two added), so it has two segments and deleted documents, as a live archive does.  For
every judged query and a set of feature queries, strict and loose, the documents, their order and
their scores must equal Whoosh's to the last bit; so must date order, filters and the recency boost.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from whoosh import query as Q
from whoosh import scoring, sorting
from whoosh.searching import Searcher

from tracuu.index.archive import Archive
from tracuu.index.document import Document, Metadata
from tracuu.index.indexer import update_index
from tracuu.index.store import IndexStore
from tracuu.search.collect import Matches, allowed_mask, recency_factors
from tracuu.search.columns import IndexArrays
from tracuu.search.engine import BM25, SearchEngine
from tracuu.search.postings import _raw_matcher
from tracuu.search.query import parse_query
from tracuu.search.ranking import QueryTerms, build_query
from tracuu.cli import main

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "data" / "eval"
FEATURES = ['"cách ly tập trung"', "ubnd thành phố", "ủy ban nhân dân quận", "chỉ thị 16", "công văn 529",
            "tháng 8/2021 cách ly", "Tỉnh ủy Hà Tĩnh tháng 8", "ngày 13/11/2021", "năm 2021 phòng dịch",
            "452-TB/TU", "452/tb-tu", "cách ly -F1", "Mitracco OR lễ hội", '-"cách ly" phòng dịch',
            "phong chong dich cach ly", "xét nghiệm diện rộng", "Quận ủy Ba Đình", "qwertzu", "bổ sung mới"]


def _queries() -> list[str]:
    lines = (EVAL / "queries.tsv").read_text(encoding="utf-8").splitlines()
    lines += (EVAL / "probe-queries.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[1] for line in lines if line.strip() and not line.startswith("#")] + FEATURES


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    from click.testing import CliRunner

    home = tmp_path_factory.mktemp("vectorized-home")
    for args in (["ingest", str(ROOT / "samples"), str(EVAL / "distractors")], ["index"]):
        result = CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    with Archive(home / "archive.sqlite") as archive:
        for doc in list(archive.iter_documents())[:3]:
            doc.text += "\n\nBổ sung mới: khu cách ly tập trung tiếp tục phòng, chống dịch."
            archive.put(doc)
        for i in range(2):
            archive.put(Document(source=f"/added/{i}.txt", text=f"Công văn {700 + i}-CV/QU bổ sung mới về xét nghiệm.",
                                 meta=Metadata(title="Bổ sung mới", date=f"2022-0{i + 1}-01", province="Hà Nội")))
        update_index(archive, IndexStore(home))
    engine = SearchEngine(home)
    readers = [s.reader() for s, _ in engine.searcher().leaf_searchers()]
    assert len(readers) > 1 and any(r.has_deletions() for r in readers)  # what this file is about
    return engine


def _whoosh(searcher, query, **kwargs) -> list[tuple[int, float]]:
    return [(hit.docnum, hit.score) for hit in searcher.search(query, limit=None, **kwargs)]


def _ours(arrays: IndexArrays, query, **kwargs) -> list[tuple[int, float]]:
    matches = Matches(arrays, query, **kwargs)
    docs, scores = matches.best(len(matches.docs) + 1)
    return list(zip(docs.tolist(), scores.tolist()))


@pytest.mark.parametrize("loose", [False, True])
def test_scores_and_order_equal_whooshs_to_the_bit(engine: SearchEngine, loose: bool) -> None:
    searcher, arrays = engine._state()
    compared = 0
    for text in _queries():
        query = build_query(parse_query(text), QueryTerms(), loose=loose, issuer=True)
        if query is None:
            continue
        expected = _whoosh(searcher, query)
        assert _ours(arrays, query) == expected, text
        compared += bool(expected)
    assert compared > 40


def test_the_page_alone_equals_the_head_of_the_full_ranking(engine: SearchEngine) -> None:
    searcher, arrays = engine._state()
    for text in ("phòng chống dịch cách ly", "khu cach ly tap trung", "Thường trực Thành ủy"):
        query = build_query(parse_query(text), QueryTerms(), issuer=True)
        expected = _whoosh(searcher, query)[:7]
        docs, scores = Matches(arrays, query).best(7)  # resolves proximity for the page's candidates only
        assert list(zip(docs.tolist(), scores.tolist())) == expected, text


def test_date_order_equals_whooshs_sorting(engine: SearchEngine) -> None:
    searcher, arrays = engine._state()
    for text in ("phòng chống dịch", "bổ sung mới", ""):
        query = build_query(parse_query(text), QueryTerms(), issuer=True)
        for reverse in (True, False):
            facet = sorting.FieldFacet("date", reverse=reverse)
            expected = [d for d, _ in _whoosh(searcher, query or Q.Every(), sortedby=facet)]
            matches = Matches(arrays, query, scored=False, newest=reverse)
            assert matches.best(len(matches.docs))[0].tolist() == expected, (text, reverse)


def test_filters_equal_whooshs_filter_queries(engine: SearchEngine) -> None:
    searcher, arrays = engine._state()
    query = build_query(parse_query("phòng chống dịch"), QueryTerms(), issuer=True)
    for start, end in ((datetime(2021, 8, 1), datetime(2021, 8, 31, 23, 59)), (None, datetime(2021, 2, 9)),
                       (datetime(2022, 1, 1), None)):
        wanted = Q.DateRange("date", start, end)
        assert _ours(arrays, query, allowed=arrays.dated_between(start, end)) == _whoosh(searcher, query, filter=wanted)
    for name, value in (("province", "Hà Nội"), ("doc_type", "Công văn"), ("issuer", "Tỉnh ủy Hà Tĩnh")):
        facet = arrays.facet(name)
        mask = facet.ords == facet.values.index(value)
        assert _ours(arrays, query, allowed=mask) == _whoosh(searcher, query, filter=Q.Term(name, value))
    numbers = Q.Or([Q.Term("cites", "452-tb/tu"), Q.Term("number", "529-cv/qu")])
    assert np.flatnonzero(allowed_mask(arrays, numbers)).tolist() == sorted(searcher.docs_for_query(numbers))


class _Recency(scoring.BM25F):
    """Whoosh's way to the same boost: a final score of BM25F times the recency factor."""

    use_final = True

    def __init__(self, weight: float, half_life: float) -> None:
        super().__init__(**BM25)
        self.weight, self.half_life = weight, half_life

    def final(self, searcher, docnum: int, score: float) -> float:
        dates = [d for d in searcher.reader().column_reader("date") if isinstance(d, datetime)]
        date = searcher.reader().column_reader("date")[docnum]
        if not isinstance(date, datetime):
            return score
        return score * (1.0 + self.weight * 2.0 ** (-max((max(dates) - date).days, 0) / self.half_life))


def test_recency_boost_equals_a_final_score(engine: SearchEngine) -> None:
    searcher, arrays = engine._state()
    boosted = Searcher(searcher.reader(), weighting=_Recency(1.5, 365.0), closereader=False)
    query = build_query(parse_query("cách ly tập trung"), QueryTerms(), issuer=True)
    factors = recency_factors(arrays, 1.5, 365.0)
    assert _ours(arrays, query, factors=factors) == _whoosh(boosted, query)


def test_posting_arrays_equal_whooshs_matchers(engine: SearchEngine) -> None:
    _, arrays = engine._state()
    for segment in arrays.segments:
        for fieldname, text in (("body_f", b"cach"), ("body_f", b"dich"), ("title_f", b"ket"), ("number", b"529-cv/qu")):
            postings = segment.postings(fieldname, text)
            if postings is None:
                continue
            m = _raw_matcher(segment.reader, fieldname, text)
            ids, weights, positions = [], [], []
            while m.is_active():
                ids.append(m.id())
                weights.append(m.weight())
                positions.append(m.value_as("positions") if fieldname != "number" else [])
                m.next()
            assert postings.docs.tolist() == ids and postings.weights.tolist() == weights
            if fieldname != "number":
                some = np.arange(0, len(ids), 3)
                found = segment.positions(fieldname, text, postings, some)
                assert [found.positions[a:b].tolist() for a, b in zip(found.starts, found.starts[1:])] == \
                    [positions[i] for i in some]
                assert (found.keys >> 32).tolist() == [ids[i] for i in some for _ in positions[i]]


def test_positions_read_from_a_few_blocks_equal_whooshs(tmp_path: Path) -> None:
    """A long posting list asked about a few documents reads only their blocks (128 postings each)."""
    with Archive(tmp_path / "archive.sqlite") as archive:
        for i in range(1300):
            text = f"Văn bản {i}. " + "khu cách ly tập trung " * (1 + i % 3) + f"số {i}."
            archive.put(Document(source=f"/many/{i}.txt", text=text, meta=Metadata(title=f"Văn bản {i}")))
        update_index(archive, IndexStore(tmp_path))
    _, arrays = SearchEngine(tmp_path)._state()
    for segment in arrays.segments:
        postings = segment.postings("body_f", b"li")  # "ly" folded
        assert len(postings.block_offsets) > 4  # one posting is in less than a quarter of the blocks
        m = _raw_matcher(segment.reader, "body_f", b"li")
        positions = []
        while m.is_active():
            positions.append(m.value_as("positions"))
            m.next()
        some = np.asarray([len(positions) // 2])
        found = segment.positions("body_f", b"li", postings, some)
        assert [found.positions[a:b].tolist() for a, b in zip(found.starts, found.starts[1:])] == \
            [positions[i] for i in some]


def test_facet_columns_equal_the_facet_terms(engine: SearchEngine) -> None:
    from tracuu.index.schema import FACETS
    from tracuu.search.columns import _term_postings

    _, arrays = engine._state()
    for name in FACETS:
        facet = arrays.facet(name)
        expected = {}
        for segment in arrays.segments:
            for docs, term in _term_postings(segment.reader, name):
                for doc in docs.tolist():
                    expected[doc + segment.offset] = term.decode("utf-8")
        found = {d: facet.values[o] for d, o in enumerate(facet.ords.tolist()) if o >= 0}
        assert found == expected and found, name
