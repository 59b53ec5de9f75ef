"""A real ``tracuu serve`` in its own process on a free loopback port, for tests that talk HTTP to it."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

WAIT = 60  # seconds the server may take to start on a slow machine (a limit, not a timing assertion)


@contextmanager
def serving(home: Path, log: Path, threads: int = 4) -> Iterator[str]:
    """Run ``tracuu --home HOME serve --port 0``; yield its base URL (``http://127.0.0.1:PORT/``), read from its log."""
    with server_process(home, log, threads) as (url, _):
        yield url


@contextmanager
def server_process(home: Path, log: Path, threads: int = 4, processes: int = 1) -> Iterator[tuple[str, subprocess.Popen]]:
    """As ``serving``, with ``--processes``; yields the base URL and the ``tracuu serve`` process."""
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "tracuu", "--home", str(home), "serve", "--host", "127.0.0.1",
                                 "--port", "0", "--threads", str(threads), "--processes", str(processes)],
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        yield _wait_for_url(proc, log), proc
    finally:
        if proc.poll() is None:
            proc.terminate()
        proc.wait(timeout=WAIT)


def _wait_for_url(proc: subprocess.Popen, log: Path) -> str:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = re.search(r"http://127\.0\.0\.1:\d+/", log.read_text(errors="replace"))
        if found:
            return found.group(0)
        if proc.poll() is not None:
            raise AssertionError(f"tracuu serve ended early:\n{log.read_text(errors='replace')}")
        time.sleep(0.1)
    raise AssertionError(f"tracuu serve printed no address:\n{log.read_text(errors='replace')}")
