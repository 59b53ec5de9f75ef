"""Near-duplicates in results: each group once, all its sources listed, counted once in totals and facets.

The archive comes through the real crawler: ``tracuu crawl`` fetches, from the test site on
127.0.0.1, an office's conclusion and a news page republishing it, a page with the PDF of the same
letter, and an unrelated notice; the crawler groups the near-duplicates and ``tracuu index`` indexes
them.  Then ``tracuu search`` (JSON and text), the engine and the web API are asked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracuu.index.archive import Archive
from tracuu.search.engine import Filters, SearchEngine
from tests.crawl_site import SiteServer, crawl_env
from tracuu.cli import main
from tracuu.web import create_app

OFFICE = "/van-ban/ket-luan-thuong-truc-thanh-uy-08-02-2021.html"
NEWS = "/tin-tuc/dang-lai-ket-luan-thuong-truc-thanh-uy.html"
PAGE, PDF = "/van-ban/cong-van-529-cv-qu.html", "/files/cong-van-529-cv-qu.pdf"
OTHER = "/van-ban/thong-bao-ket-luan-02-10-2021.html"


def tracuu(home: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory):
    """``(home, site urls by path, documents archived)`` after one crawl of the five pages (the index brought up to date)."""
    home = tmp_path_factory.mktemp("duplicates-home")
    with crawl_env(), SiteServer() as site:
        paths = (OFFICE, NEWS, PAGE, PDF, OTHER)
        report = json.loads(tracuu(home, "crawl", *(site.url(p) for p in paths), "--max-depth", "0",
                                   "--allow-private", "--delay", "0", "--json"))
        assert report["duplicates"] == 2 and report["index"]["added"] >= len(paths)  # and attachments
        yield home, {p: site.url(p) for p in paths}, report["index"]["added"]


def _search(home: Path, *args: str) -> dict:
    return json.loads(tracuu(home, "search", "--json", "--limit", "20", *args))


def test_a_group_is_one_result_listing_every_source(crawled) -> None:
    home, url, _ = crawled
    result = _search(home, "Thường trực Thành ủy phòng chống dịch Covid-19")
    shown = [h["url"] for h in result["results"] if not h["approximate"]]
    assert len([u for u in shown if u in (url[OFFICE], url[NEWS])]) == 1  # one of the two, not both
    hit = next(h for h in result["results"] if h["url"] in (url[OFFICE], url[NEWS]))
    assert hit["sources"][0] == hit["url"] and set(hit["sources"]) == {url[OFFICE], url[NEWS]}
    with Archive(home / "archive.sqlite") as archive:
        office, news = archive.by_source(url[OFFICE]), archive.by_source(url[NEWS])
    assert hit["duplicates"] == [news.id if hit["id"] == office.id else office.id]


def test_totals_and_facets_count_a_group_once(crawled) -> None:
    home, url, archived = crawled
    everything = _search(home, "")
    assert everything["total"] == len(everything["results"]) == archived - 2  # two groups of two
    # every page of the site is from Hà Nội in 2021: each group counts once
    assert everything["facets"]["province"] == {"Hà Nội": archived - 2}
    assert everything["facets"]["year"] == {"2021": archived - 2}
    engine = SearchEngine(home)
    assert engine.search("", Filters(province=["Hà Nội"])).total == archived - 2
    letter = engine.search("529-CV/QU")
    assert [sorted(h.sources) for h in letter.results if not h.approximate] == [sorted([url[PAGE], url[PDF]])]
    assert letter.exact_total == 1 and len([h for h in letter.results if h.url in (url[PAGE], url[PDF])]) == 1
    assert all(n == 1 for counts in letter.facets.values() for n in counts.values())


def test_partial_matches_are_marked_in_the_text_output(crawled) -> None:
    home, _, _ = crawled
    data = _search(home, "Thường trực Thành ủy Mitracco phòng dịch")
    assert data["approximate"] and all(h["approximate"] for h in data["results"])
    text = tracuu(home, "search", "Thường trực Thành ủy Mitracco phòng dịch")
    assert text.count("(khớp một phần)") == len(data["results"]) > 0
    assert "Cùng văn bản ở nguồn khác: " in tracuu(home, "search", "Thường trực Thành ủy")


def test_the_api_and_page_show_the_group_once(crawled) -> None:
    home, url, _ = crawled
    client = create_app({"TRACUU_HOME": str(home), "TESTING": True}).test_client()
    data = client.get("/api/search?q=529-CV/QU").get_json()
    group = [h for h in data["results"] if h["url"] in (url[PAGE], url[PDF])]
    assert len(group) == 1 and len(group[0]["sources"]) == 2
    html = client.get("/?q=529-CV/QU").get_data(as_text=True)
    assert "Cùng văn bản còn có ở 1 nguồn khác" in html
