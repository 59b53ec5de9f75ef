"""The citation graph: what a document cites, and which archived documents cite it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from whoosh import query as Q

from tracuu.index.archive import Archive
from tracuu.index.document import Document


@dataclass
class CitationLink:
    """One edge of the graph; ``id`` is None when the other document is not in the archive."""

    number: str
    doc_type: str | None = None
    date: str | None = None
    id: str | None = None
    title: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def cites(archive: Archive, doc: Document) -> list[CitationLink]:
    """The documents ``doc`` names, linked to the archived ones where we hold them."""
    links = []
    for cite in doc.meta.cites:
        ids = [i for i in archive.by_number(cite.number) if i != doc.id]
        target = archive.get(ids[0]) if ids else None
        links.append(CitationLink(cite.number, cite.doc_type, cite.date, target.id if target else None,
                                  target.title if target else None))
    return links


def cited_by(searcher, archive: Archive, doc: Document, limit: int = 50) -> list[CitationLink]:
    """Archived documents whose text names ``doc``'s number."""
    if not doc.meta.number:
        return []
    hits = searcher.search(Q.Term("cites", doc.meta.number.lower()), limit=limit)
    ids = [h["id"] for h in hits if h["id"] != doc.id]
    docs = archive.get_many(ids)
    return [CitationLink(d.meta.number or "", d.meta.doc_type, d.meta.date, d.id, d.title)
            for d in (docs[i] for i in ids if i in docs)]
