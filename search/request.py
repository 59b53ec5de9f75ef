"""Search parameters by name, as a URL or the CLI gives them: one conversion for every edge.

    q             the text typed in the box (at most ``max_query_chars`` characters, ``max_query_words`` words)
    province, district, issuer, type, year, signer, issuer_level, cites, number
                  filters (repeatable; several values of one name mean any of them)
    from, to      date range, YYYY-MM-DD
    sort          relevance | newest | oldest
    page          1, 2, ...
    page_size     results per page (at most the ``max_page_size`` setting)

A bad value raises ``QueryError`` whose ``param`` is the parameter's name above.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING

from tracuu.search.engine import SORTS, Filters
from tracuu.search.results import SearchResult
from tracuu import settings
from tracuu.errors import QueryError

if TYPE_CHECKING:
    from tracuu.search.backend import SearchBackend

#: URL parameter -> ``Filters`` attribute, for the repeatable filters.
LIST_PARAMS = {
    "province": "province", "district": "district", "issuer": "issuer", "type": "doc_type", "year": "year",
    "signer": "signer", "issuer_level": "issuer_level", "cites": "cites", "number": "number",
}
__all__ = ["LIST_PARAMS", "SORTS", "SearchRequest", "checked_query"]


@dataclass
class SearchRequest:
    """One search, as named parameters: what a page URL, an API call or a CLI line asks for."""

    q: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"
    page: int = 1
    page_size: int | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, Sequence[str]]) -> SearchRequest:
        """Read ``{name: [values]}`` (e.g. ``request.args.to_dict(flat=False)``); blanks count as absent."""

        def values(name: str) -> list[str]:
            return [v.strip() for v in params.get(name, ()) if v and v.strip()]

        def last(name: str) -> str | None:
            got = values(name)
            return got[-1] if got else None

        filters = Filters(date_from=last("from"), date_to=last("to"))
        for name, attr in LIST_PARAMS.items():
            setattr(filters, attr, _unique(values(name)))
        sort = last("sort") or "relevance"  # the engine checks it
        page = _whole(last("page"), "page")
        return cls(q=checked_query(" ".join(values("q"))), filters=filters, sort=sort,
                   page=1 if page is None else page, page_size=_whole(last("page_size"), "page_size"))

    def copy(self, **changes: object) -> SearchRequest:
        """A copy with filter lists of its own, and ``changes`` applied."""
        filters = Filters(**{f.name: _copy(getattr(self.filters, f.name)) for f in fields(Filters)})
        return replace(self, filters=filters, **changes)

    def run(self, backend: SearchBackend) -> SearchResult:
        """Ask ``backend`` (``search.backend``); ``QueryError`` names the bad parameter."""
        return backend.search(self)

    def to_params(self) -> list[tuple[str, str]]:
        """The parameters again, in a stable order, defaults left out (for building URLs)."""
        out: list[tuple[str, str]] = [("q", self.q)] if self.q else []
        for name, attr in LIST_PARAMS.items():
            out += [(name, v) for v in getattr(self.filters, attr)]
        out += [(name, v) for name, v in (("from", self.filters.date_from), ("to", self.filters.date_to)) if v]
        if self.sort != "relevance":
            out.append(("sort", self.sort))
        if self.page != 1:
            out.append(("page", str(self.page)))
        if self.page_size is not None:
            out.append(("page_size", str(self.page_size)))
        return out

    def has_filters(self) -> bool:
        """True when any filter or date bound is set."""
        return any(getattr(self.filters, attr) for attr in LIST_PARAMS.values()) or bool(
            self.filters.date_from or self.filters.date_to)

    def is_blank(self) -> bool:
        """Nothing asked yet: no text and no filter (the start page)."""
        return not self.q.strip() and not self.has_filters()


def checked_query(q: str) -> str:
    """``q`` itself, or ``QueryError`` (param ``q``) when it is longer than a search box query can sensibly be.

    Query work grows with the number of words (every word is a unit, pairs and phrases add more), so an
    unbounded text would let one request keep a server thread busy for minutes.
    """
    max_chars, max_words = int(settings.get("max_query_chars")), int(settings.get("max_query_words"))
    if len(q) > max_chars or len(q.split()) > max_words:
        raise QueryError(f"the query is too long: at most {max_words} words and {max_chars} characters", "q")
    return q


def _whole(value: str | None, param: str) -> int | None:
    if value is None:
        return None
    # ASCII digits only: int() would also take "1_000", "+5" or other scripts' digits.
    if not re.fullmatch(r"-?[0-9]{1,18}", value):
        raise QueryError(f"{param} must be a whole number, not '{value}'", param)
    return int(value)


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _copy(value: object) -> object:
    return list(value) if isinstance(value, list) else value
