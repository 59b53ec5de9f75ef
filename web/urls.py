"""The URL is the search state: links that change one thing (a facet, the page, the sort) and keep the rest."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import url_for

from tracuu.search.request import LIST_PARAMS, SearchRequest


def search_url(req: SearchRequest) -> str:
    """The search page's URL for ``req``."""
    params = req.to_params()
    return url_for("pages.search") + ("?" + urlencode(params) if params else "")


def is_active(req: SearchRequest, param: str, value: str) -> bool:
    """True when the filter ``param=value`` is on."""
    return value in getattr(req.filters, LIST_PARAMS[param])


def toggle_url(req: SearchRequest, param: str, value: str) -> str:
    """The URL with the filter ``param=value`` switched on or off (other filters kept, back to page 1)."""
    new = req.copy(page=1)
    values = getattr(new.filters, LIST_PARAMS[param])
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    return search_url(new)


def clear_url(req: SearchRequest) -> str:
    """The URL with every filter and date bound removed (query, sort and page size kept)."""
    return search_url(SearchRequest(q=req.q, sort=req.sort, page_size=req.page_size))


def page_url(req: SearchRequest, page: int) -> str:
    """The URL of another page of the same results."""
    return search_url(req.copy(page=page))


def filter_url(param: str, value: str) -> str:
    """A fresh search with one filter (the start page's links)."""
    req = SearchRequest()
    getattr(req.filters, LIST_PARAMS[param]).append(value)
    return search_url(req)


def query_url(req: SearchRequest, q: str) -> str:
    """The same search with another text (the "did you mean" link)."""
    return search_url(req.copy(q=q, page=1))


def document_url(doc_id: str, q: str = "") -> str:
    """A document's page, passing the query on so its terms are highlighted."""
    return url_for("pages.document", doc_id=doc_id, **({"q": q} if q else {}))


def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """Page numbers to show: first, last and a window around ``page``; None marks a gap."""
    wanted = {1, pages, *range(max(1, page - around), min(pages, page + around) + 1)}
    out: list[int | None] = []
    for n in sorted(wanted):
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out
