"""The benchmark runs end to end at a tiny N, so ``make bench`` cannot rot (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import corpus, make_document
from bench.pretext import segmented

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"ingest_docs_per_s", "reindex_s", "incremental_reindex_s", "index_mb", "query_p50_ms", "query_p95_ms",
        "query_p99_ms", "api_rps", "serve_peak_mb", "cold_start_s", "n_docs", "baselines"}


def test_corpus_is_seeded_and_sized_like_directives() -> None:
    docs = list(corpus(40))
    assert [d.text for d in docs[:5]] == [make_document(i).text for i in range(5)]
    assert make_document(3, seed=8).text != docs[3].text
    average = sum(len(d.text.encode("utf-8")) for d in docs) / len(docs)
    assert 3000 <= average <= 4500
    assert all(d.meta.province and d.meta.issuer and d.meta.date and d.meta.number for d in docs)


def test_segmented_text_keeps_words_and_skips_their_syllables() -> None:
    groups = [["phòng", "phòng_chống"], ["chống"], ["dịch"], ["452-tb/tu"]]
    assert segmented(groups) == "phòng_chống dịch 452-tb/tu"


@pytest.mark.slow
def test_bench_runs_at_tiny_n(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--corpus", "synthetic", "--n", "60", "--work", str(tmp_path / "work"), "--out", str(out),
         "--rounds", "1", "--naive-max", "60", "--naive-ingest", "20", "--api-seconds", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert KEYS <= set(results)
    assert results["n_docs"] == 60 and results["ingest_docs_per_s"] > 0 and results["index_mb"] > 0
    assert results["query_hits"]["words: phòng chống dịch"] > 0
    assert results["api_rps"] > 0 and results["api_rps_procs"] > 0 and results["api_rps_uncached"] > 0
    assert results["serve_peak_mb"] > 0 and results["serve_peak_mb_procs"] > 0 and results["serve_processes"] >= 1
    assert set(results["baselines"]) == {"fts5", "tantivy", "naive_whoosh_pyvi"}
    for name, base in results["baselines"].items():
        assert base["query_p95_ms"] > 0 and base["index_mb"] > 0, name
    assert "| query p95 (ms) |" in run.stdout and "tracuu/tantivy" in run.stdout


@pytest.mark.slow
def test_bench_runs_on_real_documents(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--n", "3", "--synthetic-n", "0", "--work", str(tmp_path / "work"),
         "--out", str(out), "--rounds", "1", "--skip", "api,naive"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    (result,) = json.loads(out.read_text(encoding="utf-8"))["runs"]
    assert result["n_docs"] == 3 and result["ingest_docs_per_s"] > 0 and result["index_peak_mb"] > 0
    assert result["query_hits"]["58/2014/QH13"] >= 0 and result["analyzer_chars_per_s"] > 0
    assert set(result["baselines"]) == {"fts5", "tantivy"}
    assert "| warm query p95 (ms) |" in run.stdout and "first ask p95" in run.stdout
