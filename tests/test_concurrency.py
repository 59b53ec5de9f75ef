"""Concurrency: index rebuilds under a serving ``tracuu serve``, and two writers on one home.

* While ``tracuu index --rebuild`` (and a plain ``tracuu index``) run again and again, 8 clients keep asking
  a live ``tracuu serve`` for pages, documents and the whole archive.  No request may fail, and every
  answer is one whole state of the index: the documents before an update or all of them after it, never
  a mixture, and no client goes back to an older state once it has seen a newer one.
* Two ``tracuu index`` started at once on the same home: the second waits for the first's lock, both end
  well, and the index they leave is whole (``tracuu check`` passes).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tracuu.index.archive import Archive
from tracuu.index.lock import writer_lock
from tracuu.index.store import IndexStore
from tests.live_server import serving
from tests.web_corpus import build_web_home

pytestmark = pytest.mark.slow

CLIENTS = 8
ROUNDS = 4  # each adds one document, then updates the index once and rebuilds it twice
WAIT = 120  # seconds any one step may take on a slow machine (a limit, not a timing assertion)
EVERYTHING = "/api/search?" + urlencode({"q": "", "page_size": "100"})


def tracuu(home: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real command line on ``home``."""
    return subprocess.run([sys.executable, "-m", "tracuu", "--home", str(home), *args], check=False,
                          capture_output=True, text=True, timeout=WAIT, env={**os.environ, **(env or {})})


@dataclass
class Client:
    """One of the clients: what it saw of the archive, in order, and what went wrong."""

    base: str
    paths: list[str]
    states: list[frozenset[str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    requests: int = 0

    def get(self, path: str) -> bytes | None:
        self.requests += 1
        try:
            with urllib.request.urlopen(self.base + path.lstrip("/"), timeout=WAIT) as reply:
                body = reply.read()
                if reply.status != 200:
                    self.failures.append(f"{path}: HTTP {reply.status}")
                return body
        except Exception as exc:  # noqa: BLE001 - any failure counts; it is recorded so the others go on
            self.failures.append(f"{path}: {type(exc).__name__}: {exc}")
            return None

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            body = self.get(EVERYTHING)
            if body is not None:
                data = json.loads(body)
                ids = frozenset(hit["id"] for hit in data["results"])
                if data["total"] != len(ids):
                    self.failures.append(f"total {data['total']} for {len(ids)} documents")
                self.states.append(ids)
            for path in self.paths:
                self.get(path)


def _marker(home: Path, n: int) -> str:
    """Archive one more document (through ``tracuu ingest``); return its id."""
    path = home.parent / f"marker-{n}.txt"
    path.write_text(f"THÔNG BÁO\nTrạm kiểm dịch số {n} bắt đầu tiếp nhận người cách ly.\n", encoding="utf-8")
    done = tracuu(home, "ingest", str(path))
    assert done.returncode == 0, done.stderr
    with Archive(home / "archive.sqlite", readonly=True) as archive:
        return next(doc.id for doc in archive.iter_documents(list(archive.versions())) if doc.source == str(path))


def _wait_until_seen(clients: list[Client], state: frozenset[str]) -> None:
    deadline = time.monotonic() + WAIT
    while not all(c.states and c.states[-1] == state for c in clients):
        assert time.monotonic() < deadline, "the clients never saw the updated index"
        time.sleep(0.05)


def test_rebuilds_under_load_fail_no_request_and_switch_atomically(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ids = build_web_home(home)
    base = frozenset(i for name, i in ids.items() if name != "copy")  # a copy is listed once, under its original
    paths = ["/?" + urlencode({"q": "phòng chống dịch"}), f"/documents/{ids['citing']}",
             "/api/search?" + urlencode({"q": "cách ly", "province": "Hà Nội"}), f"/api/documents/{ids['hostile']}"]
    states = [base]
    with serving(home, tmp_path / "serve.log", threads=CLIENTS) as url:
        clients = [Client(url, paths) for _ in range(CLIENTS)]
        stop = threading.Event()
        threads = [threading.Thread(target=c.run, args=(stop,)) for c in clients]
        for t in threads:
            t.start()
        try:
            _wait_until_seen(clients, base)
            for n in range(1, ROUNDS + 1):
                states.append(states[-1] | {_marker(home, n)})
                for args in (["index"], ["index", "--rebuild"], ["index", "--rebuild"]):
                    done = tracuu(home, *args)
                    assert done.returncode == 0, done.stderr
                _wait_until_seen(clients, states[-1])
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=WAIT)
    failures = [f for c in clients for f in c.failures]
    assert not failures, failures[:10]
    for c in clients:
        order = [states.index(s) if s in states else -1 for s in c.states]
        assert -1 not in order, "an answer held a mixture of two states of the index"
        assert order == sorted(order), "a client went back to an older index"
    assert sum(c.requests for c in clients) > CLIENTS * ROUNDS * len(paths)
    assert len(list((home / "index").glob("gen-*"))) <= 2  # the live generation and the one just retired


def test_two_index_commands_at_once_take_turns(tmp_path: Path) -> None:
    home = tmp_path / "home"
    build_web_home(home)
    _marker(home, 1)
    procs = [subprocess.Popen([sys.executable, "-m", "tracuu", "--home", str(home), "index", *extra],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for extra in (["--rebuild"], ["--rebuild"], [])]
    outputs = [p.communicate(timeout=WAIT) for p in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0 and "Traceback" not in err, err
    check = tracuu(home, "check", "--json")
    assert check.returncode == 0, check.stdout + check.stderr
    report = json.loads(check.stdout)
    assert report["ok"] and report["documents"] == report["indexed"] == 9
    with IndexStore(home).open().searcher() as searcher:
        assert searcher.doc_count() == 9


def test_a_second_index_waits_for_the_lock_then_completes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    build_web_home(home)
    marker = _marker(home, 1)
    with writer_lock(home, "index"):
        proc = subprocess.Popen([sys.executable, "-m", "tracuu", "--home", str(home), "index"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)  # long enough for the command to start and find the lock taken
        assert proc.poll() is None  # still waiting: it neither went ahead nor gave up
    _, err = proc.communicate(timeout=WAIT)
    assert proc.returncode == 0, err
    with IndexStore(home).open().searcher() as searcher:
        assert marker in {f["id"] for f in searcher.all_stored_fields()}
