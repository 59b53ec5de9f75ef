"""Issuing bodies as documents name them: ``QUẬN ỦY BA ĐÌNH``, ``Văn phòng UBND Thành phố``, ``Tỉnh ủy``.

A body is read on the folded twin of the text by a small grammar: an optional organ (Ban Thường vụ,
Văn phòng, ...) before a party committee (Tỉnh ủy, Quận ủy, ...), a people's committee or council
with its unit word (UBND thành phố, HĐND quận), or a central body (Chính phủ, Bộ Chính trị).  The
place that follows, if any, is looked up in the gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracuu.index.gazetteer import Mention, mentions
from tracuu.index.textlines import Text

# folded -> display, longest alternatives first where one is a prefix of another.
ORGANS = {
    "ban thuong vu": "Ban Thường vụ", "thuong truc": "Thường trực", "van phong": "Văn phòng",
    "ban tuyen giao va dan van": "Ban Tuyên giáo và Dân vận", "ban tuyen giao": "Ban Tuyên giáo",
    "ban dan van": "Ban Dân vận", "ban to chuc": "Ban Tổ chức", "uy ban kiem tra": "Ủy ban Kiểm tra",
    "ban noi chinh": "Ban Nội chính", "ban can su dang": "Ban cán sự đảng", "dang doan": "Đảng đoàn",
}
COMMITTEES = {"tinh uy": "Tỉnh ủy", "thanh uy": "Thành ủy", "quan uy": "Quận ủy", "huyen uy": "Huyện ủy",
              "thi uy": "Thị ủy", "dang uy": "Đảng ủy"}
COUNCILS = {"uy ban nhan dan": "UBND", "ubnd": "UBND", "hoi dong nhan dan": "HĐND", "hdnd": "HĐND"}
UNITS = {"thanh pho": "thành phố", "tp.": "thành phố", "tp": "thành phố", "tinh": "tỉnh", "quan": "quận",
         "huyen": "huyện", "thi xa": "thị xã", "thi tran": "thị trấn", "phuong": "phường", "xa": "xã"}
CENTRAL = {"ban chap hanh trung uong dang": "Ban Chấp hành Trung ương", "ban chap hanh trung uong":
           "Ban Chấp hành Trung ương", "bo chinh tri": "Bộ Chính trị", "ban bi thu": "Ban Bí thư",
           "thu tuong chinh phu": "Thủ tướng Chính phủ", "van phong chinh phu": "Văn phòng Chính phủ",
           "van phong trung uong dang": "Văn phòng Trung ương Đảng", "chinh phu": "Chính phủ",
           "quoc hoi": "Quốc hội", "ban chi dao quoc gia": "Ban Chỉ đạo quốc gia"}
WARD_UNITS = ("phường", "xã", "thị trấn")
# The unit each committee governs, as the gazetteer names kinds.
COMMITTEE_UNIT = {"tinh uy": "tỉnh", "thanh uy": "thành phố", "quan uy": "quận", "huyen uy": "huyện",
                  "thi uy": "thị xã"}


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


BODY_RE = re.compile(
    rf"(?<![a-z])(?:(?P<organ>{_alt(ORGANS)})\s+)?"
    rf"(?:(?P<central>{_alt(CENTRAL)})|(?P<committee>{_alt(COMMITTEES)})|(?P<council>{_alt(COUNCILS)}))"
    rf"(?:\s+(?P<unit>{_alt(UNITS)})(?![a-z]))?(?![a-z])"
)
_NAME_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class Body:
    """One body named in the text."""

    organ: str | None  # folded organ ("van phong") or None
    core: str  # folded core ("quan uy", "ubnd", "chinh phu") or a display name for other bodies
    kind: str  # "committee", "council", "central" or "other"
    unit: str | None  # display unit word ("thành phố") after a council or Đảng ủy
    place: Mention | None  # the gazetteer place written after it
    place_text: str | None  # the place as written when the gazetteer does not know it (wards)
    start: int
    end: int

    @property
    def governs(self) -> str | None:
        """The kind of unit this body governs: "tỉnh", "thành phố", "quận", ..., "xã" or None."""
        if self.kind == "committee":
            return COMMITTEE_UNIT.get(self.core) or self.unit
        if self.kind == "council":
            return self.unit
        return None

    def core_display(self) -> str:
        """How the body's core is written: ``Quận ủy``, ``UBND``, ``Chính phủ``."""
        table = {"committee": COMMITTEES, "council": COUNCILS, "central": CENTRAL}.get(self.kind)
        return table[self.core] if table else self.core


def find_bodies(doc: Text, start: int = 0, end: int | None = None) -> list[Body]:
    """Every body named in ``doc[start:end]``, in order, with the place written after it."""
    end = len(doc.raw) if end is None else end
    places = {m.start: m for m in mentions(doc, start, min(len(doc.raw), end + 60))}
    out = []
    for m in BODY_RE.finditer(doc.folded, start, end):
        kind = next(k for k in ("central", "committee", "council") if m.group(k))
        core = m.group(kind)
        unit = UNITS[m.group("unit")] if m.group("unit") else None
        if kind == "committee" and unit and core != "dang uy":
            # "Tỉnh ủy tỉnh ..." does not occur; "Quận ủy quận" would be a stray word: drop it.
            unit = None
        body_end = m.end() if unit or kind != "committee" or core == "dang uy" else m.end(kind)
        place, place_text, body_end = _place_after(doc, body_end, places, unit)
        out.append(Body(m.group("organ"), core, kind, unit, place, place_text, m.start(), body_end))
    return out


def _place_after(doc: Text, pos: int, places: dict[int, Mention], unit: str | None
                 ) -> tuple[Mention | None, str | None, int]:
    """The place written right after a body (``Quận ủy Ba Đình``), as a gazetteer mention or as words."""
    gap = re.match(r"[ \t]*\n?[ \t]*", doc.raw[pos:])
    at = pos + (gap.end() if gap else 0)
    # Wards are not in the gazetteer, and their names often repeat a province's (phường Điện Biên).
    if at in places and unit not in WARD_UNITS:
        return places[at], None, places[at].end
    if unit in WARD_UNITS:
        words = []
        cursor = at
        for w in _NAME_WORD.finditer(doc.raw, at, min(len(doc.raw), at + 40)):
            if w.start() != cursor or doc.raw[w.start() - 1] == "\n" and words or not w.group(0)[0].isupper() \
                    or len(words) == 4:
                break
            words.append(w.group(0))
            cursor = w.end() + 1
        if words:
            text = " ".join(words)
            return None, text.title() if text.isupper() else text, at + len(text)
    return None, None, pos
