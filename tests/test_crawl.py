"""``tracuu crawl`` against the real test site on 127.0.0.1: two crawls, then what the archive and index hold."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracuu.index.archive import Archive
from tracuu.index.store import IndexStore
from tests.crawl_site import SiteServer, crawl_env
from tracuu.cli import main


@dataclass
class Crawled:
    site: SiteServer
    home: Path
    first: dict
    second: dict
    hits_first: list[tuple[str, int]]
    hits_second: list[tuple[str, int]]
    arrivals_first: list[str]

    def doc(self, path: str):
        with Archive(self.home / "archive.sqlite") as archive:
            return archive.by_source(self.site.url(path))

    def first_count(self, path: str, status: int | None = None) -> int:
        return sum(1 for p, s in self.hits_first if p == path and (status is None or s == status))

    def second_count(self, path: str, status: int | None = None) -> int:
        return sum(1 for p, s in self.hits_second if p == path and (status is None or s == status))


def crawl(home: Path, *args: str, ok: bool = True):
    result = CliRunner().invoke(main, ["--home", str(home), "crawl", *args], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory):
    """The whole site crawled once, then again after one page changed."""
    home = tmp_path_factory.mktemp("crawl-home")
    with crawl_env(), SiteServer(slow_seconds=1.5) as site:
        args = [site.url("/"), "--allow-private", "--delay", "0", "--sitemap", site.url("/sitemap.xml"),
                "--feed", site.url("/rss.xml"), "--json"]
        first = json.loads(crawl(home, *args).output)
        hits_first, arrivals_first = list(site.hits), list(site.arrivals)
        site.version = 2
        second = json.loads(crawl(home, *args).output)
        hits_second = site.hits[len(hits_first):]
        yield Crawled(site, home, first, second, hits_first, hits_second, arrivals_first)


def test_robots_txt_keeps_the_crawler_out(crawled: Crawled) -> None:
    assert crawled.first_count("/robots.txt") == 1
    assert crawled.first_count("/private/noi-bo.html") == 0
    assert crawled.first["failed"]["disallowed by robots.txt"] == 1


def test_sitemap_index_gzip_sitemap_and_feed_lead_to_pages(crawled: Crawled) -> None:
    assert crawled.first_count("/sitemap-tin-tuc.xml.gz", 200) == 1
    # Linked from nowhere but the gzip sitemap and the feed:
    assert "Toàn văn kết luận" in crawled.doc("/tin-tuc/dang-lai-ket-luan-thuong-truc-thanh-uy.html").text
    # Linked only from the feed:
    assert crawled.doc("/en/article-1.html") is not None


def test_pdf_and_docx_attachments_are_archived_with_text_and_tied_to_their_page(crawled: Crawled) -> None:
    pdf = crawled.doc("/files/cong-van-529-cv-qu.pdf")
    assert pdf.content_type == "application/pdf" and "Nguyễn Công Thành" in pdf.text
    assert pdf.meta.number == "529-CV/QU"
    docx = crawled.doc("/files/thong-bao-ket-luan-02-10-2021.docx")
    assert "Phạm Thị Thu Huyền" in docx.text
    page = crawled.doc("/van-ban/thong-bao-ket-luan-02-10-2021.html")
    assert docx.extra["parent"] == page.url
    assert page.extra["attachments"] == [docx.source]
    # The page only announces the conclusion; the directive's metadata comes from the DOCX.
    assert page.meta.doc_type == "Thông báo" and page.meta.date == "2021-10-02"


def test_doc_is_converted_and_a_scan_is_read_by_ocr(crawled: Crawled) -> None:
    doc = crawled.doc("/files/ket-luan-tinh-uy.doc")
    assert "Trần Thế Dũng" in doc.text and "note" not in doc.extra
    scan = crawled.doc("/files/ket-luan-tinh-uy-ban-scan.pdf")  # one page, 150 dpi, black and white
    assert "Ban Thường vụ Tỉnh ủy" in scan.text and "note" not in scan.extra
    assert scan.extra["ocr"]["engine"] == "tesseract" and scan.extra["ocr"]["pages"] == [1]
    assert scan.meta.doc_type == "Kết luận" and scan.meta.date == "2021-08-16"
    assert scan.raw.startswith(b"%PDF-")  # the file itself stays archived
    assert crawled.first["flagged"] == {}


def test_redirect_is_followed_recorded_and_does_not_fetch_a_page_twice(crawled: Crawled) -> None:
    assert crawled.first_count("/cu/van-ban-529", 301) == 1
    assert crawled.first_count("/van-ban/cong-van-529-cv-qu.html", 200) == 1
    db = sqlite3.connect(crawled.home / "crawl.sqlite")
    final = db.execute("SELECT final_url FROM urls WHERE url = ?", (crawled.site.url("/cu/van-ban-529"),)).fetchone()
    assert final == (crawled.site.url("/van-ban/cong-van-529-cv-qu.html"),)


def test_redirect_off_the_allowed_host_is_refused(crawled: Crawled) -> None:
    assert crawled.first["failed"]["outside allowed domains"] == 1
    assert crawled.first_count("/index.html") == 0


def test_errors_retries_timeouts_and_size_cap(crawled: Crawled) -> None:
    failed = crawled.first["failed"]
    assert crawled.first["failed_urls"][crawled.site.url("/khong-co.html")].startswith("http 404")
    # The 500 succeeded on retry.
    assert crawled.first_count("/loi-tam-thoi.html", 500) == 1 and crawled.first_count("/loi-tam-thoi.html", 200) == 1
    assert crawled.doc("/loi-tam-thoi.html") is not None
    # Slower than the read timeout: tried 1 + 2 retries, then given up.
    assert crawled.arrivals_first.count("/cham.html") == 3 and failed["timeout"] == 1
    assert crawled.doc("/cham.html") is None
    assert failed["too large"] == 1 and crawled.doc("/qua-lon.html") is None


def test_mislabelled_windows_1258_page_reads_right(crawled: Crawled) -> None:
    doc = crawled.doc("/cu/thong-bao-ban-cu.html")
    assert "KẾT LUẬN CHỈ ĐẠO CỦA ĐỒNG CHÍ CHỬ XUÂN DŨNG" in doc.text
    assert "\ufffd" not in doc.text


def test_link_loop_and_url_variants_fetch_each_page_once(crawled: Crawled) -> None:
    assert crawled.first_count("/vong/a.html") == 1 and crawled.first_count("/vong/b.html") == 1
    # ?utm_source=... on the home page's link is dropped: one fetch of the news page.
    assert crawled.first_count("/tin-tuc/ha-noi-kich-hoat-khu-cach-ly.html") == 1


def test_news_page_text_keeps_the_lead_and_drops_the_related_list(crawled: Crawled) -> None:
    text = crawled.doc("/tin-tuc/ha-noi-kich-hoat-khu-cach-ly.html").text
    assert text.startswith("TTTĐ - Văn phòng Thành ủy Hà Nội vừa ban hành Thông báo số 452-TB/TU")
    for noise in ("Đọc thêm", "Giữ vững thương hiệu", "Bình luận", "Cơ quan chủ quản", "Tag:"):
        assert noise not in text
    assert "\n\nKết luận được đưa ra tại cuộc họp" in text


def test_second_crawl_uses_conditional_get(crawled: Crawled) -> None:
    second = crawled.second
    assert crawled.second_count("/khong-doi.html", 304) == 1
    assert crawled.second_count("/van-ban/cong-van-529-cv-qu.html", 304) == 1
    assert crawled.second_count("/files/cong-van-529-cv-qu.pdf", 304) == 1
    assert second["new"] == 0 and second["changed"] == 1
    assert second["unchanged"] == crawled.first["new"] - 1
    # Links of unchanged pages are still followed (from the archived copy).
    assert crawled.second_count("/vong/b.html", 304) == 1


def test_page_that_changed_is_archived_again(crawled: Crawled) -> None:
    assert crawled.second_count("/thay-doi.html", 200) == 1
    assert "Cập nhật lần 2" in crawled.doc("/thay-doi.html").text
    assert crawled.second["index"]["updated"] == 1


def test_near_duplicates_form_one_group_with_all_sources(crawled: Crawled) -> None:
    office = crawled.doc("/van-ban/ket-luan-thuong-truc-thanh-uy-08-02-2021.html")
    news = crawled.doc("/tin-tuc/dang-lai-ket-luan-thuong-truc-thanh-uy.html")
    assert news.extra["duplicate_of"] == office.id
    assert office.extra["sources"] == [office.url, news.url] and office.extra["duplicates"] == [news.id]
    page, pdf = crawled.doc("/van-ban/cong-van-529-cv-qu.html"), crawled.doc("/files/cong-van-529-cv-qu.pdf")
    assert pdf.extra["duplicate_of"] == page.id
    # Different directives stay apart.
    assert "duplicate_of" not in crawled.doc("/files/thong-bao-ket-luan-02-10-2021.docx").extra
    with IndexStore(crawled.home).open().searcher() as searcher:
        stored = searcher.document(id=office.id)
        assert stored["group"] == office.id and stored["sources"] == [office.url, news.url]
        assert searcher.document(id=news.id)["group"] == office.id
        assert searcher.document(id=news.id)["duplicate_of"] == office.id


def test_report_and_index(crawled: Crawled, runner: CliRunner) -> None:
    first = crawled.first
    assert first["fetched"] >= 20 and first["bytes"] > 100_000 and first["new"] == first["index"]["added"]
    assert first["duplicates"] == 3 and first["queued"] == 0 and first["stopped"] is False
    out = runner.invoke(main, ["--home", str(crawled.home), "search", "--json", "529-CV/QU"]).output
    assert json.loads(out)["results"][0]["url"] in (crawled.site.url("/van-ban/cong-van-529-cv-qu.html"),
                                                    crawled.site.url("/files/cong-van-529-cv-qu.pdf"))
