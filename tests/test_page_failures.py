"""One bad page never stops a crawl or an ingest, and one bad document never stops an index run.

News pages carry several "Đọc thêm" / "Xem thêm" / "Tin liên quan" lists, nested and in sequence
(tests/data/pages, built from sample 001).  A failure nobody foresaw is made here by making a
dependency (BeautifulSoup) fail on one page, or by an archive row an older version could have
written: the page or document is reported as failed with its reason, its traceback goes to the
home's errors.log, the rest of the batch finishes and the exit status says something failed.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import bs4
import pytest
from click.testing import CliRunner
from tracuu.crawler.clean import clean_html
from tracuu.crawler.ingest import ingest_files
from tracuu.index.archive import Archive

from tests.crawl_site import crawl_env
from tracuu.cli import main

PAGES = Path(__file__).resolve().parent / "data" / "pages"
SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "001_2f250f62ae5a35ae.txt"
MARK = "<!-- trang hỏng -->"


def _sample_lines() -> list[str]:
    return [x.strip() for x in SAMPLE.read_text(encoding="utf-8").splitlines() if x.strip()]


def _related_items() -> list[str]:
    lines = _sample_lines()
    return [x for x in lines[lines.index("Đọc thêm") + 1 :] if x != "Xem thêm"]


@pytest.mark.parametrize("page", ["tin-tuc-452-tb-tu.html", "nhieu-muc-lien-quan.html"])
def test_related_lists_leave_the_whole_article_and_nothing_else(page: str) -> None:
    text = clean_html((PAGES / page).read_text(encoding="utf-8")).text
    lines = _sample_lines()
    article = lines[5 : lines.index("Đọc thêm")]
    for paragraph in (article[0], article[len(article) // 2], article[-1]):
        assert paragraph in text
    for item in _related_items():
        assert item not in text
    for heading in ("Đọc thêm", "Xem thêm", "Tin liên quan", "Tin khác"):
        assert heading not in text


class _Site:
    """The pages folder, plus an index linking to every page, on an ephemeral 127.0.0.1 port."""

    def __init__(self, root: Path) -> None:
        links = "".join(f'<li><a href="/{p.name}">{p.stem}</a></li>' for p in sorted(root.glob("*.html")))
        (root / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>", encoding="utf-8")
        handler = partial(_QuietHandler, directory=str(root))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> _Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _site_folder(tmp_path: Path, broken: bool) -> Path:
    root = tmp_path / "site"
    shutil.copytree(PAGES, root, ignore=shutil.ignore_patterns("*.py"))
    if broken:  # a third page, which the broken dependency fails on
        page = (PAGES / "tin-tuc-452-tb-tu.html").read_text(encoding="utf-8").replace("<body>", f"<body>{MARK}")
        (root / "trang-hong.html").write_text(page, encoding="utf-8")
    return root


@pytest.fixture
def broken_soup(monkeypatch: pytest.MonkeyPatch) -> None:
    """BeautifulSoup fails, as the related-list bug once made it, on every page carrying MARK."""
    find_all = bs4.element.Tag.find_all

    def failing(self, name=None, *args, **kwargs):
        if name == "meta" and isinstance(self, bs4.BeautifulSoup) and MARK[4:-4] in str(self.contents[:3]):
            raise AttributeError("'NavigableString' object has no attribute 'parent'")
        return find_all(self, name, *args, **kwargs)

    monkeypatch.setattr(bs4.element.Tag, "find_all", failing)


def _crawl(home: Path, base: str) -> tuple[int, dict, str]:
    with crawl_env():
        result = CliRunner().invoke(main, ["--home", str(home), "crawl", f"{base}/", "--allow-private", "--delay",
                                           "0", "--json"], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout), result.output


def _archived(home: Path) -> set[str]:
    with Archive(home / "archive.sqlite") as archive:
        return {doc.url.rsplit("/", 1)[-1] for doc in archive.iter_documents()}  # "": the site's front page


def test_crawl_of_news_pages_with_related_lists_archives_every_page(tmp_path: Path) -> None:
    with _Site(_site_folder(tmp_path, broken=False)) as site:
        status, report, output = _crawl(tmp_path / "home", site.base)
    assert status == 0, output
    assert set(report["failed"]) == {"http 404"}  # the related articles' links lead nowhere here
    assert all("/tin/" in url or url.endswith(("/", "/thoi-su", "/tin-tuc")) for url in report["failed_urls"])
    assert report["index"]["added"] == 3
    assert _archived(tmp_path / "home") == {"", "tin-tuc-452-tb-tu.html", "nhieu-muc-lien-quan.html"}


def test_a_page_our_code_fails_on_is_reported_and_the_crawl_goes_on(tmp_path: Path, broken_soup: None) -> None:
    home = tmp_path / "home"
    with _Site(_site_folder(tmp_path, broken=True)) as site:
        status, report, output = _crawl(home, site.base)
    assert status == 1
    assert "Traceback" not in output
    assert report["failed"]["internal error (AttributeError)"] == 1
    [(url, reason)] = [(u, r) for u, r in report["failed_urls"].items() if r.startswith("internal")]
    assert url.endswith("/trang-hong.html")
    assert reason == "internal error (AttributeError: 'NavigableString' object has no attribute 'parent')"
    assert _archived(home) == {"", "tin-tuc-452-tb-tu.html", "nhieu-muc-lien-quan.html"}
    log = (home / "errors.log").read_text(encoding="utf-8")
    assert "trang-hong.html: unexpected error" in log and "Traceback (most recent call last)" in log
    assert "clean_html" in log  # the traceback shows where in our code it happened


@pytest.mark.parametrize("cores", [1, 2])
def test_a_file_our_code_fails_on_is_reported_and_the_ingest_goes_on(tmp_path: Path, broken_soup: None, cores: int,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    if cores > 1:  # three files read by worker processes, as a large folder is
        monkeypatch.setattr("tracuu.crawler.ingest.MIN_PARALLEL_FILES", 1)
        monkeypatch.setattr("tracuu.crawler.ingest.cores", lambda: cores)
    folder = _site_folder(tmp_path, broken=True)
    home = tmp_path / "home"
    result = CliRunner().invoke(main, ["--home", str(home), "ingest", str(folder)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "3 files: 2 new" in result.stdout and "1 failed" in result.stdout
    assert "trang-hong.html: internal error (AttributeError: 'NavigableString'" in result.stderr
    assert "Traceback (most recent call last)" in (home / "errors.log").read_text(encoding="utf-8")


@pytest.mark.parametrize("cores", [1, 2])
def test_ctrl_c_still_stops_an_ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cores: int) -> None:
    if cores > 1:
        monkeypatch.setattr("tracuu.crawler.ingest.MIN_PARALLEL_FILES", 1)
        monkeypatch.setattr("tracuu.crawler.ingest.cores", lambda: cores)
    folder = _site_folder(tmp_path, broken=True)
    find_all = bs4.element.Tag.find_all

    def interrupted(self, name=None, *args, **kwargs):
        if name == "meta" and isinstance(self, bs4.BeautifulSoup) and MARK[4:-4] in str(self.contents[:3]):
            raise KeyboardInterrupt
        return find_all(self, name, *args, **kwargs)

    monkeypatch.setattr(bs4.element.Tag, "find_all", interrupted)
    files = sorted(folder.glob("*.html"))  # the broken page is the last one
    with Archive(tmp_path / "archive.sqlite") as archive, pytest.raises(KeyboardInterrupt):
        ingest_files(archive, files)
    with Archive(tmp_path / "archive.sqlite") as archive:
        assert archive.count() == 2 and archive.integrity_ok()


@pytest.mark.parametrize("rebuild,cores", [(False, 1), (True, 1), (True, 2)])
def test_a_document_the_index_cannot_take_is_reported_and_the_rest_indexed(sample_copy: Path, rebuild: bool,
                                                                           cores: int, monkeypatch) -> None:
    if cores > 1:  # five documents, written by worker processes as a large archive would be
        monkeypatch.setattr("tracuu.index.indexer.MIN_PARALLEL_DOCS", 1)
        monkeypatch.setattr("tracuu.index.indexer.cores", lambda: cores)
    runner = CliRunner()
    with sqlite3.connect(sample_copy / "archive.sqlite") as db:  # a row an older version could have written
        row = db.execute("SELECT id, meta FROM documents ORDER BY id LIMIT 1").fetchone()
        meta = json.loads(row[1])
        meta["cites"] = [{"number": None}]
        db.execute("UPDATE documents SET meta = ?, version = 'old' WHERE id = ?", (json.dumps(meta), row[0]))
    args = ["--home", str(sample_copy), "index", *(["--rebuild"] if rebuild else [])]
    result = runner.invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"not indexed {row[0]}: internal error (AttributeError" in result.stderr
    assert "Traceback (most recent call last)" in (sample_copy / "errors.log").read_text(encoding="utf-8")
    found = runner.invoke(main, ["--home", str(sample_copy), "search", "--json", "phòng chống dịch"])
    ids = {hit["id"] for hit in json.loads(found.stdout)["results"]}
    # An update that failed leaves the version indexed before; a rebuild has none to leave.
    assert len(ids) == (4 if rebuild else 5) and (row[0] in ids) is not rebuild
