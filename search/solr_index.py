"""Bringing a SolrCloud collection up to date with the archive: incrementally, or by a rebuild.

The archive stays the system of record.  Documents go in batches of ``solr_docs.solr_document``
(the stored analyses, never segmented again); what Solr holds is known from Solr itself (every
document's ``id`` and ``version``), so an incremental run sends new and changed documents and
deletes the ones gone.  A rebuild fills a new collection ``<alias>_<timestamp>`` of the same layout
and points the alias at it in one step, so searches keep answering throughout, then drops the old one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

from tracuu.errors import SolrError
from tracuu.index.archive import Archive
from tracuu.index.failures import internal_error
from tracuu.index.indexer import IndexReport, Progress, analyses_for, segment_missing
from tracuu.index.parallel import MIN_PARALLEL_DOCS, Workers, cores
from tracuu.search import solr_admin
from tracuu.search.solr_docs import solr_document

__all__ = ["index_to_solr", "indexed_versions", "live_collections"]

#: Documents per update request: large enough to keep Solr busy, small enough to bound memory.
BATCH = 200


def index_to_solr(archive: Archive, base: str, collection: str, rebuild: bool = False,
                  progress: Progress | None = None, batch: int = BATCH) -> IndexReport:
    """Index new and changed documents of ``archive`` into ``collection`` (an alias), delete the gone ones.

    ``rebuild`` indexes everything into a new collection and swaps the alias to it.  Solr unreachable,
    or refusing a request for a reason of its own, raises ``SolrError`` (the old collection keeps
    serving); a document Solr refuses is left out and reported in ``failed``.
    """
    started = time.perf_counter()
    live = live_collections(base, collection)
    report = IndexReport(rebuilt=rebuild)
    if rebuild:
        shards, replicas, config = solr_admin.collection_layout(base, live[0])
        target = solr_admin.stamped(collection)
        solr_admin.create_collection(base, target, shards, replicas, config)
        todo, delete = list(archive.versions()), []
        report.added = len(todo)
    else:
        target = collection
        wanted, have = archive.versions(), indexed_versions(base, collection)
        add = [i for i in wanted if i not in have]
        update = [i for i in wanted if i in have and have[i] != wanted[i]]
        delete = [i for i in have if i not in wanted]
        todo = add + update
        report.added, report.updated, report.deleted = len(add), len(update), len(delete)
        report.unchanged = len(wanted) - len(todo)
    try:
        _send(archive, base, target, todo, delete, batch, progress, report.failed)
    except BaseException:
        if rebuild:
            _drop_quietly(base, target)
        raise
    if rebuild:
        solr_admin.create_alias(base, collection, target)
        for old in live:
            if old != collection:
                _drop_quietly(base, old)
    report.seconds = time.perf_counter() - started
    return report


def live_collections(base: str, collection: str) -> list[str]:
    """The collections ``collection`` names now: an alias's targets, else itself; ``SolrError`` if none."""
    targets = solr_admin.aliases(base).get(collection)
    if targets:
        return targets
    state = solr_admin.call(base, "/admin/collections", {"action": "LIST", "wt": "json"})
    if collection in state.get("collections", []):
        return [collection]
    raise SolrError(f"no collection or alias {collection!r} at {base}: create it with `tracuu solr init`")


def indexed_versions(base: str, collection: str, page: int = 5000) -> dict[str, str]:
    """``{id: version}`` of every document in ``collection``, read with a cursor (stable while it pages)."""
    have: dict[str, str] = {}
    cursor = "*"
    while True:
        got = solr_admin.call(base, f"/{collection}/select", {
            "q": "*:*", "fl": "id,version", "sort": "id asc", "rows": page, "cursorMark": cursor, "wt": "json",
        })
        for row in got["response"]["docs"]:
            have[row["id"]] = row.get("version", "")
        if got["nextCursorMark"] == cursor:
            return have
        cursor = got["nextCursorMark"]


def _send(archive: Archive, base: str, collection: str, todo: list[str], delete: list[str], batch: int,
          progress: Progress | None, failed: dict[str, str]) -> None:
    """Delete ``delete``, send ``todo`` in batches (segmenting only what the archive lacks), commit."""
    if len(todo) >= MIN_PARALLEL_DOCS and cores() > 1:  # segment on every core first, as Whoosh indexing does
        with Workers(cores()) as workers:
            segment_missing(archive, todo, workers)
    if delete:
        _update(base, collection, {"delete": delete})
    done = 0
    for docs in _batches(archive, todo, batch, failed):
        _post(base, collection, docs, failed)
        done += len(docs)
        if progress:
            progress(done, len(todo))
    if progress and not todo:
        progress(0, 0)
    solr_admin.call(base, f"/{collection}/update", {"commit": "true", "wt": "json"}, timeout=300.0)


def _batches(archive: Archive, ids: list[str], batch: int, failed: dict[str, str]) -> Iterator[list[dict]]:
    """Solr documents of ``ids``, ``batch`` at a time; one that cannot be made is noted in ``failed``."""
    for start in range(0, len(ids), batch):
        docs = list(archive.iter_documents(ids[start : start + batch]))
        analyses = analyses_for(archive, [d.text for d in docs] + [d.title for d in docs if d.title])
        out = []
        for doc in docs:
            try:
                out.append(solr_document(doc, analyses))
            except Exception as exc:  # noqa: BLE001 - one document's failure is its own
                failed[doc.id] = internal_error(f"document {doc.id} ({doc.source})", exc)
        yield out


def _post(base: str, collection: str, docs: list[dict], failed: dict[str, str]) -> None:
    """Add ``docs``; when Solr refuses the batch as a bad request, each document alone, the refused ones noted."""
    if not docs:
        return
    try:
        _update(base, collection, docs)
    except SolrError as err:
        if err.status != 400 or len(docs) == 1:
            if err.status == 400:
                failed[docs[0]["id"]] = str(err)
                return
            raise
        for doc in docs:
            try:
                _update(base, collection, [doc])
            except SolrError as one:
                if one.status != 400:
                    raise
                failed[doc["id"]] = str(one)


def _update(base: str, collection: str, payload: object) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode()
    solr_admin.call(base, f"/{collection}/update", {"wt": "json"}, body=body, timeout=300.0)


def _drop_quietly(base: str, name: str) -> None:
    """Delete a collection no one reads any more; a failure leaves it behind, nothing worse."""
    try:
        solr_admin.delete_collection(base, name)
    except SolrError:
        pass
