""""More like this": archived documents whose folded body shares a document's most telling terms."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import asdict, dataclass

from whoosh import query as Q

from tracuu.index.analyzer import surface_tokens
from tracuu.index.archive import Archive
from tracuu.index.document import Document
from tracuu.index.vntext import fold_token

_DATE_OR_NUMBER = re.compile(r"^[\d.,]+$|^\d{4}-\d{2}(-\d{2})?$")
#: Key terms drawn from the document; more finds subtler neighbours but costs a longer query.
KEY_TERMS = 15


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


def key_terms(searcher, doc: Document, count: int = KEY_TERMS) -> list[tuple[str, float]]:
    """The folded terms that best tell ``doc`` apart: frequent in it, rare in the index (tf-idf), best first."""
    return weigh_terms(doc, searcher.doc_count(),
                       lambda terms: {t: searcher.doc_frequency("body_f", t) for t in terms}, count)


def candidate_terms(doc: Document) -> Counter:
    """The folded body terms of ``doc`` that may tell it apart, with their counts in it."""
    # The folded body field is not stored, so its terms are rebuilt from the original text with the
    # cheap surface tokenizer (syllables and numbers, as the field holds them), not re-segmented.
    counts = Counter(fold_token(t.text) for t in surface_tokens(f"{doc.title}\n{doc.text}"))
    # a date or a bare number says little about what a document is about
    return Counter({t: n for t, n in counts.items() if len(t) >= 2 and not _DATE_OR_NUMBER.match(t)})


def weigh_terms(doc: Document, doc_count: int, frequencies, count: int = KEY_TERMS) -> list[tuple[str, float]]:
    """``key_terms`` over any index: ``frequencies(terms)`` gives each folded body term's document frequency."""
    counts = candidate_terms(doc)
    total = max(1, doc_count)
    found = frequencies(list(counts))
    weights = {}
    for term, tf in counts.items():
        df = found.get(term, 0)
        if df > 1:  # a term only this document has cannot find a neighbour
            idf = math.log((total + 1) / df)  # zero for a term every document has
            if idf > 0:
                weights[term] = (1 + math.log(tf)) * idf
    return sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:count]


def more_like_this(searcher, archive: Archive, doc: Document, limit: int = 5) -> list[RelatedDoc]:
    """Up to ``limit`` other documents most like ``doc``, best first (empty if nothing shares its terms)."""
    terms = key_terms(searcher, doc)
    if not terms:
        return []
    top = terms[0][1]
    query = Q.Or([Q.Term("body_f", term, boost=weight / top) for term, weight in terms])
    mask = Q.Term("id", doc.id)
    hits = searcher.search(query, limit=limit, mask=mask)
    scored = [(h["id"], float(h.score or 0.0)) for h in hits if h["id"] != doc.id]
    docs = archive.get_many([i for i, _ in scored])
    return [RelatedDoc(i, docs[i].title or docs[i].source, docs[i].meta.doc_type, docs[i].meta.number,
                       docs[i].meta.date, round(score, 4))
            for i, score in scored if i in docs]
