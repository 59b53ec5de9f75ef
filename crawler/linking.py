"""What ties archived documents together: a page and its attachments, and near-duplicate groups.

Both are written into ``Document.extra`` (and, for metadata, into ``Document.meta``) so that the
index sees them: see ``index.document.INDEXED_EXTRA``.
"""

from __future__ import annotations

from tracuu.index.archive import Archive
from tracuu.index.document import Document

#: Directive fields a page and its attachment lend each other when one of them lacks them.
SHARED_FIELDS = ("doc_type", "number", "number_raw", "date", "issuer", "issuer_level", "province", "district",
                 "signer", "signer_title")
#: Keys kept from the archived copy when a document is fetched again (they are not in the bytes).
CARRIED = ("sources", "duplicates", "attachments")


def fill_missing(target: Document, donor: Document) -> bool:
    """Copy directive fields ``target`` lacks from ``donor``; True if anything was copied."""
    changed = False
    for name in SHARED_FIELDS:
        if not getattr(target.meta, name) and getattr(donor.meta, name):
            setattr(target.meta, name, getattr(donor.meta, name))
            changed = True
    return changed


def _save(archive: Archive, doc: Document) -> None:
    """Write back a document read from the archive (its timestamps are the archive's own)."""
    doc.extra.pop("created_at", None)
    doc.extra.pop("updated_at", None)
    archive.put(doc)


def carry_over(doc: Document, previous: Document | None) -> None:
    """Keep what earlier crawls added to ``doc`` (group members, attachments) and lent metadata."""
    if previous is None:
        return
    for key in CARRIED:
        if previous.extra.get(key) and key not in doc.extra:
            doc.extra[key] = previous.extra[key]


def link_attachment(archive: Archive, attachment: Document, page_source: str | None) -> None:
    """Tie an attachment to the page it was linked from; each lends the other missing directive fields."""
    page = archive.by_source(page_source) if page_source else None
    if page is None:
        return
    attachment.extra["parent"] = page.url or page.source
    fill_missing(attachment, page)
    urls = list(page.extra.get("attachments") or [])
    changed = False
    if attachment.source not in urls:
        page.extra["attachments"] = urls + [attachment.source]
        changed = True
    if fill_missing(page, attachment) or changed:
        _save(archive, page)


def lend_from_attachments(archive: Archive, page: Document) -> None:
    """A page fetched again takes back the fields its archived attachments lent it."""
    for source in page.extra.get("attachments") or []:
        attachment = archive.by_source(source)
        if attachment is not None:
            fill_missing(page, attachment)


def regroup(archive: Archive, doc: Document, old: str | None, new: str | None) -> None:
    """Move ``doc`` from duplicate group ``old`` to ``new`` (canonical ids; None means on its own).

    The canonical document lists every URL of its group in ``extra["sources"]`` and the other
    members' ids in ``extra["duplicates"]``; a member points to it with ``extra["duplicate_of"]``.
    """
    if new:
        doc.extra["duplicate_of"] = new
    else:
        doc.extra.pop("duplicate_of", None)
    if old == new:
        return
    if old:
        canonical = archive.get(old)
        if canonical is not None:
            canonical.extra["duplicates"] = [i for i in canonical.extra.get("duplicates", []) if i != doc.id]
            canonical.extra["sources"] = [u for u in canonical.extra.get("sources", []) if u != doc.url]
            if not canonical.extra["duplicates"]:
                canonical.extra.pop("duplicates")
                canonical.extra.pop("sources")
            _save(archive, canonical)
    if new:
        canonical = archive.get(new)
        if canonical is not None:
            canonical.extra["duplicates"] = list(dict.fromkeys([*canonical.extra.get("duplicates", []), doc.id]))
            own = canonical.url or canonical.source
            canonical.extra["sources"] = list(dict.fromkeys([own, *canonical.extra.get("sources", []),
                                                             doc.url or doc.source]))
            _save(archive, canonical)
