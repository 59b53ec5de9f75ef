"""Baseline: the naive Whoosh + pyvi pipeline a first attempt would write.

pyvi's ``ViTokenizer`` segments every document (and every query) each time, a plain single-process
Whoosh writer indexes the segmented text with its default analyzer, facets are sortable columns
counted over all hits, and the default highlighter re-analyses the stored text of the top 10.
Its ingest rate is measured on a slice of the corpus (pyvi is slow); its index for query latency is
built from the same pre-segmented text as the other baselines (capped, see ``--naive-max``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.corpus import corpus
from bench.measure import dir_mb, latencies_ms, timed
from bench.queries import BenchQuery

FACETS = ("issuer", "province", "doc_type", "year")


def _schema():
    from whoosh.fields import DATETIME, ID, TEXT, Schema

    return Schema(id=ID(stored=True, unique=True), title=TEXT(stored=True), body=TEXT(stored=True),
                  number=ID(stored=True), date=DATETIME(stored=True, sortable=True),
                  **{name: ID(stored=True, sortable=True) for name in FACETS})


def _fields(doc_id: str, title: str, body: str, meta) -> dict:
    from datetime import datetime

    fields = dict(id=doc_id, title=title, body=body, number=meta["number"], issuer=meta["issuer"],
                  province=meta["province"], doc_type=meta["doc_type"], year=meta["year"])
    if meta["date"]:
        fields["date"] = datetime.strptime(meta["date"], "%Y-%m-%d")
    return fields


def ingest(path: Path, n: int, seed: int) -> dict:
    """Segment with pyvi and index ``n`` fresh documents: docs/s (pyvi's import time not counted)."""
    from pyvi import ViTokenizer
    from whoosh import index

    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    docs = list(corpus(n, seed))

    def run() -> None:
        ix = index.create_in(str(path), _schema())
        writer = ix.writer()
        for d in docs:
            m = d.meta
            meta = dict(number=(m.number or "").lower(), issuer=m.issuer or "", province=m.province or "",
                        doc_type=m.doc_type or "", year=(m.date or "")[:4], date=m.date)
            writer.update_document(**_fields(d.id, ViTokenizer.tokenize(d.title), ViTokenizer.tokenize(d.text), meta))
        writer.commit()

    seconds, _ = timed(run)
    return {"ingest_docs_per_s": round(n / seconds, 1), "ingest_sample": n}


def build(path: Path, docs) -> dict:
    """Index pre-segmented documents with a plain single-process writer; docs/s and size."""
    from whoosh import index

    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    n = 0

    def run() -> None:
        nonlocal n
        ix = index.create_in(str(path), _schema())
        writer = ix.writer()
        for d in docs:
            meta = dict(number=d.number, issuer=d.issuer, province=d.province, doc_type=d.doc_type, year=d.year,
                        date=d.date)
            writer.add_document(**_fields(d.id, d.title, d.body, meta))
            n += 1
        writer.commit()

    seconds, _ = timed(run)
    return {"reindex_s": round(seconds, 2), "build_docs_per_s": round(n / seconds, 1), "index_mb": round(dir_mb(path), 1),
            "n_docs": n}


def search(searcher, parser, q: BenchQuery):
    """Top 10 with the default highlighter, and counts per facet over every hit."""
    from datetime import datetime

    from pyvi import ViTokenizer
    from whoosh import query as Q
    from whoosh import sorting

    text = q.text.strip('"')
    number = q.docno()
    if number:
        query = Q.Term("number", number)
    else:
        segmented = ViTokenizer.tokenize(text).lower()
        query = parser.parse(f'"{segmented}"' if q.phrase else segmented)
    filters = []
    if q.province:
        filters.append(Q.Term("province", q.province))
    if q.date_from:
        filters.append(Q.DateRange("date", datetime.fromisoformat(q.date_from), datetime.fromisoformat(q.date_to)))
    groupedby = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in FACETS}
    results = searcher.search(query, limit=10, filter=Q.And(filters) if filters else None, groupedby=groupedby)
    snippets = [hit.highlights("body") for hit in results]
    facets = {name: results.groups(name) for name in FACETS}
    return snippets, facets


def query_latency(path: Path, mix: list[BenchQuery], rounds: int) -> dict:
    from whoosh import index
    from whoosh.qparser import MultifieldParser

    ix = index.open_dir(str(path))
    with ix.searcher() as searcher:
        parser = MultifieldParser(["title", "body"], ix.schema)
        return latencies_ms([lambda q=q: search(searcher, parser, q) for q in mix], rounds)


def size(path: Path) -> float:
    return round(dir_mb(path), 1)
