"""The rebuild's segment writer (index/segwriter.py) against Whoosh's own ``SegmentWriter``.

Both write one segment from the same real documents as a rebuild hands them over: the samples, the
evaluation distractors and long legal texts, whose frequent terms span many posting blocks.  The
segments' files must be equal byte for byte, so the index is the same whichever wrote it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from click.testing import CliRunner
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from tracuu.cli import main
from tracuu.index.archive import Archive
from tracuu.index.indexer import analyses_for, index_fields
from tracuu.index.schema import build_schema
from tracuu.index.analyzer import fold_serialized, serialize
from tracuu.index.segwriter import FastSegmentWriter, FoldedPositions
from tracuu.index.termpool import analysis_positions, encode_positions

ROOT = Path(__file__).resolve().parent.parent
LEGAL = ["luat-so-26-2012-qh13-6276.txt", "nghi-dinh-so-117-2022-nd-cp-38918.txt"]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[list, dict]:
    home = tmp_path_factory.mktemp("segwriter-home")
    inputs = [str(ROOT / "samples"), str(ROOT / "tests" / "data" / "eval" / "distractors"),
              *(str(ROOT / "tests" / "data" / "legal" / name) for name in LEGAL)]
    result = CliRunner().invoke(main, ["--home", str(home), "ingest", *inputs], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with Archive(home / "archive.sqlite") as archive:
        docs = list(archive.iter_documents())
        analyses = analyses_for(archive, [d.text for d in docs] + [d.title for d in docs if d.title])
    return docs, analyses


@pytest.fixture(scope="module")
def fields(indexed: tuple[list, dict]) -> list[dict]:
    """Every field, folded twins included, as Whoosh's writer takes them."""
    docs, analyses = indexed
    return [index_fields(doc, analyses) for doc in docs]


@pytest.fixture(scope="module")
def exact_fields(indexed: tuple[list, dict]) -> list[dict]:
    """The fields without folded twins, as the fast writer takes them (``derives_folded_twins``)."""
    docs, analyses = indexed
    return [index_fields(doc, analyses, folded=False) for doc in docs]


def _segment_files(directory: Path, fields: list[dict], writer_class) -> dict[str, bytes]:
    directory.mkdir()
    ix = whoosh_index.create_in(str(directory), build_schema())
    writer = writer_class(ix, compound=False, limitmb=1024)
    for doc in fields:
        writer.add_document(**doc)
    writer.commit()
    (segment,) = whoosh_index.open_dir(str(directory))._segments()
    prefix = segment.segment_id()
    files = {p.name.removeprefix(prefix): p.read_bytes() for p in directory.iterdir() if p.name.startswith(prefix)}
    assert files, list(directory.iterdir())
    return files


@pytest.mark.parametrize("derived", [False, True], ids=["twins-given", "twins-derived"])
def test_the_fast_writer_writes_the_same_segment_files_as_whoosh(fields: list[dict], exact_fields: list[dict],
                                                                 derived: bool, tmp_path: Path) -> None:
    assert "body_f" not in exact_fields[0] and "body_f" in fields[0]
    expected = _segment_files(tmp_path / "whoosh", fields, SegmentWriter)
    got = _segment_files(tmp_path / "fast", exact_fields if derived else fields, FastSegmentWriter)
    assert sorted(got) == sorted(expected)
    assert len(expected[".pst"]) > 1_000_000  # long posting lists: many blocks per frequent term
    for ext in expected:
        assert got[ext] == expected[ext], ext


def test_the_fast_writers_index_answers_like_whooshs(fields: list[dict], exact_fields: list[dict],
                                                     tmp_path: Path) -> None:
    from whoosh.query import Phrase, Term

    _segment_files(tmp_path / "whoosh", fields, SegmentWriter)
    _segment_files(tmp_path / "fast", exact_fields, FastSegmentWriter)
    answers = []
    for name in ("whoosh", "fast"):
        with whoosh_index.open_dir(str(tmp_path / name)).searcher() as searcher:
            queries = [Term("body_f", "dich"), Phrase("body", ["phòng", "chống", "dịch"]), Term("number", "452-tb/tu")]
            answers.append([[(hit["id"], round(hit.score, 6)) for hit in searcher.search(q, limit=20)] for q in queries])
    assert answers[0] == answers[1]
    assert all(answers[0][:2])


@pytest.mark.parametrize("poslist", [[0], [7], [300], [70_000], [3, 4, 9], [0, 1], list(range(0, 5000, 7))])
def test_positions_are_encoded_as_whoosh_encodes_them(poslist: list[int]) -> None:
    fmt = build_schema()["body"].format
    assert encode_positions(poslist) == fmt.encode(poslist)
    assert encode_positions(poslist) == fmt.encode(poslist)  # the cached single position too
    assert fmt.decode_positions(encode_positions(poslist)) == poslist


terms = st.sampled_from(["hòa", "hoà", "Hoa", "hoa", "đồng", "dong", "đông", "phòng_chống", "phong_chong",
                         "452-tb/tu", "sỹ", "sĩ", "si", "thuý", "thúy", "\u0301", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(terms, max_size=3, unique=True), max_size=12))
def test_folded_twin_positions_equal_folding_the_serialized_analysis(groups: list[list[str]]) -> None:
    serialized = serialize(groups)
    expected = analysis_positions(fold_serialized(serialized))
    assert FoldedPositions().positions(analysis_positions(serialized), serialized) == expected
