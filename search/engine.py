"""Ranked search over the index: query building, filters, facets, sorting, snippets."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from pathlib import Path

from whoosh import query as Q
from whoosh import scoring, sorting
from whoosh.searching import Searcher

from index.analyzer import analyze, normalize_docno
from index.archive import Archive
from index.schema import FACETS
from index.store import IndexStore
from index.vntext import fold_token, has_diacritics
from search.query import ParsedQuery, parse_query
from search.ranking import QueryTerms, build_query, docno_variants
from search.results import Hit, SearchResult
from search.snippets import snippet
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


class _Recency(scoring.BM25F):
    """BM25F times ``1 + weight * 2**(-age / half_life)``, age counted back from the newest document."""

    use_final = True

    def __init__(self, weight: float, half_life_days: float) -> None:
        super().__init__(**BM25)
        self.weight, self.half_life = weight, max(half_life_days, 1.0)
        self._dates = None
        self._newest: datetime | None = None

    def final(self, searcher, docnum: int, score: float) -> float:
        if self._dates is None:
            column = searcher.reader().column_reader("date")
            self._dates = column
            self._newest = max((d for d in column if isinstance(d, datetime)), default=None)
        date = self._dates[docnum]
        if not isinstance(date, datetime) or self._newest is None:
            return score
        age = max((self._newest - date).days, 0)
        return score * (1.0 + self.weight * 2.0 ** (-age / self.half_life))


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
                self._searcher = index.searcher(weighting=scoring.BM25F(**BM25))
                self._index, self._stamp = index, stamp
            return self._searcher

    # --- search -----------------------------------------------------------------------------

    def search(self, text: str, filters: Filters | None = None, sort: str = "relevance", page: int = 1,
               page_size: int | None = None, recency: float = 0.0, snippets: bool = True) -> SearchResult:
        """Ranked results for ``text`` with facet counts over the whole result set.

        ``total`` counts the documents holding every word.  When there are none, documents holding some
        of them are ranked instead (``approximate``, more words first).  The last page of a short
        exact list is filled up with the best of those, each marked ``Hit.approximate``.
        ``recency`` > 0 lifts recent documents (see ``RECENCY_HALF_LIFE_DAYS``); 0 ranks by text alone.
        ``snippets=False`` leaves them empty, for callers that only need the ranking (``tracuu eval``).
        """
        started = time.perf_counter()
        filters = _copy_filters(filters)
        page_size = int(settings.get("page_size")) if page_size is None else page_size
        _check_paging(page, page_size, sort)
        if not 0.0 <= recency <= 10.0:
            raise QueryError("recency must be between 0 and 10", "recency")
        parsed = parse_query(text or "")
        _merge_typed_filters(parsed, filters)
        searcher = self.searcher()
        if recency and sort == "relevance":
            searcher = Searcher(searcher.reader(), weighting=_Recency(recency, RECENCY_HALF_LIFE_DAYS),
                                closereader=False)
        issuer = "issuer_f" in searcher.schema
        terms = QueryTerms()
        query = build_query(parsed, terms, issuer=issuer)
        filter_query = self._filter_query(filters, searcher)
        results = self._run(searcher, query, filter_query, sort, page, page_size)
        exact_total = results.total
        loose = build_query(parsed, QueryTerms(), loose=True, issuer=issuer) if query is not None else None
        if loose is not None and exact_total == 0:
            results = self._run(searcher, loose, filter_query, sort, page, page_size)
        past_the_end = (page - 1) * page_size >= results.total  # Whoosh would show the last page again
        hits = [] if past_the_end else self._hits(results, terms if snippets else None)
        if loose is not None and (page - 1) * page_size < exact_total < page * page_size:
            # every exact match is in ``results`` (fewer than a page): mask them by that set, not by the query
            fill = searcher.search(loose, limit=page * page_size - exact_total, filter=filter_query,
                                   mask=results.results, sortedby=_sorted_by(sort))
            hits += [replace(h, approximate=True) for h in self._hits(fill, terms if snippets else None)]
        suggestion = self.suggest(text, searcher) if exact_total == 0 else None
        return SearchResult(
            query=text, total=results.total, took_ms=round((time.perf_counter() - started) * 1000, 2), page=page,
            page_size=page_size, results=hits, facets={name: _facet_counts(results, name) for name in FACETS},
            suggestion=suggestion, approximate=exact_total == 0 and results.total > 0, sort=sort,
            exact_total=exact_total,
        )

    def _run(self, searcher, query, filter_query, sort, page, page_size):
        if query is None:
            query = Q.Every()
            if sort == "relevance":
                sort = "newest"
        groupedby = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in FACETS}
        return searcher.search_page(query, page, pagelen=page_size, filter=filter_query, sortedby=_sorted_by(sort),
                                    groupedby=groupedby)

    def _filter_query(self, filters: Filters, searcher) -> Q.Query | None:
        parts = []
        for name in FACETS:
            wanted = getattr(filters, name)
            if wanted:
                parts.append(Q.Or([Q.Term(name, v) for v in self._resolve(searcher, name, wanted)] or [Q.NullQuery]))
        for name in ("cites", "number"):
            values = getattr(filters, name)
            if values:
                forms = [form for v in values for form in docno_variants(normalize_docno(v).lower())]
                parts.append(Q.Or([Q.Term(name, form) for form in forms]))  # 529/CV-QU finds 529-CV/QU
        start = parse_date(filters.date_from, "from")
        end = parse_date(filters.date_to, "to", end=True)
        if start and end and start > end:
            raise QueryError("the start date is after the end date", "from")
        if start or end:
            parts.append(Q.DateRange("date", start, end))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Q.And(parts)

    @staticmethod
    def _resolve(searcher, name: str, wanted: list[str]) -> list[str]:
        """Facet values in the index equal to the wanted ones ignoring case and accents, else containing them.

        ``coquan:"Thành ủy"`` thus finds ``Thành ủy Hà Nội`` when no issuer is called just "Thành ủy".
        """
        values = [v.decode("utf-8") if isinstance(v, bytes) else v for v in searcher.lexicon(name)]
        labels = {v: _fold_label(v) for v in values}
        found: list[str] = []
        for w in wanted:
            key = _fold_label(w)
            if not key:
                continue
            same = [v for v, label in labels.items() if label == key]
            found += same or [v for v, label in labels.items() if f" {key} " in f" {label} "]
        return found

    def _hits(self, results, terms: QueryTerms | None) -> list[Hit]:
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
                score=round(float(r.score or 0.0), 4),
                snippet=snippet(doc.text, terms.exact, terms.folded, width) if terms is not None else "",
                cites=[c.number for c in m.cites], signer=m.signer, issuer_level=m.issuer_level,
            ))
        return hits

    def suggest(self, text: str, searcher=None) -> str | None:
        """"Did you mean": each syllable the index does not know replaced by the closest one it does.

        Candidates come from the folded vocabulary (one edit first, then two); one that forms a word
        the index knows with its neighbour (``cach`` + ``ly``) wins, then the most frequent.  A word
        typed with diacritics gets its suggestion with diacritics, from the exact vocabulary.
        """
        searcher = searcher or self.searcher()
        words = text.split()
        if not words or len(words) > 12:
            return None
        exact = [_syllable(w) for w in words]
        changed, out = False, []
        for i, word in enumerate(words):
            context = (exact[i - 1] if i else None, exact[i + 1] if i + 1 < len(words) else None)
            better = _correct(searcher, word, context)
            if better is not None:
                changed, exact[i] = True, better
            out.append(better or word)
        return " ".join(out) if changed else None


def _sorted_by(sort: str):
    if sort in ("newest", "oldest"):
        return sorting.FieldFacet("date", reverse=(sort == "newest"))
    return None


def _syllable(word: str) -> str | None:
    """The syllable (normalised, not folded) ``word`` stands for, or None when it is not one plain syllable."""
    if ":" in word or word in ("OR", "AND") or word.startswith(("-", '"')):
        return None
    tokens = analyze(word)
    if len(tokens) != 1 or tokens[0].kind != "syl" or not tokens[0].text.isalpha():
        return None
    return tokens[0].text


def _correct(searcher, word: str, context: tuple[str | None, str | None]) -> str | None:
    """The closest known syllable to ``word``, or None when it is known, not a syllable, or has no neighbour.

    ``context`` holds the syllables before and after (None at an edge or for a non-syllable).
    """
    exact = _syllable(word)
    if exact is None:
        return None
    folded = fold_token(exact)
    accented = has_diacritics(word)
    folded_context = tuple(fold_token(c) if c else None for c in context)
    if searcher.doc_frequency("body_f", folded) > 0:
        if not accented or searcher.doc_frequency("body", exact) > 0:
            return None
        # right letters, wrong marks
        return _nearest(searcher, "body", exact, lambda t: fold_token(t) == folded, context)
    choice = _nearest(searcher, "body_f", folded, str.isalpha, folded_context)
    if choice is None or not accented:
        return choice
    return _nearest(searcher, "body", exact, lambda t: fold_token(t) == choice, context) or choice


def _nearest(searcher, field_name: str, text: str, accept, context=(None, None)) -> str | None:
    """The best acceptable term one edit from ``text``, else two (same first letter, longer words only).

    Best is one that makes a word the index knows with a neighbour (``context``: the syllables before
    and after, in the field's own form), then the most frequent.
    """
    corrector = searcher.corrector(field_name)
    before, after = context
    candidates: list[str] = []
    for distance in (1, 2) if len(text) > 3 else (1,):  # two edits on a short syllable is another word
        found = corrector.suggest(text, limit=10, maxdist=distance, prefix=1)
        candidates += [c for c in found if accept(c) and c not in candidates]
    for candidate in candidates:
        pairs = ([f"{before}_{candidate}"] if before else []) + ([f"{candidate}_{after}"] if after else [])
        if any(searcher.doc_frequency(field_name, p) > 0 for p in pairs):
            return candidate
    return candidates[0] if candidates else None


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


def _copy_filters(filters: Filters | None) -> Filters:
    """A private copy, so filters typed in the box never leak into the caller's object."""
    if filters is None:
        return Filters()
    return Filters(**{f.name: list(getattr(filters, f.name)) if isinstance(getattr(filters, f.name), list)
                      else getattr(filters, f.name) for f in fields(Filters)})


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
