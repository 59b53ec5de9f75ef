"""Timing and size helpers shared by every measurement."""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path


def timed(func: Callable[[], object]) -> tuple[float, object]:
    """Seconds ``func`` took, and what it returned."""
    started = time.perf_counter()
    value = func()
    return time.perf_counter() - started, value


def median_time(func: Callable[[], object], runs: int) -> float:
    """Median seconds over ``runs`` calls of ``func`` (short measurements are repeated for stability)."""
    return statistics.median(timed(func)[0] for _ in range(max(1, runs)))


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation, as numpy's default."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def latencies_ms(queries: list[Callable[[], object]], rounds: int) -> dict[str, float]:
    """p50/p95/p99 in milliseconds over ``rounds`` passes of every query (after one warm-up pass)."""
    for query in queries:
        query()
    samples = []
    for _ in range(rounds):
        for query in queries:
            samples.append(timed(query)[0] * 1000)
    return {f"query_p{q}_ms": round(percentile(samples, q), 2) for q in (50, 95, 99)}


def dir_mb(path: Path) -> float:
    """Size of every file under ``path`` (or of the file itself), in MB."""
    path = Path(path)
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a live process and its children, in MB."""
    return round(_summed_mb(pid, "status", "VmHWM:"), 1)


def _summed_mb(pid: int, filename: str, field: str) -> float:
    """The ``field`` line (in kB) of ``/proc/<p>/<filename>``, summed over a process and its children, in MB."""
    total = 0.0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/{filename}").read_text().splitlines():
                if line.startswith(field):
                    total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total


class PssSampler:
    """Peak of the summed proportional set size (PSS) of a process and its children, sampled in a thread.

    PSS splits each shared page between the processes sharing it, so forked server processes are not
    counted twice for the code and data they share (their summed peak RSS is reported beside it).
    """

    def __init__(self, pid: int, every: float = 0.25) -> None:
        self.pid, self.every, self.peak_mb = pid, every, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            self.peak_mb = max(self.peak_mb, round(pss_mb(self.pid), 1))
            if self._stop.wait(self.every):
                return


def pss_mb(pid: int) -> float:
    """Summed PSS of a live process and its children, in MB."""
    return _summed_mb(pid, "smaps_rollup", "Pss:")


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = (task / "children").read_text().split()
        except OSError:
            continue
        for kid in kids:
            out.append(int(kid))
            out.extend(_children(int(kid)))
    return out


def cpu_count() -> int:
    return len(os.sched_getaffinity(0))
