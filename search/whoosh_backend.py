"""The embedded backend: the Whoosh index in the home, searched by ``search.engine.SearchEngine``.

Everything that reads Whoosh (searchers, query objects, arrays) stays behind this class.
"""

from __future__ import annotations

from pathlib import Path

from tracuu.index.archive import Archive
from tracuu.index.document import Document
from tracuu.search.citations import CitationLink, cited_by
from tracuu.search.engine import SearchEngine
from tracuu.search.related import RelatedDoc, more_like_this
from tracuu.search.request import SearchRequest
from tracuu.search.results import SearchResult


class WhooshBackend:
    """Whoosh over one home; like its engine, one instance serves one thread at a time."""

    name = "whoosh"

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.engine = SearchEngine(self.home)

    def archive(self) -> Archive:
        return self.engine.archive()

    def search(self, req: SearchRequest, snippets: bool = True) -> SearchResult:
        # The engine adds filters typed in the box to the ones it is given: hand it a copy.
        return self.engine.search(req.q, req.copy().filters, sort=req.sort, page=req.page,
                                  page_size=req.page_size, snippets=snippets)

    def suggest(self, text: str) -> str | None:
        return self.engine.suggest(text)

    def more_like_this(self, doc: Document, limit: int = 5) -> list[RelatedDoc]:
        return more_like_this(self.engine.searcher(), self.archive(), doc, limit)

    def cited_by(self, doc: Document, limit: int = 50) -> list[CitationLink]:
        return cited_by(self.engine.searcher(), self.archive(), doc, limit)

    def indexed_count(self) -> int:
        return self.engine.searcher().doc_count()

    def state(self) -> object:
        return self.engine.store.stamp()

    def index(self, rebuild: bool = False, progress=None):
        """``index.indexer.update_index`` over the home's archive and store."""
        from tracuu.index.indexer import update_index

        with Archive(self.home / "archive.sqlite") as archive:
            return update_index(archive, self.engine.store, rebuild=rebuild, progress=progress)
