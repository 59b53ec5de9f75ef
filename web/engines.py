"""One ``SearchEngine`` per server thread.

A Whoosh searcher reads its posting files through positions it keeps itself (seek, then read), so two
threads searching with the same searcher at once read each other's bytes: damaged postings, failed
decompression, wrong results.  Each thread of the server therefore gets an engine of its own, which
follows index rebuilds by itself; the files underneath are shared by the OS page cache.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import current_app

from tracuu.search.engine import SearchEngine


class ThreadEngines:
    """Hands each thread its own long-lived ``SearchEngine`` over one home."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self._local = threading.local()

    def get(self) -> SearchEngine:
        """The calling thread's engine, made on its first request."""
        engine = getattr(self._local, "engine", None)
        if engine is None:
            engine = self._local.engine = SearchEngine(self.home)
        return engine


def engine() -> SearchEngine:
    """The engine of the current request's thread."""
    return current_app.extensions["tracuu_engines"].get()
