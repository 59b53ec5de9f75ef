"""Crash safety, proven by killing real processes with SIGKILL at seeded random moments."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tracuu.index.archive import Archive
from tracuu.index.check import check
from tracuu.index.store import IndexStore
from tests.synthetic import write_corpus

KILLS = 20


def tracuu(home: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tracuu", "--home", str(home), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def run_to_end(home: Path, *args: str) -> float:
    """Run a command to completion; return how long it took (kill windows are scaled to it)."""
    started = time.perf_counter()
    proc = tracuu(home, *args)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    return time.perf_counter() - started


def kill_at_random(home: Path, rng: random.Random, window: float, *args: str) -> None:
    """SIGKILL the command at a random moment of ``window``; one that ends before that moment runs to its end."""
    proc = tracuu(home, *args)
    # Waiting on the process, not sleeping: a run that ends first (a resumed one is shorter) would not be
    # killed anyway, and the rest of the window would only be slept through.
    try:
        proc.wait(timeout=rng.uniform(0.05, window))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def archive_state(home: Path) -> dict[str, str]:
    path = home / "archive.sqlite"
    if not path.exists():
        return {}
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchone():
            return {}  # killed after the file was created, before its schema: the next run creates it
        rows = db.execute("SELECT source, version FROM documents").fetchall()
    finally:
        db.close()
    sources = [s for s, _ in rows]
    assert len(sources) == len(set(sources)), "a document was archived twice"
    return dict(rows)


def indexed_ids(home: Path) -> list[str]:
    with IndexStore(home).open().searcher() as searcher:
        return [f["id"] for f in searcher.all_stored_fields()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 400)
    return folder


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory) -> tuple[dict[str, str], float]:
    """The final archive of an uninterrupted ingest, and how long that ingest took."""
    home = tmp_path_factory.mktemp("reference")
    seconds = run_to_end(home, "ingest", str(corpus))
    return archive_state(home), seconds


@pytest.mark.slow
def test_ingest_survives_sigkill(corpus: Path, reference: tuple[dict[str, str], float], tmp_path: Path) -> None:
    rng = random.Random(2021)
    home = tmp_path / "home"
    final, seconds = reference
    for _ in range(KILLS):
        kill_at_random(home, rng, seconds, "ingest", str(corpus))
        state = archive_state(home)  # integrity and no duplicates after every kill
        assert all(final[s] == v for s, v in state.items()), "a half-written document survived"
    run_to_end(home, "ingest", str(corpus))
    assert archive_state(home) == final


@pytest.mark.slow
def test_index_survives_sigkill(corpus: Path, tmp_path: Path) -> None:
    rng = random.Random(1258)
    home = tmp_path / "home"
    run_to_end(home, "ingest", str(corpus))
    seconds = run_to_end(home, "index")
    expected = sorted(indexed_ids(home))
    for i in range(KILLS):
        args = ("index", "--rebuild") if i % 2 == 0 else ("index",)
        if i % 2:  # make incremental work to do: change a few documents first
            changed = sorted(corpus.glob("*.txt"))[i : i + 3]
            for path in changed:
                path.write_text(path.read_text() + f"\nPhụ lục {i}.\n")
            run_to_end(home, "ingest", *map(str, changed))
        kill_at_random(home, rng, seconds, *args)
        ids = indexed_ids(home)  # the old or the new index, and it opens
        assert sorted(set(ids)) == expected and len(ids) == len(expected)
    run_to_end(home, "index")
    with Archive(home / "archive.sqlite", readonly=True) as archive:
        report = check(archive, IndexStore(home))
    assert report.ok, json.dumps(report.to_dict())[:500]


@pytest.mark.slow
def test_crawl_survives_sigkill(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.crawl_site import CRAWL_ENV, SiteServer

    for key, value in CRAWL_ENV.items():
        monkeypatch.setenv(key, value)
    rng = random.Random(404)
    with SiteServer(slow_seconds=1.0) as site:
        args = ("crawl", site.url("/"), "--allow-private", "--delay", "0", "--sitemap", site.url("/sitemap.xml"),
                "--exclude", "/en/", "--no-index")
        reference_home = tmp_path / "reference"
        seconds = run_to_end(reference_home, *args)
        reference = archive_state(reference_home)
        assert len(reference) >= 5
        home = tmp_path / "home"
        for _ in range(KILLS):
            kill_at_random(home, rng, seconds, *args)
            state = archive_state(home)  # integrity and no duplicates after every kill
            assert set(state) <= set(reference)
        run_to_end(home, *args)
        assert set(archive_state(home)) == set(reference)
