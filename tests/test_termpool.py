"""The rebuild's posting pool (index/termpool.py) against Whoosh's own, which sorts on disk.

Both pools get the same real documents (the samples and the evaluation distractors, as indexed);
Whoosh's is given a memory limit small enough to spill many sorted runs and merge them, so the
path the term pool replaces is the one taken.  The two segments must hold the same terms with the
same postings (documents, weights, encoded positions) and the same field lengths.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from tracuu.index.archive import Archive
from tracuu.index.indexer import analyses_for, index_fields
from tracuu.index.schema import build_schema
from tracuu.index.termpool import TermPool
from tracuu.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def fields(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """The Whoosh fields of every sample and distractor, as a rebuild hands them to a writer."""
    from click.testing import CliRunner

    home = tmp_path_factory.mktemp("termpool-home")
    args = ["--home", str(home), "ingest", str(ROOT / "samples"), str(ROOT / "tests" / "data" / "eval" / "distractors")]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with Archive(home / "archive.sqlite") as archive:
        docs = list(archive.iter_documents())
        analyses = analyses_for(archive, [d.text for d in docs] + [d.title for d in docs if d.title])
    return [index_fields(doc, analyses) for doc in docs]


def _write(directory: Path, fields: list[dict], term_pool: bool):
    directory.mkdir()
    ix = whoosh_index.create_in(str(directory), build_schema())
    writer = SegmentWriter(ix, compound=False, limitmb=1)  # 1 MB: Whoosh's pool spills runs and merges
    if term_pool:
        writer.pool = TermPool()
    for doc in fields:
        writer.add_document(**doc)
    spilled = len(writer.pool.runs) if not term_pool else 0
    writer.commit()
    return whoosh_index.open_dir(str(directory)), spilled


def _content(ix) -> dict:
    with ix.reader() as reader:
        postings = {}
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            docs = []
            while matcher.is_active():
                docs.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            postings[(fieldname, text)] = docs
        lengths = {name: [reader.doc_field_length(d, name) for d in range(reader.doc_count_all())]
                   for name in reader.indexed_field_names()}
        return {"postings": postings, "lengths": lengths, "stored": list(reader.all_stored_fields())}


def test_a_segment_from_the_term_pool_equals_one_from_whooshs_pool(fields: list[dict], tmp_path: Path) -> None:
    whoosh_ix, spilled = _write(tmp_path / "whoosh", fields, term_pool=False)
    pooled_ix, _ = _write(tmp_path / "pooled", fields, term_pool=True)
    assert spilled >= 3, "Whoosh's pool should have sorted on disk"
    expected, got = _content(whoosh_ix), _content(pooled_ix)
    assert len(expected["postings"]) > 3_000
    assert got["postings"].keys() == expected["postings"].keys()
    assert got == expected


postings = st.tuples(st.sampled_from(["body", "body_f", "title"]), st.binary(min_size=1, max_size=3),
                     st.integers(0, 50), st.sampled_from([1.0, 2.0, 0.5]), st.one_of(st.none(), st.binary(max_size=4)))


@settings(max_examples=200, deadline=None)
@given(st.lists(postings, max_size=60))
def test_postings_come_out_in_whooshs_order_whatever_order_they_came_in(items: list[tuple]) -> None:
    pool = TermPool()
    for item in items:
        pool.add(item)
    # Whoosh sorts whole tuples; None and b"" are the same to its codec (written as empty bytes).
    expected = sorted((f, t, d, w, v or b"") for f, t, d, w, v in items)
    assert list(pool.iter_postings()) == expected
    assert pool.fieldnames == {item[0] for item in items}


@pytest.mark.slow
def test_a_rebuild_past_its_segment_memory_writes_more_segments_with_the_same_answers(tmp_path: Path,
                                                                                     monkeypatch) -> None:
    from bench.corpus import corpus
    from tracuu.index.indexer import update_index
    from tracuu.index.store import IndexStore

    home = tmp_path / "home"
    home.mkdir()
    with Archive(home / "archive.sqlite") as archive:
        for doc in corpus(600):  # enough for a rebuild on every core
            archive.put(doc)
        update_index(archive, IndexStore(home), rebuild=True)
        one = _answers(home)
        segments_before = _segment_count(home)
        monkeypatch.setenv("TRACUU_REBUILD_SEGMENT_MB", "1")
        update_index(archive, IndexStore(home), rebuild=True)
    assert _segment_count(home) > segments_before
    assert _answers(home) == one


def _segment_count(home: Path) -> int:
    from tracuu.index.store import IndexStore

    return len(IndexStore(home).open()._segments())


def _answers(home: Path) -> list:
    from tracuu.search.engine import SearchEngine

    engine = SearchEngine(home)
    out = []
    for text in ("phòng chống dịch", '"khu cách ly tập trung"', "xet nghiem", "Hà Nội cách ly"):
        result = engine.search(text, page_size=20)
        out.append((result.total, result.facets, [(h.id, round(h.score, 9)) for h in result.results]))
    return out
