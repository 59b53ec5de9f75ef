"""Recent search results, for a server asked the same searches again and again (an LRU).

A result is kept under the request's parameters and the index state it was computed on
(``SearchBackend.state``, the Whoosh index's stamp): an update or rebuild changes the state, so no
answer outlives the index it came from, and an answer is never older than the state read before
computing it.  A backend whose state cannot be known cheaply (a shared SolrCloud) is not cached.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from tracuu.search.backend import SearchBackend
from tracuu.search.request import SearchRequest
from tracuu import settings


class ResultCache:
    """Results by ``(home, index stamp, parameters)``, as the JSON-ready dict of ``SearchResult.to_dict``.

    Safe to share between server threads.  A result served again reports in ``took_ms`` the time
    this answer took, not the first one's.
    """

    def __init__(self, size: int | None = None) -> None:
        # A result with ten hits is some 10 KB.
        self.size = int(settings.get("result_cache")) if size is None else size
        self._items: OrderedDict[tuple, dict] = OrderedDict()
        self._lock = threading.Lock()

    def run(self, backend: SearchBackend, req: SearchRequest) -> dict:
        """``req.run(backend).to_dict()``, or the one kept for the same request on the same index state.

        The dict returned is shared with the cache below its first level: read it, do not change it.
        """
        started = time.perf_counter()
        state = backend.state()
        if state is None or self.size <= 0:
            return req.run(backend).to_dict()
        key = (backend.name, str(backend.home), state, tuple(req.to_params()))
        with self._lock:
            kept = self._items.get(key)
            if kept is not None:
                self._items.move_to_end(key)
        if kept is None:
            kept = req.run(backend).to_dict()
            with self._lock:
                self._items[key] = kept
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return dict(kept)
        return {**kept, "took_ms": round((time.perf_counter() - started) * 1000, 2)}
