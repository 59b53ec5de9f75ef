"""A Văn bản hợp nhất (consolidated text): the authentication block that makes it one.

A ministry consolidates a document with its amendments and authenticates the result at the end of
the consolidated text: ``BỘ TÀI CHÍNH / Số: 03/VBHN-BTC / XÁC THỰC VĂN BẢN HỢP NHẤT / Hà Nội, ngày
12 tháng 02 năm 2026 / KT. BỘ TRƯỞNG / THỨ TRƯỞNG / Cao Anh Tuấn``.  The heading at the top is the
consolidated document's kind (``NGHỊ ĐỊNH``), and its header carries no number: the type, number,
date, issuer and signer of the text at hand are the block's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracuu.index.textlines import Line, Text

_AUTHENTICATION = re.compile(r"^xac thuc van ban hop nhat\s*$")
_VBHN = re.compile(r"/VBHN-")
#: The type of a consolidated text.
KIND = "Văn bản hợp nhất"


@dataclass
class Authentication:
    """Where the block stands: its ``XÁC THỰC`` line, and the lines it spans around it."""

    line: Line
    first: int  # index of the block's first line (the body's name above the number)
    last: int  # index just past its last line (the signer's name)


def authentication(doc: Text) -> Authentication | None:
    """The authentication block of a consolidated text, or None for any other document."""
    for line in doc.lines:
        if _AUTHENTICATION.match(line.folded):
            return Authentication(line, max(0, line.index - 6), min(len(doc.lines), line.index + 9))
    return None


# "Nghị định số 131/2021/NĐ-CP ngày ... có hiệu lực ..., được sửa đổi, bổ sung bởi:": what a consolidated
# text says under its title, before the amending documents it lists.
_ANNOUNCED = re.compile(r"duoc sua doi,?\s*bo sung(?:\s*,\s*bai bo)?\s*(?:boi|theo)\s*:\s*$")
_PREAMBLE = re.compile(r"^(?:can cu|dieu 1[.:]|chuong\s)")


def announced(doc: Text) -> bool:
    """True when the lines above the preamble say the text consolidates a document and its amendments."""
    for line in doc.lines[:60]:
        if _PREAMBLE.match(line.folded):
            return False
        if _ANNOUNCED.search(line.folded):
            return True
    return False


def is_vbhn_number(number: str | None) -> bool:
    """True for a consolidated text's number (``03/VBHN-BTC``)."""
    return bool(number) and bool(_VBHN.search(number))
