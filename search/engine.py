"""Ranked search over the index: query building, filters, facets, sorting, duplicates, snippets.

Queries are built by ``search.ranking`` as Whoosh queries and evaluated over the whole index at
once by ``search.collect`` (numpy arrays instead of Whoosh's document-at-a-time collectors); the
ranking is Whoosh's BM25F to the last bit, only much cheaper to compute.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from whoosh import query as Q
from whoosh import scoring

from tracuu.index.analyzer import normalize_docno
from tracuu.index.archive import Archive
from tracuu.index.schema import FACETS
from tracuu.index.store import IndexStore
from tracuu.index.vntext import fold_token
from tracuu.search.collect import Matches, allowed_mask, recency_factors
from tracuu.search.columns import IndexArrays
from tracuu.search.leaves import ArraySearcher
from tracuu.search.matched import find_places, has_spans
from tracuu.search.query import ParsedQuery, parse_query
from tracuu.search.ranking import QueryTerms, build_query, docno_variants
from tracuu.search.results import Hit, SearchResult, hit_of
from tracuu.search.snippets import placed_snippet, snippet
from tracuu.search.suggest import suggest
from tracuu import settings
from tracuu.errors import QueryError

__all__ = ["SORTS", "Filters", "QueryTerms", "SearchEngine", "build_query", "page_count", "parse_date"]

SORTS = ("relevance", "newest", "oldest")

#: BM25 parameters.  Titles are short and say what a document is whatever their length, so their
#: length normalisation is weaker than the body's.
BM25 = {"B": 0.75, "K1": 1.2, "title_B": 0.4, "title_f_B": 0.4}
#: The recency boost (``search(recency=...)``) halves for every this many days before the newest document.
RECENCY_HALF_LIFE_DAYS = 365.0


@dataclass
class Filters:
    """Facet and date filters; values are matched ignoring accents and case."""

    province: list[str] = field(default_factory=list)
    district: list[str] = field(default_factory=list)
    issuer: list[str] = field(default_factory=list)
    doc_type: list[str] = field(default_factory=list)
    year: list[str] = field(default_factory=list)
    signer: list[str] = field(default_factory=list)
    issuer_level: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)
    number: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None


def parse_date(value: str | None, param: str, end: bool = False) -> datetime | None:
    """``YYYY-MM-DD``, ``DD/MM/YYYY``, ``YYYY-MM`` or ``YYYY`` to a datetime; ``QueryError`` naming ``param`` otherwise.

    With ``end``, a month or a year means its last moment, so ``den:2021-08`` keeps all of August.
    """
    if not value:
        return None
    for fmt, unit in (("%Y-%m-%d", "day"), ("%d/%m/%Y", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            start = datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
        if not end:
            return start
        try:
            if unit == "day":
                following = start + timedelta(days=1)
            elif unit == "month":
                following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
            else:
                following = start.replace(year=start.year + 1)
        except (OverflowError, ValueError):
            return datetime.max  # the period ends with the calendar (year 9999)
        return following - timedelta(microseconds=1)
    raise QueryError(f"invalid date '{value}' for {param}: use YYYY-MM-DD", param)


class SearchEngine:
    """Searches one home's index; reopens the index when it changes.

    Whoosh searchers read their files through positions of their own, so an engine (like its
    searcher) serves one thread at a time; the server gives each thread its own (``web.engines``).
    Decoded postings and per-document arrays are shared between engines of one process.
    """

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.store = IndexStore(self.home)
        self._archive_path = self.home / "archive.sqlite"
        self._lock = threading.Lock()
        self._index = None
        self._searcher = None
        self._arrays: IndexArrays | None = None
        self._stamp = -1.0
        self._local = threading.local()

    # --- resources --------------------------------------------------------------------------

    def archive(self) -> Archive:
        """A read-only archive connection for the calling thread."""
        archive = getattr(self._local, "archive", None)
        if archive is None:
            archive = self._local.archive = Archive(self._archive_path, readonly=True)
        return archive

    def searcher(self):
        """The current Whoosh searcher, reopened after an index update or swap."""
        return self._state()[0]

    def _state(self) -> tuple:
        """The searcher and its arrays, both for the live index."""
        with self._lock:
            stamp = self.store.stamp()
            if self._searcher is None or stamp != self._stamp:
                index = self.store.open()
                # Whoosh copies every memory-mapped segment file into a BytesIO when it opens a reader
                # (1.3 GB and 0.9 s at 100,000 documents); plain file reads cost neither.
                index.storage.supports_mmap = False
                self._searcher = index.searcher(weighting=scoring.BM25F(**BM25))
                # query trees are built on a searcher of their own, whose leaves read cached arrays
                self._arrays = IndexArrays(ArraySearcher.open(index, scoring.BM25F(**BM25)))
                self._index, self._stamp = index, stamp
            return self._searcher, self._arrays

    # --- search -----------------------------------------------------------------------------

    def search(self, text: str, filters: Filters | None = None, sort: str = "relevance", page: int = 1,
               page_size: int | None = None, recency: float = 0.0, snippets: bool = True) -> SearchResult:
        """Ranked results for ``text``, each near-duplicate group once, with facet counts over all results.

        Results are the documents holding every word (``exact_total`` of them), best first.  When
        there are none, documents holding some of the words are ranked instead (``approximate``,
        more words first).  When every exact result fits on the first page, that page is filled up
        with the best partial matches, each marked ``Hit.approximate``.  ``total`` counts every
        result the pages hold, partial ones included, and the facets count the same results, so
        pages, counts and facets always agree.  A group of duplicates counts once: its best-ranked
        member stands for it and lists every address of the group (``Hit.sources``).
        ``recency`` > 0 lifts recent documents (see ``RECENCY_HALF_LIFE_DAYS``); 0 ranks by text alone.
        ``snippets=False`` leaves them empty, for callers that only need the ranking (``tracuu eval``).
        """
        started = time.perf_counter()
        filters = copy_filters(filters)
        page_size = int(settings.get("page_size")) if page_size is None else page_size
        check_paging(page, page_size, sort)
        if not 0.0 <= recency <= 10.0:
            raise QueryError("recency must be between 0 and 10", "recency")
        parsed = parse_query(text or "")
        merge_typed_filters(parsed, filters)
        searcher, arrays = self._state()
        issuer, own = "issuer_f" in searcher.schema, "own" in searcher.schema
        terms = QueryTerms()
        query = build_query(parsed, terms, issuer=issuer, own=own)
        loose = build_query(parsed, QueryTerms(), loose=True, issuer=issuer, own=own) if query is not None else None
        allowed = self._filter_mask(filters, arrays)
        scored = sort == "relevance" and query is not None
        factors = recency_factors(arrays, recency, RECENCY_HALF_LIFE_DAYS) if recency and scored else None

        def matches(q, exclude=None) -> Matches:
            return Matches(arrays, q, allowed, exclude, scored=scored, newest=sort != "oldest", factors=factors)

        exact = matches(query)
        exact_total = exact.total
        main = matches(loose) if exact_total == 0 and loose is not None else exact
        rows = _rows(main, page, page_size, approximate=main is not exact)
        total, fill = main.total, np.zeros(0, dtype=np.int64)
        if loose is not None and 0 < exact_total < page_size:
            # every exact result is on the first page: the best partial matches fill it up
            fill, fill_scores = matches(loose, exclude=exact.group_mask()[arrays.groups()]).best(page_size - exact_total)
            total = exact_total + len(fill)
            if page == 1:
                rows += [(int(d), float(s), True) for d, s in zip(fill, fill_scores)]
        hits = self._hits(searcher, arrays, rows, terms if snippets else None)
        facets = {name: main.facet_counts(name, extra=fill) for name in FACETS}
        suggestion = suggest(searcher, text) if exact_total == 0 else None
        return SearchResult(
            query=text, total=total, took_ms=round((time.perf_counter() - started) * 1000, 2), page=page,
            page_size=page_size, results=hits, facets=facets, suggestion=suggestion,
            approximate=main is not exact and main.total > 0, sort=sort, exact_total=exact_total,
        )

    def _filter_mask(self, filters: Filters, arrays: IndexArrays) -> np.ndarray | None:
        """The documents the filters let through (None: no filter), from the index's arrays."""
        masks = []
        for name in FACETS:
            wanted = getattr(filters, name)
            if wanted:
                facet = arrays.facet(name)
                ords = [facet.values.index(v) for v in resolve_values(facet.values, wanted)]
                masks.append(np.isin(facet.ords, ords))
        numbers = []
        for name in ("cites", "number"):
            values = getattr(filters, name)
            if values:
                forms = [form for v in values for form in docno_variants(normalize_docno(v).lower())]
                numbers.append(Q.Or([Q.Term(name, form) for form in forms]))  # 529/CV-QU finds 529-CV/QU
        if numbers:
            masks.append(allowed_mask(arrays, numbers[0] if len(numbers) == 1 else Q.And(numbers)))
        start = parse_date(filters.date_from, "from")
        end = parse_date(filters.date_to, "to", end=True)
        if start and end and start > end:
            raise QueryError("the start date is after the end date", "from")
        if start or end:
            masks.append(arrays.dated_between(start, end))
        if not masks:
            return None
        return np.logical_and.reduce(masks)

    def _hits(self, searcher, arrays: IndexArrays, rows: list[tuple[int, float, bool]],
              terms: QueryTerms | None) -> list[Hit]:
        """Hits for ``(docnum, score, approximate)`` rows, from the archive, with their group's sources."""
        stored = [searcher.stored_fields(docnum) for docnum, _, _ in rows]
        docs = self.archive().get_many([s["id"] for s in stored])
        width = int(settings.get("snippet_chars"))
        places = self._places(arrays, [docnum for docnum, _, _ in rows], terms)
        hits = []
        for (docnum, score, approximate), fields_ in zip(rows, stored):
            doc = docs.get(fields_["id"])
            if doc is None:
                continue  # deleted from the archive since the index was built
            sources, duplicates = _group_of(searcher, arrays, docnum, doc.url or doc.source)
            text = self._snippet(doc, places.get(docnum), terms, width) if terms is not None else ""
            hits.append(hit_of(doc, score, text, approximate, sources, duplicates))
        return hits

    @staticmethod
    def _places(arrays: IndexArrays, docnums: list[int], terms: QueryTerms | None) -> dict:
        """Where the query matched in each hit's text, from the index (empty: the texts are read instead)."""
        if terms is None or not docnums or not has_spans(arrays):
            return {}
        return find_places(arrays, docnums, terms.folded, terms.numbers)

    @staticmethod
    def _snippet(doc, places, terms: QueryTerms, width: int) -> str:
        if places is None:  # an index built before spans were kept: find the terms in the text
            return snippet(doc.text, terms.exact, terms.folded, width)
        return placed_snippet(doc.text, places, width, doc.meta.number)

    def suggest(self, text: str) -> str | None:
        """"Did you mean" for ``text`` (see ``search.suggest``)."""
        return suggest(self.searcher(), text)


def _rows(matches: Matches, page: int, page_size: int, approximate: bool) -> list[tuple[int, float, bool]]:
    """``(docnum, score, approximate)`` of the results on ``page`` (none past the last page)."""
    start = (page - 1) * page_size
    if start >= matches.total:
        return []
    docs, scores = matches.best(page * page_size)
    return [(int(d), float(s), approximate) for d, s in zip(docs[start:], scores[start:])]


def _group_of(searcher, arrays: IndexArrays, docnum: int, own: str) -> tuple[list[str], list[str]]:
    """Every address of ``docnum``'s duplicate group (its own first) and the ids of its other members."""
    if not arrays.has_duplicates():
        return [own], []
    members = [int(m) for m in arrays.members(int(arrays.groups()[docnum])) if m != docnum and arrays.is_live(m)]
    sources = [own]
    duplicates = []
    for member in members:
        fields_ = searcher.stored_fields(member)
        duplicates.append(fields_["id"])
        sources += list(fields_.get("sources") or []) + [fields_.get("url") or fields_.get("source")]
    sources += list(searcher.stored_fields(docnum).get("sources") or [])
    return [s for s in dict.fromkeys(sources) if s], duplicates


def resolve_values(values: list[str], wanted: list[str]) -> list[str]:
    """Facet values in the index equal to the wanted ones ignoring case and accents, else containing them.

    ``coquan:"Thành ủy"`` thus finds ``Thành ủy Hà Nội`` when no issuer is called just "Thành ủy".
    """
    labels = {v: _fold_label(v) for v in values}
    found: list[str] = []
    for w in wanted:
        key = _fold_label(w)
        if not key:
            continue
        same = [v for v, label in labels.items() if label == key]
        found += same or [v for v, label in labels.items() if f" {key} " in f" {label} "]
    return found


def _fold_label(value: str) -> str:
    return " ".join(fold_token(w) for w in value.lower().split())


def check_paging(page: int, page_size: int, sort: str) -> None:
    """``QueryError`` naming the parameter when the page, its size or the sort is out of bounds."""
    if page < 1:
        raise QueryError("page must be 1 or more", "page")
    if not 1 <= page_size <= int(settings.get("max_page_size")):
        raise QueryError(f"page size must be between 1 and {settings.get('max_page_size')}", "page_size")
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}", "sort")


def copy_filters(filters: Filters | None) -> Filters:
    """A private copy, so filters typed in the box never leak into the caller's object."""
    if filters is None:
        return Filters()
    return Filters(**{f.name: list(getattr(filters, f.name)) if isinstance(getattr(filters, f.name), list)
                      else getattr(filters, f.name) for f in fields(Filters)})


def merge_typed_filters(parsed: ParsedQuery, filters: Filters) -> None:
    """Filters typed in the box (``tinh:"Hà Tĩnh"``) join those given as options."""
    for key, values in parsed.filters.items():
        if key == "from":
            filters.date_from = values[-1]
        elif key == "to":
            filters.date_to = values[-1]
        else:
            getattr(filters, key).extend(values)


def page_count(total: int, page_size: int) -> int:
    """How many pages ``total`` results fill."""
    return max(1, math.ceil(total / page_size))
