"""Crawl state in SQLite beside the archive (``<home>/crawl.sqlite``): the frontier and what each URL gave.

A crawl is a *pass*.  A URL is fetched at most once per pass; the queue, each URL's validators
(ETag, Last-Modified), content hash, failures and outcome are written as they happen, so a crawl
killed at any point resumes where it stopped when the same command runs again.  A pass that
finished is followed by a new one, which re-visits pages with conditional GET.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tracuu.index.archive import now
from tracuu.errors import ArchiveError

SCHEMA = """
CREATE TABLE IF NOT EXISTS passes (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    depth INTEGER NOT NULL,
    parent TEXT,
    label TEXT,
    pass INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    state TEXT NOT NULL,
    status INTEGER,
    final_url TEXT,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    source TEXT,
    fetched_at TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    reason TEXT
);
CREATE INDEX IF NOT EXISTS urls_queue ON urls(pass, state, seq);
"""


@dataclass
class Entry:
    """One queued URL."""

    url: str
    kind: str
    depth: int
    parent: str | None
    label: str | None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    source: str | None = None


class Frontier:
    """The queue and per-URL state of crawls kept in one home."""

    def __init__(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(SCHEMA)
        except sqlite3.Error as exc:
            raise ArchiveError(f"cannot open crawl state {path}: {exc}") from exc
        self.db.row_factory = sqlite3.Row
        self.pass_id = 0

    def close(self) -> None:
        self.db.close()

    def begin(self, key: str) -> bool:
        """Resume the last pass if it was left unfinished by the same crawl (``key``), else open a new one.

        Returns True when resuming.
        """
        row = self.db.execute("SELECT id, key, finished_at FROM passes ORDER BY id DESC LIMIT 1").fetchone()
        if row and row["finished_at"] is None and row["key"] == key:
            self.pass_id = row["id"]
            return True
        with self.db:
            self.pass_id = self.db.execute("INSERT INTO passes (key, started_at) VALUES (?, ?)",
                                           (key, now())).lastrowid
        return False

    def finish(self) -> None:
        """Mark the current pass complete: the next run starts a new pass."""
        with self.db:
            self.db.execute("UPDATE passes SET finished_at = ? WHERE id = ?", (now(), self.pass_id))

    def add(self, url: str, kind: str, depth: int, parent: str | None = None, label: str | None = None) -> bool:
        """Queue ``url`` for this pass unless it was already queued or handled in it; True if queued."""
        seq = self.db.execute("SELECT coalesce(max(seq), 0) + 1 FROM urls").fetchone()[0]
        with self.db:
            cur = self.db.execute(
                """INSERT INTO urls (url, kind, depth, parent, label, pass, seq, state)
                   VALUES (?, ?, ?, ?, ?, ?, ?, 'queued')
                   ON CONFLICT(url) DO UPDATE SET state = 'queued', pass = excluded.pass, seq = excluded.seq,
                       depth = excluded.depth, parent = coalesce(excluded.parent, parent),
                       label = coalesce(excluded.label, label), kind = excluded.kind
                   WHERE urls.pass < excluded.pass""",
                (url, kind, depth, parent, label, self.pass_id, seq),
            )
        return cur.rowcount > 0

    def next(self) -> Entry | None:
        """The oldest URL still queued in this pass."""
        row = self.db.execute(
            """SELECT url, kind, depth, parent, label, etag, last_modified, content_hash, source FROM urls
               WHERE pass = ? AND state = 'queued' ORDER BY seq LIMIT 1""", (self.pass_id,)).fetchone()
        return Entry(**dict(row)) if row else None

    def seen(self, url: str) -> bool:
        """True when ``url`` was already handled (done or failed) in this pass."""
        row = self.db.execute("SELECT 1 FROM urls WHERE url = ? AND pass = ? AND state != 'queued'",
                              (url, self.pass_id)).fetchone()
        return row is not None

    def done(self, url: str, status: int, final_url: str | None = None, etag: str | None = None,
             last_modified: str | None = None, content_hash: str | None = None, source: str | None = None) -> None:
        """Record a fetched URL (validators are kept unless the reply had none)."""
        with self.db:
            self.db.execute(
                """INSERT INTO urls (url, kind, depth, pass, seq, state) VALUES (?, 'page', 0, ?, 0, 'done')
                   ON CONFLICT(url) DO UPDATE SET state = 'done', pass = excluded.pass""", (url, self.pass_id))
            self.db.execute(
                """UPDATE urls SET status = ?, final_url = ?, etag = coalesce(?, etag),
                       last_modified = coalesce(?, last_modified), content_hash = coalesce(?, content_hash),
                       source = coalesce(?, source), fetched_at = ?, failures = 0, reason = NULL
                   WHERE url = ?""",
                (status, final_url, etag, last_modified, content_hash, source, now(), url))

    def failed(self, url: str, reason: str) -> None:
        """Record a URL that could not be fetched or read, with the reason."""
        with self.db:
            self.db.execute("UPDATE urls SET state = 'failed', reason = ?, failures = failures + 1, fetched_at = ?"
                            " WHERE url = ?", (reason, now(), url))

    def handled(self) -> int:
        """URLs handled (done or failed) in this pass, for ``--max-pages``."""
        return self.db.execute("SELECT count(*) FROM urls WHERE pass = ? AND state != 'queued'"
                               " AND kind IN ('page', 'attachment')",
                               (self.pass_id,)).fetchone()[0]

    def queued(self) -> int:
        return self.db.execute("SELECT count(*) FROM urls WHERE pass = ? AND state = 'queued'",
                               (self.pass_id,)).fetchone()[0]

    def drop_queue(self) -> None:
        """Leave the rest of the queue (``--max-pages`` reached): they wait for a later pass."""
        with self.db:
            self.db.execute("UPDATE urls SET pass = pass - 1 WHERE pass = ? AND state = 'queued'", (self.pass_id,))

    def source_of(self, url: str) -> str | None:
        """Archive key of the document fetched from ``url`` (after its redirects), if any."""
        row = self.db.execute("SELECT source FROM urls WHERE url = ?", (url,)).fetchone()
        return row["source"] if row else None
