"""Indexing on every core: segmentation in worker processes, and Whoosh segments written side by side.

Segmentation and Whoosh's posting lists are pure Python and bound to one core each, so a rebuild
splits the documents between forked workers: each reads its share from the archive, segments what
the analysis cache lacks, and writes a Whoosh segment of its own.  The parent holds the index's
write lock, waits, and commits one table of contents naming every worker's segment (what Whoosh's
own ``MpWriter(multisegment=True)`` does, minus its pickled job files and the orphans it leaves when
the parent is killed).  Workers die with their parent (``PR_SET_PDEATHSIG``), so a killed
``tracuu index`` never leaves a process holding the home's lock.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable
from pathlib import Path

#: Below this many documents, forking costs more than it saves.
MIN_PARALLEL_DOCS = 400
_PR_SET_PDEATHSIG = 1

_counter = None  # documents done, shared with the parent for progress


def cores() -> int:
    """Cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _die_with_parent(parent: int, counter) -> None:
    global _counter
    _counter = counter
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: workers end when their pipe to the parent closes
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


class Workers:
    """A pool of forked worker processes for one indexing run (a context manager)."""

    def __init__(self, procs: int) -> None:
        self.procs = procs
        ctx = multiprocessing.get_context("fork")
        self.counter = ctx.Value("l", 0)
        self.pool = ctx.Pool(procs, initializer=_die_with_parent, initargs=(os.getpid(), self.counter))

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.pool.close()
        else:
            self.pool.terminate()
        self.pool.join()

    def analyze(self, texts: list[str]) -> list[str]:
        """Serialized analyses of ``texts``, in order."""
        return self.pool.map(_analyze, texts, chunksize=8)

    def write_segments(self, archive_path: Path, index_dir: Path, ids: list[str], limitmb: int,
                       progress: Callable[[int, int], None] | None, failed: dict[str, str]) -> list:
        """Each worker indexes a contiguous share of ``ids`` into a segment of its own; the segments.

        Documents a worker could not index are added to ``failed`` with their reasons.
        """
        share = -(-len(ids) // self.procs)
        jobs = [(str(archive_path), str(index_dir), ids[i : i + share], limitmb) for i in range(0, len(ids), share)]
        pending = self.pool.map_async(_write_segment, jobs)
        while not pending.ready():
            pending.wait(0.5)
            if progress:
                progress(min(self.counter.value, len(ids)), len(ids))
        segments = []
        for worker_segments, worker_failed in pending.get():
            segments += worker_segments
            failed.update(worker_failed)
        return segments


def _analyze(text: str) -> str | None:
    """The analysis of ``text``, or None when it fails (its document is then reported by the writer)."""
    from tracuu.index.indexer import analysis_of

    try:
        return analysis_of(text)
    except Exception:  # noqa: BLE001 - analysed again, and reported, with its document
        return None


def _write_segment(job: tuple[str, str, list[str], int], done: Callable[[int], None] | None = None
                   ) -> tuple[list, dict[str, str]]:
    """Index ``ids`` into new segments (one, unless its postings outgrow ``limitmb``); the segments and failures.

    ``done`` is told how many more documents are written after each batch (by default, the counter
    the parent shares with its workers).
    """
    from whoosh import index as whoosh_index

    from tracuu.index.archive import Archive
    from tracuu.index.indexer import add_documents, analyses_for

    archive_path, index_dir, ids, limitmb = job
    done = done or _count
    ix = whoosh_index.open_dir(index_dir)
    segments, failed = [], {}
    writer = _segment_writer(ix)
    with Archive(Path(archive_path)) as archive:
        for start in range(0, len(ids), 200):
            docs = list(archive.iter_documents(ids[start : start + 200]))
            analyses = analyses_for(archive, [d.text for d in docs] + [d.title for d in docs if d.title])
            add_documents(writer, docs, analyses, failed)
            done(len(docs))
            if writer.pool.size > limitmb * 1024 * 1024:
                segments.append(writer._finalize_segment())
                writer = _segment_writer(ix)
    if writer.docnum > 0:
        segments.append(writer._finalize_segment())
    else:
        writer._close_segment()
    return segments, failed


def _count(n: int) -> None:
    with _counter.get_lock():
        _counter.value += n


def write_segments_here(archive_path: Path, index_dir: Path, ids: list[str], limitmb: int,
                        progress: Callable[[int, int], None] | None, failed: dict[str, str]) -> list:
    """``Workers.write_segments`` in this process, for one core or a few documents."""
    written = 0

    def done(n: int) -> None:
        nonlocal written
        written += n
        if progress:
            progress(written, len(ids))

    segments, worker_failed = _write_segment((str(archive_path), str(index_dir), ids, limitmb), done)
    failed.update(worker_failed)
    return segments


def _segment_writer(ix):
    """A writer of one new segment, without the index's lock (the parent holds it), pooling by term."""
    from tracuu.index.segwriter import FastSegmentWriter

    return FastSegmentWriter(ix, _lk=False, compound=False)


def commit_segments(ix, segments: list) -> None:
    """One commit naming the index's existing segments and the workers' new ones."""
    writer = ix.writer()
    try:
        final = writer._merge_segments(None, False, False) + segments
        writer._close_segment()
        writer._commit_toc(final)
    except BaseException:
        writer.cancel()
        raise
    writer._finish()

