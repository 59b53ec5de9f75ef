"""Solr beside Whoosh on the same archive and the same queries (``python -m bench --solr``).

Both backends are rebuilt from one archive whose analyses are already cached (so neither segments):
Whoosh by ``update_index(rebuild=True)``, Solr by ``index_to_solr(rebuild=True)`` into a loopback
SolrCloud of 2 nodes (``search.solr_cluster``, 1 shard × 2 replicas: one shard's figures are what
the 10-million-document estimate in bench/README.md scales).  Queries go through the backend seam
(``search.backend.open_backend``), first page of 10 with every facet count and snippet; then 8 client
threads ask the mix for ``seconds`` each and the requests per second are counted.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from pathlib import Path

from bench.measure import percentile
from tracuu.index.archive import Archive
from tracuu.index.indexer import update_index
from tracuu.index.store import IndexStore
from tracuu.search import solr_admin
from tracuu.search.backend import open_backend
from tracuu.search.request import SearchRequest
from tracuu.search.solr_cluster import LoopbackCluster
from tracuu.search.solr_index import index_to_solr, live_collections

COLLECTION = "bench"


def measure(home: Path, queries: list[str], work: Path, rounds: int = 3, clients: int = 8,
            seconds: float = 10.0) -> dict:
    """Index rate, query p50/p95 and requests/s of Whoosh and Solr on ``home``'s archive, side by side."""
    out: dict = {}
    with Archive(home / "archive.sqlite") as archive:
        docs = archive.count()
        began = time.perf_counter()
        update_index(archive, IndexStore(home), rebuild=True)
        out["whoosh_index_docs_per_s"] = docs / (time.perf_counter() - began)
    out["whoosh"] = _queries(open_backend(home, "whoosh"), queries, rounds, clients, seconds)
    with LoopbackCluster(work / "solr", nodes=2) as cluster:
        out["solr_cluster_start_s"] = cluster.started_s
        url = cluster.urls[0]
        os.environ["TRACUU_SOLR_URL"], os.environ["TRACUU_SOLR_COLLECTION"] = url, COLLECTION
        solr_admin.init(url, COLLECTION, 1, 2)
        with Archive(home / "archive.sqlite") as archive:
            began = time.perf_counter()
            index_to_solr(archive, url, COLLECTION, rebuild=True)
            out["solr_index_docs_per_s"] = docs / (time.perf_counter() - began)
        out["solr"] = _queries(open_backend(home, "solr"), queries, rounds, clients, seconds)
        out["solr_shard"] = _shard_figures(url, docs, queries)
    out["docs"] = docs
    return out


def _queries(backend, queries: list[str], rounds: int, clients: int, seconds: float) -> dict:
    """Warm p50/p95 of the mix (one warm-up pass, then ``rounds``), then req/s from ``clients`` threads."""
    ask = [SearchRequest(q=q) for q in queries]
    for req in ask:
        backend.search(req)
    times = []
    for _ in range(rounds):
        for req in ask:
            began = time.perf_counter()
            backend.search(req)
            times.append((time.perf_counter() - began) * 1000)
    done, failed = [0], [0]
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client(offset: int) -> None:
        i = offset
        while time.monotonic() < stop:
            try:
                backend.search(ask[i % len(ask)])
                ok = True
            except Exception:  # noqa: BLE001 - counted, the load goes on
                ok = False
            with lock:
                done[0] += ok
                failed[0] += not ok
            i += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95),
            "rps": done[0] / seconds, "failed": failed[0]}


def _shard_figures(url: str, docs: int, queries: list[str]) -> dict:
    """One shard's index bytes per document and its own latency (``distrib=false``) on the mix's words."""
    [collection] = live_collections(url, COLLECTION)
    status = solr_admin.call(url, "/admin/cores", {"action": "STATUS", "wt": "json"})["status"]
    cores = [c for name, c in status.items() if name.startswith(collection)]
    size = statistics.median(c["index"]["sizeInBytes"] for c in cores)
    core = next(name for name in status if name.startswith(collection))
    times = []
    for _ in range(3):
        for q in queries:
            words = " ".join(f"body_f:{w}" for w in q.replace('"', "").lower().split() if w.isalnum())
            if not words:
                continue
            began = time.perf_counter()
            solr_admin.call(url, f"/{core}/select", {"q": words, "q.op": "AND", "distrib": "false", "rows": 10,
                                                      "fl": "id", "wt": "json"})
            times.append((time.perf_counter() - began) * 1000)
    return {"index_bytes_per_doc": size / docs, "query_p50_ms": percentile(times, 50),
            "query_p95_ms": percentile(times, 95)}


def table(r: dict) -> str:
    """The side-by-side rows as Markdown."""
    w, s = r["whoosh"], r["solr"]
    sh = r["solr_shard"]
    return "\n".join([
        f"| backend ({r['docs']} docs) | index (docs/s) | query p50 / p95 (ms) | req/s, 8 clients |",
        "| --- | --- | --- | --- |",
        f"| whoosh | {r['whoosh_index_docs_per_s']:.1f} | {w['p50_ms']:.0f} / {w['p95_ms']:.0f} | {w['rps']:.1f} |",
        f"| solr (2 nodes, 1 shard × 2) | {r['solr_index_docs_per_s']:.1f} | {s['p50_ms']:.0f} / {s['p95_ms']:.0f} "
        f"| {s['rps']:.1f} |",
        "",
        f"Solr cluster start {r['solr_cluster_start_s']:.1f} s; one shard: "
        f"{sh['index_bytes_per_doc'] / 1024:.1f} KB of index per document, "
        f"core-local query p50 / p95 {sh['query_p50_ms']:.1f} / {sh['query_p95_ms']:.1f} ms; "
        f"failed requests: whoosh {w['failed']}, solr {s['failed']}",
    ])


if __name__ == "__main__":  # python -m bench.solr HOME: the Solr rows alone, on an archive already indexed once
    import json
    import sys

    from bench.legal_queries import LEGAL_QUERIES

    home = Path(sys.argv[1])
    results = measure(home, [q for _, q in LEGAL_QUERIES], home.parent / "solr-work")
    print(json.dumps(results, indent=2))
    print(table(results))
