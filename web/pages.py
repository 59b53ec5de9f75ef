"""The HTML pages: the search page (with the archive's overview when nothing is asked) and document pages."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, render_template, request

from tracuu.search.backend import SearchBackend
from tracuu.search.engine import page_count
from tracuu.search.request import LIST_PARAMS, SearchRequest
from tracuu.search.results import SearchResult
from tracuu.errors import QueryError
from tracuu.web import urls
from tracuu.web.documents import document_view
from tracuu.web.engines import engine
from tracuu.web.errors import query_message

bp = Blueprint("pages", __name__)

#: The sidebar: (facet in the results, URL parameter, heading).
SIDEBAR = (
    ("province", "province", "Tỉnh/thành phố"),
    ("district", "district", "Quận/huyện"),
    ("issuer", "issuer", "Cơ quan ban hành"),
    ("doc_type", "type", "Loại văn bản"),
    ("year", "year", "Năm"),
)
SORT_LABELS = {"relevance": "Liên quan nhất", "newest": "Mới nhất", "oldest": "Cũ nhất"}
NEWEST_ON_START = 5


@dataclass
class FacetValue:
    value: str
    count: int
    active: bool
    url: str


@dataclass
class FacetGroup:
    param: str
    label: str
    values: list[FacetValue]


def facet_groups(req: SearchRequest, facets: dict[str, dict[str, int]]) -> list[FacetGroup]:
    """Sidebar groups: every value with its count and toggle link, the ones in use first."""
    groups = []
    for key, param, label in SIDEBAR:
        counts = dict(facets.get(key, {}))
        for value in getattr(req.filters, LIST_PARAMS[param]):
            counts.setdefault(value, 0)  # still shown, so it can be switched off
        items = sorted(counts.items(), key=lambda kv: kv[0], reverse=True) if key == "year" else list(counts.items())
        values = [FacetValue(v, n, urls.is_active(req, param, v), urls.toggle_url(req, param, v)) for v, n in items]
        values.sort(key=lambda fv: not fv.active)  # stable: keeps the count order within each part
        if values:
            groups.append(FacetGroup(param, label, values))
    return groups


def sidebar_facets(engine: SearchBackend, req: SearchRequest, result: SearchResult) -> dict[str, dict[str, int]]:
    """Facet counts for the sidebar: a group with a value switched on counts as if its own filter were off.

    So the other values of that group stay visible with their counts, and several can be chosen at once.
    """
    facets = dict(result.facets)
    for key, param, _ in SIDEBAR:
        if getattr(req.filters, LIST_PARAMS[param]):
            others = req.copy(page=1, page_size=1)
            setattr(others.filters, LIST_PARAMS[param], [])
            facets[key] = others.run(engine).facets.get(key, {})
    return facets


@bp.app_context_processor
def helpers() -> dict:
    return {"urls": urls, "sort_labels": SORT_LABELS}


@bp.get("/")
def search():
    """The search page; without a query or filter, the box and what the archive holds."""
    try:
        req = SearchRequest.from_params(request.args.to_dict(flat=False))
    except QueryError as exc:
        return _bad_request(SearchRequest(q=request.args.get("q", "")), exc)
    if req.is_blank():
        overview = SearchRequest(sort="newest", page_size=NEWEST_ON_START).run(engine())
        return render_template("start.html", req=req, overview=overview)
    try:
        result = req.run(engine())
    except QueryError as exc:
        return _bad_request(req, exc)
    pages = page_count(result.total, result.page_size)
    groups = facet_groups(req, sidebar_facets(engine(), req, result))
    return render_template("search.html", req=req, result=result, groups=groups,
                           pages=pages, page_numbers=urls.page_numbers(result.page, pages))


def _bad_request(req: SearchRequest, exc: QueryError):
    return render_template("search.html", req=req, result=None, groups=[], error=query_message(exc),
                           error_param=exc.param), 400


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    """One document: metadata, full text with the query's terms marked, citations and neighbours."""
    q = request.args.get("q", "").strip()
    view = document_view(engine(), doc_id, q)
    if view is None:
        abort(404)
    back = urls.search_url(SearchRequest(q=q)) if q else None
    return render_template("document.html", view=view, doc=view.doc, meta=view.doc.meta, back_url=back)
