"""Safety at the web edge: escaping, headers, read-only methods, no traceback, one long-lived engine."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from tracuu.index.archive import Archive
from tracuu.index.document import Document, Metadata
from tracuu.index.indexer import update_index
from tracuu.index.store import IndexStore
from tests.web_corpus import page
from tracuu.web import create_app
from tracuu.web.filters import marked
from tracuu.web.safety import HEADERS

URLS = ["/", "/?q=dich", "/?q=dich&page=0", "/documents/nope", "/api/search?q=dich", "/api/search?page=x",
        "/api/documents/nope", "/static/style.css"]


def test_crawled_markup_is_shown_as_text(client, ids) -> None:
    for url in ("/?q=th%C3%B4ng+b%C3%A1o+th%E1%BB%AD", f"/documents/{ids['hostile']}",
                f"/documents/{ids['hostile']}?q=ph%C3%B2ng+d%E1%BB%8Bch", "/"):
        body = client.get(url).get_data(as_text=True)
        assert "<script" not in body and "<img" not in body and "<i>" not in body, url
        assert 'href="javascript' not in body, url
    soup = page(client.get(f"/documents/{ids['hostile']}?q=ph%C3%B2ng+d%E1%BB%8Bch"))
    assert soup.h1.get_text() == '<script>alert("t")</script> Thông báo thử'
    assert soup.select_one(".doc-text p").get_text().startswith('Đoạn có thẻ <script>alert("x")</script>')
    assert [m.get_text() for m in soup.select(".doc-text mark")] == ["phòng", "dịch"]
    assert soup.select_one("td.source").a is None  # a javascript: address is not a link
    assert "Sở <i>Y tế</i> & Môi trường" in soup.get_text()


def test_snippets_are_trusted_only_with_mark_tags() -> None:
    assert str(marked("a &lt;b&gt; <mark>c</mark>")) == "a &lt;b&gt; <mark>c</mark>"
    assert str(marked("<mark>x</mark><script>y</script>")) == "&lt;mark&gt;x&lt;/mark&gt;&lt;script&gt;y&lt;/script&gt;"
    assert str(marked('<mark onclick="z">x</mark>')).startswith("&lt;mark onclick")


def test_safety_headers_on_every_response(client) -> None:
    for url in URLS:
        response = client.get(url)
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (url, name)
    assert "script-src" not in HEADERS["Content-Security-Policy"]  # default-src 'none' forbids every script
    assert HEADERS["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_the_app_only_reads(client, method: str) -> None:
    for url in ("/", "/api/search", "/documents/nope", "/static/style.css"):
        response = client.open(url, method=method)
        assert response.status_code == 405, (method, url)
        assert response.headers["Allow"] == "GET, HEAD"
        assert response.headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]
    assert client.open("/api/search", method=method).get_json()["status"] == 405


def test_head_is_allowed(client) -> None:
    response = client.head("/?q=dich")
    assert response.status_code == 200 and response.data == b""


def test_an_unexpected_error_is_a_plain_500_and_is_logged(web_home, ids, tmp_path: Path, caplog) -> None:
    home = tmp_path / "home"
    shutil.copytree(web_home[0], home)
    (home / "archive.sqlite").write_bytes(b"this is not a database" * 100)  # damaged under a running server
    for name in ("archive.sqlite-wal", "archive.sqlite-shm"):
        (home / name).unlink(missing_ok=True)
    app = create_app({"TRACUU_HOME": str(home)})
    with caplog.at_level(logging.ERROR, logger=app.logger.name):
        response = app.test_client().get(f"/documents/{ids['citing']}")
        api = app.test_client().get("/api/search?q=dich")
    assert response.status_code == 500 and api.status_code == 500
    body = response.get_data(as_text=True)
    assert "Máy chủ gặp lỗi khi xử lý yêu cầu" in body
    for leak in ("Traceback", "sqlite3", "DatabaseError", str(home)):
        assert leak not in body and leak not in api.get_data(as_text=True)
    assert api.get_json() == {"error": api.get_json()["error"], "status": 500}
    assert "DatabaseError" in caplog.text  # the details go to the log, not to the client


def test_missing_archive_or_index_is_a_503(tmp_path: Path) -> None:
    client = create_app({"TRACUU_HOME": str(tmp_path / "empty")}).test_client()
    for url in ("/", "/?q=dich", "/documents/abc"):
        response = client.get(url)
        assert response.status_code == 503
        assert "chưa sẵn sàng" in response.get_data(as_text=True)
        assert str(tmp_path) not in response.get_data(as_text=True)
    assert client.get("/api/search?q=dich").get_json()["status"] == 503


def test_one_engine_follows_a_rebuilt_index(web_home, tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(web_home[0], home)
    client = create_app({"TRACUU_HOME": str(home)}).test_client()
    assert client.get("/api/search?q=qwertzu").get_json()["total"] == 0
    with Archive(home / "archive.sqlite") as archive:
        archive.put(Document(source="web-test://new", text="Trạm Qwertzu tiếp nhận người bệnh.",
                             meta=Metadata(title="Trạm Qwertzu", province="Hà Nội")))
        update_index(archive, IndexStore(home), rebuild=True)
    assert client.get("/api/search?q=qwertzu").get_json()["total"] == 1
