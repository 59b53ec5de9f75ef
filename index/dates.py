"""Vietnamese dates by our own rules: written out, numeric with ``/``, ``-`` or ``.``, and page dates.

General date parsers misread these forms (``ngày 21 tháng 09 năm 2025`` is day 21, month 9; a
``09/02/2021`` is 9 February, never 2 September), so the rules are explicit and tested.  Matching
runs on the folded twin of the text (see ``index.textlines``), so ``NGÀY``, ``ngay`` and ``Ngày``
are one word and offsets still point into the original.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from operator import attrgetter
from datetime import date

from tracuu.index.textlines import Text, folded_twin

_WRITTEN = re.compile(
    r"(?<![a-z])ngay\s*(\d{1,2})\s*(?:,\s*)?thang\s*(\d{1,2})\s*(?:,\s*)?nam\s*((?:19|20)\d\d)(?!\d)"
)
_NUMERIC = re.compile(r"(?<![\w/.-])(\d{1,2})\s{0,2}([/.-])\s{0,2}(\d{1,2})\s{0,2}\2\s{0,2}((?:19|20)\d\d)(?![\w/])")
_ISO = re.compile(r"((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(?<!\d)\d{1,2}\s*(?::|h|giờ)\s*\d{2}(?!\d)")
# Page metadata that carries the publication date, most specific first.
PUBLISHED_KEYS = ("article:published_time", "og:published_time", "datepublished", "date.published",
                  "article:published", "published_time", "pubdate", "publishdate", "publish-date", "dc.date.issued",
                  "dc.date", "date", "citation_publication_date", "article:modified_time", "datemodified")


@dataclass(frozen=True)
class DateMatch:
    """A date found in the text: ISO form and its span."""

    iso: str
    start: int
    end: int


def iso_date(day: int | str, month: int | str, year: int | str) -> str | None:
    """``YYYY-MM-DD`` when the three parts make a real calendar date, else None."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


_start = attrgetter("start")
_last: tuple[str, str | None, list[DateMatch]] | None = None  # several metadata rules ask of one text


def find_dates(text: str, folded: str | None = None) -> list[DateMatch]:
    """Every written or numeric date in ``text``, in order; spans never overlap."""
    global _last
    last = _last
    if last is not None and last[0] is text and last[1] is folded:
        return list(last[2])
    folded_text = folded if folded is not None else folded_twin(text)
    written: list[DateMatch] = []
    for m in _WRITTEN.finditer(folded_text):
        iso = iso_date(m.group(1), m.group(2), m.group(3))
        if iso:
            written.append(DateMatch(iso, m.start(), m.end()))
    # Written dates never overlap each other, nor numeric ones each other: a numeric date is kept
    # unless it overlaps a written one, its neighbours by start.
    starts = [d.start for d in written]
    found = list(written)
    for m in _NUMERIC.finditer(folded_text):
        iso = iso_date(m.group(1), m.group(3), m.group(4))
        if not iso:
            continue
        at = bisect_left(starts, m.end())
        if at and written[at - 1].end > m.start():
            continue
        found.append(DateMatch(iso, m.start(), m.end()))
    found.sort(key=_start)
    _last = (text, folded, found)
    return list(found)


def parse_date(value: str) -> str | None:
    """One date written any of our ways (``21/9/2025``, ``ngày 21 tháng 09 năm 2025``, ``2025-09-21T08:00``)."""
    m = _ISO.search(value)
    if m:
        return iso_date(m.group(3), m.group(2), m.group(1))
    found = find_dates(value)
    return found[0].iso if found else None


@dataclass(frozen=True)
class SigningLine:
    """``Ba Đình, ngày 13 tháng 11 năm 2021``: the place and the date a document was signed."""

    place: str
    date: str
    start: int


_UNIT_BEFORE = re.compile(r"(?:^|\s)((?:[Tt]hành phố|[Tt]hị xã|[Tt]hị trấn|[Qq]uận|[Hh]uyện|[Tt]ỉnh|[Pp]hường|[Xx]ã))$")
_PLACE_WORD = re.compile(r"^(?:[^\W\d_]+\.)*[^\W\d_]+\.?$")


def signing_lines(doc: Text) -> list[SigningLine]:
    """Every ``<Place>, ngày ...`` in the text, in order (a copy carries its own after the original's)."""
    out = []
    for found in find_dates(doc.raw, doc.folded):
        line_start = doc.raw.rfind("\n", 0, found.start) + 1
        before = doc.folded[line_start : found.start]
        m = re.search(r",\s*(?:ngay\s*)?$", before)
        if not m:
            continue
        place = _place(doc.raw[line_start : line_start + m.start()].strip(" *_"))
        if place:
            out.append(SigningLine(place, found.iso, found.start))
    return out


def _place(segment: str) -> str | None:
    """The place a signing line starts with (``TP. Hồ Chí Minh``, ``Hà Nội``), or None.

    The place must open the line, or follow only the document's number on the same line
    (``Số: 529-CV/QU   Ba Đình, ngày ...``): a capitalised name ending a sentence is not one.
    """
    words = segment.split()
    kept: list[str] = []
    for word in reversed(words):
        joiner = word in ("-", "–") and kept  # "Bà Rịa - Vũng Tàu"
        if not (joiner or _PLACE_WORD.match(word) and word[0].isupper()) or len(kept) == 6:
            break
        kept.insert(0, word)
    while kept and kept[0] in ("-", "–"):
        kept.pop(0)
    prefix = words[: len(words) - len(kept)]
    unit = _UNIT_BEFORE.search(" ".join(prefix))
    if unit:  # "Thành phố Vinh, ngày ...": the unit word belongs to the place
        kept = unit.group(1).split() + kept
        prefix = prefix[: len(prefix) - len(unit.group(1).split())]
    # What may stand before the place on its line: the number ("Số: 529-CV/QU"), or a whole header
    # flattened onto the line ("QUẬN ỦY BA ĐÌNH * Số 529-CV/QU").
    if not kept or (prefix and not re.search(r"\d\s*[-/]", " ".join(prefix))):
        return None
    return " ".join(kept)


def published_date(page_meta: dict[str, str] | None) -> str | None:
    """A page's publication date from its metadata (``article:published_time`` and kin)."""
    for key in PUBLISHED_KEYS:
        value = (page_meta or {}).get(key)
        if value:
            iso = parse_date(value)
            if iso:
                return iso
    return None


def dateline(doc: Text) -> str | None:
    """A news page's date line near the top: a date with a time (``Tin tức 11/08/2021 20:04``) or a weekday."""
    for line in doc.lines[:12]:
        if len(line.text) > 90:
            continue
        found = find_dates(line.text, line.folded)
        if found and (_TIME.search(line.text) or re.search(r"(?<![a-z])(thu [2-7]|thu hai|thu ba|thu tu|thu nam|"
                                                           r"thu sau|thu bay|chu nhat|ngay dang|cap nhat)",
                                                           line.folded)):
            return found[0].iso
    return None


_PASSED = re.compile(r"(?<![a-z])thong qua\s*(?:vao\s*)?(?:ngay\s*)?$")
_THIS_PASSED = re.compile(r"(?:luat|nghi quyet|phap lenh) nay (?:da )?duoc ")


def passed_date(doc: Text) -> str | None:
    """The day a law or an assembly's resolution was passed, from its closing sentence:
    ``Luật này được Quốc hội ... kỳ họp thứ 8 thông qua ngày 27 tháng 11 năm 2024``."""
    for found in find_dates(doc.raw, doc.folded):
        before = doc.folded[max(0, found.start - 300) : found.start]
        if _PASSED.search(before) and _THIS_PASSED.search(before):
            return found.iso
    return None
