"""One search backend per server thread (``search.backend``; the ``backend`` setting chooses which).

A Whoosh searcher reads its posting files through positions it keeps itself (seek, then read), so two
threads searching with the same searcher at once read each other's bytes: damaged postings, failed
decompression, wrong results.  Each thread of the server therefore gets a backend of its own, which
follows index rebuilds by itself; the files underneath are shared by the OS page cache.  (A Solr
backend is an HTTP client; one per thread keeps its connections apart too.)
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import current_app

from tracuu.search.backend import SearchBackend, open_backend


class ThreadEngines:
    """Hands each thread its own long-lived backend over one home."""

    def __init__(self, home: Path, backend: str | None = None) -> None:
        self.home = Path(home)
        self.backend = backend
        self._local = threading.local()

    def get(self) -> SearchBackend:
        """The calling thread's backend, made on its first request."""
        backend = getattr(self._local, "backend", None)
        if backend is None:
            backend = self._local.backend = open_backend(self.home, self.backend)
        return backend


def engine() -> SearchBackend:
    """The search backend of the current request's thread."""
    return current_app.extensions["tracuu_engines"].get()
