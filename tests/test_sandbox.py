"""Bounded children, one job each: results in order, failures and timeouts kept to their own job."""

from __future__ import annotations

import mmap
import subprocess
import time
from pathlib import Path

from tracuu.crawler.sandbox import map_bounded
from tracuu.errors import DocumentError


def _square(n: int) -> int:
    if n == 3:
        raise ValueError("three")
    return n * n


def _sleeper(pid_file: str) -> None:
    """Starts a program that outlives its time, as a stuck Tesseract would."""
    child = subprocess.Popen(["sleep", "30"])
    Path(pid_file).write_text(str(child.pid))
    child.wait()


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "State:\tZ" in state  # killed, waiting for its new parent to reap it


def _allocate(mb: int) -> int:
    return len(bytearray(mb * 1024 * 1024))


def test_the_memory_limit_is_for_the_work_not_the_parents_address_space() -> None:
    # 2 GB of address space reserved (not touched) in the parent, as a long-running process holds it
    reserved = mmap.mmap(-1, 2 * 1024**3, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | getattr(mmap, "MAP_NORESERVE", 0))
    try:
        ok, over = map_bounded(_allocate, [(64,), (400,)], procs=1, timeout=30, memory_mb=256)
    finally:
        reserved.close()
    assert ok == 64 * 1024 * 1024
    assert isinstance(over, DocumentError) and "needed more than 256 MB" in str(over)


def test_each_job_runs_bounded_and_fails_alone() -> None:
    done = []
    out = map_bounded(_square, [(n,) for n in range(6)], procs=2, timeout=30, on_done=lambda d, t: done.append((d, t)))
    assert [r for r in out if not isinstance(r, DocumentError)] == [0, 1, 4, 16, 25]
    assert isinstance(out[3], DocumentError) and "ValueError: three" in str(out[3])
    assert done[-1] == (6, 6) and len(done) == 6


def test_a_job_over_its_time_is_killed_with_the_programs_it_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    started = time.monotonic()
    [out] = map_bounded(_sleeper, [(str(pid_file),)], procs=1, timeout=1.0)
    assert isinstance(out, DocumentError) and "took longer than 1 s" in str(out)
    assert time.monotonic() - started < 10
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while not _gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(pid)
