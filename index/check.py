"""Consistency of the archive and the index: what is missing, stale or orphaned, and the repair."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from tracuu.index.archive import Archive
from tracuu.index.indexer import IndexReport, update_index
from tracuu.index.store import IndexStore
from tracuu.errors import TracuuError


@dataclass
class CheckReport:
    """Findings of one check; ``ok`` only when there is nothing to repair."""

    archive_ok: bool = True
    archive_error: str | None = None
    index_ok: bool = True
    index_error: str | None = None
    documents: int = 0
    indexed: int = 0
    missing: list[str] = field(default_factory=list)  # in the archive, not in the index
    stale: list[str] = field(default_factory=list)  # indexed from an older version
    orphaned: list[str] = field(default_factory=list)  # in the index, not in the archive
    duplicated: list[str] = field(default_factory=list)  # indexed more than once
    repaired: dict | None = None

    @property
    def ok(self) -> bool:
        return self.archive_ok and self.index_ok and not (self.missing or self.stale or self.orphaned or self.duplicated)

    def to_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}


def check(archive: Archive, store: IndexStore) -> CheckReport:
    """Compare archive and index without changing either."""
    report = CheckReport()
    try:
        report.archive_ok = archive.integrity_ok()
        wanted = archive.versions()
    except Exception as exc:  # noqa: BLE001 - sqlite3.DatabaseError and kin on a damaged file
        report.archive_ok, report.archive_error = False, str(exc)
        return report
    report.documents = len(wanted)
    try:
        with store.open().searcher() as searcher:
            indexed = [(f["id"], f.get("version", "")) for f in searcher.all_stored_fields()]
    except TracuuError as exc:
        report.index_ok, report.index_error = False, str(exc)
        report.missing = sorted(wanted)
        return report
    except Exception as exc:  # noqa: BLE001 - a damaged segment surfaces only when read
        report.index_ok, report.index_error = False, f"the index cannot be read ({exc})"
        return report
    counts = Counter(doc_id for doc_id, _ in indexed)
    have = dict(indexed)
    report.indexed = len(have)
    report.duplicated = sorted(i for i, n in counts.items() if n > 1)
    report.missing = sorted(i for i in wanted if i not in have)
    report.stale = sorted(i for i in wanted if i in have and have[i] != wanted[i])
    report.orphaned = sorted(i for i in have if i not in wanted)
    return report


def repair(archive: Archive, store: IndexStore, report: CheckReport) -> IndexReport:
    """Bring the index in line with the archive: incrementally, or by a rebuild when it is damaged."""
    rebuild = not report.index_ok or bool(report.duplicated)
    return update_index(archive, store, rebuild=rebuild)
