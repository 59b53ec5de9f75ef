"""The one Vietnamese analyzer, used for documents and queries alike.

Stages, each small and tested on its own:
    NFC -> special tokens (document numbers, dates) -> pyvi units with offsets -> tone placement
    -> word segmentation (pyvi's CRF, cached per sentence) -> lower case -> (folding, per field)

Every position carries its syllable and, on the first syllable of a multi-syllable word, the word
itself (``phòng_chống``), so a query segmented differently still meets the document on syllables
and phrases run on syllables.  Offsets point into ``nfc(text)``, which is the text the archive keeps.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from tracuu.index.segment import pyvi_pattern, segmenter
from tracuu.index.vntext import fold_token, nfc, normalize

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


class Token(NamedTuple):
    """One indexed term: normalised text, its position and its span in ``nfc(text)`` (an immutable record)."""

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


def _units(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in pyvi_pattern().finditer(text, start, end)]


@lru_cache(maxsize=200_000)
def _unit(unit: str) -> tuple[str, str, bool]:
    """One pyvi unit's index term, the form pyvi segments (canonical tones, original case), and if it is a syllable."""
    canon = _term(unit)
    # pyvi sees the canonical tone form but the original case (case is one of its features)
    return canon, canon if unit.islower() else _recase(canon, unit), unit[0].isalnum()


def _segmentation_words(shaped: list[str], words: list[str], lengths: list[int]) -> None:
    """Append one sentence's words as pyvi is given them: ALL-CAPS headings segment like ordinary text."""
    alnum = 0
    for w in shaped:
        if w[0].isalnum():
            if not (w.isupper() or w.isdigit()):
                break  # an ordinary sentence, known at its first word in lower or title case
            alnum += 1
    else:
        if alnum > 1:
            shaped = [w.lower() for w in shaped]
    words += shaped
    lengths.append(len(shaped))


def _gaps(text: str, spans: list) -> list[list[tuple[str, int, int]]]:
    """The pyvi units of each stretch of text between special tokens."""
    cursor, gaps = 0, []
    for start, end, _ in spans:
        gaps.append(_units(text, cursor, start))
        cursor = end
    gaps.append(_units(text, cursor, len(text)))
    return gaps


def _joins(gaps: list[list[tuple[str, int, int]]]) -> list[bool]:
    """pyvi's joins for every unit of every gap, sentence by sentence, in one pass of the segmenter."""
    words: list[str] = []
    lengths: list[int] = []
    for units in gaps:
        shaped = [_unit(unit)[1] for unit, _, _ in units]
        cut = 0
        for end in [i + 1 for i, (unit, _, _) in enumerate(units) if unit in _SENTENCE_END]:
            _segmentation_words(shaped[cut:end], words, lengths)
            cut = end
        if cut < len(shaped):
            _segmentation_words(shaped[cut:], words, lengths)
    return segmenter().joins_flat(words, lengths) if words else []


def _emit(gaps, spans, joins: list[bool], syl_first: bool) -> list[Token]:
    """Tokens of the gaps and the special tokens between them, in position order."""
    out: list[Token] = []
    add = out.append
    new = tuple.__new__
    pos = 0
    k = 0
    for g, units in enumerate(gaps):
        run: list[tuple[str, int, int]] = []
        for unit, a, b in units:
            join = joins[k]
            k += 1
            canon, _, alnum = _unit(unit)
            if not alnum:
                if run:
                    pos = _flush(run, out, pos, syl_first)
                    run = []
                continue
            if run and not join:
                pos = _flush(run, out, pos, syl_first)
                run = []
            run.append((canon, a, b))
        if run:
            pos = _flush(run, out, pos, syl_first)
        if g < len(spans):
            start, end, terms = spans[g]
            for term, kind in terms:
                add(new(Token, (term, pos, start, end, kind)))
            pos += 1
    return out


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


def _flush(run: list[tuple[str, int, int]], out: list[Token], pos: int, syl_first: bool) -> int:
    """Append a word's tokens: its syllables, and the word itself at its first position when it has several."""
    new = tuple.__new__
    if len(run) == 1:
        syllable, a, b = run[0]
        out.append(new(Token, (syllable, pos, a, b, "syl")))
        return pos + 1
    word = new(Token, ("_".join([s for s, _, _ in run]), pos, run[0][1], run[-1][2], "word"))
    if not syl_first:
        out.append(word)
    for syllable, a, b in run:
        out.append(new(Token, (syllable, pos, a, b, "syl")))
        if word is not None and syl_first:
            out.append(word)
        word = None
        pos += 1
    return pos


def analyze(text: str) -> list[Token]:
    """All tokens of ``text`` in order, with positions and offsets into ``nfc(text)``."""
    text = nfc(text)
    spans = _specials(text)
    gaps = _gaps(text, spans)
    # A text with written dates (``tháng``) has each position's syllable first (see _add_written_dates).
    written = "th" in text
    out = _emit(gaps, spans, _joins(gaps), written)
    if written:
        _add_written_dates(text, out)
    return out


def _add_written_dates(text: str, out: list[Token]) -> None:
    """``ngày 13 tháng 11 năm 2021`` also yields ``2021-11-13`` and ``2021-11`` at the position of ``ngày``.

    Each goes after the tokens already at its position, the month of a ``tháng ... năm`` first.
    """
    extra: dict[int, list[Token]] = {}

    def syllable_at(start: int) -> int | None:
        i = bisect_left(out, start, key=_start)
        while i < len(out) and out[i].start == start:
            if out[i].kind == "syl":
                return out[i].pos
            i += 1
        return None

    for m in WRITTEN_MONTH_RE.finditer(text):
        month = int(m.group(1))
        if 1 <= month <= 12 and (pos := syllable_at(m.start())) is not None:
            extra.setdefault(pos, []).append(Token(f"{m.group(2)}-{month:02d}", pos, m.start(), m.end(), "month"))
    for m in WRITTEN_DATE_RE.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        if _valid_date(day, month) and (pos := syllable_at(m.start())) is not None:
            iso = f"{m.group(3)}-{month:02d}-{day:02d}"
            extra.setdefault(pos, []).append(Token(iso, pos, m.start(), m.end(), "date"))
            extra[pos].append(Token(iso[:7], pos, m.start(), m.end(), "month"))
    for pos in sorted(extra, reverse=True):
        at = bisect_right(out, pos, key=_pos)
        out[at:at] = extra[pos]


_start = attrgetter("start")
_pos = attrgetter("pos")


# --- the form stored in the archive and handed to Whoosh -------------------------------------

GROUP_SEP = " "
ALT_SEP = "\x1f"


def to_groups(tokens: list[Token]) -> list[list[str]]:
    """Terms grouped by position (syllable first), the compact form kept in the archive."""
    groups: list[list[str]] = []
    for token in tokens:
        pos, text = token.pos, token.text
        if pos < len(groups):
            group = groups[pos]
            if text not in group:
                group.append(text)
        else:
            while len(groups) < pos:
                groups.append([])
            groups.append([text])
    return groups


def serialize(groups: list[list[str]]) -> str:
    """Groups as one string for a Whoosh field (see ``index.schema.PreAnalyzed``)."""
    return GROUP_SEP.join(ALT_SEP.join(g) for g in groups)


def parse_groups(serialized: str) -> list[list[str]]:
    """The groups ``serialize`` made ``serialized`` from."""
    return [g.split(ALT_SEP) if g else [] for g in serialized.split(GROUP_SEP)] if serialized else []


def fold_groups(groups: list[list[str]]) -> list[list[str]]:
    """The accent-folded twin of ``groups`` for the folded field."""
    return [_folded(group) for group in groups]


def _folded(terms: list[str]) -> list[str]:
    """The distinct folded forms of one position's terms, in order."""
    seen: list[str] = []
    for term in terms:
        folded = fold_token(term)
        if folded not in seen:
            seen.append(folded)
    return seen


def fold_serialized(serialized: str) -> str:
    """``serialize(fold_groups(groups))`` straight from ``serialize(groups)``: indexing folds every text."""
    out = []
    for group in serialized.split(GROUP_SEP):
        out.append(ALT_SEP.join(_folded(group.split(ALT_SEP))) if ALT_SEP in group else fold_token(group))
    return GROUP_SEP.join(out)


def surface_tokens(text: str) -> list[Token]:
    """Syllables and special tokens of ``text`` without segmentation: cheap, for highlighting."""
    text = nfc(text)
    out: list[Token] = []
    cursor = 0
    pos = 0

    def syllables(a: int, b: int) -> None:
        nonlocal pos
        for m in re.finditer(r"[^\W_]+(?:[.,]\d+)*", text[a:b]):
            out.append(Token(_term(m.group(0)), pos, a + m.start(), a + m.end(), "syl"))
            pos += 1

    for start, end, terms in _specials(text):
        syllables(cursor, start)
        for term, kind in terms:
            out.append(Token(term, pos, start, end, kind))
        pos += 1
        cursor = end
    syllables(cursor, len(text))
    return out
