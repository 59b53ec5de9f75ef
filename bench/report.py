"""The results table: tracuu, its targets, the baselines and the ratios tracuu/baseline."""

from __future__ import annotations

# (key, label, target at 100,000 documents, True if higher is better, scales with N)
METRICS = (
    ("ingest_docs_per_s", "first ingest + index (docs/s)", 100, True, False),
    ("ingest_mb_per_s", "first ingest + index (MB/s)", None, True, False),
    ("reindex_s", "full reindex from archive (s)", 600, False, True),
    ("incremental_reindex_s", "incremental reindex 1% (s)", 20, False, True),
    ("index_mb", "index size (MB)", None, False, False),
    ("query_p50_ms", "query p50 (ms)", None, False, False),
    ("query_p95_ms", "query p95 (ms)", 50, False, False),
    ("query_p99_ms", "query p99 (ms)", None, False, False),
    ("api_rps", "/api/search at 8 clients (req/s)", 150, True, False),
    ("serve_peak_mb", "serving peak memory (MB)", 500, False, False),
    ("api_rps_procs", "/api/search, one process per core (req/s)", None, True, False),
    ("serve_peak_mb_procs", "serving peak memory, one process per core (MB)", None, False, False),
    ("api_rps_uncached", "/api/search, one process per core, no result cache (req/s)", None, True, False),
    ("cold_start_s", "cold start: tracuu search (s)", 1.5, False, False),
)
BASELINES = ("fts5", "tantivy", "naive_whoosh_pyvi")
FULL_N = 100_000


def target_for(key: str, n: int) -> float | None:
    """The issue's target, scaled linearly with N for the measurements that grow with it."""
    for k, _, target, _, scales in METRICS:
        if k == key and target is not None:
            return target * n / FULL_N if scales else target
    return None


def verdict(value: float | None, target: float | None, higher: bool) -> str:
    """'met' or how far from the target ('2.3x too slow', '18% short')."""
    if value is None or target is None:
        return ""
    if (value >= target) if higher else (value <= target):
        return "met"
    if higher:
        return f"missed: {100 * (1 - value / target):.0f}% short"
    return f"missed: {value / target:.2f}x target"


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _ratio(a, b) -> str:
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or not b:
        return "-"
    return f"{a / b:.2f}"


def table(results: dict) -> str:
    """A Markdown table of every metric, its target and verdict, the baselines and the ratios."""
    n = results["n_docs"]
    base = results.get("baselines", {})
    head = ["metric", "tracuu", "target", "verdict", *BASELINES, *(f"tracuu/{b}" for b in BASELINES)]
    rows = [head, ["---"] * len(head)]
    for key, label, _, higher, _ in METRICS:
        value = results.get(key)
        target = target_for(key, n)
        shown = _cell(value)
        others = [base.get(b, {}).get(key) for b in BASELINES]
        rows.append([label, shown, _cell(target), verdict(value, target, higher), *map(_cell, others),
                     *(_ratio(value, o) for o in others)])
    lines = ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    notes = [f"{n:,} documents, {results.get('corpus_mb', '?')} MB of text, {results.get('cpus', '?')} cores; "
             "targets are the issue's at 100,000 documents (reindex times scaled linearly to N)."]
    naive = base.get("naive_whoosh_pyvi", {})
    if naive.get("ingest_sample"):
        notes.append(f"naive Whoosh + pyvi: ingest rate measured on {naive['ingest_sample']:,} documents; "
                     f"its index for size and queries holds {naive.get('n_docs', 0):,} documents"
                     + (" (capped: its reindex time is extrapolated to N)" if naive.get("n_docs", n) < n else "") + ".")
    if results.get("api_tool"):
        notes.append(f"load tool: {results['api_tool']}, 8 concurrent connections, after a warm-up as long as the "
                     f"load; `tracuu serve` on one process (the default), then on {results.get('serve_processes', 1)} "
                     "(one per core); memory is the peak of the processes' summed PSS (summed peak RSS, which "
                     f"counts shared pages twice: {results.get('serve_peak_rss_mb')} and "
                     f"{results.get('serve_peak_rss_mb_procs')} MB).")
    return "\n".join(lines) + "\n\n" + "\n".join(notes)
