"""Per-core speed of the per-document analysis, a git revision's beside the working tree's.

    python -m bench.analysis_speed                      main against the working tree
    python -m bench.analysis_speed --base REV --passes 7 --legal-chars 3000000 --short 2000

Each pass times (CPU time of this process, so one core) every document's ``document_work`` with one
version, then with the other, alternating which goes first; the figures are medians over the passes
after the first, which fills the per-token caches (its figure is printed as the cold pass).
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench import baseline
from bench.analysis_work import document_work, legal_samples, short_samples


def _timed(mods, samples) -> float:
    started = time.process_time()
    for s in samples:
        document_work(mods, s)
    return time.process_time() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="main")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--legal-chars", type=int, default=3_000_000)
    parser.add_argument("--short", type=int, default=2000)
    args = parser.parse_args(argv)
    base, new = baseline.load(args.base), baseline.working()
    corpora = {"legal": legal_samples(args.legal_chars), "short": short_samples(args.short)}
    for mods in (base, new):  # load the CRF model: not the analysis' rate
        document_work(mods, corpora["short"][0])
    times = {(c, v): [] for c in corpora for v in ("base", "new")}
    for p in range(args.passes):
        for name, samples in corpora.items():
            order = [("base", base), ("new", new)] if p % 2 == 0 else [("new", new), ("base", base)]
            for label, mods in order:
                times[name, label].append(_timed(mods, samples))
    print(f"base {base.commit[:12]} ({args.base}) against the working tree; {args.passes} passes, one core")
    print(f"{'corpus':<8}{'docs':>6}{'chars':>12}{'base chars/s':>15}{'new chars/s':>14}{'speedup':>9}"
          f"{'cold base':>12}{'cold new':>11}")
    for name, samples in corpora.items():
        chars = sum(len(s.text) + len(s.title) for s in samples)
        b, n = (statistics.median(times[name, v][1:] or times[name, v]) for v in ("base", "new"))
        cb, cn = times[name, "base"][0], times[name, "new"][0]
        print(f"{name:<8}{len(samples):>6}{chars:>12,}{chars / b:>15,.0f}{chars / n:>14,.0f}{b / n:>9.2f}"
              f"{chars / cb:>12,.0f}{chars / cn:>11,.0f}")


if __name__ == "__main__":
    main()
