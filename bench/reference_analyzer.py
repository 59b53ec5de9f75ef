"""The analyzer as it was before its own CRF scorer: the yardstick for ``index.analyzer``'s speed and output.

Kept verbatim but for segmentation, which goes through python-crfsuite's tagger with pyvi's
features, one sentence at a time (``Segmenter.joins_tagger``), as every version before did.
``bench`` times it beside the analyzer in one run; the identity tests compare their tokens.

The original description of the stages follows.

Stages, each small and tested on its own:
    NFC -> special tokens (document numbers, dates) -> pyvi units with offsets -> tone placement
    -> word segmentation (pyvi's CRF, cached per sentence) -> lower case -> (folding, per field)

Every position carries its syllable and, on the first syllable of a multi-syllable word, the word
itself (``phòng_chống``), so a query segmented differently still meets the document on syllables
and phrases run on syllables.  Offsets point into ``nfc(text)``, which is the text the archive keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tracuu.index.segment import segmenter

# pyvi's unit pattern verbatim (ViTokenizer.sylabelize), as the analyzer used it.
_PYVI_PATTERN = re.compile(
    r"([A-ZĐ]+\.|Tp\.|Mr\.|Mrs\.|Ms\.|Dr\.|ThS\.|==>|->|\.\.\.|>>|\n|\w+://[^\s]+"
    r"|[a-zA-Z0-9_.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+|\d+(?:[\.,_]\d+)+|[^\w\s]|\w+)",
    re.UNICODE,
)


def pyvi_pattern() -> re.Pattern[str]:
    return _PYVI_PATTERN
from tracuu.index.vntext import nfc, normalize

_LETTERS = r"[A-ZĐa-zđÀ-ỹ]"
_SEP = r"[ \t]{0,3}\n?[ \t]{0,3}[-–—/][ \t]{0,3}\n?[ \t]{0,3}"  # OCR spacing, a number split over lines
_CODE = rf"{_LETTERS}{{1,8}}(?:\d{{1,2}}(?![\w/]))?"  # QH14: a code may end in a term number
# 452-TB/TU, 03/CT-UBND, 8149/Đ-VP-CP, 23/2021/QĐ-TTg, 59/2020/QH14; the Chính phủ's dotted series
# (66.16/2026/NQ-CP) and joint numbers of up to six bodies (01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH).
DOCNO_RE = re.compile(
    rf"(?<![\w/.-])\d{{1,5}}(?:\.\d{{1,3}})?(?:/(?:19|20)\d\d{_SEP}{_CODE}(?:{_SEP}{_CODE}){{0,6}}"
    rf"|{_SEP}{_CODE}(?:{_SEP}{_CODE}){{1,3}})(?![\w/])"
)
DATE_RE = re.compile(r"(?<![\w/.-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?\2\s?((?:19|20)\d\d)(?![\w/])")
MONTH_RE = re.compile(r"(?<![\w/.-])(\d{1,2})/((?:19|20)\d\d)(?![\w/])")
WRITTEN_DATE_RE = re.compile(
    r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)", re.IGNORECASE
)
WRITTEN_MONTH_RE = re.compile(r"tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)", re.IGNORECASE)
_SENTENCE_END = {".", "!", "?", ";", ":", "\n", "…"}
# Dashes to one kind; the Icelandic eth (Ð), which legacy Vietnamese fonts left for Đ, to Đ.
_DASHES = str.maketrans({"–": "-", "—": "-", "Ð": "Đ", "ð": "đ"})


@dataclass(frozen=True, slots=True)
class Token:
    """One indexed term: normalised text, its position and its span in ``nfc(text)``."""

    text: str
    pos: int
    start: int
    end: int
    kind: str  # "syl", "word", "docno", "date", "month"


def normalize_docno(raw: str) -> str:
    """``07 - BS/QU`` -> ``07-BS/QU``: no spaces, one kind of dash, case kept, NFC."""
    return re.sub(r"\s+", "", nfc(raw).translate(_DASHES))


def plausible_docno(raw: str) -> bool:
    """A real number's codes are capitals with at most two small letters (TTg, TTr, QyĐ): not ``1 - Ba/Đình``."""
    codes = re.findall(r"[^\W\d_]+", raw)
    return bool(codes) and all(c[0].isupper() and sum(ch.islower() for ch in c) <= 2 for c in codes)


def _valid_date(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _specials(text: str) -> list[tuple[int, int, list[tuple[str, str]]]]:
    """Spans of numbers and numeric dates, each with the terms it stands for."""
    spans: list[tuple[int, int, list[tuple[str, str]]]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in DOCNO_RE.finditer(text):
        if "/" in m.group(0) and plausible_docno(m.group(0)):
            spans.append((m.start(), m.end(), [(normalize_docno(m.group(0)).lower(), "docno")]))
            taken.append((m.start(), m.end()))
    for m in DATE_RE.finditer(text):
        day, month, year = int(m.group(1)), int(m.group(3)), m.group(4)
        if _valid_date(day, month) and free(m.start(), m.end()):
            iso = f"{year}-{month:02d}-{day:02d}"
            spans.append((m.start(), m.end(), [(iso, "date"), (iso[:7], "month")]))
            taken.append((m.start(), m.end()))
    for m in MONTH_RE.finditer(text):
        month = int(m.group(1))
        if 1 <= month <= 12 and free(m.start(), m.end()):
            spans.append((m.start(), m.end(), [(f"{m.group(2)}-{month:02d}", "month")]))
            taken.append((m.start(), m.end()))
    spans.sort()
    return spans


@lru_cache(maxsize=100_000)
def _segment(units: tuple[str, ...]) -> tuple[bool, ...]:
    """Joins for one sentence of pyvi units, computed once per distinct sentence."""
    words = [u for u in units if u[0].isalnum()]
    if len(words) > 1 and all(w.isupper() or w.isdigit() for w in words):
        units = tuple(u.lower() for u in units)  # ALL-CAPS headings segment like ordinary text
    return tuple(segmenter().joins_tagger(list(units)))


def _units(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in pyvi_pattern().finditer(text, start, end)]


def _sentences(units: list[tuple[str, int, int]]):
    sentence: list[tuple[str, int, int]] = []
    for unit in units:
        sentence.append(unit)
        if unit[0] in _SENTENCE_END:
            yield sentence
            sentence = []
    if sentence:
        yield sentence


def _gap_tokens(text: str, start: int, end: int, pos: int, out: list[Token]) -> int:
    """Segment ``text[start:end]`` and append its syllable and word tokens; return the next position."""
    for sentence in _sentences(_units(text, start, end)):
        canon = tuple(_term(u) for u, _, _ in sentence)
        # pyvi sees the canonical tone form but the original case (case is one of its features)
        shaped = tuple(c if u.islower() else _recase(c, u) for c, (u, _, _) in zip(canon, sentence))
        joins = _segment(shaped)
        run: list[tuple[str, int, int]] = []
        for (unit, a, b), canonical, join in zip(sentence, canon, joins):
            if not unit[0].isalnum() or unit == "\n":
                pos = _flush(run, out, pos)
                run = []
                continue
            if run and not join:
                pos = _flush(run, out, pos)
                run = []
            run.append((canonical, a, b))
        pos = _flush(run, out, pos)
    return pos


@lru_cache(maxsize=200_000)
def _term(unit: str) -> str:
    """The index form of one pyvi unit: normalised letters; short numbers without leading zeros."""
    if unit.isdigit():
        return (unit.lstrip("0") or "0") if len(unit) <= 3 else unit
    return normalize(unit) if unit[0].isalnum() else unit


def _recase(canonical: str, original: str) -> str:
    if original.isupper():
        return canonical.upper()
    if original[:1].isupper():
        return canonical[:1].upper() + canonical[1:]
    return canonical


def _flush(run: list[tuple[str, int, int]], out: list[Token], pos: int) -> int:
    if not run:
        return pos
    if len(run) > 1:
        out.append(Token("_".join(s for s, _, _ in run), pos, run[0][1], run[-1][2], "word"))
    for syllable, a, b in run:
        out.append(Token(syllable, pos, a, b, "syl"))
        pos += 1
    return pos


def analyze(text: str) -> list[Token]:
    """All tokens of ``text`` in order, with positions and offsets into ``nfc(text)``."""
    text = nfc(text)
    out: list[Token] = []
    pos = 0
    cursor = 0
    for start, end, terms in _specials(text):
        pos = _gap_tokens(text, cursor, start, pos, out)
        for term, kind in terms:
            out.append(Token(term, pos, start, end, kind))
        pos += 1
        cursor = end
    _gap_tokens(text, cursor, len(text), pos, out)
    _add_written_dates(text, out)
    return out


def _add_written_dates(text: str, out: list[Token]) -> None:
    """``ngày 13 tháng 11 năm 2021`` also yields ``2021-11-13`` and ``2021-11`` at the position of ``ngày``."""
    if "th" not in text:
        return
    by_start = {t.start: t.pos for t in out if t.kind == "syl"}
    for m in WRITTEN_MONTH_RE.finditer(text):
        month = int(m.group(1))
        if 1 <= month <= 12 and m.start() in by_start:
            out.append(Token(f"{m.group(2)}-{month:02d}", by_start[m.start()], m.start(), m.end(), "month"))
    for m in WRITTEN_DATE_RE.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        if _valid_date(day, month) and m.start() in by_start:
            iso = f"{m.group(3)}-{month:02d}-{day:02d}"
            pos = by_start[m.start()]
            out.append(Token(iso, pos, m.start(), m.end(), "date"))
            out.append(Token(iso[:7], pos, m.start(), m.end(), "month"))
    out.sort(key=lambda t: (t.pos, t.kind != "syl"))


# --- the form stored in the archive and handed to Whoosh -------------------------------------

GROUP_SEP = " "
ALT_SEP = "\x1f"


def to_groups(tokens: list[Token]) -> list[list[str]]:
    """Terms grouped by position (syllable first), the compact form kept in the archive."""
    groups: list[list[str]] = []
    for token in tokens:
        while len(groups) <= token.pos:
            groups.append([])
        if token.text not in groups[token.pos]:
            groups[token.pos].append(token.text)
    return groups


def serialize(groups: list[list[str]]) -> str:
    """Groups as one string for a Whoosh field (see ``index.schema.PreAnalyzed``)."""
    return GROUP_SEP.join(ALT_SEP.join(g) for g in groups)
