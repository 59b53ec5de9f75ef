"""A plain feed of an archive into a Solr collection, for the search tests until ``tracuu index
--backend solr`` exists: the Whoosh fields of ``index.indexer.index_fields`` as PreAnalyzed JSON."""

from __future__ import annotations

import json

from tracuu.index.analyzer import ALT_SEP, GROUP_SEP
from tracuu.index.archive import Archive
from tracuu.index.indexer import analyses_for, index_fields
from tracuu.search.solr_admin import call

TEXT = ("title", "title_f", "body", "body_f", "issuer_f")


def preanalyzed(serialized: str) -> str:
    """A serialized analysis as PreAnalyzedField JSON: one position per group, alternatives stacked."""
    tokens, gap = [], 1
    for group in serialized.split(GROUP_SEP) if serialized else []:
        if not group:
            gap += 1
            continue
        for i, term in enumerate(group.split(ALT_SEP)):
            tokens.append({"t": term, "i": gap if i == 0 else 0})
        gap = 1
    return json.dumps({"v": "1", "tokens": tokens}, ensure_ascii=False)


def solr_doc(fields: dict) -> dict:
    out = {"id": fields["id"], "group": fields["group"]}
    for name in TEXT:
        if fields[name]:
            out[name] = preanalyzed(fields[name])
    for name in ("number", "cites", "own"):
        values = [v for v in fields[name].split(",") if v]
        if values:
            out[name] = values
    for name in ("issuer", "province", "district", "doc_type", "year", "signer", "issuer_level", "duplicate_of"):
        if fields[name]:
            out[name] = fields[name]
    if fields.get("date") is not None:
        out["date"] = fields["date"].strftime("%Y-%m-%dT%H:%M:%SZ")
    return out


def feed(archive: Archive, url: str, collection: str, batch: int = 100) -> int:
    """Send every archived document; returns how many."""
    docs = list(archive.iter_documents())
    analyses = analyses_for(archive, [d.text for d in docs] + [d.title for d in docs if d.title])
    for start in range(0, len(docs), batch):
        body = [solr_doc(index_fields(d, analyses)) for d in docs[start:start + batch]]
        call(url, f"/{collection}/update", body=json.dumps(body).encode())
    call(url, f"/{collection}/update", {"commit": "true"})
    return len(docs)
