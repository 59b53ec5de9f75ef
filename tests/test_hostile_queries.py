"""Hostile queries and parameters: arbitrary Unicode, huge inputs, operators and field syntax.

What must hold, whatever a visitor types or puts in a URL:

* the query parser never raises, and keeps every filter it reads under a known field;
* the engine raises nothing but ``QueryError`` and returns a consistent page;
* the JSON API and the search page answer 200 or 400 (never 500), as JSON or HTML, with the safety headers;
* a text too long for a search box is refused with a 400 naming ``q``, before any query work is done.

Time is bounded by Hypothesis's deadline on every example: generous, so that a slow machine does not fail
a correct build, yet far below the minutes an unbounded query used to take.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tracuu.search.engine import SORTS, Filters, SearchEngine
from tracuu.search.whoosh_backend import WhooshBackend
from tracuu.search.query import FIELD_ALIASES, ParsedQuery, parse_query
from tracuu.search.request import LIST_PARAMS, SearchRequest
from tracuu import settings as tracuu_settings
from tracuu.errors import QueryError
from tracuu.web.filters import marked
from tracuu.web.safety import HEADERS

#: Every example must finish well inside this (milliseconds); an unbounded query took tens of seconds.
DEADLINE = timedelta(seconds=10)
FAST = settings(deadline=DEADLINE, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
SEARCHES = settings(deadline=DEADLINE, max_examples=80,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

MAX_WORDS = int(tracuu_settings.get("max_query_words"))
MAX_CHARS = int(tracuu_settings.get("max_query_chars"))

# --- what a visitor may type ------------------------------------------------------------------------

WORDS = ["phòng", "chống", "dịch", "PHÒNG", "phong", "chong", "dich", "cách ly", "Covid-19", "Hà Nội", "ha noi",
         "Thành ủy", "ubnd", "UBND", "chỉ thị 16", "công văn 529", "529-CV/QU", "452/TB-TU", "07-BS/QU",
         "09/02/2021", "ngày 1/1/2021", "tháng 11 năm 2021", "2021", "0", "-1", "1e9", "100%", "qwertzu",
         "hòa", "hoà", "Ðà", "đ", "ǹ", "e\u0301", "Ö", "ß", "İ", "ﬁ", "Ⅻ", "①", "٣", "𝟘", "👍🏽", "\u200b", "\u202e",
         "\ufeff", "\x00", "\x7f", "\r\n", "％", "＊", "：", "＂"]
OPERATORS = ["OR", "AND", "NOT", "or", "|", "&", "&&", "||", "-", "--", "---", "+", "*", "?", "~", "^2", ":", "::",
             '"', '""', '"""', "'", "(", ")", "[", "]", "{", "}", "\\", "/", "<", ">", "=", "-\"", "*:*", "~1",
             "OR OR", "AND OR", "-OR", '-"', '"-', "<script>", "%00", "%", "${x}", "{{7*7}}"]
FIELDS = [*FIELD_ALIASES, "SO", "Tinh", "TỈNH", "title", "body", "id", "date", "x", "", "-so", "so:so", "tu:tu"]
DATES = ["2021-08-01", "2021-08", "2021", "01/08/2021", "2021-02-30", "2021-13-01", "0000", "0001-01-01", "1/1/1",
         "99999", "2021-8-1", "tomorrow", "", "-2021", "2021-08-01T00:00", "３０/０８/２０２１"]


@st.composite
def field_terms(draw) -> str:
    """``name:value`` or ``name:"a value"``, with names the parser knows and names it does not."""
    name = draw(st.sampled_from(FIELDS))
    value = draw(st.one_of(st.sampled_from(WORDS + DATES), st.text(max_size=15)))
    quoted = draw(st.booleans())
    return f'{name}:"{value}"' if quoted else f"{name}:{value}"


#: Any date, year 9999 included (the end of its last month or year once overflowed ``datetime``).
SOME_DATES = st.dates()


def _iso(d: date) -> str:
    return d.isoformat()


def _dmy(d: date) -> str:
    return d.strftime("%d/%m/") + f"{d.year:04d}"


TOKENS = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(OPERATORS), field_terms(),
    st.text(max_size=12), SOME_DATES.map(_iso), SOME_DATES.map(_dmy),
    st.builds(lambda o, w: o + w, st.sampled_from(["-", '"', "-\"", "*", "+", "~"]), st.sampled_from(WORDS)),
)
SEPARATORS = st.sampled_from([" ", "  ", "\t", "\n", "\u3000", "\u00a0", "", " OR ", " -", '" "'])


@st.composite
def queries(draw, max_tokens: int = 16) -> str:
    """Text as a visitor might type it: words, operators and field syntax, joined in odd ways."""
    tokens = draw(st.lists(TOKENS, max_size=max_tokens))
    out = ""
    for token in tokens:
        out += token + draw(SEPARATORS)
    return out


ANY_TEXT = st.one_of(queries(), st.text(), st.text(alphabet=st.characters(codec="utf-8"), max_size=200))


@st.composite
def huge(draw) -> str:
    """A text far over any search box: one token repeated, or one endless token."""
    token = draw(st.one_of(TOKENS, st.sampled_from(['"', "dịch ", "a OR ", "-x ", "so:1 "])))
    times = draw(st.integers(min_value=200, max_value=20_000))
    return (token or "x") * times if draw(st.booleans()) else " ".join([token or "x"] * times)


# --- the query parser --------------------------------------------------------------------------------

KNOWN_FILTERS = set(FIELD_ALIASES.values())


@FAST
@given(ANY_TEXT)
@example('tinh:"Hà Tĩnh" "cách ly tập trung" -"phong toả" a OR b so:452-TB/TU den:2021-08-31')
@example('"')
@example("OR")
@example("-")
@example("so:")
@example(':""')
def test_the_parser_never_raises_and_keeps_known_filters_only(text: str) -> None:
    parsed = parse_query(text)
    assert isinstance(parsed, ParsedQuery)
    assert set(parsed.filters) <= KNOWN_FILTERS
    assert parsed.groups and all(isinstance(c.text, str) for c in parsed.clauses)
    if any(ch.isalnum() for ch in text):  # a letter or digit typed is never silently dropped
        assert not parsed.is_empty() or parsed.filters


@FAST
@given(st.lists(st.text(alphabet=st.characters(categories=["Ll", "Lu", "Lo", "Nd"]), min_size=1, max_size=8),
                min_size=1, max_size=12))
def test_plain_words_are_searched_as_typed(words: list[str]) -> None:
    words = [w for w in words if w not in ("OR", "AND")] or ["x"]
    parsed = parse_query(" ".join(words))
    assert not parsed.filters
    assert " ".join(c.text for c in parsed.clauses).split() == words
    assert not any(c.negate or c.phrase for c in parsed.clauses)


@settings(deadline=DEADLINE, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(huge())
def test_the_parser_takes_huge_texts_in_its_stride(text: str) -> None:
    parse_query(text)


# --- the engine --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine(web_home) -> SearchEngine:
    return SearchEngine(web_home[0])


FILTER_VALUES = st.lists(st.one_of(st.sampled_from(WORDS + DATES), st.text(max_size=20)), max_size=3)
DATE_PARAMS = st.one_of(st.none(), st.sampled_from(DATES), SOME_DATES.map(_iso), SOME_DATES.map(_dmy),
                        SOME_DATES.map(lambda d: _iso(d)[:7]), SOME_DATES.map(lambda d: f"{d.year:04d}"),
                        st.text(max_size=12))


@st.composite
def filter_sets(draw) -> Filters:
    return Filters(**{name: draw(FILTER_VALUES) for name in LIST_PARAMS.values()},
                   date_from=draw(DATE_PARAMS), date_to=draw(DATE_PARAMS))


def _within_box(text: str) -> bool:
    return len(text) <= MAX_CHARS and len(text.split()) <= MAX_WORDS


@SEARCHES
@given(text=ANY_TEXT.filter(_within_box), filters=filter_sets(),
       sort=st.one_of(st.sampled_from(SORTS), st.text(max_size=8)),
       page=st.one_of(st.integers(min_value=-3, max_value=4), st.integers()),
       page_size=st.one_of(st.none(), st.integers(min_value=-3, max_value=120)))
@example(text="dịch", filters=Filters(), sort="relevance", page=1, page_size=None)
@example(text="den:2021-02-30", filters=Filters(), sort="relevance", page=1, page_size=None)
@example(text="", filters=Filters(date_from="2021-09-01", date_to="2021-08-01"), sort="newest", page=1,
         page_size=1)
def test_the_engine_raises_nothing_but_query_error(engine, text, filters, sort, page, page_size) -> None:
    try:
        result = engine.search(text, filters, sort=sort, page=page, page_size=page_size)
    except QueryError as exc:
        assert str(exc) and exc.param
        return
    assert 0 <= len(result.results) <= result.page_size <= int(tracuu_settings.get("max_page_size"))
    assert result.total >= result.exact_total >= 0 and result.total >= len(result.results)
    for hit in result.results:
        assert str(marked(hit.snippet)) == hit.snippet  # the snippet is escaped text with <mark> only
    assert all(isinstance(k, str) and n > 0 for counts in result.facets.values() for k, n in counts.items())
    result.to_dict()


@SEARCHES
@given(text=huge().filter(lambda t: not _within_box(t.strip())))  # blank values count as absent
def test_a_huge_text_is_refused_before_any_query_work(engine, text: str) -> None:
    with pytest.raises(QueryError) as refused:
        SearchRequest.from_params({"q": [text]}).run(WhooshBackend(engine.home))
    assert refused.value.param == "q"


def test_the_longest_accepted_query_is_searched(engine) -> None:
    words = " ".join((["phòng", "chống", "dịch", "cách", "ly", "Covid-19", "ubnd", "529-CV/QU"] * MAX_WORDS)[:MAX_WORDS])
    result = SearchRequest.from_params({"q": [words]}).run(WhooshBackend(engine.home))
    assert result.total >= 1
    with pytest.raises(QueryError):
        SearchRequest.from_params({"q": [words + " dịch"]})
    with pytest.raises(QueryError):
        SearchRequest.from_params({"q": ["x" * (MAX_CHARS + 1)]})


@pytest.mark.parametrize("text, filters", [
    ("dịch", Filters(date_to="9999-12-31")), ("dịch", Filters(date_to="9999")), ("dịch", Filters(date_to="9999-12")),
    ("dịch", Filters(date_to="31/12/9999")), ("dịch den:9999-12-31", Filters()),
])
def test_a_period_ending_in_year_9999_is_searched_or_refused(engine, text: str, filters: Filters) -> None:
    try:
        engine.search(text, filters)
    except QueryError as exc:
        assert exc.param == "to"


@pytest.mark.parametrize("page", [3, 1_000_000])
def test_a_page_past_the_last_is_empty(engine, page: int) -> None:
    result = engine.search("dịch", page=page, page_size=10)
    assert result.total <= 10 and result.page == page
    assert result.results == []


# --- the web edge: JSON API and search page --------------------------------------------------------------

PARAM_NAMES = st.one_of(st.sampled_from(["q", "from", "to", "sort", "page", "page_size", *LIST_PARAMS]),
                        st.text(max_size=10))
PARAM_VALUES = st.one_of(ANY_TEXT, st.sampled_from(DATES), st.integers().map(str), huge(), st.just(""))


@st.composite
def query_strings(draw) -> str:
    """A URL query string: known and unknown names, repeated names, hostile values, broken escapes."""
    pairs = draw(st.lists(st.tuples(PARAM_NAMES, PARAM_VALUES), max_size=6))
    text = urlencode(pairs, encoding="utf-8", errors="surrogatepass")
    raw = draw(st.sampled_from(["", "&q=%FF%FE", "&q=%", "&q=%E1%BB", "&%00=%00", "&q", "&&&", "&q=a&q=b",
                                "&page=1&page=2", "&q=%C3%28", "&=x"]))
    return text + raw


def _assert_safe_headers(response) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, name


@SEARCHES
@given(query_strings())
@example("q=dich&to=2021-08-31")
@example("q=" + "x" * 5000)
def test_the_api_answers_200_or_a_400_naming_the_parameter(client, query: str) -> None:
    response = client.get("/api/search?" + query)
    assert response.status_code in (200, 400), (query, response.status_code)
    assert response.mimetype == "application/json"
    body = response.get_json()
    if response.status_code == 400:
        assert body["status"] == 400 and body["error"] and body["param"]
    else:
        assert body["total"] >= len(body["results"])
    _assert_safe_headers(response)


@SEARCHES
@given(query_strings())
@example("q=" + quote("dịch " * 2000))
def test_the_search_page_answers_200_or_400_with_a_page(client, query: str) -> None:
    response = client.get("/?" + query)
    assert response.status_code in (200, 400), (query, response.status_code)
    assert response.mimetype == "text/html"
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "<html" in text
    if response.status_code == 400:
        assert 'role="alert"' in text
    _assert_safe_headers(response)


@SEARCHES
@given(doc_id=st.one_of(st.text(min_size=1, max_size=40), st.sampled_from(["..", ".", "%2e%2e", "0" * 16])),
       q=st.one_of(st.just(""), ANY_TEXT, huge()))
def test_document_urls_answer_200_400_or_404(client, ids, doc_id: str, q: str) -> None:
    for prefix in ("/documents/", "/api/documents/"):
        url = prefix + quote(doc_id, safe="") + ("?" + urlencode({"q": q}) if q else "")
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        if response.status_code == 400:
            assert not _within_box(q)
        _assert_safe_headers(response)
