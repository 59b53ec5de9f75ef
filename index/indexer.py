"""Bringing the Whoosh index up to date with the archive: incrementally, or by a full rebuild."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from tracuu.index.analyzer import analysis_of  # the serialized analysis of one text (re-exported for the workers)
from tracuu.index.analyzer import fold_groups, fold_serialized, serialize, surface_tokens, to_groups
from tracuu.index.own_numbers import own_keys
from tracuu.index.archive import Archive
from tracuu.index.document import Document, sha1
from tracuu.index.failures import internal_error
from tracuu.index.parallel import MIN_PARALLEL_DOCS, Workers, commit_segments, cores, write_segments_here
from tracuu.index.spans import encode, position_spans
from tracuu.index.store import IndexStore
from tracuu import settings

Progress = Callable[[int, int], None]

#: Memory for an incremental writer's posting pool, in MB (Whoosh's pool: sorted runs on disk past it).
WRITER_MB = 512
# Segments are written as separate files, not one compound file: Whoosh copies a compound file's
# posting list whole into memory (a BytesIO over the mmap) every time a reader opens, which cost
# 1.35 GB and 0.9 s per reader at 100,000 documents.  Separate files are read in place.


@dataclass
class IndexReport:
    """What one run of ``update_index`` did."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    rebuilt: bool = False
    seconds: float = 0.0
    failed: dict[str, str] = field(default_factory=dict)  # id -> reason; left out of the index, tried again next run

    def to_dict(self) -> dict:
        return {**self.__dict__, "failed": dict(self.failed)}


def analyses_for(archive: Archive, texts: Iterable[str]) -> dict[str, str]:
    """The serialized analysis of each distinct text, segmenting only what the archive has not cached.

    A text the analyzer fails on is left out: ``add_documents`` reports its document as failed.
    """
    wanted = {sha1(t): t for t in texts}
    cached = archive.cached_analyses(list(wanted))
    fresh = {}
    for h, t in wanted.items():
        if h not in cached:
            try:
                fresh[h] = analysis_of(t)
            except Exception:  # noqa: BLE001 - analysed again, and reported, with its document
                continue
    archive.store_analyses(fresh)
    merged = {**cached, **fresh}
    return {wanted[h]: s for h, s in merged.items()}


def add_documents(writer, docs: list[Document], analyses: dict[str, str], failed: dict[str, str],
                  replace: bool = False) -> None:
    """Index ``docs``; one that cannot be indexed is left out and noted in ``failed`` with its reason."""
    for doc in docs:
        try:
            if doc.text not in analyses:
                analysis_of(doc.text)  # fails again, with the analyzer's own exception
            fields = index_fields(doc, analyses, folded=not getattr(writer, "derives_folded_twins", False))
        except Exception as exc:  # noqa: BLE001 - one document's unexpected failure is its own
            failed[doc.id] = internal_error(f"document {doc.id} ({doc.source})", exc)
            continue
        if replace:
            writer.update_document(**fields)
        else:
            writer.add_document(**fields)


def _facet(value: str | None) -> str:
    return value or ""


def _issued_by(issuer: str | None, signer: str | None) -> str:
    """Folded issuer then signer, two positions apart so no phrase runs from one into the other."""
    groups = fold_groups(to_groups(surface_tokens(issuer or "")))
    if signer:
        groups += [[], []] + fold_groups(to_groups(surface_tokens(signer)))
    return serialize(groups)


def index_fields(doc: Document, analyses: dict[str, str], folded: bool = True) -> dict:
    """The Whoosh fields of one document, from ``analyses_for``'s serialized analyses.

    ``folded=False`` leaves out the folded twins of title and body, for a writer that derives them
    from the exact fields (``index.segwriter.FastSegmentWriter``).
    """
    meta = doc.meta
    title = analyses.get(doc.title, "")
    body = analyses[doc.text]
    date = None
    if meta.date:
        try:
            date = datetime.strptime(meta.date, "%Y-%m-%d")
        except ValueError:
            date = None
    fields = {
        "id": doc.id,
        "version": doc.version(),
        "title": title,
        "body": body,
        "issuer_f": _issued_by(meta.issuer, meta.signer),
        "number": (meta.number or "").lower(),
        "cites": ",".join(c.number.lower() for c in meta.cites),
        "own": own_keys(doc.text, meta.number),
        "source": doc.source,
        "url": doc.url,
        "title_text": doc.title,
        "spans": encode(position_spans(doc.text)),
        "issuer": _facet(meta.issuer),
        "province": _facet(meta.province),
        "district": _facet(meta.district),
        "doc_type": _facet(meta.doc_type),
        "year": meta.date[:4] if meta.date else "",
        "signer": _facet(meta.signer),
        "issuer_level": _facet(meta.issuer_level),
        "group": doc.extra.get("duplicate_of") or doc.id,
        "duplicate_of": doc.extra.get("duplicate_of") or "",
        "sources": list(doc.extra.get("sources") or [doc.url or doc.source]),
    }
    if folded:
        fields["title_f"] = fold_serialized(title)
        fields["body_f"] = fold_serialized(body)
    if date is not None:
        fields["date"] = date
    return fields


def _indexed_versions(store: IndexStore) -> dict[str, str]:
    if store.current_dir() is None:
        return {}
    with store.open().searcher() as searcher:
        return {f["id"]: f.get("version", "") for f in searcher.all_stored_fields()}


def _schema_outdated(store: IndexStore) -> bool:
    """True when the live index lacks a field the schema now has: only a rebuild can add it."""
    from tracuu.index.schema import build_schema

    return not set(build_schema().names()) <= set(store.open().schema.names())


def pending(archive: Archive, store: IndexStore) -> tuple[list[str], list[str], list[str], int]:
    """Ids to add, to update, to delete, and the number already up to date."""
    wanted = archive.versions()
    have = _indexed_versions(store)
    add = [i for i in wanted if i not in have]
    update = [i for i in wanted if i in have and have[i] != wanted[i]]
    delete = [i for i in have if i not in wanted]
    return add, update, delete, len(wanted) - len(add) - len(update)


def update_index(archive: Archive, store: IndexStore, rebuild: bool = False,
                 progress: Progress | None = None, batch: int = 200) -> IndexReport:
    """Index new and changed documents, drop deleted ones; ``rebuild`` writes a fresh generation and swaps it in."""
    import time

    started = time.perf_counter()
    report = IndexReport(rebuilt=rebuild or store.current_dir() is None or _schema_outdated(store))
    if report.rebuilt:
        ids = list(archive.versions())
        path, ix = store.create_generation()
        todo, delete = ids, []
        report.added = len(ids)
    else:
        add, update, delete, report.unchanged = pending(archive, store)
        report.added, report.updated, report.deleted = len(add), len(update), len(delete)
        todo = add + update
        ix, path = store.open(), None
        if not todo and not delete:
            report.seconds = time.perf_counter() - started
            return report
    procs = cores() if len(todo) >= MIN_PARALLEL_DOCS else 1
    try:
        if report.rebuilt:  # every core writes segments of its own
            limitmb = int(settings.get("rebuild_segment_mb"))
            if procs > 1:
                with Workers(procs) as workers:
                    segments = workers.write_segments(archive.path, path, todo, limitmb, progress, report.failed)
            else:
                segments = write_segments_here(archive.path, path, todo, limitmb, progress, report.failed)
            commit_segments(ix, segments)
        else:
            if procs > 1:  # segment on every core, then write in this process
                with Workers(procs) as workers:
                    segment_missing(archive, todo, workers)
            _write(ix, archive, todo, delete, progress, batch, report.failed)
    except BaseException:
        if path is not None:
            store.discard(path)
        raise
    if path is not None:
        store.publish(path)
    report.seconds = time.perf_counter() - started
    return report


def segment_missing(archive: Archive, ids: list[str], workers: Workers, chunk: int = 1000) -> None:
    """Segment (on the workers) and cache every title and text of ``ids`` the archive has no analysis for."""
    for start in range(0, len(ids), chunk):
        docs = list(archive.iter_documents(ids[start : start + chunk]))
        wanted = {sha1(t): t for d in docs for t in (d.text, d.title) if t}
        cached = archive.cached_analyses(list(wanted))
        fresh = [(h, t) for h, t in wanted.items() if h not in cached]
        if fresh:
            analyses = workers.analyze([t for _, t in fresh])
            archive.store_analyses({h: a for (h, _), a in zip(fresh, analyses) if a is not None})


def _write(ix, archive: Archive, todo: list[str], delete: list[str], progress: Progress | None,
           batch: int, failed: dict[str, str]) -> None:
    """Apply deletions to the live index and (re)index ``todo`` with one writer in this process."""
    writer = ix.writer(limitmb=WRITER_MB, compound=False)
    try:
        for doc_id in delete:
            writer.delete_by_term("id", doc_id)
        done = 0
        for start in range(0, len(todo), batch):
            docs = list(archive.iter_documents(todo[start : start + batch]))
            analyses = analyses_for(archive, [d.text for d in docs] + [d.title for d in docs if d.title])
            add_documents(writer, docs, analyses, failed, replace=True)
            done += len(docs)
            if progress:
                progress(done, len(todo))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
