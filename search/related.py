""""More like this": archived documents whose folded body shares a document's most telling terms."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from index.analyzer import surface_tokens
from index.archive import Archive
from index.document import Document
from index.vntext import fold_token

#: Key terms drawn from the document; more finds subtler neighbours but costs a longer query.
KEY_TERMS = 12


@dataclass
class RelatedDoc:
    """A neighbour of a document, with what a link to it needs."""

    id: str
    title: str
    doc_type: str | None
    number: str | None
    date: str | None
    score: float

    def to_dict(self) -> dict:
        return asdict(self)


def more_like_this(searcher, archive: Archive, doc: Document, limit: int = 5) -> list[RelatedDoc]:
    """Up to ``limit`` other documents most like ``doc``, best first (empty if nothing shares its terms)."""
    # The folded body field is not stored, so its terms are rebuilt here from the original text with
    # the cheap surface tokenizer (syllables and numbers, as the field holds them), not re-segmented.
    folded = " ".join(fold_token(t.text) for t in surface_tokens(f"{doc.title}\n{doc.text}"))
    if not folded:
        return []
    docnum = searcher.document_number(id=doc.id)
    hits = searcher.more_like(docnum, "body_f", text=folded, top=limit + 1, numterms=KEY_TERMS)
    scored = [(h["id"], float(h.score or 0.0)) for h in hits if h["id"] != doc.id and (h.score or 0) > 0]
    docs = archive.get_many([i for i, _ in scored])
    return [RelatedDoc(i, docs[i].title or docs[i].source, docs[i].meta.doc_type, docs[i].meta.number,
                       docs[i].meta.date, round(score, 4))
            for i, score in scored[:limit] if i in docs]
