"""What a document's page and its JSON twin show: metadata, marked text, citations, neighbours, other sources."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracuu.index.archive import Archive
from tracuu.index.document import Document
from tracuu.search.backend import SearchBackend
from tracuu.search.citations import CitationLink, cites
from tracuu.search.engine import QueryTerms, build_query
from tracuu.search.query import parse_query
from tracuu.search.related import RelatedDoc
from tracuu.search.request import checked_query
from tracuu.search.snippets import highlight


@dataclass
class OtherSource:
    """Another place the same document was found (a duplicate kept by the archive)."""

    url: str | None = None
    source: str | None = None
    id: str | None = None
    title: str | None = None


@dataclass
class DocumentView:
    """A document with everything its page shows."""

    doc: Document
    query: str
    paragraphs: list[str]  # HTML-escaped, query terms in <mark>
    cites: list[CitationLink]
    cited_by: list[CitationLink]
    related: list[RelatedDoc]
    other_sources: list[OtherSource] = field(default_factory=list)


def query_terms(q: str) -> QueryTerms:
    """The exact and folded terms ``q`` searches for, as the engine builds them."""
    terms = QueryTerms()
    if q.strip():
        build_query(parse_query(q), terms)
    return terms


def paragraphs(text: str, terms: QueryTerms) -> list[str]:
    """The text's non-blank lines, each escaped with the query's terms marked."""
    # Marked one paragraph at a time, so a <mark> never spans two paragraphs.
    return [highlight(line.strip(), terms.exact, terms.folded) for line in text.splitlines() if line.strip()]


def other_sources(archive: Archive, doc: Document) -> list[OtherSource]:
    """Where else the same document was found, as the crawler's duplicate grouping records it in ``extra``.

    ``duplicate_of`` (the group's canonical id) and ``duplicates`` (the other members' ids) link to
    archived copies; ``sources`` (every URL of the group) adds addresses not archived on their own.
    """
    extra = doc.extra
    ids = [i for i in [extra.get("duplicate_of"), *(extra.get("duplicates") or [])] if isinstance(i, str)]
    copies = archive.get_many(ids)
    out = [OtherSource(url=copies[i].url, source=copies[i].source, id=i, title=copies[i].title)
           for i in dict.fromkeys(ids) if i in copies and i != doc.id]
    known = {doc.url, doc.source} | {s.url for s in out} | {s.source for s in out}
    for item in extra.get("sources") or []:
        url = item.get("url") if isinstance(item, dict) else item
        if isinstance(url, str) and url not in known:
            out.append(OtherSource(url=url))
            known.add(url)
    return out


def document_view(engine: SearchBackend, doc_id: str, q: str = "", related: int = 5) -> DocumentView | None:
    """The view of one archived document, or None if there is no such id; ``QueryError`` if ``q`` is too long."""
    checked_query(q)
    archive = engine.archive()
    doc = archive.get(doc_id)
    if doc is None:
        return None
    copies = other_sources(archive, doc)
    # Copies of this document are listed as its other sources, not again as neighbours.
    skip = {s.id for s in copies if s.id}
    neighbours = [r for r in engine.more_like_this(doc, related + len(skip)) if r.id not in skip]
    return DocumentView(
        doc=doc, query=q, paragraphs=paragraphs(doc.text, query_terms(q)), cites=cites(archive, doc),
        cited_by=engine.cited_by(doc), related=neighbours[:related], other_sources=copies,
    )


def document_json(view: DocumentView) -> dict:
    """The JSON of ``/api/documents/<id>``: the fields of ``tracuu show --json`` plus the links."""
    doc = view.doc
    return {
        "id": doc.id, "source": doc.source, "url": doc.url, **doc.meta.to_dict(), "text": doc.text,
        "fetched_at": doc.fetched_at, "updated_at": doc.extra.get("updated_at"),
        "ocr": doc.extra.get("ocr"), "note": doc.extra.get("note"),
        "citations": [c.to_dict() for c in view.cites],
        "cited_by": [c.to_dict() for c in view.cited_by],
        "related": [r.to_dict() for r in view.related],
        "other_sources": [vars(s) for s in view.other_sources],
    }
