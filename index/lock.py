"""One writer at a time per home folder: an advisory file lock the OS drops if the process dies."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tracuu.errors import LockedError


@contextmanager
def writer_lock(home: Path, name: str = "write", timeout: float = 30.0) -> Iterator[None]:
    """Hold ``<home>/.<name>.lock``; wait up to ``timeout`` seconds, then raise ``LockedError``."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / f".{name}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockedError(f"another tracuu process is writing to {home}; try again when it ends") from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
