"""Document pages: metadata, highlighted text with paragraphs kept, citations both ways, neighbours."""

from __future__ import annotations

from tracuu.search.engine import SearchEngine
from tracuu.search.related import more_like_this
from tests.web_corpus import CITING, page
from tracuu.web import create_app


def meta_table(soup) -> dict[str, str]:
    return {tr.th.get_text(strip=True): tr.td.get_text(" ", strip=True) for tr in soup.select("table.meta tr")}


def test_metadata_table(client, ids) -> None:
    soup = page(client.get(f"/documents/{ids['citing']}"))
    assert soup.h1.get_text() == "Về việc triển khai các khu cách ly tập trung"
    assert soup.title.get_text() == "Về việc triển khai các khu cách ly tập trung – Tra cứu văn bản chỉ đạo"
    table = meta_table(soup)
    assert table == {
        "Loại văn bản": "Công văn", "Số hiệu": "14-CV/VP", "Ngày ban hành": "20/02/2021",
        "Cơ quan ban hành": "Văn phòng Quận ủy Hà Đông", "Người ký": "Trần Văn Thử", "Tỉnh/thành phố": "Hà Nội",
        "Quận/huyện": "Hà Đông", "Nơi nhận": "Các chi bộ trực thuộc", "Nguồn": "https://example.org/van-ban/14-cv-vp",
        "Thời điểm thu thập": "21/02/2021 08:00 (UTC)", "Cập nhật trong kho": table["Cập nhật trong kho"],
    }
    source = soup.select_one("table.meta td.source a")
    assert source["href"] == CITING.url and "noopener" in source["rel"]


def test_full_text_keeps_paragraphs_and_marks_the_query_terms(client, ids) -> None:
    plain = page(client.get(f"/documents/{ids['citing']}"))
    paragraphs = plain.select(".doc-text p")
    assert [p.get_text() for p in paragraphs] == [line for line in CITING.text.splitlines() if line.strip()]
    assert plain.select(".doc-text mark") == []

    marked = page(client.get(f"/documents/{ids['citing']}?q=cach+ly"))
    assert [m.get_text() for m in marked.select(".doc-text mark")] == ["cách", "ly"]
    assert marked.select_one("#hq")["value"] == "cach ly"
    crumbs = marked.select("nav.crumbs a")
    assert crumbs[-1]["href"] == "/?q=cach+ly"


def test_citations_link_to_archived_documents_and_show_the_rest_as_text(client, ids) -> None:
    soup = page(client.get(f"/documents/{ids['citing']}"))
    items = soup.select("section[aria-labelledby=cites-title] li")
    assert [li.get_text(" ", strip=True).split(" –")[0] for li in items] == [
        "Số 07-BS/QU", "Số 529-CV/QU", "Số 99-TB/TU (chưa có trong kho)"]
    assert items[0].a["href"] == f"/documents/{ids['000_095b186705ea344f.txt']}"
    assert items[1].a["href"] == f"/documents/{ids['002_10127e1254a347ad.txt']}"
    assert items[2].a is None

    cited = page(client.get(items[0].a["href"]))
    back = cited.select("section[aria-labelledby=cited-by-title] li a")
    assert sorted((a["href"], a.get_text()) for a in back) == sorted(
        (f"/documents/{ids[name]}", "Công văn số 14-CV/VP") for name in ("citing", "copy"))


def test_other_sources_and_more_like_this(client, ids) -> None:
    soup = page(client.get(f"/documents/{ids['citing']}"))
    sources = soup.select("section[aria-labelledby=sources-title] li")
    assert [li.a["href"] if li.a else None for li in sources] == [
        f"/documents/{ids['copy']}", "https://example.net/mirror/14-cv-vp", None]
    assert sources[2].get_text(strip=True) == "javascript:alert(2)"  # not a link: only http(s) addresses are
    copy = page(client.get(f"/documents/{ids['copy']}"))
    assert [a["href"] for a in copy.select("section[aria-labelledby=sources-title] a")] == [
        f"/documents/{ids['citing']}"]  # a copy points to the group's first document
    related = [a["href"] for a in soup.select("section[aria-labelledby=related-title] a")]
    assert 1 <= len(related) <= 5 and all(href.startswith("/documents/") for href in related)
    assert f"/documents/{ids['citing']}" not in related
    assert f"/documents/{ids['copy']}" not in related  # listed among the other sources already


def test_more_like_this_finds_the_nearest_sample(web_home, ids) -> None:
    engine = SearchEngine(web_home[0])
    archive = engine.archive()
    related = more_like_this(engine.searcher(), archive, archive.get(ids["citing"]), limit=3)
    assert len(related) == 3 and related == sorted(related, key=lambda r: -r.score)
    assert related[0].id == ids["copy"]  # the same text, found at another address
    assert ids["citing"] not in [r.id for r in related]
    # The Ba Đình letter on quarantine is closest to the news page on quarantine camps.
    letter = more_like_this(engine.searcher(), archive, archive.get(ids["002_10127e1254a347ad.txt"]))
    assert letter[0].id == ids["001_2f250f62ae5a35ae.txt"]
    assert ids["hostile"] not in [r.id for r in letter]


def test_unknown_document_is_a_404_page(client) -> None:
    for url in ("/documents/0000000000000000", "/documents/%3Cscript%3E", "/nowhere"):
        response = client.get(url)
        assert response.status_code == 404
        assert page(response).h1.get_text() == "Không tìm thấy"


def test_every_result_of_the_shipped_samples_opens(sample_home) -> None:
    client = create_app({"TRACUU_HOME": str(sample_home)}).test_client()
    soup = page(client.get("/?q=phong+chong+dich"))
    links = [h.select_one("h2 a")["href"] for h in soup.select("li.hit")]
    assert len(links) == 5
    for href in links:
        doc = page(client.get(href))
        assert doc.select(".doc-text p") and doc.select(".doc-text mark")
