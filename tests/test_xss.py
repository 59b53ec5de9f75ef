"""Cross-site scripting and path traversal: hostile strings in documents and queries stay text.

A corpus of attack strings (script tags, event handlers, ``javascript:`` and ``data:`` addresses,
attributes broken out of their quotes, SVG and MathML, template syntax, pre-escaped text) is planted in
every field a page shows: title, text, type, number, date, issuer, signer and title, recipients, province,
district, source, URL, citations and the other sources of a duplicate group; and typed as queries and
filters.  Every page is parsed as a browser parses it (html5lib), and must hold no tag, attribute or link
our templates do not make themselves, while each string is shown, as text, where it belongs.  The JSON
API carries the strings unchanged, as JSON.  Document ids in URLs reach documents only.
"""

from __future__ import annotations

import http.client
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from tracuu.index.archive import Archive
from tracuu.index.document import Citation, Document, Metadata
from tracuu.index.indexer import update_index
from tracuu.index.store import IndexStore
from tests.live_server import serving
from tracuu.web import create_app
from tracuu.web.safety import HEADERS

ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<math><a xlink:href="javascript:alert(1)">x</a></math>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    '<a href="javascript:alert(1)">bấm</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "<!--<script>alert(1)//-->",
    "<scr<script>ipt>alert(1)</script>",
    "</mark><script>alert(1)</script><mark>",
    "<mark onclick=alert(1)>dịch</mark>",
    "<body onload=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="//evil.example/">',
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<style>@import 'http://evil.example/x.css';</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "{{ 7*7 }} {% print 7*7 %} ${7*7}",
]

#: Every tag our templates write; anything else in a page came from data.
TEMPLATE_TAGS = {
    "html", "head", "meta", "title", "link", "body", "a", "header", "div", "main", "footer", "form", "label", "input",
    "button", "fieldset", "legend", "select", "option", "p", "h1", "h2", "h3", "nav", "ul", "ol", "li", "span",
    "strong", "section", "aside", "details", "summary", "table", "caption", "tbody", "tr", "th", "td", "article",
    "mark", "code",
}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "content")


def _doc(n: int, attack: str) -> Document:
    """A findable document carrying ``attack`` in every field a page shows."""
    url = attack if n % 2 else "https://example.org/van-ban?x=" + attack
    return Document(
        source=f"xss://{n}/{attack}", url=url,
        text=f"Văn bản thử {n} về phòng chống dịch bệnh.\n{attack}\nDòng cuối {attack} phòng dịch.",
        meta=Metadata(
            title=f"{attack} tiêu đề thử {n}", doc_type=attack, number=f"{n}-{attack}",
            date=attack if n % 3 == 0 else "2021-03-01", issuer=attack, province=attack, district=attack,
            signer=attack, signer_title=attack, recipients=[attack, f"Nơi nhận {attack}"], issuer_level=attack,
            cites=[Citation(attack, attack, attack), Citation("07-BS/QU")],
        ),
        fetched_at=attack,
        extra={"sources": [attack, "https://example.net/" + attack], "updated_at": attack},
    )


@pytest.fixture(scope="module")
def xss_home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A home holding one document per attack string (ids by attack) and one plain document it may cite."""
    home = tmp_path_factory.mktemp("xss-home")
    ids = {}
    with Archive(home / "archive.sqlite") as archive:
        archive.put(Document(source="xss://plain", text="Thông báo số 07-BS/QU về phòng chống dịch.",
                             meta=Metadata(title="Thông báo thường", number="07-BS/QU", date="2021-02-09")))
        for n, attack in enumerate(ATTACKS):
            doc = _doc(n, attack)
            archive.put(doc)
            ids[attack] = doc.id
        update_index(archive, IndexStore(home))
    return home, ids


@pytest.fixture(scope="module")
def xss(xss_home) -> FlaskClient:
    return create_app({"TRACUU_HOME": str(xss_home[0]), "TESTING": True}).test_client()


def assert_inert(html: str, where: str) -> BeautifulSoup:
    """The page as a browser reads it holds only our own tags, no event handler and no script address."""
    soup = BeautifulSoup(html, "html5lib")
    for tag in soup.find_all(True):
        assert tag.name in TEMPLATE_TAGS, (where, str(tag)[:200])
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (where, str(tag)[:200])
            assert name.lower() not in ("style", "srcdoc", "formaction"), (where, str(tag)[:200])
            if name.lower() in URL_ATTRIBUTES and not (tag.name == "meta" and name == "content"):
                assert _harmless_url(value), (where, name, value)
    assert not soup.find("meta", attrs={"http-equiv": True}), where
    return soup


def _harmless_url(value: str) -> bool:
    """A link to our own pages or to an http(s) address, as a browser resolves it (it drops tabs, newlines)."""
    cleaned = "".join(ch for ch in value if ch not in "\t\n\r").strip()
    if cleaned.startswith("//"):
        return False  # another host, whatever scheme the page has
    scheme = urlsplit(cleaned).scheme.lower()
    return scheme in ("", "http", "https") and (scheme or cleaned.startswith(("/", "?", "#")))


def _text(soup: BeautifulSoup) -> str:
    return soup.get_text()


# --- documents -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_document_page_shows_every_field_as_text(xss, xss_home, attack: str) -> None:
    doc_id = xss_home[1][attack]
    for q in ("phòng dịch", attack):
        response = xss.get(f"/documents/{doc_id}?" + urlencode({"q": q}))
        assert response.status_code == 200
        soup = assert_inert(response.get_data(as_text=True), f"document {attack!r} q={q!r}")
        assert soup.h1.get_text() == f"{attack} tiêu đề thử {ATTACKS.index(attack)}"
        text = _text(soup)
        for shown in (attack.strip(), f"Nơi nhận {attack}".strip()):
            assert shown in text, (attack, shown)
        assert "49" not in text  # template syntax in data is never evaluated
        if q == "phòng dịch":  # the query's terms are the only marked text
            assert {m.get_text().lower() for m in soup.select(".doc-text mark")} == {"phòng", "dịch"}


def test_search_results_and_facets_show_attacks_as_text(xss) -> None:
    response = xss.get("/?" + urlencode({"q": "phòng chống dịch", "page_size": "100"}))
    soup = assert_inert(response.get_data(as_text=True), "every result")
    titles = [h.get_text() for h in soup.select(".hit h2")]
    facets = _text(soup.select_one(".facets"))
    for n, attack in enumerate(ATTACKS):
        assert f"{attack} tiêu đề thử {n}" in titles
        assert attack.strip() in facets


@pytest.mark.parametrize("attack", ATTACKS)
def test_an_active_filter_shows_its_value_as_text(xss, attack: str) -> None:
    for params in ({"q": "phòng dịch", "province": attack, "issuer": attack, "type": attack},
                   {"q": "", "district": attack}):
        response = xss.get("/?" + urlencode(params))
        assert response.status_code == 200, params
        soup = assert_inert(response.get_data(as_text=True), f"search {params!r}")
        assert f"{attack} tiêu đề thử" in _text(soup)
        chips = [c.get_text() for c in soup.select(".active-filters .chip")]
        assert any(attack.strip() in c for c in chips), chips


def test_the_start_page_lists_attacks_as_text(xss) -> None:
    soup = assert_inert(xss.get("/").get_data(as_text=True), "start page")
    assert "tiêu đề thử" in _text(soup)


# --- queries -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_query_is_shown_as_text_on_every_page(xss, xss_home, attack: str) -> None:
    doc_id = next(iter(xss_home[1].values()))
    urls = [
        "/?" + urlencode({"q": attack, "sort": "newest", "page": "2", "page_size": "1"}),
        "/?" + urlencode({"q": attack + " qwxzv"}),  # no result: the query is repeated in the message
        "/?" + urlencode({"q": "phongg " + attack}),  # a "did you mean" that carries the attack along
        "/?" + urlencode({"q": attack, "from": attack}),  # a 400 that repeats the bad date
        f"/documents/{doc_id}?" + urlencode({"q": attack}),
    ]
    for url in urls:
        response = xss.get(url)
        assert response.status_code in (200, 400), url
        soup = assert_inert(response.get_data(as_text=True), url)
        box = soup.find("input", attrs={"name": "q"})
        assert box is not None and attack.strip() in box["value"], url


def test_the_suggestion_carries_a_hostile_query_as_text(xss) -> None:
    attack = "<img src=x onerror=alert(1)>"
    soup = assert_inert(xss.get("/?" + urlencode({"q": f"phongg chongg {attack}"})).get_data(as_text=True),
                        "suggestion")
    link = soup.select_one(".suggestion a")
    assert link is not None and link.get_text().startswith("phong chong")
    assert link["href"].startswith("/?")


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_api_carries_attacks_unchanged_as_json(xss, xss_home, attack: str) -> None:
    response = xss.get("/api/search?" + urlencode({"q": "phòng chống dịch", "province": attack, "page_size": "100"}))
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    hits = {h["id"]: h for h in response.get_json()["results"]}
    assert hits[xss_home[1][attack]]["province"] == attack
    doc = xss.get(f"/api/documents/{xss_home[1][attack]}").get_json()
    assert doc["title"].startswith(attack) and doc["issuer"] == attack and doc["recipients"][0] == attack
    echoed = xss.get("/api/search?" + urlencode({"q": attack})).get_json()
    assert echoed["query"] == attack.strip()


# --- headers ---------------------------------------------------------------------------------------------


def _assert_headers(response, where: str) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (where, name)


def test_security_headers_on_every_kind_of_response(xss, xss_home, tmp_path: Path) -> None:
    doc_id = next(iter(xss_home[1].values()))
    cases = {
        "/": 200, "/?q=d%E1%BB%8Bch": 200, f"/documents/{doc_id}": 200, "/api/search?q=dich": 200,
        f"/api/documents/{doc_id}": 200, "/api/openapi.yaml": 200, "/static/style.css": 200,
        "/?page=x": 400, "/api/search?from=x": 400, "/nowhere": 404, "/documents/nope": 404,
        "/api/documents/nope": 404, "/static/nope.css": 404, "/api/nowhere": 404,
    }
    for url, status in cases.items():
        for method in ("GET", "HEAD"):
            response = xss.open(url, method=method)
            assert response.status_code == status, (method, url)
            _assert_headers(response, f"{method} {url}")
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"):
        response = xss.open("/api/search", method=method)
        assert response.status_code == 405
        _assert_headers(response, f"{method} /api/search")
    broken = tmp_path / "broken"
    shutil.copytree(xss_home[0], broken)
    (broken / "archive.sqlite").write_bytes(b"not a database" * 100)
    for name in ("archive.sqlite-wal", "archive.sqlite-shm"):
        (broken / name).unlink(missing_ok=True)
    client = create_app({"TRACUU_HOME": str(broken)}).test_client()
    for url in (f"/documents/{doc_id}", "/api/search?q=dich"):
        response = client.get(url)
        assert response.status_code == 500
        _assert_headers(response, f"500 {url}")
    missing = create_app({"TRACUU_HOME": str(tmp_path / "none")}).test_client().get("/api/search?q=dich")
    assert missing.status_code == 503
    _assert_headers(missing, "503")


# --- document ids reach documents only -------------------------------------------------------------------

TRAVERSALS = [
    "..%2f..%2fetc%2fpasswd", "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%252f..%252fetc%252fpasswd", "....%2f%2f....%2f%2fetc%2fpasswd", "..%5c..%5cetc%5cpasswd",
    "%2fetc%2fpasswd", "etc%2fpasswd%00", "..%2farchive.sqlite", "..%2f..%2fsetup.cfg", "%2e%2e",
    "..", "archive.sqlite", "'%20OR%20'1'%3D'1", "*", "%25", "..%c0%af..%c0%afetc%c0%afpasswd",
]
TRAVERSAL_PATHS = [f"{prefix}{t}" for prefix in ("/documents/", "/api/documents/") for t in TRAVERSALS] + [
    "/documents/../../etc/passwd", "/static/../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
    "/static/..%2fapi.py", "/static/%2e%2e/%2e%2e/setup.cfg", "/static//etc/passwd", "/static/..\\..\\setup.cfg",
    "/static/%2e%2e%2f%2e%2e%2fsetup.cfg", "/documents/%2e%2e/%2e%2e/etc/passwd", "/documents//x", "/api//search",
]
SECRETS = ("root:", "SQLite format", "[metadata]", "def create_app", "from flask import")


def _assert_nothing_leaks(status: int, body: bytes, where: str) -> None:
    assert status in (400, 404, 405), (where, status)
    for secret in SECRETS:
        assert secret.encode() not in body, (where, secret)


@pytest.mark.parametrize("path", TRAVERSAL_PATHS)
def test_document_ids_cannot_leave_the_archive(xss, path: str) -> None:
    response = xss.get(path)
    _assert_nothing_leaks(response.status_code, response.data, path)
    _assert_headers(response, path)


@pytest.fixture(scope="module")
def live(xss_home, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """``tracuu serve`` over the attack home: (host, port)."""
    with serving(xss_home[0], tmp_path_factory.mktemp("xss-serve") / "serve.log") as url:
        parts = urlsplit(url)
        yield parts.hostname, parts.port


@pytest.mark.slow
def test_the_real_server_keeps_ids_to_documents_and_escapes(live, xss_home) -> None:
    host, port = live
    for path in TRAVERSAL_PATHS:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        try:
            connection.putrequest("GET", path, skip_accept_encoding=True)  # the path goes out byte for byte
            connection.endheaders()
            reply = connection.getresponse()
            body = reply.read()
        finally:
            connection.close()
        _assert_nothing_leaks(reply.status, body, path)
        assert reply.getheader("Content-Security-Policy") == HEADERS["Content-Security-Policy"], path
    # No redirect is built from the Host header a client sends (werkzeug would, to merge "//").
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.putrequest("GET", "/api//search?q=dich", skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", "evil.example")
        connection.endheaders()
        reply = connection.getresponse()
        reply.read()
        assert reply.status == 404 and reply.getheader("Location") is None
    finally:
        connection.close()
    attack = ATTACKS[0]
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("GET", f"/documents/{xss_home[1][attack]}?q=" + quote(attack))
        reply = connection.getresponse()
        assert reply.status == 200
        assert_inert(reply.read().decode("utf-8"), "live document page")
    finally:
        connection.close()
