"""``python -m bench``: measure tracuu and its baselines on one seeded corpus; print the table.

    python -m bench                          the real legal documents of tests/data/legal among 16,000 documents,
                                             then the legal documents alone, then 2,000 synthetic
    python -m bench --corpus DIR --n 2000    DIR's files, topped up with synthetic ones to 2,000
    python -m bench --corpus synthetic --n 5000   the synthetic corpus alone, with reindex and cold-start figures
    python -m bench --skip naive,tantivy     leave baselines out
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from bench import base_fts5, base_naive, base_tantivy, real, report, tracuu_run, web
from bench.legal_queries import legal_mix
from bench.measure import cpu_count
from bench.pretext import predocs
from bench.queries import query_mix
from tracuu.index.archive import Archive

HERE = Path(__file__).resolve().parent
LEGAL = HERE.parent / "tests" / "data" / "legal"
#: The default corpus: the 459 legal texts among news-sized documents, one long text to 34 short ones as in
#: the archives measured for the targets (about 1,000 legal texts among 35,000 news articles).
MIXED_N = 16_000


LOADS: dict[str, float] = {}


def _log(message: str) -> None:
    """Progress on stderr, with the machine's load: other processes on the same cores skew every figure."""
    load = round(os.getloadavg()[0], 2)
    LOADS[f"{time.strftime('%H:%M:%S')} {message.strip()[:40]}"] = load
    print(f"[{time.strftime('%H:%M:%S')}] load {load:.2f}  {message}", file=sys.stderr, flush=True)


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    p.add_argument("--corpus", default=str(LEGAL),
                   help="folder of documents (default: the real legal texts of tests/data/legal), or 'synthetic'")
    p.add_argument("--n", type=int, default=None,
                   help=f"documents: the folder's files topped up with synthetic ones (default {MIXED_N:,} for the "
                        "legal texts, else the folder's files; 100,000 for the synthetic corpus alone)")
    p.add_argument("--synthetic-n", type=int, default=2000,
                   help="size of the synthetic corpus measured beside a real one (0: none)")
    p.add_argument("--seed", type=int, default=7, help="corpus seed")
    p.add_argument("--work", type=Path, default=HERE / "work", help="scratch folder for homes and indexes")
    p.add_argument("--out", type=Path, default=HERE / "results.json", help="where to write the results")
    p.add_argument("--rounds", type=int, default=5, help="passes over the query mix")
    p.add_argument("--naive-max", type=int, default=20_000, help="cap on the naive Whoosh index size")
    p.add_argument("--naive-ingest", type=int, default=500, help="documents pyvi segments for the naive ingest rate")
    p.add_argument("--api-seconds", type=int, default=15, help="length of the /api/search load")
    p.add_argument("--serve-processes", type=int, default=cpu_count(),
                   help="processes of tracuu serve for the web load (default: one per core)")
    p.add_argument("--solr", action="store_true",
                   help="also the Solr backend beside Whoosh on the real corpus (a loopback SolrCloud: make solr-launcher)")
    p.add_argument("--skip", default="", help="comma-separated: fts5,tantivy,naive,api,cold")
    p.add_argument("--reuse-home", action="store_true",
                   help="keep the archive of an earlier run (same --work and --n) and skip the first ingest; "
                        "its figures and those of skipped baselines are kept from --out")
    return p.parse_args(argv)


def measure_tracuu(a: argparse.Namespace, home: Path, skip: set[str]) -> dict:
    """Every tracuu measurement, in the order the archive needs them."""
    n, mix = a.n, query_mix(a.seed, a.n)
    short = 3 if n <= 20_000 else 1  # several runs where a run is short
    out: dict = {"n_docs": n, "cpus": cpu_count()}
    if not a.reuse_home:
        _log(f"tracuu: first ingest + index of {n:,} documents")
        out.update(tracuu_run.first_ingest(home, n, a.seed))
        _log(f"  {out['ingest_docs_per_s']} docs/s")
    _log("tracuu: full reindex")
    out.update(tracuu_run.full_reindex(home, short))
    _log(f"  {out['reindex_s']} s; incremental reindex of 1%")
    out.update(tracuu_run.incremental_reindex(home, n, a.seed, short))
    _log(f"  {out['incremental_reindex_s']} s")
    out.update(tracuu_run.index_size(home))
    _log("tracuu: queries")
    out.update(tracuu_run.query_latency(home, mix, a.rounds))
    _log(f"  p95 {out['query_p95_ms']} ms")
    if "api" not in skip:
        out.update(web.api_throughput(home, mix, a.api_seconds, a.serve_processes))
        _log(f"  api: {out['api_rps']} req/s")
    if "cold" not in skip:
        out.update(tracuu_run.cold_start(home, mix[0].text, 5))
        _log(f"  cold start {out['cold_start_s']} s")
    return out


def measure_baselines(a: argparse.Namespace, home: Path, skip: set[str]) -> dict:
    """FTS5, tantivy and naive Whoosh + pyvi on the same documents and pre-segmented text."""
    mix, work, base = query_mix(a.seed, a.n), a.work, {}
    if {"fts5", "tantivy", "naive"} <= skip:
        return base
    with Archive(home / "archive.sqlite", readonly=True) as archive:
        docs = list(predocs(archive))
    if "fts5" not in skip:
        _log("fts5")
        path = work / "fts5.sqlite"
        base["fts5"] = {**base_fts5.build(path, docs), **base_fts5.query_latency(path, mix, a.rounds)}
    if "tantivy" not in skip:
        _log("tantivy")
        path = work / "tantivy"
        base["tantivy"] = {**base_tantivy.build(path, docs), **base_tantivy.query_latency(path, mix, a.rounds)}
    if "naive" not in skip:
        _log("naive Whoosh + pyvi")
        path = work / "naive"
        result = base_naive.ingest(path, min(a.n, a.naive_ingest), a.seed)
        built = base_naive.build(path, docs[: a.naive_max])
        if built["n_docs"] < a.n:  # extrapolate a capped build to the whole corpus
            built["reindex_s"] = round(a.n / built["build_docs_per_s"], 1)
        result.update(built)
        result.update(base_naive.query_latency(path, mix, max(1, a.rounds // 2)))
        base["naive_whoosh_pyvi"] = result
    return base


def main_real(a: argparse.Namespace, skip: set[str]) -> int:
    """The real corpus first (the headline), then the synthetic one as a second row."""
    runs = []
    folder = Path(a.corpus)
    n = a.n if a.n is not None else MIXED_N if folder.resolve() == LEGAL.resolve() else None
    _log(f"real corpus {a.corpus}" + (f" topped up to {n:,} documents" if n else ""))
    runs.append(real.measure(folder, n, legal_mix(), a.work / "real", a.rounds, a.seed, skip,
                             a.naive_max, a.api_seconds))
    if n and n > len(real.corpus_sources(folder)):
        _log(f"real corpus {a.corpus} alone")
        runs.append(real.measure(folder, None, legal_mix(), a.work / "alone", a.rounds, a.seed, skip,
                                 a.naive_max, a.api_seconds))
    if a.solr:
        from bench import solr

        # On the legal texts alone when they were measured alone: Solr's indexing is the slow part.
        where = a.work / ("alone" if len(runs) > 1 else "real")
        _log(f"Solr beside Whoosh on {where.name}")
        runs[-1]["solr"] = solr.measure(where / "home", [q.text for q in legal_mix()], where)
    if a.synthetic_n:
        _log(f"synthetic corpus, {a.synthetic_n:,} documents")
        runs.append(real.measure(None, a.synthetic_n, query_mix(a.seed, a.synthetic_n), a.work / "synthetic",
                                 a.rounds, a.seed, skip, a.naive_max, a.api_seconds))
    _log("done")
    a.out.write_text(json.dumps({"runs": runs, "load_1min": LOADS}, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(real.table(runs))
    if a.solr:
        from bench import solr

        print("\n" + solr.table(runs[-1]["solr"]))
    print(f"\nProfile of a warm query ({runs[0]['profile_query']}):\n{runs[0]['profile']}", file=sys.stderr)
    _log(f"results written to {a.out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    a = _args(argv)
    skip = {s.strip() for s in a.skip.split(",") if s.strip()}
    if a.corpus != "synthetic":
        return main_real(a, skip)
    a.n = 100_000 if a.n is None else a.n
    a.work.mkdir(parents=True, exist_ok=True)
    home = a.work / "home"
    earlier = json.loads(a.out.read_text(encoding="utf-8")) if a.reuse_home and a.out.exists() else {}
    if a.reuse_home and earlier.get("n_docs") != a.n:
        sys.exit(f"--reuse-home needs the results of an earlier run at --n {a.n} in {a.out}")
    results = {**earlier, **measure_tracuu(a, home, skip)}
    results["baselines"] = {**earlier.get("baselines", {}), **measure_baselines(a, home, skip)}
    _log("done")
    results["load_1min"] = {**earlier.get("load_1min", {}), **LOADS}
    a.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(report.table(results))
    _log(f"results written to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
