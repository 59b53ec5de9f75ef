"""Quality measures, judged-query files, the BM25 baseline, ``tracuu eval`` and the synthetic distractors."""

import importlib.util
import json
import math
import re
from pathlib import Path

import pytest

from tracuu.index.archive import Archive
from tracuu.search.baseline import Bm25Baseline, syllables
from tracuu.search.eval import (
    evaluate,
    grades_of,
    load_qrels,
    load_queries,
    matches,
    ndcg,
    recall,
    reciprocal_rank,
    strip_diacritics,
)
from tests.conftest import SAMPLES
from tracuu.errors import ConfigError

EVAL = Path(__file__).resolve().parent / "data" / "eval"


def test_reciprocal_rank_within_ten() -> None:
    assert reciprocal_rank([0, 0, 3, 1]) == pytest.approx(1 / 3)
    assert reciprocal_rank([0] * 10 + [3]) == 0.0
    assert reciprocal_rank([]) == 0.0


def test_ndcg_with_graded_gains() -> None:
    assert ndcg([3, 1], [3, 1]) == pytest.approx(1.0)
    swapped = (1 + 7 / math.log2(3)) / (7 + 1 / math.log2(3))
    assert ndcg([1, 3], [3, 1]) == pytest.approx(swapped)
    assert ndcg([0, 0], [2]) == 0.0
    assert ndcg([0] * 10 + [3], [3]) == 0.0  # below the cut


def test_recall_at_depth() -> None:
    assert recall([3, 0, 1], [3, 1, 2], 10) == pytest.approx(2 / 3)
    assert recall([0, 3], [3], 1) == 0.0


def test_a_source_matches_its_name_at_a_path_boundary() -> None:
    assert matches("/home/x/samples/000_a.txt", "000_a.txt")
    assert matches("https://site.vn/a/452.html", "https://site.vn/a/452.html")
    assert matches("https://site.vn/a/452.html", "a/452.html")
    assert not matches("/home/x/1000_a.txt", "000_a.txt")


def test_a_judged_document_counts_once() -> None:
    judged = {"a.txt": 3, "b.txt": 1}
    assert grades_of(["/x/a.txt", "/y/a.txt", "/x/c.txt", "/x/b.txt"], judged) == [3, 0, 0, 1]


def test_loading_judged_files(tmp_path: Path) -> None:
    queries = tmp_path / "q.tsv"
    queries.write_text("# comment\nq1\tcách ly\n\nq2\t452-TB/TU\n", encoding="utf-8")
    qrels = tmp_path / "r.tsv"
    qrels.write_text("# qid file grade\nq1\ta.txt\t3\nq1\tb.txt\t1\n", encoding="utf-8")
    assert load_queries(queries) == {"q1": "cách ly", "q2": "452-TB/TU"}
    assert load_qrels(qrels) == {"q1": {"a.txt": 3, "b.txt": 1}}
    report = evaluate(lambda q: ["/d/b.txt", "/d/a.txt"], load_queries(queries), load_qrels(qrels))
    assert report.unjudged == ["q2"] and report.summary()["MRR@10"] == 1.0 and report.summary()["nDCG@10"] < 1
    bad = tmp_path / "bad.tsv"
    bad.write_text("q1\ta.txt\tthree\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.tsv:1"):
        load_qrels(bad)
    bad.write_text("only-one-column\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_queries(bad)


def test_strip_diacritics_is_typing_without_accents() -> None:
    assert strip_diacritics("Quận ủy Ba Đình cách ly") == "Quan uy Ba Dinh cach ly"


def test_the_dev_set_is_copied_with_its_header() -> None:
    assert (EVAL / "queries.tsv").read_text(encoding="utf-8").startswith("# qid<TAB>query")
    queries, qrels = load_queries(EVAL / "queries.tsv"), load_qrels(EVAL / "qrels.tsv")
    assert len(queries) == 20 and set(qrels) == set(queries)
    assert all((SAMPLES / name).exists() for judged in qrels.values() for name in judged)


def test_baseline_is_plain_bm25_over_folded_syllables(sample_home: Path) -> None:
    assert syllables("Số 452-TB/TU, Quận ủy") == ["so", "452", "tb", "tu", "quan", "uy"]
    with Archive(sample_home / "archive.sqlite", readonly=True) as archive:
        bm25 = Bm25Baseline(archive)
    assert bm25.search("Bệnh viện Việt Đức")[0].endswith("003_6ee51536ae1f3bbc.txt")
    assert bm25.search("benh vien viet duc") == bm25.search("Bệnh viện Việt Đức")
    assert bm25.search('"" OR *') == [] and bm25.search("") == []
    bm25.close()


def test_tracuu_eval_reports_every_measure_and_the_baseline(sample_home: Path, runner) -> None:
    from tracuu.cli import main

    args = ["--home", str(sample_home), "eval", str(EVAL / "queries.tsv"), str(EVAL / "qrels.tsv")]
    data = json.loads(runner.invoke(main, [*args, "--json", "--baseline"], catch_exceptions=False).output)
    assert {"MRR@10", "nDCG@10", "Recall@10", "Recall@100", "queries", "baseline"} <= set(data)
    first = data["queries"][0]
    assert first["qid"] == "d01" and {"MRR@10", "nDCG@10", "Recall@10", "Recall@100", "rank"} <= set(first)
    assert data["MRR@10"] >= data["baseline"]["MRR@10"]
    text = runner.invoke(main, [*args, "--strip-diacritics"], catch_exceptions=False).output
    assert "tien an cach ly dip Tet" in text and "tracuu" in text
    bad = runner.invoke(main, ["--home", str(sample_home), "eval", str(EVAL / "qrels.tsv"), str(EVAL / "queries.tsv")])
    assert bad.exit_code == 1 and "Error:" in bad.output and "Traceback" not in bad.output


def _generator():
    spec = importlib.util.spec_from_file_location("make_distractors", EVAL / "make_distractors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_distractors_are_the_generators_output_and_marked_synthetic() -> None:
    generated = _generator().generate()
    folder = EVAL / "distractors"
    assert sorted(generated) == sorted(p.name for p in folder.glob("*.txt"))
    for name, text in generated.items():
        assert (folder / name).read_text(encoding="utf-8") == text, name
    manifest = (folder / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(manifest) == len(generated) and all("SYNTHETIC" in line for line in manifest)


def test_distractors_copy_no_distinctive_clause_and_no_sample_number() -> None:
    module = _generator()
    texts = [p.read_text(encoding="utf-8") for p in (EVAL / "distractors").glob("*.txt")]
    distinctive = [c for c in module.distinctive_clauses(SAMPLES) if len(c.split()) >= 6]
    assert len(distinctive) > 100
    for clause in distinctive:
        assert not any(clause in text for text in texts), clause
    numbers = {n for text in texts for n in re.findall(r"Số (\S+)", text)}
    assert numbers and not numbers & module.SAMPLE_NUMBERS
