"""The ``Document`` record: one directive or page, its text and its metadata."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields


@dataclass
class Citation:
    """A document named in another's text: normalised number, type and date when given."""

    number: str
    doc_type: str | None = None
    date: str | None = None
    raw: str | None = None


@dataclass
class Metadata:
    """What the parser reads off a document.  Every field may be missing (``None``/empty)."""

    title: str | None = None
    doc_type: str | None = None
    number: str | None = None
    number_raw: str | None = None
    date: str | None = None  # YYYY-MM-DD
    published: str | None = None  # news pages: the publication date
    issuer: str | None = None
    issuer_level: str | None = None
    province: str | None = None
    district: str | None = None
    places: list[str] = field(default_factory=list)
    signer: str | None = None
    signer_title: str | None = None
    recipients: list[str] = field(default_factory=list)
    cites: list[Citation] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Metadata:
        """Inverse of ``to_dict``; unknown keys are ignored so old archives still load."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["cites"] = [c if isinstance(c, Citation) else Citation(**c) for c in values.get("cites") or []]
        return cls(**values)


#: ``extra`` keys that count in a document's version (a change is written and reindexed), set by the crawler:
#: ``duplicate_of``: id of the canonical document of its near-duplicate group (crawler/dedup.py);
#: ``sources``: every URL of the group and ``duplicates``: ids of its other members (on the canonical one);
#: ``attachments``: archive keys of the files a page links to; ``parent``: the page an attachment came from.
INDEXED_EXTRA = ("duplicate_of", "sources", "duplicates", "attachments", "parent")


@dataclass
class Document:
    """A document as the archive keeps it."""

    source: str  # file path or URL: the archive key
    text: str
    meta: Metadata
    url: str | None = None
    raw: bytes | None = None
    content_type: str | None = None
    fetched_at: str | None = None
    id: str = ""
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = document_id(self.source)

    @property
    def title(self) -> str:
        return self.meta.title or ""

    def version(self) -> str:
        """Hash of everything the index derives from this document."""
        parts: list = [self.text, self.meta.to_dict(), self.url]
        grouping = {k: self.extra[k] for k in INDEXED_EXTRA if self.extra.get(k)}
        if grouping:  # only when present, so versions of ungrouped documents stay as they were
            parts.append(grouping)
        payload = json.dumps(parts, ensure_ascii=False, sort_keys=True)
        return sha1(payload)


def sha1(data: str | bytes) -> str:
    """Hex SHA-1 of text (UTF-8) or bytes."""
    return hashlib.sha1(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def document_id(source: str) -> str:
    """Stable short id of a source (path or URL), safe in URLs."""
    return sha1(source)[:16]
