"""The search backend seam: what the CLI, the web app and ``tracuu eval`` ask of a search engine.

Two engines stand behind it: Whoosh, embedded in the home (``search.whoosh_backend``, the default),
and a SolrCloud collection (``search.solr_search``).  The archive stays the system of record: both
are rebuilt from it, and both read titles, texts and metadata for display from it, so a result's
JSON is the same whichever engine ranked it.  Whoosh internals stay inside the Whoosh backend.

    open_backend(home, name=None)   the backend the ``backend`` setting (or ``name``) chooses
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from tracuu import settings
from tracuu.errors import ConfigError

if TYPE_CHECKING:
    from tracuu.index.archive import Archive
    from tracuu.index.document import Document
    from tracuu.search.citations import CitationLink
    from tracuu.search.related import RelatedDoc
    from tracuu.search.request import SearchRequest
    from tracuu.search.results import SearchResult

BACKENDS = ("whoosh", "solr")
__all__ = ["BACKENDS", "SearchBackend", "open_backend"]


@runtime_checkable
class SearchBackend(Protocol):
    """One search engine over one home's archive."""

    name: str
    home: Path

    def archive(self) -> Archive:
        """A read-only archive connection for the calling thread (the system of record)."""

    def search(self, req: SearchRequest, snippets: bool = True) -> SearchResult:
        """Ranked results, facet counts over every result, did-you-mean; ``QueryError`` names a bad parameter."""

    def suggest(self, text: str) -> str | None:
        """"Did you mean" for ``text``, or None."""

    def more_like_this(self, doc: Document, limit: int = 5) -> list[RelatedDoc]:
        """Up to ``limit`` other indexed documents most like ``doc``, best first."""

    def cited_by(self, doc: Document, limit: int = 50) -> list[CitationLink]:
        """Indexed documents whose text names ``doc``'s number."""

    def indexed_count(self) -> int:
        """How many documents the index holds (for stats)."""

    def state(self) -> object:
        """A value that changes whenever the index does; None when it cannot be known cheaply (no caching)."""

    def index(self, rebuild: bool = False, progress=None):
        """Bring the index up to date with the archive (new, changed and deleted documents), or rebuild it."""


def open_backend(home: Path, name: str | None = None) -> SearchBackend:
    """The backend ``name`` (default: the ``backend`` setting) over ``home``; ``ConfigError`` for an unknown one."""
    chosen = (name or str(settings.get("backend"))).strip().lower()
    if chosen == "whoosh":
        from tracuu.search.whoosh_backend import WhooshBackend

        return WhooshBackend(Path(home))
    if chosen == "solr":
        from tracuu.search.solr_search import SolrBackend

        url, collection = str(settings.get("solr_url")).strip(), str(settings.get("solr_collection")).strip()
        if not url.startswith(("http://", "https://")) or not collection:
            raise ConfigError(f"the solr backend needs a node's URL (solr_url, now '{url}') and a collection "
                              f"(solr_collection, now '{collection}')")
        return SolrBackend(Path(home), url, collection)
    raise ConfigError(f"unknown search backend '{chosen}': use one of {', '.join(BACKENDS)}")
