"""Baseline: SQLite FTS5 (bm25 ranking, snippet()) over the same pre-segmented text."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench.measure import dir_mb, latencies_ms, timed
from bench.pretext import PreDoc
from bench.queries import BenchQuery

FACETS = ("issuer", "province", "doc_type", "year")


def build(path: Path, docs: list[PreDoc] | object) -> dict:
    """Index every document; docs/s and size."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    n = 0

    def run() -> None:
        nonlocal n
        db.executescript("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
            CREATE TABLE meta (rowid INTEGER PRIMARY KEY, id TEXT, issuer TEXT, province TEXT, doc_type TEXT,
                               year TEXT, date TEXT);
            CREATE INDEX meta_province ON meta(province);
            CREATE INDEX meta_date ON meta(date);
            CREATE VIRTUAL TABLE fts USING fts5(title, body, number,
                tokenize = "unicode61 remove_diacritics 2");
        """)
        with db:
            for d in docs:
                db.execute("INSERT INTO meta VALUES (?,?,?,?,?,?,?)",
                           (d.rowid, d.id, d.issuer, d.province, d.doc_type, d.year, d.date))
                db.execute("INSERT INTO fts (rowid, title, body, number) VALUES (?,?,?,?)",
                           (d.rowid, d.title, d.body, d.number))
                n += 1

    seconds, _ = timed(run)
    db.close()
    return {"reindex_s": round(seconds, 2), "ingest_docs_per_s": round(n / seconds, 1), "index_mb": round(dir_mb(path), 1)}


def _match(q: BenchQuery) -> str:
    number = q.docno()
    if number:
        return 'number : "' + " ".join(number.replace("/", " ").replace("-", " ").split()) + '"'
    words = [w.replace('"', "") for w in q.syllables()]
    if q.phrase:
        return '{title body} : "' + " ".join(words) + '"'
    return "{title body} : (" + " AND ".join(f'"{w}"' for w in words) + ")"


def search(db: sqlite3.Connection, q: BenchQuery) -> tuple[list, dict]:
    """Top 10 with snippets, and counts per facet over every hit."""
    where, args = ["fts MATCH ?"], [_match(q)]
    if q.province:
        where.append("meta.province = ?")
        args.append(q.province)
    if q.date_from:
        where.append("meta.date BETWEEN ? AND ?")
        args += [q.date_from, q.date_to]
    clause = " AND ".join(where)
    top = db.execute(
        f"SELECT meta.id, bm25(fts, 3.0, 1.0, 30.0) AS score, snippet(fts, 1, '<mark>', '</mark>', '…', 32) "
        f"FROM fts JOIN meta ON meta.rowid = fts.rowid WHERE {clause} ORDER BY score LIMIT 10", args).fetchall()
    facets = {}
    for name in FACETS:
        facets[name] = dict(db.execute(
            f"SELECT meta.{name}, count(*) FROM fts JOIN meta ON meta.rowid = fts.rowid WHERE {clause} "
            f"GROUP BY meta.{name}", args).fetchall())
    return top, facets


def query_latency(path: Path, mix: list[BenchQuery], rounds: int) -> dict:
    db = sqlite3.connect(path)
    try:
        return latencies_ms([lambda q=q: search(db, q) for q in mix], rounds)
    finally:
        db.close()
