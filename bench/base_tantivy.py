"""Baseline: tantivy (the PyPI bindings) on two writer threads, over the same pre-segmented text."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from bench.measure import dir_mb, latencies_ms, timed
from bench.queries import BenchQuery

FACETS = ("issuer", "province", "doc_type", "year")


def _schema():
    import tantivy

    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw")
    b.add_text_field("title", stored=True)
    b.add_text_field("body", stored=True)
    b.add_text_field("title_f")
    b.add_text_field("body_f")
    b.add_text_field("number", tokenizer_name="raw")
    for name in FACETS:
        b.add_text_field(name, fast=True, tokenizer_name="raw")
    b.add_date_field("date", indexed=True, fast=True)
    return b.build()


def build(path: Path, docs) -> dict:
    """Index every document with a 2-thread writer; docs/s and size."""
    import tantivy

    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    schema = _schema()
    index = tantivy.Index(schema, path=str(path))
    n = 0

    def run() -> None:
        nonlocal n
        writer = index.writer(heap_size=256_000_000, num_threads=2)
        for d in docs:
            fields = dict(id=d.id, title=d.title, body=d.body, title_f=" ".join(d.title.split()), body_f=d.body_f,
                          number=d.number, issuer=d.issuer, province=d.province, doc_type=d.doc_type, year=d.year)
            if d.date:
                fields["date"] = datetime.strptime(d.date, "%Y-%m-%d")
            writer.add_document(tantivy.Document(**fields))
            n += 1
        writer.commit()
        writer.wait_merging_threads()

    seconds, _ = timed(run)
    return {"reindex_s": round(seconds, 2), "ingest_docs_per_s": round(n / seconds, 1), "index_mb": round(dir_mb(path), 1)}


def _query(schema, q: BenchQuery):
    import tantivy
    from tantivy import Occur, Query

    must = []
    number = q.docno()
    if number:
        must.append(Query.term_query(schema, "number", number))
    elif q.phrase:
        words = [w for s in q.syllables() for w in s.split("_")]
        must.append(Query.phrase_query(schema, "body", words))
    else:
        field, words = ("body", q.syllables()) if q.accented() else ("body_f", q.folded())
        title = "title" if q.accented() else "title_f"
        for w in words:
            must.append(Query.boolean_query([(Occur.Should, Query.term_query(schema, field, w)),
                                             (Occur.Should, Query.boost_query(Query.term_query(schema, title, w), 3.0))]))
    if q.province:
        must.append(Query.term_query(schema, "province", q.province))
    if q.date_from:
        must.append(Query.range_query(schema, "date", tantivy.FieldType.Date, datetime.fromisoformat(q.date_from),
                                      datetime.fromisoformat(q.date_to)))
    return Query.boolean_query([(Occur.Must, m) for m in must])


def search(index, schema, q: BenchQuery):
    """Top 10 with highlighted snippets, and counts per facet over every hit."""
    import tantivy

    searcher = index.searcher()
    query = _query(schema, q)
    result = searcher.search(query, limit=10)
    generator = tantivy.SnippetGenerator.create(searcher, query, schema, "body")
    snippets = [generator.snippet_from_doc(searcher.doc(address)).to_html() for _, address in result.hits]
    facets = searcher.aggregate(query, {name: {"terms": {"field": name, "size": 20}} for name in FACETS})
    return snippets, facets


def query_latency(path: Path, mix: list[BenchQuery], rounds: int) -> dict:
    import tantivy

    index = tantivy.Index.open(str(path))
    schema = index.schema
    return latencies_ms([lambda q=q: search(index, schema, q) for q in mix], rounds)
