"""The signature block (signer and title) and the recipients (``Kính gửi``, ``Nơi nhận``).

A signature block opens with the authority a signer acts under (``T/M BAN THƯỜNG VỤ``,
``KT. CHỦ TỊCH``, ``T/L``, ``TL.``, ``TUQ.``) or with a title in capitals (``CHỦ TỊCH``), may say
``Đã ký``, and ends with the signer's name (a rank may stand before it: ``Đại tướng Lương Tam
Quang``).  A copy (sao lục) carries a second block after the original's; the last block is the one
that issued the text at hand.  A long legal text signs after its last article and before its annexes,
so when the tail holds no block, the first block of the text is taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracuu.index.textlines import Line, Text
from tracuu.index.vntext import normalize, unify_tones

_AUTHORITY = re.compile(r"^(?:t/m|tm\.|t\.m\.|tm\s(?=[a-z])|kt\.|kt/|k/t|kt\s(?=[a-z])|t/l|tl\.|t\.l\.|q\.|q/|tuq\.|"
                        r"thua lenh|thua uy quyen)\s*")
# Titles a signer holds (folded), longest first; an ALL-CAPS line made of one is a title line.
_TITLES = ("pho bi thu thuong truc", "pho bi thu", "bi thu", "pho chu tich thuong truc", "pho chu tich", "chu tich",
           "pho chanh van phong", "chanh van phong", "pho giam doc", "giam doc", "pho truong ban", "truong ban",
           "pho thu tuong", "thu tuong", "bo truong", "thu truong", "pho chu nhiem", "chu nhiem", "pho truong phong",
           "truong phong", "pho chi huy truong", "chi huy truong", "pho tong bi thu", "tong bi thu", "uy vien",
           "pho cuc truong", "cuc truong", "pho vu truong", "vu truong", "pho hieu truong", "hieu truong",
           "pho tong giam doc", "tong giam doc", "chanh an", "vien truong", "pho vien truong", "tong thu ki",
           "pho thong doc", "thong doc", "pho tong kiem toan", "tong kiem toan", "pho tong thanh tra",
           "tong thanh tra", "tong cuc truong", "pho tong cuc truong", "xac thuc van ban hop nhat",
           "pho chanh an", "pho chu tich nuoc", "chu tich nuoc")
_TITLE_LINE = re.compile(rf"^(?:{'|'.join(re.escape(t) for t in _TITLES)})(?![a-z])")
_SIGNED = re.compile(r"^(?:\(?\s*da ki\s*\)?\s*[:.]?\s*)?")
_SIGNED_NOTE = re.compile(r"^\(\s*(?:da ki|ki ten|ki,|ki va)[^)]*\)\s*$|^da ki\s*[:.]?$")
_NAME = re.compile(r"^(?:[^\W\d_]+\s+){1,4}[^\W\d_]+\.?$")
# Words a person's name never holds (compared with accents: "Huyền" is a name, "huyện" is not).
_NOT_NAME = {"ủy", "uỷ", "ban", "phòng", "vụ", "trực", "chủ", "tịch", "bí", "giám", "đốc", "sở", "bộ", "nơi", "nhận",
             "kính", "gửi", "lưu", "đảng", "quận", "huyện", "tỉnh", "phường", "xã", "phố", "chánh", "phó", "trưởng",
             "độc", "cộng", "như", "trên", "các", "và", "của", "nhà", "nước", "khu", "vực", "điều", "khoản",
             "chương", "mục", "phụ", "lục", "mẫu", "số"}
_OF_THE_STATE = re.compile(r"^cong hoa xa hoi chu nghia viet nam\s*$")
# Ranks and degrees printed before a signer's name (folded): "Đại tướng", "Thượng tướng", "PGS.TS.".
_RANK = re.compile(r"^(?:(?:dai|thuong|trung|thieu)\s+(?:tuong|ta|uy)|(?:pgs|gs|ts|ths|bs|ks)\.?)\s+"
                   r"(?:(?:pgs|gs|ts|ths)\.?\s+)*")
# What a PDF's signature stamp leaves beside a title or on a line of its own: "[daky]", "y]", "[".
_STAMP = re.compile(r"\[?\s*(?:da\s*)?(?:ki|ky|y)?\s*\]\s*$|^\s*\[\s*$")
_DISPLAY_WORDS = {"bi thu": "Bí thư", "chu tich": "Chủ tịch", "van phong": "Văn phòng", "thuong truc": "Thường trực",
                  "thu tuong": "Thủ tướng", "uy vien": "Ủy viên", "chinh phu": "Chính phủ"}


@dataclass
class Signature:
    """Who signed, with the title held when signing; either may be missing."""

    signer: str | None = None
    title: str | None = None


def signature(doc: Text) -> Signature:
    """The last signature block's signer and title."""
    lines = doc.lines
    tail_start = max(0, len(lines) - 45)
    for i in range(len(lines) - 1, tail_start - 1, -1):
        found = _signature_at(lines, i)
        if found:
            return found
    for i in range(1, tail_start):
        found = _signature_at(lines, i, strict=True)
        if found:
            return found
    return Signature()


def signature_in(doc: Text, start: int, end: int) -> Signature:
    """The first signature block whose name stands between lines ``start`` and ``end``."""
    for i in range(start, min(end, len(doc.lines))):
        found = _signature_at(doc.lines, i, strict=True)
        if found:
            return found
    return Signature()


def _signature_at(lines: list[Line], i: int, strict: bool = False) -> Signature | None:
    """The block whose name is line ``i``; ``strict`` asks for a title or authority line above it.

    A form's empty block (``THỦ TRƯỞNG ĐƠN VỊ / (Ký tên, đóng dấu)``) is no signature, and a name may
    share the title's line (``PHÓ THỦ TƯỚNG Phạm Gia Túc``).
    """
    if _placeholder_below(lines, i):
        return None
    name = _name_of(lines[i])
    if name is None:
        return _name_beside_title(lines, i)
    block = _block_above(lines, i)
    if block is None or (strict and not block):
        return None
    return Signature(name, _title(block))


_PLACEHOLDER = re.compile(r"^\(\s*(?:ki|ky)(?:\s+ten)?\s*[,)]|^\(\s*(?:ki|ky)(?:\s+ten)?\s*(?:va|,)?\s*(?:dong dau|ghi ro|ho)")


def _placeholder_below(lines: list[Line], i: int) -> bool:
    """True when the line below is a form's direction to sign (``(Ký tên, đóng dấu nếu có)``, ``(Ký, họ tên)``)."""
    return i + 1 < len(lines) and bool(_PLACEHOLDER.match(lines[i + 1].folded))


def _name_beside_title(lines: list[Line], i: int) -> Signature | None:
    """``PHÓ THỦ TƯỚNG Phạm Gia Túc``: a title in capitals, then the name in its usual spelling."""
    line = lines[i]
    m = _TITLE_LINE.match(line.folded)
    rest = line.text[m.end() :].strip() if m else ""
    if not rest or rest.isupper() or not line.text[: m.end()].isupper():
        return None
    name = _name_of(Line(line.index, line.start + m.end(), rest, line.folded[m.end() :].strip()))
    if name is None or _block_above(lines, i) is None:
        return None
    return Signature(name, _title_case(line.text[: m.end()], line.folded[: m.end()]))


def signature_line(line: Line) -> bool:
    """True for a line of a signature block: an authority (``T/M ...``, ``KT. ...``) or a title in capitals."""
    return bool(_AUTHORITY.match(line.folded) or (line.is_caps and _TITLE_LINE.match(line.folded)))


def _name_of(line: Line) -> str | None:
    """The person a line names: ``Nguyễn Công Thành``, ``Đã ký: Trần Anh Tuấn``, ``NGUYỄN SĨ HOẠT``."""
    text, folded = line.text, line.folded
    signed = _SIGNED.match(folded)
    if signed and signed.end() > 0:
        text, folded = text[signed.end() :], folded[signed.end() :]
    text = text.strip(" *_.")
    folded = folded.strip(" *_.")
    rank = _RANK.match(folded)
    if rank and rank.end() < len(folded):
        text, folded = text[rank.end() :], folded[rank.end() :]
    words = text.split()
    if not words or _TITLE_LINE.match(folded) or _AUTHORITY.match(folded):
        return None  # "THỨ TRƯỞNG" is the title above the name
    if not _NAME.match(text) or sum(normalize(w) in _NOT_NAME for w in words) >= 2 or \
            normalize(words[0]) in _NOT_NAME:
        return None
    if not all(w[0].isupper() for w in words):
        return None
    if text.isupper():
        text = " ".join(w.capitalize() for w in words)
    return unify_tones(text, "first")


def _block_above(lines: list[Line], i: int) -> list[Line] | None:
    """The authority and title lines right above a name; None when the name is not under a signature."""
    block: list[Line] = []
    for line in reversed(lines[max(0, i - 6) : i]):
        folded = _STAMP.sub("", line.folded)
        if _SIGNED_NOTE.match(folded) or not folded.strip():
            continue  # "(Đã ký)" alone on its line, or what a signature stamp left
        if _OF_THE_STATE.match(folded):
            continue  # "CHỦ TỊCH NƯỚC / CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" above the President's name
        if _AUTHORITY.match(folded) or _TITLE_LINE.match(folded):
            block.insert(0, line)
            if _AUTHORITY.match(folded):
                break
            continue
        break
    if block:
        return block
    # "Đã ký: Trần Anh Tuấn" is a signature even without a title above it.
    return [] if _SIGNED.match(lines[i].folded).end() > 0 else None


def _title(block: list[Line]) -> str | None:
    """The signer's own title: the last title line (``PHÓ BÍ THƯ``), else what follows ``KT.``/``TL.``."""
    for line in reversed(block):
        whole = _STAMP.sub("", line.folded)
        folded = _AUTHORITY.sub("", whole)
        m = _TITLE_LINE.match(folded)
        if m:
            offset = len(whole) - len(folded)
            return _title_case(line.text[offset : len(whole)], whole[offset:])
    return None


def _title_case(text: str, folded: str) -> str:
    """``PHÓ CHÁNH VĂN PHÒNG`` -> ``Phó Chánh Văn phòng``: sentence case keeping office names capitalised."""
    out = text.lower()
    for key, shown in _DISPLAY_WORDS.items():
        for m in re.finditer(rf"(?<![a-z]){re.escape(key)}(?![a-z])", folded):
            out = out[: m.start()] + shown + out[m.end() :]
    out = re.sub(r"(?<=phó )(\w)", lambda m: m.group(1).upper(), out)  # Phó Chủ nhiệm, Phó Giám đốc
    return unify_tones(out[:1].upper() + out[1:], "first")


# --- recipients ---------------------------------------------------------------------------------

_RECIPIENTS_HEAD = re.compile(r"^(kinh gui|noi nhan)\s*[:.]?\s*")
_BULLET = re.compile(r"^[-–—+•·*]\s*")
_DROP = re.compile(r"^(?:luu(?![a-z])|nhu tren|nhu kinh gui|nhu dieu|nhu khoan)")
_NOTE = re.compile(r"\s*\((?:de|d/|b/c|thay|kem|b\.c|phoi hop|bao cao|thuc hien|chi dao)[^)]*\)\s*")


def recipients(doc: Text) -> list[str]:
    """The ``Kính gửi`` and ``Nơi nhận`` lists, each item once, archive copies (``Lưu ...``) left out."""
    out: list[str] = []
    lines = doc.lines
    for i, line in enumerate(lines):
        head = _RECIPIENTS_HEAD.match(line.folded)
        if not head:
            continue
        rest = line.text[head.end() :].strip()
        items = [rest] if rest else []
        for follow in lines[i + 1 : i + 40]:
            if not _BULLET.match(follow.text):
                break
            items.append(follow.text)
        for item in items:
            cleaned = _clean_item(item)
            if cleaned and cleaned not in out:
                out.append(cleaned)
    return out


def _clean_item(item: str) -> str | None:
    text = item.strip(" *_")
    while _BULLET.match(text):
        text = _BULLET.sub("", text, count=1).strip(" *_")
    folded = _fold(text)
    for m in reversed(list(_NOTE.finditer(folded))):  # "(để báo cáo)", "(b/c)": what the copy is for
        text = text[: m.start()] + " " + text[m.end() :]
    text = re.sub(r"\s+(?:T/M|TM\.|KT\.|T/L|TL\.)\s+[^\W\d_][^\W\d_ ]*(?:\s+[^\W\d_]+)*$", "", text)
    text = text.strip(" ,;.:*_")
    if not text or _DROP.match(_fold(text)):
        return None
    return " ".join(text.split())


def _fold(text: str) -> str:
    from tracuu.index.textlines import folded_twin

    return folded_twin(text)
