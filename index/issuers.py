"""Who issued a document, normalised (``Quận ủy Ba Đình``, ``Văn phòng UBND thành phố Hà Nội``), and its level.

Where the issuer is read, most telling first:
1. the header above the document's number (``ĐẢNG BỘ THÀNH PHỐ HÀ NỘI / QUẬN ỦY BA ĐÌNH``; a copy's
   own header, ``QUẬN ỦY HÀ ĐÔNG / Số 07 - BS/QU``, counts the same way);
2. the header at the top, before the type heading, when there is no number;
3. the heading's ``CỦA <body>`` (``KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY``);
4. the sentence that issues it (``Văn phòng UBND Thành phố thông báo ...``, ``... vừa ban hành ...``);
5. the signature's ``T/M <body>``;
6. the number's suffix (``/QU`` Quận ủy, ``/TU`` Tỉnh or Thành ủy, ``-UBND``, ``-TTg``).

The registry of named bodies (``registry``: ``lookup``, ``find_issuers``, ``by_code``) is re-exported
here for readers of queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracuu.index.bodies import BODY_RE, ORGANS, Body, find_bodies
from tracuu.index.doctypes import heading_type
from tracuu.index.gazetteer import Mention, mentions
from tracuu.index.locality import Hints, Locality
from tracuu.index.registry import Body as RegisteredBody, Found, bodies, by_code, find_issuers, lookup  # noqa: F401
from tracuu.index.textlines import Line, Text, folded_twin
from tracuu.index.vntext import unify_tones

# The national motto and party name stand beside every header; they issue nothing.
_MOTTO = re.compile(r"^(?:dang cong san viet nam|cong hoa xa hoi chu nghia viet nam|doc lap\s*[-–]\s*tu do|"
                    r"[-–_=.\s]*$)")
# What stands between a header and its number in some layouts: the place and date, the subject.
_BESIDE_NUMBER = re.compile(r"^v/v(?![a-z])|,\s*ngay\s*\d|^so\s*[:.]?\s*(?:\d|$)|^\d+\s*[-/]")
_MOTTO_IN = re.compile(r"(?:dang cong san viet nam|cong hoa xa hoi chu nghia|doc lap\s*[-–]\s*tu do)")
_SIGNATURE = re.compile(r"^(?:t/m|tm\.|t\.m|kt\.|k/t|t/l|tl\.|t\.l|q\.|tuq\.|thua lenh|da ki|\(da ki)")
_ISSUING = re.compile(r"^[\s,]*(?:da\s+|vua\s+|da vua\s+)?(?:thong bao|ban hanh|ket luan|yeu cau)(?![a-z])")
# A number's issuer code (after the slash in party numbers, the dash in state ones) and the body it means.
_SUFFIX_BODIES = {
    "TU": ("committee", "tinh uy"), "QU": ("committee", "quan uy"),
    "HU": ("committee", "huyen uy"), "TXU": ("committee", "thi uy"), "ThU": ("committee", "thi uy"),
    "ĐU": ("committee", "dang uy"), "UBND": ("council", "ubnd"), "HĐND": ("council", "hdnd"),
    "TTg": ("central", "thu tuong chinh phu"), "CP": ("central", "chinh phu"),
    "VPCP": ("central", "van phong chinh phu"),
    "TW": ("central", "ban chap hanh trung uong"),
}
#: The levels ``level`` returns, highest first.
LEVELS = ("trung ương", "tỉnh", "huyện", "xã")


@dataclass
class Issuer:
    """The issuing body found, and the place hints it gives the locality rules."""

    body: Body | None
    name: str | None = None  # for bodies outside the grammar, the header line as written
    parent: Body | None = None  # the body above it in the header (for a Văn phòng, Sở, ...)
    place: Mention | None = None  # the place such a name carries ("BAN CHỈ ĐẠO ... TRÀ VINH")

    def hints(self, signed_at: str | None, header_places) -> Hints:
        """What this issuer tells the locality rules: its written place and the kind of unit it governs."""
        body = self.body or self.parent
        governs = body.governs if body else None
        if body is not None and body.kind == "committee" and body.core == "dang uy" and not body.unit:
            governs = None
        central = (body is not None and body.kind == "central" and self.body is body) or \
            (self.body is None and is_central_name(self.name))
        place = self.place if self.body is None and self.place else (body.place if body else None)
        return Hints(place, governs, list(header_places), signed_at, central)


_CENTRAL_NAMES = re.compile(r"^(?:bo|tong cuc|cuc|uy ban quoc gia|ban chi dao quoc gia|ban chi dao trung uong|"
                            r"hoi dong quoc gia|toa an nhan dan toi cao|vien kiem sat nhan dan toi cao|"
                            r"kiem toan nha nuoc|ngan hang nha nuoc)(?![a-z])")


def is_central_name(name: str | None) -> bool:
    """A ministry or another national body named outside the grammar (``Bộ Y tế``, ``Tổng cục Thuế``)."""
    if not name:
        return False
    registered = lookup(name)
    return bool(_CENTRAL_NAMES.match(folded_twin(name))) or (registered is not None and registered.central)


def header_lines(doc: Text, before: Line | None) -> list[Line]:
    """The header stack above a line (the number's), or at the top of the document."""
    lines = doc.lines
    end = before.index if before is not None else _top_end(lines)
    out: list[Line] = []
    for line in reversed(lines[max(0, end - 8) : end]):
        if _MOTTO.match(line.folded) or _BESIDE_NUMBER.search(line.folded):
            continue
        if not (line.is_caps or find_bodies_in(line) or _MOTTO_IN.search(line.folded)) \
                or _SIGNATURE.match(line.folded) or len(line.text) > 120:
            break
        out.insert(0, line)
    return out


def _top_end(lines: list[Line]) -> int:
    """Where the top header ends: the type heading, a date or a paragraph."""
    for line in lines[:8]:
        if heading_type(line) or len(line.text) > 120 or re.search(r"(?<![a-z])ngay\s*\d", line.folded):
            return line.index
    return min(len(lines), 8)


def find_bodies_in(line: Line) -> bool:
    """True when the line names a body (``UBND THÀNH PHỐ HÀ NỘI``)."""
    return bool(BODY_RE.search(line.folded))


def from_registry(lines: list[Line]) -> Issuer | None:
    """A national body of the registry named by the last lines of a header, read together:
    ``BỘ LAO ĐỘNG - THƯƠNG BINH / VÀ XÃ HỘI``, ``NGÂN HÀNG NHÀ NƯỚC / VIỆT NAM``, ``ỦY BAN THƯỜNG VỤ QUỐC HỘI``.

    Only the lines ending the header count, so ``BỘ TÀI CHÍNH / TỔNG CỤC THUẾ`` is not the ministry.
    """
    for first in range(max(0, len(lines) - 3), len(lines)):
        text = " ".join(_before_motto(line) for line in lines[first:])
        body = lookup(text)
        if body is not None and body.central:
            return Issuer(None, name=body.name)
    return None


def from_header(doc: Text, lines: list[Line]) -> Issuer | None:
    """The issuer in a header stack: the last body named, with the one above as its parent."""
    if not lines:
        return None
    start, end = lines[0].start, lines[-1].start + len(lines[-1].text)
    bodies = find_bodies(doc, start, end)
    last = lines[-1]
    own = [b for b in bodies if b.end > last.start]
    above = [b for b in bodies if b.end <= last.start]
    if own and not _unexplained(doc, own[-1], last):
        return Issuer(own[-1], parent=above[-1] if above else None)
    if own:
        # "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH": the grammar names only part of the body; keep the whole line.
        return _named(doc, [last], parent=above[-1] if above else own[-1])
    if _ORGAN_ONLY.match(last.folded) and above:
        # "UBND TỈNH HÀ TĨNH / VĂN PHÒNG": the organ of the body above.
        parent = above[-1]
        body = Body(_ORGAN_ONLY.match(last.folded).group(1), parent.core, parent.kind, parent.unit, parent.place,
                    parent.place_text, last.start, last.start + len(last.text))
        return Issuer(body)
    if _PLACE_ONLY.match(last.folded) and len(lines) > 1 and not above:
        # "BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19 / THÀNH PHỐ HÀ NỘI": a name on two lines.
        return _named(doc, lines[-2:])
    if last.is_caps and not _MOTTO.match(last.folded):
        return _named(doc, [last], parent=above[-1] if above else None)
    return None


_PLACE_ONLY = re.compile(r"^(?:tinh|thanh pho|tp\.?|quan|huyen|thi xa)\s+[a-z ]+$")


def _named(doc: Text, lines: list[Line], parent: Body | None = None) -> Issuer:
    """A body outside the grammar, named by header lines: sentence case, places as the gazetteer writes them."""
    pieces, place = [], None
    for line in lines:
        text, cursor = _before_motto(line), 0
        for m in mentions(doc, line.start, line.start + len(text)):
            pieces += [text[cursor : m.start - line.start].lower(), m.candidates[0].name]
            cursor, place = m.end - line.start, m
        pieces += [text[cursor:].lower(), " "]
    return Issuer(None, name=_capitalise_head(" ".join("".join(pieces).split())), parent=parent, place=place)


def _before_motto(line: Line) -> str:
    """A header line without the motto flattened onto it (``SỞ Y TẾ | CỘNG HÒA ...``)."""
    m = _MOTTO_IN.search(line.folded)
    return line.text[: m.start()].strip(" |-–") if m else line.text


def _unexplained(doc: Text, body: Body, line: Line) -> bool:
    """True when two or more words of the body's line follow it and are not the national motto."""
    rest = doc.folded[body.end : line.start + len(line.text)]
    rest = _MOTTO_IN.split(rest)[0]
    return len(re.findall(r"[a-z0-9]+", rest)) >= 2


_ORGAN_ONLY = re.compile(rf"^({'|'.join(re.escape(k) for k in sorted(ORGANS, key=len, reverse=True))})\s*$")


def from_heading(doc: Text, heading: list[Line]) -> Issuer | None:
    """``KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY``: the body right after ``của`` in the heading."""
    if not heading:
        return None
    start, end = heading[0].start, heading[-1].start + len(heading[-1].text)
    for body in find_bodies(doc, start, end):
        if re.search(r"(?<![a-z])cua\s*$", doc.folded[max(0, body.start - 8) : body.start]):
            return Issuer(body)
    return None


def from_sentences(doc: Text, news: bool) -> Issuer | None:
    """The body a sentence says issues it: ``Văn phòng UBND Thành phố thông báo``, ``X vừa ban hành``."""
    issuing, concluding = [], []
    for body in find_bodies(doc):
        m = _ISSUING.match(doc.folded[body.end : body.end + 30])
        if m:
            (issuing if re.search(r"thong bao|ban hanh", m.group(0)) else concluding).append(body)
    if news:
        issuing = [b for b in issuing if "ban hanh" in _ISSUING.match(doc.folded[b.end : b.end + 30]).group(0)]
        return Issuer(issuing[0]) if issuing else None  # a report names the issuer in its lead
    if issuing:
        return Issuer(issuing[-1])  # a directive names who issues it in its closing sentence
    return Issuer(concluding[0]) if concluding else None  # "Ban Thường vụ Tỉnh ủy kết luận:" opens it


def from_signature(doc: Text) -> Issuer | None:
    """``T/M ỦY BAN NHÂN DÂN``: the body a signature acts for (a committee's Ban Thường vụ needs more)."""
    for line in reversed(doc.lines[-40:]):
        if re.match(r"^(?:t/m|tm\.?|t\.m\.?)\s*", line.folded):
            bodies = find_bodies(doc, line.start, line.start + len(line.text))
            if bodies:
                return Issuer(bodies[0])
    return None


def from_number(number: str | None) -> Issuer | None:
    """The body a number's issuer code names: ``529-CV/QU`` -> Quận ủy, ``03/CT-UBND`` -> UBND."""
    if not number:
        return None
    codes = re.findall(r"[^\W\d_]+", number)
    party = re.match(r"^\d+-[^\W\d_]+/", number)
    candidates = codes[1:] if party else codes[1:] + codes[:1]
    for code in candidates:
        if code in _SUFFIX_BODIES:
            kind, core = _SUFFIX_BODIES[code]
            return Issuer(Body(None, core, kind, None, None, None, -1, -1))
        if code.startswith("VP") and code[2:] in _SUFFIX_BODIES:
            kind, core = _SUFFIX_BODIES[code[2:]]
            return Issuer(Body("van phong", core, kind, None, None, None, -1, -1))
    return None


def display(issuer: Issuer, where: Locality) -> str | None:
    """The normalised issuer name, its implicit place filled from the document's locality."""
    body = issuer.body
    if body is None:
        if not issuer.name:
            return None
        return _tidy(_other_name(issuer, where))
    parts = [ORGANS[body.organ]] if body.organ else []
    parts.append(body.core_display())
    if body.kind == "committee":
        if body.core == "dang uy":
            if body.unit:
                parts.append(body.unit)
            place = body.place_text or _unit_name(body, where)
        else:
            place = _unit_name(body, where)
        parts.append(place or "")
    elif body.kind == "council":
        parts.append(_place_words(body, where) or "")
    return _tidy(" ".join(parts))


def _other_name(issuer: Issuer, where: Locality) -> str:
    """A body outside the grammar: ``Sở Y tế`` under ``UBND thành phố Hà Nội`` is ``Sở Y tế thành phố Hà Nội``."""
    name = issuer.name or ""
    unit = re.search(r"(?<![a-z])(tinh|thanh pho|quan|huyen|thi xa)$", folded_twin(name))
    if unit:
        # "Ban Chỉ đạo phòng, chống dịch thành phố": the unit is the document's own.
        place = where.province if unit.group(1) in ("tinh", "thanh pho") else where.district
        return f"{name} {place}" if place else name
    parent = _place_words(issuer.parent, where) if issuer.parent else None
    if parent and not is_central_name(name) and folded_twin(parent) not in folded_twin(name):
        return f"{name} {parent}"
    return name


def _unit_name(body: Body, where: Locality) -> str | None:
    """The place a committee governs: its written place, else the document's province or district."""
    if body.place is not None:
        return _written_unit(body, where)
    if body.place_text:
        return body.place_text
    governs = body.governs
    if governs in ("quận", "huyện", "thị xã"):
        return where.district
    if governs == "thành phố":
        if where.province_unit is not None and where.province_unit.central_city:
            return where.province
        return where.district
    if governs == "tỉnh":
        return where.province
    return None


def _written_unit(body: Body, where: Locality) -> str:
    names = {u.name for u in body.place.candidates}
    for candidate in (where.district, where.province):
        if candidate in names:
            return candidate
    return body.place.candidates[0].name


def _place_words(body: Body, where: Locality) -> str | None:
    """``thành phố Hà Nội``, ``quận Ba Đình``, ``phường Điện Biên``: a council's unit and place."""
    unit = body.unit
    place = _unit_name(body, where) if (body.place or body.place_text or unit) else None
    if unit is None and place is None:
        place = where.district or where.province
        unit = _kind_of(place, where)
    if place is None:
        return unit
    return f"{unit} {place}" if unit else place


def _kind_of(place: str | None, where: Locality) -> str | None:
    if place is None:
        return None
    unit = where.district_unit if place == where.district else where.province_unit
    return unit.kind if unit else None


def level(issuer: Issuer, where: Locality) -> str | None:
    """The issuer's level: trung ương, tỉnh, huyện or xã."""
    if issuer.body is None and is_central_name(issuer.name):
        return "trung ương"
    body = issuer.body or issuer.parent
    if body is None:
        return ("huyện" if where.district else "tỉnh" if where.province else None) if issuer.name else None
    if body.kind == "central":
        return "trung ương"
    governs = body.governs
    if governs in ("phường", "xã", "thị trấn"):
        return "xã"
    if governs in ("quận", "huyện", "thị xã"):
        return "huyện"
    if governs == "tỉnh":
        return "tỉnh"
    if governs == "thành phố":
        central = where.province_unit is not None and where.province_unit.central_city and (
            body.place is None or any(u.central_city for u in body.place.candidates))
        return "tỉnh" if central else "huyện"
    return "huyện" if where.district else "tỉnh" if where.province else None


def header_places(doc: Text, lines: list[Line]):
    """Places named in a header stack, above the issuer's own line."""
    if len(lines) < 2:
        return []
    return mentions(doc, lines[0].start, lines[-1].start)


_NAMED_AFTER = {"sở", "bộ", "ban", "cục", "vụ", "viện", "tổng", "trung", "hội", "ủy", "uỷ"}


def _capitalise_head(text: str) -> str:
    """``sở y tế`` -> ``Sở Y tế``: the first word capitalised, and the second after Sở, Bộ, Ban ..."""
    words = text.split(" ")
    keep = 2 if words and words[0].lower() in _NAMED_AFTER else 1
    return " ".join(w[:1].upper() + w[1:] if i < keep else w for i, w in enumerate(words))


def _tidy(name: str) -> str:
    return unify_tones(" ".join(name.split()), "first")
