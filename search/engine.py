"""Ranked search over the index: query building, filters, facets, sorting, snippets."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from whoosh import query as Q
from whoosh import scoring, sorting

from index.analyzer import analyze, normalize_docno
from index.archive import Archive
from index.schema import FACETS
from index.store import IndexStore
from index.vntext import fold_token, has_diacritics
from search.query import Clause, ParsedQuery, parse_query
from search.results import Hit, SearchResult
from search.snippets import snippet
from tracuu import settings
from tracuu.errors import QueryError

SORTS = ("relevance", "newest", "oldest")

# BM25F weights: a match in the title or the number says more than one in the body.  Every match
# scores in the folded fields; a match with the same diacritics adds W_EXACT on top, so exact
# matches rank above folded ones while a query typed without accents ranks like one with them.
W_TITLE, W_BODY, W_EXACT, W_WORD, W_PHRASE, W_NUMBER = 3.0, 1.0, 0.3, 0.3, 2.0, 30.0


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


@dataclass
class QueryTerms:
    """The terms a query looks for, kept for highlighting."""

    exact: set[str] = field(default_factory=set)
    folded: set[str] = field(default_factory=set)


def parse_date(value: str | None, param: str) -> datetime | None:
    """``YYYY-MM-DD`` (also ``DD/MM/YYYY``) to a datetime; ``QueryError`` naming ``param`` otherwise."""
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m", "%Y"):
        try:
            return datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    raise QueryError(f"invalid date '{value}' for {param}: use YYYY-MM-DD", param)


def _clause_query(clause: Clause, terms: QueryTerms) -> Q.Query | None:
    """One clause: every position must match (in the title or the body, exact or folded)."""
    tokens = analyze(clause.text)
    if not tokens:
        return None
    accented = has_diacritics(clause.text)
    by_pos: dict[int, list] = {}
    for t in tokens:
        by_pos.setdefault(t.pos, []).append(t)
    required, bonus = [], []
    syllables = []
    for pos in sorted(by_pos):
        options = []
        for t in by_pos[pos]:
            terms.exact.add(t.text)
            f = fold_token(t.text)
            terms.folded.add(f)
            if t.kind == "word":
                bonus.append(Q.Term("body" if accented else "body_f", t.text if accented else f, boost=W_WORD))
                continue
            options += [Q.Term("title_f", f, boost=W_TITLE), Q.Term("body_f", f, boost=W_BODY)]
            if accented:
                options += [Q.Term("title", t.text, boost=W_TITLE * W_EXACT), Q.Term("body", t.text, boost=W_EXACT)]
            if t.kind == "docno":
                options += [Q.Term("number", t.text, boost=W_NUMBER), Q.Term("cites", t.text, boost=W_NUMBER / 5)]
            if t.kind == "syl":
                syllables.append(f)
        if options:
            required.append(Q.Or(options))
    if not required:
        return None
    if len(syllables) > 1:
        phrase = Q.Phrase("body_f", syllables, boost=W_PHRASE)
        if clause.phrase:
            return Q.And([phrase, *required])
        bonus.append(phrase)
        bonus.append(Q.Phrase("title_f", syllables, boost=W_PHRASE * W_TITLE))
    core = Q.And(required) if len(required) > 1 else required[0]
    return Q.AndMaybe(core, Q.Or(bonus)) if bonus else core


def build_query(parsed: ParsedQuery, terms: QueryTerms, loose: bool = False) -> Q.Query | None:
    """The Whoosh query of a parsed query; ``loose`` lets documents match only some words."""
    alternatives = []
    for group in parsed.groups:
        positive, negative = [], []
        for clause in group:
            if loose and not clause.phrase and not clause.negate:
                for word in clause.text.split():
                    sub = _clause_query(Clause(word), terms)
                    if sub is not None:
                        positive.append(sub)
                continue
            sub = _clause_query(clause, QueryTerms() if clause.negate else terms)
            if sub is not None:
                (negative if clause.negate else positive).append(sub)
        if not positive:
            continue
        core = (Q.Or(positive, scale=0.9) if loose else Q.And(positive)) if len(positive) > 1 else positive[0]
        alternatives.append(Q.AndNot(core, Q.Or(negative)) if negative else core)
    if not alternatives:
        return None
    return alternatives[0] if len(alternatives) == 1 else Q.Or(alternatives)


class SearchEngine:
    """Searches one home's index; reopens the index when it changes (safe to share across threads)."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.store = IndexStore(self.home)
        self._archive_path = self.home / "archive.sqlite"
        self._lock = threading.Lock()
        self._index = None
        self._searcher = None
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
        with self._lock:
            stamp = self.store.stamp()
            if self._searcher is None or stamp != self._stamp:
                index = self.store.open()
                self._searcher = index.searcher(weighting=scoring.BM25F(B=0.75, K1=1.2))
                self._index, self._stamp = index, stamp
            return self._searcher

    # --- search -----------------------------------------------------------------------------

    def search(self, text: str, filters: Filters | None = None, sort: str = "relevance", page: int = 1,
               page_size: int | None = None) -> SearchResult:
        """Ranked results for ``text`` with facet counts over the whole result set."""
        started = time.perf_counter()
        filters = filters or Filters()
        page_size = int(settings.get("page_size")) if page_size is None else page_size
        _check_paging(page, page_size, sort)
        parsed = parse_query(text or "")
        _merge_typed_filters(parsed, filters)
        searcher = self.searcher()
        terms = QueryTerms()
        query = build_query(parsed, terms)
        filter_query = self._filter_query(filters, searcher)
        approximate = False
        results = self._run(searcher, query, filter_query, sort, page, page_size)
        if query is not None and results.total == 0:
            loose = build_query(parsed, QueryTerms(), loose=True)
            if loose is not None:
                results = self._run(searcher, loose, filter_query, sort, page, page_size)
                approximate = results.total > 0
        hits = self._hits(results, terms)
        facets = {name: _facet_counts(results, name) for name in FACETS}
        suggestion = self.suggest(text, searcher) if results.total == 0 or approximate else None
        return SearchResult(
            query=text, total=results.total, took_ms=round((time.perf_counter() - started) * 1000, 2), page=page,
            page_size=page_size, results=hits, facets=facets, suggestion=suggestion, approximate=approximate,
            sort=sort,
        )

    def _run(self, searcher, query, filter_query, sort, page, page_size):
        if query is None:
            query = Q.Every()
            if sort == "relevance":
                sort = "newest"
        sortedby = None
        if sort in ("newest", "oldest"):
            sortedby = sorting.FieldFacet("date", reverse=(sort == "newest"))
        groupedby = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in FACETS}
        page_obj = searcher.search_page(query, page, pagelen=page_size, filter=filter_query, sortedby=sortedby,
                                        groupedby=groupedby)
        return page_obj

    def _filter_query(self, filters: Filters, searcher) -> Q.Query | None:
        parts = []
        for name in FACETS:
            wanted = getattr(filters, name)
            if wanted:
                parts.append(Q.Or([Q.Term(name, v) for v in self._resolve(searcher, name, wanted)] or [Q.NullQuery]))
        for name in ("cites", "number"):
            values = getattr(filters, name)
            if values:
                parts.append(Q.Or([Q.Term(name, normalize_docno(v).lower()) for v in values]))
        start = parse_date(filters.date_from, "from")
        end = parse_date(filters.date_to, "to")
        if start or end:
            if end is not None:
                end = end + timedelta(days=1) - timedelta(microseconds=1)
            parts.append(Q.DateRange("date", start, end))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Q.And(parts)

    @staticmethod
    def _resolve(searcher, name: str, wanted: list[str]) -> list[str]:
        """Facet values in the index that equal the wanted ones ignoring case and accents."""
        keys = {_fold_label(w) for w in wanted}
        values = [v.decode("utf-8") if isinstance(v, bytes) else v for v in searcher.lexicon(name)]
        return [v for v in values if _fold_label(v) in keys]

    def _hits(self, results, terms: QueryTerms) -> list[Hit]:
        ids = [r["id"] for r in results]
        docs = self.archive().get_many(ids)
        width = int(settings.get("snippet_chars"))
        hits = []
        for r in results:
            doc = docs.get(r["id"])
            if doc is None:
                continue  # deleted from the archive since the index was built
            m = doc.meta
            hits.append(Hit(
                id=doc.id, source=doc.source, url=doc.url, title=m.title or doc.source, doc_type=m.doc_type,
                number=m.number, date=m.date, issuer=m.issuer, province=m.province, district=m.district,
                score=round(float(r.score or 0.0), 4), snippet=snippet(doc.text, terms.exact, terms.folded, width),
                cites=[c.number for c in m.cites], signer=m.signer, issuer_level=m.issuer_level,
            ))
        return hits

    def suggest(self, text: str, searcher=None) -> str | None:
        """"Did you mean": each unknown syllable replaced by the closest one in the index's vocabulary."""
        searcher = searcher or self.searcher()
        words = text.split()
        if not words or len(words) > 12:
            return None
        corrector = searcher.corrector("body_f")
        changed, out = False, []
        for word in words:
            tokens = analyze(word)
            if len(tokens) != 1 or tokens[0].kind != "syl" or tokens[0].text.isdigit():
                out.append(word)
                continue
            folded = fold_token(tokens[0].text)
            if searcher.doc_frequency("body_f", folded) > 0:
                out.append(word)
                continue
            options = corrector.suggest(folded, limit=1, maxdist=1 if len(folded) <= 4 else 2)
            if options:
                out.append(options[0])
                changed = True
            else:
                out.append(word)
        return " ".join(out) if changed else None


def _fold_label(value: str) -> str:
    return " ".join(fold_token(w) for w in value.lower().split())


def _facet_counts(results, name: str) -> dict[str, int]:
    try:
        groups = results.results.groups(name)
    except (KeyError, ValueError):
        return {}
    counts = {(k.decode() if isinstance(k, bytes) else k): v for k, v in groups.items() if k}
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _check_paging(page: int, page_size: int, sort: str) -> None:
    if page < 1:
        raise QueryError("page must be 1 or more", "page")
    if not 1 <= page_size <= int(settings.get("max_page_size")):
        raise QueryError(f"page size must be between 1 and {settings.get('max_page_size')}", "page_size")
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}", "sort")


def _merge_typed_filters(parsed: ParsedQuery, filters: Filters) -> None:
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
