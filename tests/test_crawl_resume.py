"""A real ``tracuu crawl`` process killed (SIGKILL) or interrupted (SIGINT) mid-crawl, then run again."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.crawl_site import CRAWL_ENV, SiteServer

pytestmark = pytest.mark.slow

#: Paths answered 200 that are not documents: listings, and pages the crawler gives up on mid-body.
NOT_ARCHIVED = {"/robots.txt", "/sitemap.xml", "/sitemap-van-ban.xml", "/sitemap-tin-tuc.xml.gz", "/rss.xml",
                "/cham.html", "/qua-lon.html"}


def start(site: SiteServer, home: Path) -> subprocess.Popen:
    args = [sys.executable, "-m", "tracuu", "--home", str(home), "crawl", site.url("/"), "--allow-private",
            "--delay", "0.2", "--sitemap", site.url("/sitemap.xml"), "--exclude", "/en/", "--no-index", "--json"]
    return subprocess.Popen(args, cwd=ROOT, env={**os.environ, **CRAWL_ENV}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def archived(home: Path) -> set[str]:
    path = home / "archive.sqlite"
    if not path.exists():
        return set()
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return {row[0] for row in db.execute("SELECT source FROM documents")}
        finally:
            db.close()
    except sqlite3.Error:
        return set()  # created but not yet initialised


def wait_for(home: Path, count: int, proc: subprocess.Popen) -> set[str]:
    """Block until the crawl has archived ``count`` documents (the crawl itself is what takes time)."""
    while len(found := archived(home)) < count:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    return found


def ok_hits(site: SiteServer, hits: list[tuple[str, int]]) -> list[str]:
    return [site.url(p.split("?")[0]) for p, s in hits if s == 200 and p.split("?")[0] not in NOT_ARCHIVED]


def finish(site: SiteServer, home: Path) -> dict:
    proc = start(site, home)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return json.loads(out)


def test_sigkill_mid_crawl_then_resume_archives_every_page_once(tmp_path: Path) -> None:
    with SiteServer(slow_seconds=1.0) as site:
        proc = start(site, tmp_path)
        before = wait_for(tmp_path, 5, proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kept = archived(tmp_path)
        assert kept >= before
        first_hits = list(site.hits)
        report = finish(site, tmp_path)
        second_hits = site.hits[len(first_hits):]
        assert report["resumed"] is True and report["queued"] == 0

        everything = archived(tmp_path)
        fetched_ok = ok_hits(site, site.hits)
        # Nothing fetched is lost, and nothing kept before the kill is fetched again...
        assert set(fetched_ok) == everything
        assert not kept & set(ok_hits(site, second_hits))
        # ...except, at most, the one page that was in flight when the process died.
        twice = {u for u in fetched_ok if fetched_ok.count(u) > 1}
        assert len(twice) <= 1
        assert site.url("/files/cong-van-529-cv-qu.pdf") in everything
        db = sqlite3.connect(tmp_path / "crawl.sqlite")
        assert db.execute("SELECT count(*) FROM passes WHERE finished_at IS NULL").fetchone()[0] == 0


def test_sigint_stops_cleanly_after_the_page_in_flight(tmp_path: Path) -> None:
    with SiteServer(slow_seconds=1.0) as site:
        proc = start(site, tmp_path)
        wait_for(tmp_path, 2, proc)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0 and "stopping after the page in flight" in err
        report = json.loads(out)
        assert report["stopped"] is True and report["queued"] > 0
        hits = len(site.hits)
        resumed = finish(site, tmp_path)
        assert resumed["resumed"] is True and resumed["stopped"] is False
        fetched_ok = ok_hits(site, site.hits)
        assert len(fetched_ok) == len(set(fetched_ok)) == len(archived(tmp_path))
        assert len(site.hits) > hits
