"""The crawler's parts on their own: URLs, discovery, politeness, attachments, near-duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracuu.crawler import attachments
from tracuu.crawler.dedup import Dedup, signature, similarity
from tracuu.crawler.discover import feed_links, html_links, sitemap_links
from tracuu.crawler.files import read_file
from tracuu.crawler.http import Fetcher, Politeness, is_public_host, retry_after
from tracuu.crawler.urls import in_domains, normalize
from tests.conftest import DATA, SAMPLES
from tests.crawl_site import SiteServer
from tracuu.errors import DocumentError, FetchError

SITE = DATA / "site"


def test_normalize_makes_one_url_of_many_spellings() -> None:
    want = "http://vanban.hanoi.gov.vn/tin/a.html?id=3&p=1"
    for raw in ("HTTP://VanBan.HaNoi.gov.vn:80/tin/./x/../a.html?p=1&id=3#top",
                "http://vanban.hanoi.gov.vn/tin/a.html?utm_source=zalo&id=3&fbclid=abc&p=1"):
        assert normalize(raw) == want
    assert normalize("../b.html", "https://x.vn/a/c/d.html") == "https://x.vn/a/b.html"
    assert normalize("https://x.vn:443/") == "https://x.vn/"
    assert normalize("/t%C3%ADn tức", "http://x.vn/") == "http://x.vn/t%C3%ADn%20t%E1%BB%A9c"
    for bad in ("mailto:vp@hanoi.gov.vn", "javascript:void(0)", "ftp://x.vn/a", "http://"):
        assert normalize(bad) is None


def test_allowed_domains_include_subdomains_only() -> None:
    assert in_domains("https://tinhuy.hatinh.gov.vn/a", ["hatinh.gov.vn"])
    assert not in_domains("https://evilhatinh.gov.vn/a", ["hatinh.gov.vn"])


def test_sitemap_index_gzip_sitemap_rss_and_atom() -> None:
    base = "http://site.test"
    index = sitemap_links((SITE / "sitemap.xml").read_bytes().replace(b"{BASE}", base.encode()), base)
    assert [(x.url, x.kind) for x in index] == [(base + "/sitemap-van-ban.xml", "sitemap"),
                                                 (base + "/sitemap-tin-tuc.xml.gz", "sitemap")]
    import gzip

    gz = gzip.compress(gzip.decompress((SITE / "sitemap-tin-tuc.xml.gz").read_bytes()).replace(b"{BASE}", b""))
    assert [x.url for x in sitemap_links(gz, base + "/")] == [
        base + "/tin-tuc/ha-noi-kich-hoat-khu-cach-ly.html", base + "/tin-tuc/dang-lai-ket-luan-thuong-truc-thanh-uy.html"]
    rss = feed_links((SITE / "rss.xml").read_bytes().replace(b"{BASE}", base.encode()), base)
    assert rss[0].url == base + "/en/article-1.html" and rss[0].label == "Bài 0" and len(rss) == 4
    atom = feed_links((SITE / "atom.xml").read_bytes().replace(b"{BASE}", base.encode()), base)
    assert [x.url for x in atom][1] == base + "/van-ban/cong-van-529-cv-qu.html"
    assert sitemap_links(b"<not xml", base) == [] and feed_links(b"", base) == []


def test_page_links_skip_assets_and_classify_attachments() -> None:
    html = (SITE / "van-ban/cong-van-529-cv-qu.html").read_text()
    links = {x.url: x for x in html_links(html, "http://site.test/van-ban/cong-van-529-cv-qu.html")}
    assert links["http://site.test/files/cong-van-529-cv-qu.pdf"].kind == "attachment"
    assert links["http://site.test/files/cong-van-529-cv-qu.pdf"].label == "cong-van-529-cv-qu.pdf"
    assert not any(u.endswith((".css", ".png")) or u.startswith("javascript") for u in links)


def test_retry_after_reads_seconds_and_dates() -> None:
    assert retry_after("7") == 7.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: no wait
    assert retry_after("soon") is None and retry_after(None) is None


def test_loopback_and_private_addresses_are_not_public() -> None:
    assert not is_public_host("127.0.0.1", 80)
    assert not is_public_host("localhost", 80)
    assert not is_public_host("10.1.2.3", 80) and not is_public_host("169.254.1.1", 80)


def test_crawl_delay_longer_than_ours_wins_and_retry_waits_back_off() -> None:
    waits: list[float] = []
    polite = Politeness(delay=0.0, retries=2, backoff=0.25, read_timeout=5)
    with SiteServer(robots="User-agent: *\nCrawl-delay: 3\nDisallow: /private/\n") as site:
        fetcher = Fetcher(["127.0.0.1"], allow_private=True, polite=polite, sleep=waits.append)
        fetcher.check(site.url("/"))
        assert fetcher.delay_for(site.url("/")) == 3.0
        site.failures_left["/vong/a.html"] = 2
        fetcher.polite.delay = 0.0
        fetcher.host_delays["127.0.0.1"] = 0.0
        fetcher._robots.clear()  # forget the Crawl-delay: only the backoff waits remain below
        site.robots = "User-agent: *\nDisallow:\n"
        waits.clear()
        response = fetcher.fetch(site.url("/vong/a.html"))
        assert response.status == 200
        # Retry-After: 0 from the server wins over our backoff; no other waits with a zero delay.
        assert [w for w in waits if w > 0] == []
        with pytest.raises(FetchError) as err:
            fetcher.fetch(site.url("/chuyen/9"))
        assert err.value.reason == "too many redirects"
        assert fetcher.fetch(site.url("/chuyen/2")).redirects == [site.url("/chuyen/2"), site.url("/chuyen/1")]
        fetcher.close()


def test_pdf_docx_doc_and_scan(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    files = SITE / "files"
    pdf = attachments.extract((files / "cong-van-529-cv-qu.pdf").read_bytes(), attachments.PDF)
    assert "Số 529-CV/QU" in pdf.text and pdf.note is None
    docx = attachments.extract((files / "thong-bao-ket-luan-02-10-2021.docx").read_bytes(), attachments.DOCX)
    assert docx.text.startswith("THÔNG BÁO\n\nKẾT LUẬN CHỈ ĐẠO") and docx.title == "Thông báo kết luận 02/10/2021"
    doc_bytes = (files / "ket-luan-tinh-uy.doc").read_bytes()
    assert "Ban Thường vụ Tỉnh ủy" in attachments.extract(doc_bytes, attachments.DOC).text  # via catdoc
    scan = attachments.extract((files / "ket-luan-tinh-uy-ban-scan.pdf").read_bytes(), attachments.PDF)
    assert scan.text == "" and scan.note.startswith("scan: no text layer")
    monkeypatch.setenv("PATH", str(tmp_path))  # no converter on the PATH
    missing = attachments.extract(doc_bytes, attachments.DOC)
    assert missing.text == "" and missing.note.startswith("not extracted: no .doc converter")
    assert attachments.sniff(doc_bytes, "application/octet-stream") == attachments.DOC
    assert attachments.sniff(b"<html>", "application/octet-stream", ".html") is None


def test_ingest_reads_pdf_and_docx_files(cli, tmp_path: Path) -> None:
    out = cli("ingest", str(SITE / "files")).output
    assert "4 new" in out and "0 failed" in out
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"<html>not a pdf</html>")
    with pytest.raises(DocumentError, match="not a application/pdf file"):
        read_file(broken)


def test_near_duplicates_by_minhash(tmp_path: Path) -> None:
    page = read_file(SITE / "van-ban/cong-van-529-cv-qu.html").text
    pdf = attachments.extract((SITE / "files/cong-van-529-cv-qu.pdf").read_bytes(), attachments.PDF).text
    other = (SAMPLES / "004_00129d20bd42945e.txt").read_text()
    assert similarity(signature(page), signature(pdf)) > 0.8
    assert similarity(signature(page), signature(other)) < 0.2
    assert signature("quá ngắn") is None
    dedup = Dedup(tmp_path / "crawl.sqlite")
    assert dedup.assign("page", page) is None
    assert dedup.assign("pdf", pdf) == "page"
    assert dedup.assign("other", other) is None
    assert dedup.assign("pdf", pdf) == "page"  # seen again: same group
    assert dedup.assign("pdf", other) == "other"  # its text moved: it follows
    dedup.close()
