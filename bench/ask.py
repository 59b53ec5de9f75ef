"""``python -m bench.ask HOME QUERIES.json OUT.json ROUNDS``: latency of a fresh process's queries.

Run in a process of its own so that nothing is cached yet: each query's first ask reads its postings
and positions (``first``), later passes find them cached (``warm``).  Every search asks for the first
page of 10 with every facet count and snippet, as the web page does; no result cache is involved.
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path

from bench.measure import percentile


def _stats(samples: list[float]) -> dict[str, float]:
    return {f"p{q}": round(percentile(samples, q), 2) for q in (50, 95, 99)}


def main(argv: list[str]) -> int:
    home, queries, out, rounds = Path(argv[0]), json.loads(Path(argv[1]).read_text("utf-8")), Path(argv[2]), int(argv[3])
    from tracuu.search.engine import SearchEngine

    engine = SearchEngine(home)
    engine.search("zzzqx")  # opens the index and the archive: not a query's cost
    first, warm, hits = [], [], {}
    for text in queries:
        started = time.perf_counter()
        hits[text] = engine.search(text, page_size=10).total
        first.append((time.perf_counter() - started) * 1000)
    for _ in range(rounds):
        for text in queries:
            started = time.perf_counter()
            engine.search(text, page_size=10)
            warm.append((time.perf_counter() - started) * 1000)
    profiled = max(queries, key=lambda t: hits[t])
    profile = cProfile.Profile()
    profile.runcall(engine.search, profiled, page_size=10)
    listing = io.StringIO()
    pstats.Stats(profile, stream=listing).sort_stats("cumulative").print_stats(25)
    out.write_text(json.dumps({"first": _stats(first), "warm": _stats(warm), "hits": hits,
                               "profile_query": profiled, "profile": listing.getvalue()},
                              ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
