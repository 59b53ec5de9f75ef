"""Directive metadata read off the cleaned text: type, number, date (deepened by the parser work)."""

from __future__ import annotations

import re

from index.analyzer import DATE_RE, DOCNO_RE, WRITTEN_DATE_RE, normalize_docno
from index.document import Metadata

_TYPES = ("Thông báo", "Kết luận", "Chỉ thị", "Công văn", "Công điện", "Quyết định", "Nghị quyết", "Kế hoạch",
          "Hướng dẫn", "Báo cáo", "Tờ trình", "Sao lục")


def _iso(day: str, month: str, year: str) -> str | None:
    d, m = int(day), int(month)
    return f"{year}-{m:02d}-{d:02d}" if 1 <= d <= 31 and 1 <= m <= 12 else None


def parse(text: str, title: str | None = None, page_meta: dict[str, str] | None = None) -> Metadata:
    """Metadata of one document from its cleaned text (and, for web pages, the page's title and meta)."""
    meta = Metadata(title=title)
    head = text[:1500]
    m = re.search(r"Số\s*:?\s*(" + DOCNO_RE.pattern + ")", head)
    if m:
        meta.number_raw = m.group(1)
        meta.number = normalize_docno(m.group(1))
    for kind in _TYPES:
        if re.search(rf"(?m)^\W*{kind.upper()}\b", head):
            meta.doc_type = kind
            break
    for m in WRITTEN_DATE_RE.finditer(text):
        meta.date = _iso(*m.groups())
    if not meta.date:
        m = DATE_RE.search(head)
        if m:
            meta.date = _iso(m.group(1), m.group(3), m.group(4))
    if not meta.title:
        meta.title = next((line.strip() for line in text.split("\n") if len(line.strip()) > 20), None)
    return meta
