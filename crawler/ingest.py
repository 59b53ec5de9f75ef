"""Ingest: documents into the archive.

Segmentation is left to the indexer (``index.indexer``), which segments what the archive's analysis
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


def ingest_files(archive: Archive, files: Iterable[Path], on_file: Callable[[Path, str], None] | None = None
                 ) -> IngestReport:
    """Read, clean, parse and archive each file; a file that fails is reported and skipped."""
    import time

    started = time.perf_counter()
    report = IngestReport()
    for path in files:
        try:
            outcome = store_document(archive, read_file(path, ocr_cache=archive), report)
        except DocumentError as exc:
            report.failed[str(path)] = str(exc)
            outcome = "failed"
        except Exception as exc:  # noqa: BLE001 - one file's unexpected failure is its own; the batch goes on
            report.failed[str(path)] = internal_error(str(path), exc)
            outcome = "failed"
        if on_file:
            on_file(path, outcome)
    report.seconds = time.perf_counter() - started
    return report
