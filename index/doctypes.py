"""Kinds of document: the names, the codes numbers carry, and the heading that announces one."""

from __future__ import annotations

import re

from tracuu.index.textlines import Line, folded_twin

#: Type names as documents write them; the first ones are what staff filter by.
TYPES = ("Thông báo", "Kết luận", "Chỉ thị", "Công văn", "Công điện", "Quyết định", "Nghị quyết", "Kế hoạch",
         "Hướng dẫn", "Báo cáo", "Tờ trình", "Sao lục", "Quy định", "Quy chế", "Chương trình", "Nghị định",
         "Thông tư", "Đề án", "Giấy mời", "Luật", "Lời kêu gọi", "Thông cáo", "Phương án", "Biên bản",
         "Bộ luật", "Pháp lệnh", "Thông tư liên tịch", "Văn bản hợp nhất")
NEWS = "Tin tức"
_BY_FOLDED = {folded_twin(t): t for t in TYPES}
# Longest first so "nghi quyet" is not read as "nghi dinh" and "cong dien" wins over shorter names.
TYPE_PATTERN = "|".join(sorted((re.escape(k) for k in _BY_FOLDED), key=len, reverse=True))
_HEADING = re.compile(rf"^(?:{TYPE_PATTERN})(?![a-z])")
# How a heading written in ordinary case goes on: "Thông báo kết luận của ...", "Chỉ thị về ...".
_CONTINUES = re.compile(r"^(?:ket luan|cua|ve|v/v|so|trien khai|thuc hien|chi dao|y kien|khan)(?![a-z])")

#: The type code inside a number (452-TB/TU, 03/CT-UBND, 23/2021/QĐ-TTg) and what it stands for.
CODES = {
    "TB": "Thông báo", "KL": "Kết luận", "CT": "Chỉ thị", "CV": "Công văn", "CĐ": "Công điện", "QĐ": "Quyết định",
    "NQ": "Nghị quyết", "KH": "Kế hoạch", "HD": "Hướng dẫn", "BC": "Báo cáo", "TTr": "Tờ trình", "BS": "Sao lục",
    "SL": "Sao lục", "QyĐ": "Quy định", "QĐi": "Quy định", "QC": "Quy chế", "CTr": "Chương trình",
    "NĐ": "Nghị định", "TT": "Thông tư", "ĐA": "Đề án", "GM": "Giấy mời", "PA": "Phương án", "BB": "Biên bản",
    "TTLT": "Thông tư liên tịch", "VBHN": "Văn bản hợp nhất", "PL": "Pháp lệnh",
}


def type_of_name(name: str) -> str | None:
    """The canonical type for a name written any way (``THONG BAO`` -> ``Thông báo``)."""
    return _BY_FOLDED.get(" ".join(folded_twin(name).split()))


def type_of_number(number: str) -> str | None:
    """The type a normalised number's code names; a state number without one (``1234/UBND-KT``) is a letter.

    Party numbers put the code before the slash (``452-TB/TU``), state numbers after it
    (``03/CT-UBND``, ``23/2021/QĐ-TTg``).
    """
    party = re.match(r"^\d+-([^\W\d_]+)/", number)
    if party:
        return CODES.get(party.group(1))
    state = re.match(r"^\d+(?:\.\d+)?(?:/(?:19|20)\d\d)?/([^\W\d_]+)(-|$)", number)
    if not state:
        return None
    code = state.group(1)
    if code in CODES:
        return CODES[code]
    # A first segment naming an office (UBND, VP, SYT...) followed by a unit is a state letter.
    return "Công văn" if state.group(2) == "-" and len(code) >= 2 else None


def heading_type(line: Line) -> str | None:
    """The type a heading line announces (``THÔNG BÁO``, ``KẾT LUẬN CỦA ...``, ``Chỉ thị``), else None.

    A heading is written in capitals, or is the type name alone on its line; a sentence that
    merely starts with a type name ("Kết luận được đưa ra ...") is not a heading.
    """
    m = _HEADING.match(line.folded)
    if not m:
        return None
    word = line.text[: m.end()]
    rest = line.folded[m.end() :].strip(" .:")
    capitals = all(c.isupper() for c in word if c.isalpha())
    if not (capitals or not rest or (_CONTINUES.match(rest) and not line.text.endswith(".") and len(rest) < 200)):
        return None
    # "THÔNG BÁO KẾT LUẬN" is a Thông báo; the first name wins.
    return _BY_FOLDED[m.group(0)]
