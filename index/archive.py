"""The archive: SQLite, the system of record.  One row per document, raw bytes kept.

Writes are single transactions in WAL mode, so a crash leaves either the old or the new row.
Analyses (segmented text) are cached by the hash of the analysed string, so a reindex never
segments the same text twice; OCR results are cached by page (a key of the file's hash, the page and
the engine's signature), so no file is read by OCR twice.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from tracuu.index.document import Document, Metadata, sha1
from tracuu.errors import ArchiveError

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    url TEXT,
    title TEXT,
    doc_type TEXT,
    number TEXT,
    date TEXT,
    province TEXT,
    text TEXT NOT NULL,
    meta TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}',
    raw BLOB,
    content_type TEXT,
    raw_hash TEXT,
    content_hash TEXT NOT NULL,
    version TEXT NOT NULL,
    fetched_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_number ON documents(number);
CREATE TABLE IF NOT EXISTS analyses (
    hash TEXT PRIMARY KEY,
    groups TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ocr_pages (
    key TEXT PRIMARY KEY,
    result TEXT NOT NULL
);
"""


def now() -> str:
    """UTC time as ISO 8601 seconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Archive:
    """Documents in ``<home>/archive.sqlite``."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self._depth = 0  # of nested transactions
        try:
            if readonly:
                if not self.path.exists():
                    raise ArchiveError(f"no archive at {self.path}: run 'tracuu ingest' first")
                self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.executescript(SCHEMA)
        except sqlite3.Error as exc:
            raise ArchiveError(f"cannot open archive {self.path}: {exc}") from exc
        self.db.row_factory = sqlite3.Row

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: committed on success, rolled back on any error.

        Nested inside another, it is part of the outer one, which commits or rolls back for both.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self.db
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self.db:
                yield self.db
        except sqlite3.Error as exc:
            raise ArchiveError(f"archive write failed: {exc}") from exc
        finally:
            self._depth = 0

    # --- documents ------------------------------------------------------------------------

    def put(self, doc: Document) -> str:
        """Store ``doc``; return ``"new"``, ``"changed"`` or ``"unchanged"``."""
        version = doc.version()
        row = self.db.execute("SELECT version FROM documents WHERE source = ?", (doc.source,)).fetchone()
        if row and row["version"] == version:
            return "unchanged"
        stamp = now()
        meta = doc.meta
        values = (
            doc.id, doc.source, doc.url, meta.title, meta.doc_type, meta.number, meta.date, meta.province,
            doc.text, json.dumps(meta.to_dict(), ensure_ascii=False), json.dumps(doc.extra, ensure_ascii=False),
            doc.raw, doc.content_type, sha1(doc.raw) if doc.raw is not None else None, sha1(doc.text),
            version, doc.fetched_at, stamp, stamp,
        )
        with self.transaction() as db:
            db.execute(
                """INSERT INTO documents (id, source, url, title, doc_type, number, date, province, text, meta,
                       extra, raw, content_type, raw_hash, content_hash, version, fetched_at, created_at, updated_at)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(source) DO UPDATE SET url=excluded.url, title=excluded.title,
                       doc_type=excluded.doc_type, number=excluded.number, date=excluded.date,
                       province=excluded.province, text=excluded.text, meta=excluded.meta, extra=excluded.extra,
                       raw=excluded.raw, content_type=excluded.content_type, raw_hash=excluded.raw_hash,
                       content_hash=excluded.content_hash, version=excluded.version,
                       fetched_at=excluded.fetched_at, updated_at=excluded.updated_at""",
                values,
            )
        return "changed" if row else "new"

    def delete(self, source: str) -> bool:
        """Remove the document kept for ``source``; True if there was one."""
        with self.transaction() as db:
            return db.execute("DELETE FROM documents WHERE source = ?", (source,)).rowcount > 0

    def get(self, doc_id: str) -> Document | None:
        """The document with this id, or None."""
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return _to_document(row) if row else None

    def get_many(self, ids: list[str], with_raw: bool = False) -> dict[str, Document]:
        """Documents by id (missing ids are left out)."""
        if not ids:
            return {}
        cols = "*" if with_raw else ", ".join(c for c in _COLUMNS if c != "raw")
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT {cols} FROM documents WHERE id IN ({marks})", ids).fetchall()
        return {row["id"]: _to_document(row) for row in rows}

    def by_source(self, source: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE source = ?", (source,)).fetchone()
        return _to_document(row) if row else None

    def by_number(self, number: str) -> list[str]:
        """Ids of documents whose own number is ``number`` (case-insensitive)."""
        rows = self.db.execute("SELECT id FROM documents WHERE number = ? COLLATE NOCASE", (number,))
        return [r["id"] for r in rows]

    def versions(self) -> dict[str, str]:
        """``{id: version}`` of every document, for bringing the index up to date."""
        return {r["id"]: r["version"] for r in self.db.execute("SELECT id, version FROM documents")}

    def iter_documents(self, ids: list[str] | None = None, batch: int = 500) -> Iterator[Document]:
        """Documents (without raw bytes), all or the given ids, in batches to bound memory."""
        if ids is None:
            ids = [r["id"] for r in self.db.execute("SELECT id FROM documents ORDER BY id")]
        for i in range(0, len(ids), batch):
            chunk = self.get_many(ids[i : i + batch])
            for doc_id in ids[i : i + batch]:
                if doc_id in chunk:
                    yield chunk[doc_id]

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def group_counts(self, column: str) -> dict[str, int]:
        """Documents per value of a plain column (doc_type, province) or ``year``."""
        expr = {"year": "substr(date, 1, 4)", "doc_type": "doc_type", "province": "province"}[column]
        rows = self.db.execute(f"SELECT {expr} AS k, count(*) AS n FROM documents GROUP BY k ORDER BY n DESC, k")
        return {(r["k"] or "(không rõ)"): r["n"] for r in rows}

    # --- analysis cache -------------------------------------------------------------------

    def cached_analyses(self, hashes: list[str]) -> dict[str, str]:
        """Serialized analyses already stored for these string hashes."""
        out: dict[str, str] = {}
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT hash, groups FROM analyses WHERE hash IN ({marks})", chunk):
                out[row["hash"]] = row["groups"]
        return out

    def store_analyses(self, items: dict[str, str]) -> None:
        """Keep analyses by the hash of the analysed string."""
        if items:
            with self.transaction() as db:
                db.executemany("INSERT OR IGNORE INTO analyses (hash, groups) VALUES (?, ?)", items.items())

    # --- OCR cache ------------------------------------------------------------------------

    def cached_ocr(self, keys: list[str]) -> dict[str, dict]:
        """OCR results of pages already read, by their keys (see ``crawler.ocr``)."""
        out: dict[str, dict] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT key, result FROM ocr_pages WHERE key IN ({marks})", chunk):
                out[row["key"]] = json.loads(row["result"])
        return out

    def store_ocr(self, items: dict[str, dict]) -> None:
        """Keep OCR results of pages by their keys."""
        if items:
            with self.transaction() as db:
                db.executemany("INSERT OR REPLACE INTO ocr_pages (key, result) VALUES (?, ?)",
                               [(k, json.dumps(v, ensure_ascii=False)) for k, v in items.items()])

    def integrity_ok(self) -> bool:
        """SQLite's own integrity check."""
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


_COLUMNS = (
    "id", "source", "url", "title", "doc_type", "number", "date", "province", "text", "meta", "extra", "raw",
    "content_type", "raw_hash", "content_hash", "version", "fetched_at", "created_at", "updated_at",
)


def _to_document(row: sqlite3.Row) -> Document:
    keys = row.keys()
    doc = Document(
        source=row["source"],
        text=row["text"],
        meta=Metadata.from_dict(json.loads(row["meta"])),
        url=row["url"],
        raw=row["raw"] if "raw" in keys else None,
        content_type=row["content_type"],
        fetched_at=row["fetched_at"],
        id=row["id"],
        extra=json.loads(row["extra"] or "{}"),
    )
    doc.extra.setdefault("created_at", row["created_at"])
    doc.extra.setdefault("updated_at", row["updated_at"])
    return doc
