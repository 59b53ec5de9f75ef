"""Document numbers: the document's own (``Số: 529-CV/QU``) and every other one its text names.

Numbers are found by the analyzer's ``DOCNO_RE`` and normalised by its ``normalize_docno``, so the
index, the filters and the metadata agree on one form (``07 - BS/QU`` -> ``07-BS/QU``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracuu.index.analyzer import DOCNO_RE, normalize_docno, plausible_docno
from tracuu.index.dates import find_dates
from tracuu.index.doctypes import TYPE_PATTERN, type_of_name, type_of_number
from tracuu.index.document import Citation
from tracuu.index.textlines import Text


@dataclass(frozen=True)
class NumberMatch:
    """A number in the text: normalised, as written, and its span."""

    number: str
    raw: str
    start: int
    end: int


# Text extracted from PDFs glues words together ("Thông báo số53/TB-VPCP"): a number right after "số".
_GLUED = re.compile(r"(?<=[Ss][ốỐ])" + DOCNO_RE.pattern.replace(r"(?<![\w/.-])", "", 1))


# OCR puts a space before a slash of the header's number: "Số: 215 /2026/NĐ-CP".
_SPACED = re.compile(r"(?<=S[ốỐ]:)[ \t]*(\d{1,5})[ \t]+/[ \t]*((?:19|20)\d\d)[ \t]*/[ \t]*([A-ZĐ][\wĐ]*(?:-[A-ZĐ][\wĐ]*)*)")


def numbers_in(doc: Text) -> list[NumberMatch]:
    """Every plausible document number in the text, in order."""
    out = [_spaced(m) for m in _SPACED.finditer(doc.raw[:3000])]
    matches = sorted([*DOCNO_RE.finditer(doc.raw), *_GLUED.finditer(doc.raw)], key=lambda m: m.start())
    for m in matches:
        raw = m.group(0)
        if "\n" in raw and not plausible_docno(raw):
            # "số 63/2025/QH15\n- Luật ...": the dash opening the next line is a list's, not the number's.
            raw = raw.split("\n")[0].rstrip(" \t-–—/")
        if "/" in raw and plausible_docno(raw) and not any(o.start <= m.start() < o.end for o in out):
            out.append(NumberMatch(normalize_docno(raw), " ".join(raw.split()), m.start(), m.start() + len(raw)))
    return sorted(out, key=lambda n: n.start)


def _spaced(m: re.Match) -> NumberMatch:
    number = "/".join(m.groups())
    return NumberMatch(normalize_docno(number), number, m.start(1), m.end())


# "Số:", "Số", "SỐ :", "So:" before the number (the previous line may hold only "Số:").
_SO_BEFORE = re.compile(r"(?<![a-z])so\s*[:.]?\s*$")
_SO_LINE_BEFORE = re.compile(r"(?:^|\n)[ \t*_>|]*so\s*[:.]?\s*\n[ \t*_>|]*$")  # "Số:" alone on the line above
# What may follow the own number on its line: the place and date, a subject, or nothing much.
# A table row's cells run together: "CHÍNH PHỦSố: 75/2026/NĐ-CP" ("Số" with its capital, after capitals).
_GLUED_SO = re.compile(r"(?<=[A-ZĐÀ-Ỹ])Số\s*[:.]\s*$")
_OWN_AFTER_MAX = 90
_TYPE_OPENS = re.compile(rf"^(?:bo luat|phap lenh|{TYPE_PATTERN})$")
_HEADER_LINES = 12


def own_numbers(doc: Text, numbers: list[NumberMatch]) -> list[NumberMatch]:
    """The numbers a document carries as its own: each ``Số ...`` opening a line (or a header line).

    A copy (sao lục) carries its own number beside the original's; both are the document's, and
    neither is a citation.  A header flattened onto one line (``QUẬN ỦY BA ĐÌNH * Số 529-CV/QU``)
    counts, and so does a number standing alone on a line of the header.
    """
    return [n for n in numbers if _opens_a_line(doc, n) and not _goes_on_as_a_sentence(doc, n)]


def _opens_a_line(doc: Text, n: NumberMatch) -> bool:
    """``Số ...`` opening the number's line (after header words in capitals at most), or the number alone."""
    line_start = doc.raw.rfind("\n", 0, n.start) + 1
    if _wrapped_sentence(doc, line_start):
        return False  # "... theo Thông báo\nSố 452-TB/TU của ...": a sentence wrapped before "Số"
    window = max(line_start, n.start - 60)
    so = _SO_BEFORE.search(doc.folded[window : n.start]) or _GLUED_SO.search(doc.raw[window : n.start])
    if so:
        word = doc.raw[window + so.start() : window + so.start() + 2]
        opens = doc.raw[line_start : window + so.start()].strip(" \t*_|>") == ""
        if (opens and word[:1] == "s") or _cited_by_type(doc, window + so.start(), line_start):
            return False  # "số 126/2020/NĐ-CP ngày ..." goes on a sentence; "KẾT LUẬN SỐ 210-KL/TW" cites
        # "... theo Thông báo số 452-TB/TU" names another document; "QUẬN ỦY BA ĐÌNH * Số ..." is a header,
        # and so is a line that opens with the type: "Luật số: 50/2024/QH15", "Nghị quyết số: 24/2022/UBTVQH15".
        prefix = doc.raw[window : window + so.start()]
        typed = window == line_start and _TYPE_OPENS.match(doc.folded[window : window + so.start()].strip(" *_|")) \
            and ":" in doc.folded[window + so.start() : n.start]
        return not any(c.islower() for c in prefix) or bool(typed)
    above = doc.folded[max(0, n.start - 20) : n.start]
    return _alone_in_header(doc, n, line_start) or bool(_SO_LINE_BEFORE.search(above))


_TYPE_ENDS = re.compile(rf"(?<![a-z])(?:{TYPE_PATTERN})(?:\s+(?:lien tich|ket luan))?\s*$")


def _cited_by_type(doc: Text, so_start: int, line_start: int) -> bool:
    """True when a type name stands right before ``số`` without a colon after it, on the line or at the end
    of the line above: a heading that names a document (``THỰC HIỆN CHỈ THỊ SỐ 52-CT/TW``)."""
    before = doc.folded[max(line_start, so_start - 40) : so_start]
    if before.strip() == "":
        previous_end = doc.folded.rfind("\n", 0, max(0, line_start - 1))
        before = doc.folded[previous_end + 1 : max(0, line_start - 1)]
    after = doc.folded[so_start : so_start + 8]
    return bool(_TYPE_ENDS.search(before)) and ":" not in after


def _goes_on_as_a_sentence(doc: Text, n: NumberMatch) -> bool:
    """True when the number's line goes on in small letters ("Số 466-TB/QU của Quận ủy về ..."): a list
    item or a sentence, where a document's own number is followed by nothing, a place and date or a subject."""
    line_end = doc.raw.find("\n", n.end)
    rest = doc.raw[n.end : line_end if line_end >= 0 else len(doc.raw)].strip(" \t*_|,;")
    if not rest or "ngay" in doc.folded[n.end : n.end + _OWN_AFTER_MAX] or re.match(r"(?i)v/v", rest):
        return False
    return rest[0].islower() and len(rest) > 30


def _wrapped_sentence(doc: Text, line_start: int) -> bool:
    """True when the line before ends in the middle of a sentence (a small letter, not the motto)."""
    if re.search(r"\n[ \t]*\n[ \t]*$", doc.raw[:line_start]):
        return False  # a blank line between: a new paragraph, not a sentence wrapped
    previous = doc.raw[:line_start].rstrip(" \t\n*_|")
    if not previous or not previous[-1].isalpha() or not previous[-1].islower():
        return False
    return not doc.folded[: len(previous)].endswith("hanh phuc")


def _alone_in_header(doc: Text, n: NumberMatch, line_start: int) -> bool:
    """A number on a header line of its own (``529-CV/QU`` under ``QUẬN ỦY BA ĐÌNH``)."""
    line_end = doc.raw.find("\n", n.end)
    line = doc.raw[line_start : line_end if line_end >= 0 else len(doc.raw)]
    index = doc.raw.count("\n", 0, line_start)
    return index < _HEADER_LINES and line.strip(" *_|\t") == doc.raw[n.start : n.end]


def own_number(doc: Text, numbers: list[NumberMatch]) -> NumberMatch | None:
    """The number the document carries: the first of its own numbers."""
    found = own_numbers(doc, numbers)
    return found[0] if found else None


_TITLE_NUMBER = re.compile(rf"^(?:{TYPE_PATTERN})(?:\s+[a-z]+){{0,2}}\s+(?:so\s*)?$")


def number_from_title(title: str | None) -> NumberMatch | None:
    """A page title that starts ``Quyết định số 123/QĐ-UBND ...`` names the page's own number."""
    if not title:
        return None
    page = Text(title)
    numbers = numbers_in(page)
    if numbers and _TITLE_NUMBER.match(page.folded[: numbers[0].start]):
        return numbers[0]
    return None


# The type named just before a number: "Thông báo kết luận số", "Chỉ thị", "Công điện khẩn số".
_TYPE_BEFORE = re.compile(rf"({TYPE_PATTERN})(?:\s+(?:ket luan|khan|lien tich|lien nganh))?\s*(?:so\s*)?[:.]?\s*$")
# A list goes on: "Thông báo số 466-TB/QU, số 470-TB/QU" and "Chỉ thị 15/CT-TTg và 16/CT-TTg".
_LIST_GOES_ON = re.compile(r"^\s*(?:,|;|va|hoac)\s*(?:va\s*)?(?:so\s*)?$")
_DATE_AFTER = re.compile(r"^\s*[,(]?\s*(?:ban hanh\s*|ki\s*)?(?:ngay|ngay\s*ki)\b")


def citations(doc: Text, numbers: list[NumberMatch], own: list[str]) -> list[Citation]:
    """Every other document the text names, once each, with its type and date where given."""
    by_number: dict[str, Citation] = {}
    dates = find_dates(doc.raw, doc.folded)
    previous: tuple[NumberMatch, str | None] | None = None
    mine = {o.lower() for o in own}
    for n in numbers:
        if n.number.lower() in mine:
            previous = None
            continue
        kind = _type_before(doc, n, previous)
        when = _date_after(doc, n, dates)
        cite = by_number.get(n.number.lower())
        if cite is None:
            by_number[n.number.lower()] = Citation(n.number, kind, when, n.raw)
        else:
            cite.doc_type = cite.doc_type or kind
            cite.date = cite.date or when
        previous = (n, kind)
    return list(by_number.values())


def _type_before(doc: Text, n: NumberMatch, previous: tuple[NumberMatch, str | None] | None) -> str | None:
    before = doc.folded[max(0, n.start - 40) : n.start]
    m = _TYPE_BEFORE.search(before)
    if m:
        return type_of_name(m.group(1))
    if previous and _LIST_GOES_ON.match(doc.folded[previous[0].end : n.start]) and previous[1]:
        return previous[1]
    return type_of_number(n.number)


def _date_after(doc: Text, n: NumberMatch, dates) -> str | None:
    window = doc.folded[n.end : n.end + 30]
    if not _DATE_AFTER.match(window):
        return None
    for d in dates:
        if n.end <= d.start <= n.end + 30:
            return d.iso
    return None
