"""Vietnam's provinces and districts, from the vietnam-provinces library, and finding them in text.

vietnam-provinces 0.6.0 carries the 63 provinces and 691 districts in force before July 2025, the
era of most archives.  Names are matched on the folded twin of the text (``HÀ ĐÔNG``, ``Ha Dong``
and ``Hà Đông`` are one name) and only where the original is written as a name (capitalised).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tracuu.index.textlines import Text, folded_twin
from tracuu.index.vntext import has_diacritics, normalize, unify_tones

# Unit words the library puts before a name, and the kind each stands for.
_PREFIXES = (("Thành phố ", "thành phố"), ("Tỉnh ", "tỉnh"), ("Quận ", "quận"), ("Huyện ", "huyện"),
             ("Thị xã ", "thị xã"))
# How a text says which kind of unit a name is (folded): "quận Ba Đình", "TP. Hà Nội", "Huyện ủy Đông Anh".
QUALIFIERS = (
    ("thanh pho", "thành phố"), ("tp.", "thành phố"), ("tp", "thành phố"), ("thanh uy", "thành phố"),
    ("tinh", "tỉnh"), ("tinh uy", "tỉnh"), ("quan", "quận"), ("q.", "quận"), ("quan uy", "quận"),
    ("huyen", "huyện"), ("h.", "huyện"), ("huyen uy", "huyện"), ("thi xa", "thị xã"), ("tx.", "thị xã"),
    ("thi uy", "thị xã"), ("thu do", "thành phố"),
)
_QUALIFIER_RE = re.compile(
    r"(?:^|(?<=[\s(,;:\"“]))(" + "|".join(re.escape(q) for q, _ in sorted(QUALIFIERS, key=lambda x: -len(x[0])))
    + r")\s*$"
)
_QUALIFIER_KIND = dict(QUALIFIERS)
# A name that is first of all a person's counts as a place unless the words before make it the person
# ("tư tưởng Hồ Chí Minh", "Đoàn TNCS Hồ Chí Minh", "Chủ tịch Hồ Chí Minh").
_PERSON_NAMES = {"ho chi minh"}
_PERSON_CUES = re.compile(r"(?:chu tich|bac|tu tuong|tncs|thanh nien cong san|doan|hoc vien|chinh tri quoc gia|lang|"
                          r"dong chi|tam guong|dao duc|phong cach|cong san|mac - lenin,?|mac - lenin va)\s*$")


@dataclass(frozen=True)
class Unit:
    """One administrative unit: a province (``level == "province"``) or a district."""

    name: str  # "Ba Đình", "Hà Nội"
    kind: str  # "tỉnh", "thành phố" for a province; "quận", "huyện", "thị xã", "thành phố" for a district
    level: str  # "province" | "district"
    province: str  # the province's name (a province's own)
    code: int

    @property
    def central_city(self) -> bool:
        """A city governed by the centre (Hà Nội, Hải Phòng, ...): its committee is a Thành ủy."""
        return self.level == "province" and self.kind == "thành phố"


def _split(full: str) -> tuple[str, str]:
    for prefix, kind in _PREFIXES:
        if full.startswith(prefix):
            return kind, full[len(prefix) :]
    return "", full


@lru_cache(maxsize=1)
def units() -> dict[str, list[Unit]]:
    """Every unit by its folded name (several districts share a name across provinces)."""
    from vietnam_provinces.enums import DistrictEnum, ProvinceEnum

    by_key: dict[str, list[Unit]] = {}
    provinces: dict[int, str] = {}
    for item in ProvinceEnum:
        kind, name = _split(item.value.name)
        name = unify_tones(name, "first")
        provinces[item.value.code] = name
        by_key.setdefault(_key(name), []).append(Unit(name, kind, "province", name, item.value.code))
    for item in DistrictEnum:
        kind, name = _split(item.value.name)
        unit = Unit(unify_tones(name, "first"), kind, "district", provinces[item.value.province_code],
                    item.value.code)
        by_key.setdefault(_key(unit.name), []).append(unit)
    return by_key


def _key(name: str) -> str:
    return " ".join(folded_twin(name).replace("-", " ").replace("–", " ").split())


@lru_cache(maxsize=1)
def _names_re() -> re.Pattern[str]:
    keys = sorted((k for k in units() if not k.isdigit()), key=len, reverse=True)
    alternation = "|".join(r"[\s\-–]+".join(re.escape(w) for w in k.split()) for k in keys)
    return re.compile(rf"(?<![\w])(?:{alternation})(?![\w])")


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The word a place name can start with: at any other word ``_names_re`` cannot match."""
    return frozenset(re.match(r"\w*", k.split()[0]).group(0) for k in units() if not k.isdigit())


@lru_cache(maxsize=1)
def _capital_word_start() -> re.Pattern[str]:
    """A word starting with a capital (any letter ``str.isupper`` calls upper case)."""
    capitals = "".join(re.escape(chr(c)) for c in range(0x110000) if chr(c).isupper())
    return re.compile(rf"(?<![\w])[{capitals}]")


def province(name: str) -> Unit | None:
    """The province called ``name`` (any accents or case), or None."""
    return next((u for u in units().get(_key(name), []) if u.level == "province"), None)


@dataclass(frozen=True)
class Mention:
    """A place named in the text, with the kind the text gives it (``quận``) and its candidates."""

    start: int
    end: int
    key: str
    qualifier: str | None
    candidates: tuple[Unit, ...]

    def provinces(self) -> list[Unit]:
        """Candidates that are provinces, kept to the kind the text gives."""
        found = [u for u in self.candidates if u.level == "province"]
        if self.qualifier in ("quận", "huyện", "thị xã"):
            return []
        if self.qualifier == "tỉnh":
            return [u for u in found if not u.central_city]
        if self.qualifier == "thành phố":
            # "thành phố Hà Tĩnh" is the district-level city; "thành phố Hà Nội" the province.
            return [u for u in found if u.central_city]
        return found

    def districts(self) -> list[Unit]:
        """Candidates that are districts, kept to the kind the text gives."""
        found = [u for u in self.candidates if u.level == "district"]
        if self.qualifier and self.qualifier != "tỉnh":
            found = [u for u in found if u.kind == self.qualifier] or found
        return found if self.qualifier != "tỉnh" else []


def mentions(doc: Text, start: int = 0, end: int | None = None) -> list[Mention]:
    """Places named in ``doc`` between ``start`` and ``end``, in order."""
    end = len(doc.raw) if end is None else end
    if "mentions" not in doc.cache:  # several rules ask; the text is scanned once
        doc.cache["mentions"] = _scan(doc, 0, len(doc.raw))
    return [m for m in doc.cache["mentions"] if start <= m.start and m.end <= end]


_WORD_START = re.compile(r"(?<![\w])\w")
_WORD = re.compile(r"\w+")


def _scan(doc: Text, start: int, end: int) -> list[Mention]:
    out = []
    pos = start
    names = _names_re()
    first_words = _first_words()
    # A name is kept only when its first letter is a capital, so the alternation of every place name
    # is tried only at capitalised word starts that begin a place's name: searching it at every
    # character, then at every capitalised word, cost most of parsing.
    for capital in _capital_word_start().finditer(doc.raw, start, end):
        at = capital.start()
        if at < pos or not _WORD_START.match(doc.folded, at):
            continue
        word = _WORD.match(doc.folded, at, end)
        if word is None or word.group(0) not in first_words:
            continue
        m = names.match(doc.folded, at, end)
        if m is None:
            continue
        # A rejected name may hide one starting a word later ("QUẬN BA ĐÌNH" is not Quản Bạ).
        pos = m.start() + 1
        surface = doc.raw[m.start() : m.end()]
        if not all(w[0].isupper() for w in re.split(r"[\s\-–]+", surface) if w):
            continue
        key = " ".join(m.group(0).replace("-", " ").replace("–", " ").split())
        q = _QUALIFIER_RE.search(doc.folded[max(0, m.start() - 12) : m.start()])
        qualifier = _QUALIFIER_KIND[q.group(1)] if q else None
        candidates = _same_spelling(surface, units()[key])
        one_word_district = " " not in key and not any(u.level == "province" for u in candidates)
        person = key in _PERSON_NAMES and _PERSON_CUES.search(doc.folded[max(0, m.start() - 40) : m.start()])
        if not candidates or (qualifier is None and (person or one_word_district)):
            continue
        out.append(Mention(m.start(), m.end(), key, qualifier, candidates))
        pos = m.end()
    out.extend(_numbered_districts(doc, start, end))
    out.extend(_abbreviated(doc, start, end, [m.start for m in out]))
    return sorted(out, key=lambda x: x.start)


def _same_spelling(surface: str, candidates: list[Unit]) -> tuple[Unit, ...]:
    """Units spelled as written: accents must agree unless the text has none (``HA DONG``).

    Folding alone would read the name ``Huệ`` as the city of Huế.
    """
    if not has_diacritics(surface):
        return tuple(candidates)
    written = _exact(surface)
    return tuple(u for u in candidates if _exact(u.name) == written)


def _exact(name: str) -> str:
    return " ".join(normalize(name).replace("-", " ").replace("–", " ").split())


def _numbered_districts(doc: Text, start: int, end: int) -> list[Mention]:
    """``Quận 1``, ``quận 10``: numbered districts are names only after their unit word."""
    out = []
    for m in re.finditer(r"(?<![\w])(?:quan|q\.)\s*(\d{1,2})(?!\d)", doc.folded[start:end]):
        key = m.group(1).lstrip("0")
        if key in units():
            s = start + m.start(1)
            out.append(Mention(s, s + len(m.group(1)), key, "quận", tuple(units()[key])))
    return out


# Abbreviations the library does not carry: TP.HCM, TPHCM, TP HCM.
_ABBREVIATIONS = ((re.compile(r"(?<![\w])tp\.?\s*hcm(?![\w])"), "ho chi minh"),)


def _abbreviated(doc: Text, start: int, end: int, taken: list[int]) -> list[Mention]:
    out = []
    for pattern, key in _ABBREVIATIONS:
        for m in pattern.finditer(doc.folded, start, end):
            if m.start() not in taken:
                out.append(Mention(m.start(), m.end(), key, "thành phố", tuple(units()[key])))
    return out


def capital_hint(doc: Text) -> int:
    """How often the text says ``Thủ đô`` (the capital, Hà Nội) with a capital T."""
    return sum(1 for m in re.finditer(r"(?<![\w])thu do(?![\w])", doc.folded) if doc.raw[m.start()].isupper())
