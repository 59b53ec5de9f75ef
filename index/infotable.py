"""The information table of a web rendition: ``| Số hiệu | 45/2026/TT-BGDĐT |``, ``| Người ký | ... |``.

Legal-document sites put the attributes of a text in a two-column table above it (``Thông tin văn
bản``, ``Thuộc tính``).  When the text itself has no header, the table is what says the number,
type, date, issuer and signer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracuu.index.dates import parse_date
from tracuu.index.doctypes import type_of_name
from tracuu.index.textlines import Text

_ROW = re.compile(r"^\|?\s*([^|]{2,40}?)\s*\|\s*([^|]+?)\s*\|?\s*$")  # lines come stripped of edge pipes
_KEYS = {
    "number": ("so hieu", "so ki hieu", "so ki hieu goc", "so van ban"),
    "doc_type": ("loai van ban",),
    "date": ("ngay ban hanh", "ngay ki"),
    "issuer": ("co quan ban hanh", "noi ban hanh", "co quan"),
    "signer": ("nguoi ki",),
}
_ROWS_SEEN = 40  # the table stands at the top
#: An office written before the signer's name ("Phó Thủ tướng Phạm Gia Túc"), folded.
_OFFICE = re.compile(r"^(?:pho\s+)?(?:thu tuong|bo truong|thu truong|chu tich|thong doc|chu nhiem|tong kiem toan"
                     r"|chanh an|vien truong|tong thu ky)(?:\s+(?:chinh phu|quoc hoi|nuoc))?\s+(?=\S)")


@dataclass
class InfoTable:
    """The attributes a rendition's table gives; any may be missing."""

    number: str | None = None
    doc_type: str | None = None
    date: str | None = None
    issuer: str | None = None
    signer: str | None = None


def info_table(doc: Text) -> InfoTable:
    """The attributes of the information table near the top of the text (empty when there is none)."""
    out = InfoTable()
    for line in doc.lines[:_ROWS_SEEN]:
        m = _ROW.match(line.text)
        if not m:
            continue
        key = " ".join(Text(m.group(1)).folded.split())
        value = m.group(2).strip()
        for name, keys in _KEYS.items():
            if key in keys and getattr(out, name) is None:
                setattr(out, name, _value(name, value))
    return out


def _value(name: str, value: str) -> str | None:
    if name == "number":
        value = re.sub(r"^(?:Số|số)\s*[:.]?\s*", "", value)
        return value if "/" in value else None
    if name == "doc_type":
        return type_of_name(value)
    if name == "date":
        return parse_date(value)
    # "Nguyễn Thị Hồng (Thống đốc NHNN)", "Ngân hàng Nhà nước Việt Nam (NHNN)": the name without its gloss.
    value = re.sub(r"\s*\([^)]*\)\s*$", "", value).strip()
    if name == "signer":
        folded = Text(value).folded
        office = _OFFICE.match(folded) if len(folded) == len(value) else None
        value = value[office.end() :] if office else value
    return value or None
