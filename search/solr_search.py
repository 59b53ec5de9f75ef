"""The SolrCloud backend: the same search as the Whoosh one, over a collection of many shards.

The query is planned by ``search.ranking`` exactly as for Whoosh and written out in Solr's syntax
(``search.solr_query``); the collection's similarity computes Whoosh's BM25F (solr/configset), so
both backends rank the same terms the same way.  Facets come from the JSON Facet API with
``refine`` (exact counts over shards); titles, metadata and snippets come from the archive, cut by
``search.snippets`` from the original text, so a result's JSON does not depend on the backend.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime
from pathlib import Path

from tracuu.index.analyzer import normalize_docno
from tracuu.index.archive import Archive
from tracuu.index.document import Document, sha1
from tracuu.index.schema import FACETS
from tracuu.search.citations import CitationLink
from tracuu.search.engine import Filters, check_paging, copy_filters, merge_typed_filters, parse_date, resolve_values
from tracuu.search.query import parse_query
from tracuu.search.ranking import QueryTerms, build_query, docno_variants
from tracuu.search.related import RelatedDoc, weigh_terms
from tracuu.search.request import SearchRequest
from tracuu.search.results import SearchResult, hit_of
from tracuu.search.snippets import placed_snippet, snippet
from tracuu.search.solr_admin import call
from tracuu.search.solr_query import NOTHING, lucene, quote, solr_date, terms_filter
from tracuu.search.solr_suggest import SolrVocabulary
from tracuu.search.text_places import text_places
from whoosh import query as Q

from tracuu import settings
from tracuu.errors import QueryError

#: Seconds the list of a facet's values (for resolving filters typed loosely) is kept.
VALUES_TTL = 10.0
#: Order of results tied on score (Whoosh breaks ties by index order, which Solr does not share).
TIEBREAK = "id asc"
SORT_CLAUSES = {
    "relevance": f"score desc,{TIEBREAK}",
    # as Whoosh sorts the date column: newest first with undated documents before all, oldest last
    "newest": f"if(exists(date),1,0) asc,date desc,{TIEBREAK}",
    "oldest": f"if(exists(date),0,1) asc,date asc,{TIEBREAK}",
}


class SolrBackend:
    """A SolrCloud collection (or alias) at ``url``, over the archive of ``home``."""

    name = "solr"

    def __init__(self, home: Path, url: str, collection: str) -> None:
        self.home = Path(home)
        self.url = url.rstrip("/")
        self.collection = collection
        self._local = threading.local()
        self._values: dict[str, tuple[float, list[str]]] = {}
        self.vocabulary = SolrVocabulary(self._call)

    # --- plumbing ---------------------------------------------------------------------------

    def archive(self) -> Archive:
        archive = getattr(self._local, "archive", None)
        if archive is None:
            archive = self._local.archive = Archive(self.home / "archive.sqlite", readonly=True)
        return archive

    def _call(self, handler: str, body: dict) -> dict:
        """POST a JSON request to the collection's ``handler``."""
        return call(self.url, f"/{self.collection}{handler}", body=json.dumps(body).encode())

    def _select(self, query: str, filters: list[str], rows: int, offset: int = 0, sort: str | None = None,
                facets: dict | None = None, fields: str = "id,score") -> dict:
        body: dict = {"query": query, "filter": filters, "limit": rows, "offset": offset, "fields": fields,
                      "params": {"q.op": "OR", "sow": "true"}}
        if sort:
            body["sort"] = sort
        if facets:
            body["facet"] = facets
        return self._call("/select", body)

    # --- search -----------------------------------------------------------------------------

    def search(self, req: SearchRequest, snippets: bool = True) -> SearchResult:
        """As ``SearchEngine.search``: exact results first, partial ones when none or to fill page one."""
        started = time.perf_counter()
        filters = copy_filters(req.filters)
        page, sort = req.page, req.sort
        page_size = int(settings.get("page_size")) if req.page_size is None else req.page_size
        check_paging(page, page_size, sort)
        parsed = parse_query(req.q or "")
        merge_typed_filters(parsed, filters)
        terms = QueryTerms()
        tree = build_query(parsed, terms, issuer=True, own=True)
        loose_tree = build_query(parsed, QueryTerms(), loose=True, issuer=True, own=True) if tree is not None else None
        fq = self._filters(filters)
        order = SORT_CLAUSES["relevance" if sort == "relevance" and tree is not None else
                             ("oldest" if sort == "oldest" else "newest")]
        query = lucene(tree, self._expand) if tree is not None else "*:*"
        facets = {name: {"type": "terms", "field": name, "limit": -1, "mincount": 1, "refine": True,
                         "sort": "count desc"} for name in FACETS}
        start = (page - 1) * page_size
        answer = self._select(query, fq, page_size, start, order, facets)
        exact_total = answer["response"]["numFound"]
        approximate = False
        if exact_total == 0 and loose_tree is not None:
            answer = self._select(lucene(loose_tree, self._expand), fq, page_size, start, order, facets)
            approximate = True
        total = answer["response"]["numFound"]
        rows = [(d["id"], float(d.get("score") or 0.0), approximate) for d in answer["response"]["docs"]]
        counts = _facet_counts(answer.get("facets", {}))
        if loose_tree is not None and 0 < exact_total < page_size:
            # every exact result is on the first page: the best partial matches fill it up
            fill = self._select(lucene(loose_tree, self._expand), fq + [f"-({query})"], page_size - exact_total, 0, order,
                                fields="id,score," + ",".join(FACETS))["response"]["docs"]
            total = exact_total + len(fill)
            for d in fill:
                for name in FACETS:
                    if d.get(name):
                        counts[name][d[name]] = counts[name].get(d[name], 0) + 1
            counts = {name: _ordered(c) for name, c in counts.items()}
            if page == 1:
                rows += [(d["id"], float(d.get("score") or 0.0), True) for d in fill]
        hits = self._hits(rows, terms if snippets else None)
        suggestion = self.suggest(req.q) if exact_total == 0 else None
        return SearchResult(
            query=req.q, total=total, took_ms=round((time.perf_counter() - started) * 1000, 2), page=page,
            page_size=page_size, results=hits, facets=counts, suggestion=suggestion,
            approximate=approximate and total > 0, sort=sort, exact_total=exact_total,
        )

    def _filters(self, filters: Filters) -> list[str]:
        """Filter queries for the facet, number and date filters (as ``SearchEngine._filter_mask``)."""
        out = []
        for name in FACETS:
            wanted = getattr(filters, name)
            if wanted:
                out.append(terms_filter(name, resolve_values(self._facet_values(name), wanted)))
        for name in ("cites", "number"):
            values = getattr(filters, name)
            if values:
                forms = [form for v in values for form in docno_variants(normalize_docno(v).lower())]
                out.append(lucene(Q.Or([Q.Term(name, form) for form in forms])))  # 529/CV-QU finds 529-CV/QU
        start = parse_date(filters.date_from, "from")
        end = parse_date(filters.date_to, "to", end=True)
        if start and end and start > end:
            raise QueryError("the start date is after the end date", "from")
        if start or end:
            out.append(f"date:[{_bound(start)} TO {_bound(end)}]")
        return out

    def _expand(self, field: str, prefix: str) -> list[str]:
        """The terms of ``field`` starting with ``prefix`` (for prefixes: see ``search.solr_query``)."""
        return list(self.vocabulary.slice(field, prefix))

    def _facet_values(self, name: str) -> list[str]:
        """Every value facet ``name`` has in the collection (kept ``VALUES_TTL`` seconds)."""
        kept = self._values.get(name)
        if kept is not None and time.monotonic() - kept[0] < VALUES_TTL:
            return kept[1]
        answer = self._select("*:*", [], 0, facets={name: {"type": "terms", "field": name, "limit": -1,
                                                            "refine": True}})
        values = [b["val"] for b in answer.get("facets", {}).get(name, {}).get("buckets", [])]
        self._values[name] = (time.monotonic(), values)
        return values

    def _hits(self, rows: list[tuple[str, float, bool]], terms: QueryTerms | None):
        """Hits for ``(id, score, approximate)`` rows, from the archive (a document deleted since is left out)."""
        archive = self.archive()
        docs = archive.get_many([doc_id for doc_id, _, _ in rows])
        width = int(settings.get("snippet_chars"))
        analyses = archive.cached_analyses([sha1(d.text) for d in docs.values()]) if terms is not None else {}
        hits = []
        for doc_id, score, approximate in rows:
            doc = docs.get(doc_id)
            if doc is None:
                continue
            text = self._snippet(doc, analyses.get(sha1(doc.text)), terms, width) if terms is not None else ""
            hits.append(hit_of(doc, score, text, approximate))
        return hits

    @staticmethod
    def _snippet(doc: Document, analysis: str | None, terms: QueryTerms, width: int) -> str:
        """As the Whoosh backend cuts it: at the matched places, found from the archive's analysis."""
        if analysis is None:  # no analysis kept: find the terms in the text
            return snippet(doc.text, terms.exact, terms.folded, width)
        places = text_places(doc.text, analysis, terms.folded, terms.numbers)
        return placed_snippet(doc.text, places, width, doc.meta.number)

    # --- the rest of the seam ---------------------------------------------------------------

    def suggest(self, text: str) -> str | None:
        from tracuu.search.suggest import suggest

        return suggest(self.vocabulary, text)

    def more_like_this(self, doc: Document, limit: int = 5) -> list[RelatedDoc]:
        """As ``search.related.more_like_this``: the document's most telling folded terms, OR-ed."""
        terms = weigh_terms(doc, self.indexed_count(), lambda ts: self.vocabulary.doc_frequencies("body_f", ts))
        if not terms:
            return []
        top = terms[0][1]
        query = lucene(Q.Or([Q.Term("body_f", term, boost=weight / top) for term, weight in terms]))
        found = self._select(query, [f"-id:{quote(doc.id)}"], limit, sort=SORT_CLAUSES["relevance"])
        scored = [(d["id"], float(d.get("score") or 0.0)) for d in found["response"]["docs"]]
        docs = self.archive().get_many([i for i, _ in scored])
        return [RelatedDoc(i, docs[i].title or docs[i].source, docs[i].meta.doc_type, docs[i].meta.number,
                           docs[i].meta.date, round(score, 4))
                for i, score in scored if i in docs]

    def cited_by(self, doc: Document, limit: int = 50) -> list[CitationLink]:
        """Indexed documents whose text names ``doc``'s number."""
        if not doc.meta.number:
            return []
        found = self._select(f"cites:{quote(doc.meta.number.lower())}", [f"-id:{quote(doc.id)}"], limit,
                             sort=SORT_CLAUSES["relevance"], fields="id")
        ids = [d["id"] for d in found["response"]["docs"]]
        docs = self.archive().get_many(ids)
        return [CitationLink(d.meta.number or "", d.meta.doc_type, d.meta.date, d.id, d.title)
                for d in (docs[i] for i in ids if i in docs)]

    def indexed_count(self) -> int:
        return int(self._select("*:*", [], 0)["response"]["numFound"])

    def state(self) -> object:
        return None  # other machines write the collection: results are not kept

    def index(self, rebuild: bool = False, progress=None):
        """``search.solr_index.index_to_solr`` from the home's archive."""
        from tracuu.search.solr_index import index_to_solr

        with Archive(self.home / "archive.sqlite") as archive:
            return index_to_solr(archive, self.url, self.collection, rebuild=rebuild, progress=progress)


def _bound(value: datetime | None) -> str:
    return solr_date(value) if value is not None else "*"


def _facet_counts(facets: dict) -> dict[str, dict[str, int]]:
    out = {}
    for name in FACETS:
        buckets = facets.get(name, {}).get("buckets", [])
        out[name] = _ordered({b["val"]: int(b["count"]) for b in buckets if b["val"] != ""})
    return out


def _ordered(counts: dict[str, int]) -> dict[str, int]:
    """Most first, then by value: the order the Whoosh backend gives."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


__all__ = ["NOTHING", "SolrBackend"]
