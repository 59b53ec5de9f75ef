"""tracuu measured through its own code paths: archive, indexer, SearchEngine and the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bench.corpus import changed, corpus
from bench.measure import dir_mb, latencies_ms, median_time, timed
from bench.queries import BenchQuery
from tracuu.index.archive import Archive
from tracuu.index.indexer import update_index
from tracuu.index.store import IndexStore


def first_ingest(home: Path, n: int, seed: int) -> dict:
    """Archive ``n`` fresh documents, then build the index (segmentation included): docs/s and MB/s."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    total_bytes = 0

    def run() -> None:
        nonlocal total_bytes
        with Archive(home / "archive.sqlite") as archive:
            for doc in corpus(n, seed):
                archive.put(doc)
                total_bytes += len(doc.text.encode("utf-8"))
            update_index(archive, IndexStore(home))

    seconds, _ = timed(run)
    return {"ingest_s": round(seconds, 2), "ingest_docs_per_s": round(n / seconds, 1),
            "ingest_mb_per_s": round(total_bytes / 1e6 / seconds, 2), "corpus_mb": round(total_bytes / 1e6, 1)}


def full_reindex(home: Path, runs: int) -> dict:
    """Rebuild the whole index from the archive, segmentation already stored."""
    def run() -> None:
        with Archive(home / "archive.sqlite") as archive:
            update_index(archive, IndexStore(home), rebuild=True)

    return {"reindex_s": round(median_time(run, runs), 2)}


def incremental_reindex(home: Path, n: int, seed: int, runs: int) -> dict:
    """Change 1% of the documents in the archive and bring the index up to date (median over rounds)."""
    count = max(1, n // 100)
    step = max(1, n // count)
    times = []
    for round_ in range(runs):
        with Archive(home / "archive.sqlite") as archive:
            docs = [d for i, d in enumerate(corpus(n, seed)) if i % step == 0][:count]
            for doc in docs:
                edit = round_
                while archive.put(changed(doc, edit)) == "unchanged":  # a reused archive has this edit already
                    edit += 1000
            seconds, report = timed(lambda: update_index(archive, IndexStore(home)))
            assert report.updated == len(docs), report
            times.append(seconds)
    times.sort()
    return {"incremental_reindex_s": round(times[len(times) // 2], 2), "incremental_docs": count}


def index_size(home: Path) -> dict:
    current = IndexStore(home).current_dir()
    return {"index_mb": round(dir_mb(current), 1) if current else None}


def query_latency(home: Path, mix: list[BenchQuery], rounds: int) -> dict:
    """p50/p95/p99 of ``SearchEngine.search`` (facet counts and 10 snippets each) over the mix."""
    from tracuu.search.engine import Filters, SearchEngine

    engine = SearchEngine(home)

    def filters(q: BenchQuery) -> Filters:
        return Filters(province=[q.province] if q.province else [], date_from=q.date_from, date_to=q.date_to)

    hits = {q.label: engine.search(q.text, filters(q)).total for q in mix}
    calls = [lambda q=q: engine.search(q.text, filters(q), page_size=10) for q in mix]
    return {**latencies_ms(calls, rounds), "query_hits": hits}


def cold_start(home: Path, query: str, runs: int) -> dict:
    """Seconds from invoking ``tracuu search`` to its printed first result (process exit)."""
    exe = Path(sys.executable).with_name("tracuu")
    command = [str(exe), "--home", str(home), "search", "--limit", "10", query]

    def run() -> None:
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        assert "1." in out, out

    return {"cold_start_s": round(median_time(run, runs), 3)}
