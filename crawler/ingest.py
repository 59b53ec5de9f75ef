"""Ingest: documents into the archive.

Text files are decoded, cleaned and their metadata parsed on every core (forked workers, as
``index.parallel`` segments): that parsing, not the archive, is what an ingest spends its time on.
The parent stores the documents in the files' order, so the archive is what a serial run makes;
attachments (whose OCR results live in the archive) and files large enough to be read in a bounded
child are read by the parent.  Segmentation is left to the indexer (``index.indexer``), which segments what the archive's analysis
cache lacks on every core; done here, it ran one document at a time on one core.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tracuu.crawler.files import read_file
from tracuu.index.archive import Archive
from tracuu.index.document import Document
from tracuu.index.failures import internal_error
from tracuu.index.parallel import Workers, cores

from tracuu import settings
from tracuu.errors import DocumentError


@dataclass
class IngestReport:
    """Counts of one ingest run and the reason each failed file was skipped."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    flagged: dict[str, str] = field(default_factory=dict)  # archived without (all of) their text, and why
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return self.new + self.changed + self.unchanged + len(self.failed)

    def to_dict(self) -> dict:
        return {"new": self.new, "changed": self.changed, "unchanged": self.unchanged,
                "failed": self.failed, "flagged": self.flagged, "seconds": round(self.seconds, 3)}


def store_document(archive: Archive, doc: Document, report: IngestReport) -> str:
    """Archive one document; count the outcome."""
    outcome = archive.put(doc)
    setattr(report, outcome, getattr(report, outcome) + 1)
    if doc.extra.get("note"):
        report.flagged[doc.source] = doc.extra["note"]
    return outcome


#: Below this many files, forking costs more than it saves.
MIN_PARALLEL_FILES = 16
_WORKER_SUFFIXES = {".txt", ".html", ".htm"}
_INTERRUPTED = "\x00interrupted"


def _read(path: Path, archive: Archive | None) -> Document | str:
    """One file's document, or the one-line reason it failed."""
    try:
        return read_file(path, ocr_cache=archive)
    except DocumentError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - one file's unexpected failure is its own; the batch goes on
        return internal_error(str(path), exc)


def _read_in_worker(path: Path) -> Document | str | None:
    """``_read`` in a worker; None for a file the parent must read itself."""
    try:
        if path.suffix.lower() not in _WORKER_SUFFIXES or path.stat().st_size > int(settings.get("sandbox_bytes")):
            return None
        return _read(path, None)
    except OSError:
        return None  # the parent reports it
    except KeyboardInterrupt:  # a worker interrupted with its parent: the parent stops the batch
        return _INTERRUPTED


def _documents(archive: Archive, files: list[Path]) -> Iterable[tuple[Path, Document | str]]:
    """Each file with its document or failure reason, in order, read on every core when there are many."""
    procs = cores() if len(files) >= MIN_PARALLEL_FILES else 1
    if procs == 1:
        for path in files:
            yield path, _read(path, archive)
        return
    with Workers(procs) as workers:
        for path, got in zip(files, workers.pool.imap(_read_in_worker, files, chunksize=2)):
            if got == _INTERRUPTED:
                raise KeyboardInterrupt
            yield path, _read(path, archive) if got is None else got


def ingest_files(archive: Archive, files: Iterable[Path], on_file: Callable[[Path, str], None] | None = None
                 ) -> IngestReport:
    """Read, clean, parse and archive each file; a file that fails is reported and skipped."""
    import time

    started = time.perf_counter()
    report = IngestReport()
    for path, got in _documents(archive, list(files)):
        if isinstance(got, str):
            report.failed[str(path)] = got
            outcome = "failed"
        else:
            try:
                outcome = store_document(archive, got, report)
            except DocumentError as exc:
                report.failed[str(path)] = str(exc)
                outcome = "failed"
            except Exception as exc:  # noqa: BLE001 - one file's unexpected failure is its own
                report.failed[str(path)] = internal_error(str(path), exc)
                outcome = "failed"
        if on_file:
            on_file(path, outcome)
    report.seconds = time.perf_counter() - started
    return report
