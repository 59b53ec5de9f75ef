"""Plain data returned by the search layer (the JSON shape scripts rely on)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracuu.index.document import Document


@dataclass
class Hit:
    id: str
    source: str
    url: str | None
    title: str
    doc_type: str | None
    number: str | None
    date: str | None
    issuer: str | None
    province: str | None
    district: str | None
    score: float
    snippet: str
    cites: list[str] = field(default_factory=list)
    signer: str | None = None
    issuer_level: str | None = None
    approximate: bool = False  # matches only some of the query's words ("khớp một phần")
    sources: list[str] = field(default_factory=list)  # every address of its duplicate group, its own first
    duplicates: list[str] = field(default_factory=list)  # ids of the group's other documents
    ocr: dict | None = None  # a scan's text read by OCR: engine, version, languages, dpi, pages, confidence


@dataclass
class SearchResult:
    query: str
    total: int
    took_ms: float
    page: int
    page_size: int
    results: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    approximate: bool = False
    sort: str = "relevance"
    exact_total: int = 0  # results matching every word; the rest of ``total`` match only some

    def to_dict(self) -> dict:
        """The JSON of ``tracuu search --json`` and ``/api/search``."""
        return asdict(self)


def hit_of(doc: Document, score: float, snippet: str, approximate: bool = False, sources: list[str] | None = None,
           duplicates: list[str] | None = None) -> Hit:
    """The hit of an archived document: what it shows comes from the archive, whichever backend ranked it."""
    m = doc.meta
    return Hit(
        id=doc.id, source=doc.source, url=doc.url, title=m.title or doc.source, doc_type=m.doc_type,
        number=m.number, date=m.date, issuer=m.issuer, province=m.province, district=m.district,
        score=round(score, 4), snippet=snippet, cites=[c.number for c in m.cites], signer=m.signer,
        issuer_level=m.issuer_level, approximate=approximate,
        sources=sources if sources is not None else [doc.url or doc.source], duplicates=duplicates or [],
        ocr=doc.extra.get("ocr"),
    )
