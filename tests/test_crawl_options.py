"""Crawl options on the real test site: scope, limits, private addresses, a TOML config, the text report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracuu.index.archive import Archive
from tests.crawl_site import CRAWL_ENV, SiteServer
from tracuu.cli import main


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch):
    for key, value in CRAWL_ENV.items():
        monkeypatch.setenv(key, value)
    with SiteServer(slow_seconds=1.0) as server:
        yield server


def crawl(home: Path, *args: str) -> dict:
    result = CliRunner().invoke(main, ["--home", str(home), "crawl", "--json", "--no-index", *args],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def sources(home: Path) -> set[str]:
    with Archive(home / "archive.sqlite") as archive:
        return {doc.source for doc in archive.iter_documents()}


def test_loopback_is_refused_without_allow_private(site: SiteServer, tmp_path: Path) -> None:
    report = crawl(tmp_path, site.url("/"))
    assert report["failed"] == {"private address": 1} and site.hits == []
    # A host name resolving to loopback is refused the same way.
    report = crawl(tmp_path / "2", f"http://localhost:{site.port}/")
    assert report["failed"] == {"private address": 1} and site.hits == []


def test_max_depth_zero_fetches_only_the_seed(site: SiteServer, tmp_path: Path) -> None:
    report = crawl(tmp_path, site.url("/"), "--allow-private", "--delay", "0", "--max-depth", "0")
    assert report["fetched"] == 1 and sources(tmp_path) == {site.url("/")}


def test_max_pages_stops_and_the_next_run_starts_a_new_pass(site: SiteServer, tmp_path: Path) -> None:
    args = [site.url("/"), "--allow-private", "--delay", "0", "--max-pages", "3"]
    report = crawl(tmp_path, *args)
    # The home page's first links are 404s: they count too.
    assert report["fetched"] + sum(report["failed"].values()) == 3 and report["queued"] > 0
    again = crawl(tmp_path, *args)
    assert again["resumed"] is False and again["unchanged"] >= 1


def test_include_and_exclude(site: SiteServer, tmp_path: Path) -> None:
    crawl(tmp_path, site.url("/"), "--allow-private", "--delay", "0", "--include", "/van-ban/",
          "--exclude", r"\.doc$|scan")
    paths = {s.removeprefix(site.base) for s in sources(tmp_path)}
    assert paths == {"/", "/van-ban/cong-van-529-cv-qu.html", "/van-ban/thong-bao-ket-luan-02-10-2021.html",
                     "/van-ban/ket-luan-thuong-truc-thanh-uy-08-02-2021.html",
                     "/van-ban/ket-luan-ban-thuong-vu-tinh-uy.html", "/files/cong-van-529-cv-qu.pdf",
                     "/files/thong-bao-ket-luan-02-10-2021.docx"}


def test_config_file_of_sites(site: SiteServer, tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(f"""
[crawl]
allow_private = true
max_depth = 1

[[site]]
seeds = ["{site.url('/vong/a.html')}"]
domains = ["127.0.0.1"]
exclude = ["/vong/b"]
delay = 0
""", encoding="utf-8")
    report = crawl(tmp_path, "--config", str(config))
    assert sources(tmp_path) == {site.url("/vong/a.html")} and report["failed"] == {}


def test_bad_config_is_one_clear_line(tmp_path: Path, runner: CliRunner) -> None:
    config = tmp_path / "sites.toml"
    config.write_text('[[site]]\nseeds = ["http://example.org/"]\ncolour = "blue"\n', encoding="utf-8")
    result = runner.invoke(main, ["--home", str(tmp_path), "crawl", "--config", str(config)])
    assert result.exit_code == 1 and "unknown key(s) colour" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(main, ["--home", str(tmp_path), "crawl"])
    assert result.exit_code == 2 and "give at least one URL" in result.output


def test_text_report_names_failures_by_reason(site: SiteServer, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--home", str(tmp_path), "crawl", site.url("/khong-co.html"),
                                       site.url("/vong/a.html"), "--allow-private", "--delay", "0",
                                       "--max-depth", "0"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "crawl: 1 fetched, 1 new, 0 changed, 0 unchanged, 1 failed (http 404 1)" in result.output
    assert "index: 1 added" in result.output
