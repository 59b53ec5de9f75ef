"""The benchmark on real documents: a folder of files through ``tracuu ingest`` and ``tracuu index``.

The corpus is the folder's files (the real legal texts shipped as test data by default), topped up
with synthetic directives (``bench.corpus``) written as text files when N asks for more.  Everything
goes through the commands a user runs, each timed and its peak memory sampled (summed PSS of the
process and its workers); queries are asked by a fresh process (``bench.ask``) with no result cache.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import base_fts5, base_naive, base_tantivy
from bench.corpus import make_document
from bench.measure import PssSampler, dir_mb
from bench.pretext import predocs
from bench.queries import BenchQuery

SUFFIXES = {".txt", ".html", ".htm", ".pdf", ".docx", ".doc"}


def corpus_sources(source: Path | None) -> list[Path]:
    """The documents of a corpus folder, sorted."""
    return sorted(p for p in source.iterdir() if p.suffix.lower() in SUFFIXES) if source else []


def corpus_files(source: Path | None, n: int | None, work: Path, seed: int) -> Path:
    """A folder of N documents: the files of ``source`` (sorted), then synthetic ones as text files."""
    real = corpus_sources(source)
    n = len(real) if n is None else n
    folder = work / "corpus"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for path in real[:n]:
        (folder / path.name).symlink_to(path.resolve())
    for i in range(max(0, n - len(real))):
        (folder / f"synthetic-{i:07d}.txt").write_text(make_document(i, seed).text, "utf-8")
    return folder


def _command(home: Path, *args: str) -> tuple[float, float]:
    """Seconds and peak memory (MB, summed PSS of the process and its workers) of one ``tracuu`` command."""
    exe = Path(sys.executable).with_name("tracuu")
    started = time.perf_counter()
    proc = subprocess.Popen([str(exe), "--home", str(home), *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    with PssSampler(proc.pid, every=0.1) as pss:
        _, err = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"tracuu {' '.join(args)} failed: {err.decode(errors='replace')[-500:]}")
    return seconds, pss.peak_mb


def ingest_and_index(home: Path, folder: Path) -> dict:
    """First ``tracuu ingest`` + ``tracuu index`` of the folder: docs/s, MB/s and peak memory of each."""
    shutil.rmtree(home, ignore_errors=True)
    n = sum(1 for _ in folder.iterdir())
    chars = sum(len(p.read_text("utf-8", errors="replace")) for p in folder.iterdir() if p.suffix == ".txt")
    ingest_s, ingest_mb = _command(home, "ingest", str(folder))
    index_s, index_mb = _command(home, "index")
    total = ingest_s + index_s
    return {"n_docs": n, "corpus_mchars": round(chars / 1e6, 1), "ingest_s": round(ingest_s, 1),
            "index_s": round(index_s, 1), "ingest_docs_per_s": round(n / total, 1),
            "ingest_peak_mb": ingest_mb, "index_peak_mb": index_mb,
            "index_mb": round(dir_mb(home / "index"), 1) if (home / "index").exists() else None}


def ask(home: Path, mix: list[BenchQuery], rounds: int, work: Path) -> dict:
    """First-ask and warm latency of the mix in a fresh process (``bench.ask``)."""
    queries, out = work / "queries.json", work / "ask.json"
    queries.write_text(json.dumps([q.text for q in mix], ensure_ascii=False), "utf-8")
    env = {**os.environ, "TRACUU_RESULT_CACHE": "0"}
    subprocess.run([sys.executable, "-m", "bench.ask", str(home), str(queries), str(out), str(rounds)],
                   check=True, env=env, cwd=Path(__file__).resolve().parent.parent)
    got = json.loads(out.read_text("utf-8"))
    return {"first_p50_ms": got["first"]["p50"], "first_p95_ms": got["first"]["p95"],
            "query_p50_ms": got["warm"]["p50"], "query_p95_ms": got["warm"]["p95"],
            "query_hits": got["hits"], "profile_query": got["profile_query"], "profile": got["profile"]}


def analyzer_rate(folder: Path, max_chars: int = 3_000_000) -> dict:
    """Characters per second of ``analyze`` on one core over the corpus's text, nothing cached.

    The analyzer it replaced (``bench.reference_analyzer``, crfsuite's tagger sentence by sentence)
    runs on the same texts in the same loop, text by text, so both rates see the same machine load.
    """
    from tracuu.index import analyzer

    from bench import reference_analyzer

    texts, size = [], 0
    for path in sorted(folder.iterdir()):
        if path.suffix == ".txt" and size < max_chars:
            texts.append(path.read_text("utf-8", errors="replace"))
            size += len(texts[-1])
    analyzer.analyze("khởi động")  # loads the model: not the analyzer's rate
    reference_analyzer.analyze("khởi động")
    reference_analyzer._segment.cache_clear()
    new = old = 0.0
    for text in texts:
        started = time.process_time()
        analyzer.analyze(text)
        new += time.process_time() - started
        started = time.process_time()
        reference_analyzer.analyze(text)
        old += time.process_time() - started
    return {"analyzer_chars_per_s": round(size / new), "analyzer_before_chars_per_s": round(size / old),
            "analyzer_speedup": round(old / new, 2), "analyzer_sample_chars": size}


def baselines(home: Path, mix: list[BenchQuery], rounds: int, work: Path, skip: set[str], naive_max: int) -> dict:
    """FTS5, tantivy and naive Whoosh on the same documents, pre-segmented as tracuu segmented them."""
    from tracuu.index.archive import Archive

    with Archive(home / "archive.sqlite", readonly=True) as archive:
        docs = list(predocs(archive))
    out: dict = {}
    if "fts5" not in skip:
        path = work / "fts5.sqlite"
        out["fts5"] = {**base_fts5.build(path, docs), **base_fts5.query_latency(path, mix, rounds)}
    if "tantivy" not in skip:
        path = work / "tantivy"
        out["tantivy"] = {**base_tantivy.build(path, docs), **base_tantivy.query_latency(path, mix, rounds)}
    if "naive" not in skip:
        path = work / "naive"
        out["naive_whoosh_pyvi"] = {**base_naive.build(path, docs[:naive_max]),
                                    **base_naive.query_latency(path, mix, max(1, rounds // 2))}
    return out


def measure(source: Path | None, n: int | None, mix: list[BenchQuery], work: Path, rounds: int, seed: int,
            skip: set[str], naive_max: int, api_seconds: int) -> dict:
    """Every figure of one corpus: ingest + index, memory, latency, analyzer rate, server, baselines."""
    from bench import web

    work.mkdir(parents=True, exist_ok=True)
    folder = corpus_files(source, n, work, seed)
    home = work / "home"
    synthetic = sum(1 for p in folder.iterdir() if p.name.startswith("synthetic-"))
    label = str(source) if source else "synthetic"
    if source and synthetic:
        label += f" + {synthetic:,} synthetic news-sized directives"
    out = {"corpus": label, **ingest_and_index(home, folder)}
    out.update(ask(home, mix, rounds, work))
    out.update(analyzer_rate(folder))
    if "api" not in skip:
        served = web.api_throughput(home, mix, api_seconds, 1)
        out.update({k: served[k] for k in ("api_rps", "api_rps_uncached", "serve_peak_mb", "api_tool")})
    out["baselines"] = baselines(home, mix, rounds, work, skip, naive_max)
    return out


TARGETS = {"first_p95_ms": (150, False), "query_p95_ms": (50, False), "ingest_docs_per_s": (100, True),
           "analyzer_chars_per_s": (700_000, True), "index_peak_mb": (1000, False), "serve_peak_mb": (500, False)}
ROWS = (("query_p50_ms", "warm query p50 (ms)"), ("query_p95_ms", "warm query p95 (ms)"),
        ("first_p50_ms", "first ask p50 (ms)"), ("first_p95_ms", "first ask p95 (ms)"),
        ("ingest_docs_per_s", "first ingest + index (docs/s)"), ("ingest_s", "ingest (s)"), ("index_s", "index (s)"),
        ("analyzer_chars_per_s", "analyzer, one core (chars/s)"),
        ("analyzer_before_chars_per_s", "analyzer before, same run (chars/s)"), ("analyzer_speedup", "analyzer speed-up (x)"),
        ("ingest_peak_mb", "peak memory, ingest (MB)"),
        ("index_peak_mb", "peak memory, index (MB)"), ("serve_peak_mb", "peak memory, serve (MB)"),
        ("api_rps_uncached", "/api/search, no result cache (req/s)"), ("api_rps", "/api/search, result cache (req/s)"),
        ("index_mb", "index size (MB)"))
BASES = ("fts5", "tantivy", "naive_whoosh_pyvi")


def _cell(value) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if isinstance(value, (int, float)) and abs(value) >= 100 else f"{value:,.2f}" \
        if isinstance(value, float) else str(value)


def table(runs: list[dict]) -> str:
    """One Markdown table per corpus: tracuu's figures, targets, and the baselines beside them."""
    parts = []
    for run in runs:
        head = ["metric", "tracuu", "target", "verdict", *BASES]
        lines = [head, ["---"] * len(head)]
        for key, label in ROWS:
            value, (target, higher) = run.get(key), TARGETS.get(key, (None, True))
            met = "" if value is None or target is None else ("met" if (value >= target) == higher else "missed")
            others = [run["baselines"].get(b, {}).get(key) for b in BASES]
            lines.append([label, _cell(value), _cell(target), met, *map(_cell, others)])
        parts.append(f"**{run['corpus']}**: {run['n_docs']:,} documents, {run['corpus_mchars']} M characters\n\n"
                     + "\n".join("| " + " | ".join(map(str, row)) + " |" for row in lines))
    return "\n\n".join(parts)
