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
from itertools import accumulate, chain, compress, count, repeat
from operator import and_, attrgetter, eq, getitem, gt, itemgetter
from typing import NamedTuple

from tracuu.index.segment import pyvi_pattern, segmenter, unit_pattern
from tracuu.index.vntext import fold_character, fold_token, nfc, normalize

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
# The same three patterns as _specials scans with: the first digit before the look-behind, which then
# checks the character before that digit.  A pattern that starts with a digit class is searched for its
# first digit at C speed; one that starts with a look-behind is tried at every character (3x slower).
_DOCNO_SCAN = re.compile(DOCNO_RE.pattern.replace(r"(?<![\w/.-])\d{1,5}", r"\d(?<![\w/.-]\d)\d{0,4}", 1))
_DATE_SCAN = re.compile(DATE_RE.pattern.replace(r"(?<![\w/.-])(\d{1,2})", r"(\d(?<![\w/.-]\d)\d?)", 1))
_MONTH_SCAN = re.compile(MONTH_RE.pattern.replace(r"(?<![\w/.-])(\d{1,2})", r"(\d(?<![\w/.-]\d)\d?)", 1))
assert _DOCNO_SCAN.pattern != DOCNO_RE.pattern and _DATE_SCAN.pattern != DATE_RE.pattern
assert _MONTH_SCAN.pattern != MONTH_RE.pattern
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

    for m in _DOCNO_SCAN.finditer(text):
        if "/" in m.group(0) and plausible_docno(m.group(0)):
            spans.append((m.start(), m.end(), [(normalize_docno(m.group(0)).lower(), "docno")]))
            taken.append((m.start(), m.end()))
    for m in _DATE_SCAN.finditer(text):
        day, month, year = int(m.group(1)), int(m.group(3)), m.group(4)
        if _valid_date(day, month) and free(m.start(), m.end()):
            iso = f"{year}-{month:02d}-{day:02d}"
            spans.append((m.start(), m.end(), [(iso, "date"), (iso[:7], "month")]))
            taken.append((m.start(), m.end()))
    for m in _MONTH_SCAN.finditer(text):
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


def analyze(text: str, syl_first: bool | None = None) -> list[Token]:
    """All tokens of ``text`` in order, with positions and offsets into ``nfc(text)``.

    ``syl_first`` is decided by the text unless given (for a piece of a longer text).
    """
    text = nfc(text)
    spans = _specials(text)
    gaps = _gaps(text, spans)
    # A text with written dates (``tháng``) has each position's syllable first (see _add_written_dates).
    written = "th" in text if syl_first is None else syl_first
    out = _emit(gaps, spans, _joins(gaps), written)
    if written:
        _add_written_dates(text, out)
    return out


# --- the serialized analysis straight from the text ---------------------------------------------
#
# Indexing needs only ``serialize(to_groups(analyze(text)))``.  Built directly it needs no token
# objects: each syllable becomes its term preceded by " " (a new position) or by ``_JOIN`` (it joins
# the syllable before into a word), one string join makes the text's words, and only the words of
# several syllables are then taken apart into their positions.  No term holds whitespace (units never
# do; ``_forms`` checks each new one), so " " and ``_JOIN`` cannot be mistaken for a term's characters.

_JOIN = "\x1e"
_WORD = "\x1d"  # holds a word's place in its first position's group until the words are filled in
_UNSAFE: set[str] = set()  # units whose term holds whitespace: analysed through the tokens instead


class _Forms(NamedTuple):
    """One unit's pieces of the string-built analysis (see ``analysis_of``)."""

    shaped: str  # the form pyvi is given
    alnum: bool  # it takes a position (a syllable or number)
    syl_first: tuple[str, str]  # its piece at a position, then as the first syllable of a word (syllable first)
    word_first: tuple[str, str]  # the same when the word goes first
    in_word: tuple[str, str]  # in the string of words: a new word, then joined to the syllable before


@lru_cache(maxsize=200_000)
def _forms(unit: str) -> _Forms:
    """``unit``'s pieces; a unit whose term would hold a separator is noted in ``_UNSAFE``."""
    canon, shaped, alnum = _unit(unit)
    if alnum and len(canon.split()) != 1:
        _UNSAFE.add(unit)
    plain = GROUP_SEP + canon
    return _Forms(shaped, alnum, (plain, plain + ALT_SEP + _WORD), (plain, GROUP_SEP + _WORD + ALT_SEP + canon),
                  (plain, _JOIN + canon))


def _special_forms(terms: list[tuple[str, str]]) -> _Forms:
    """A special token's group as a unit of its own: a position that never joins a word."""
    distinct: list[str] = []
    for term, _ in terms:
        if term not in distinct:
            distinct.append(term)
    plain = GROUP_SEP + ALT_SEP.join(distinct)
    return _Forms("", True, (plain, plain), (plain, plain), (plain, plain))


def gap_parts(text: str, spans: list) -> list[list[str]]:
    """pyvi's units of each stretch between special tokens, as ``re.split`` gives them: whitespace and units alternating.

    The unit pattern matches every character but whitespace other than a newline, so between two
    units there is only such whitespace, and the lengths of the parts add up to the units' offsets.
    """
    split = unit_pattern(text).split
    cursor, gaps = 0, []
    for start, end, _ in spans:
        gaps.append(split(text[cursor:start]))
        cursor = end
    gaps.append(split(text[cursor:]))
    return gaps


def _pyvi_joins(units: list[str], forms: list[_Forms], gap_ends: list[int]) -> list[bool]:
    """``_joins`` of the units of all gaps end to end (``gap_ends``: where each gap's units end)."""
    shaped = list(map(_SHAPED, forms))
    if not shaped:
        return []
    bounds = set(gap_ends)
    bounds.update(i + 1 for i in compress(count(), map(_SENTENCE_END.__contains__, units)))
    bounds.discard(0)
    lengths: list[int] = []
    cut = 0
    for end in sorted(bounds):
        alnum = 0
        for i in range(cut, end):
            w = shaped[i]
            if w[0].isalnum():
                if not (w.isupper() or w.isdigit()):
                    break  # an ordinary sentence, known at its first word in lower or title case
                alnum += 1
        else:
            if alnum > 1:  # ALL-CAPS headings segment like ordinary text
                shaped[cut:end] = [w.lower() for w in shaped[cut:end]]
        lengths.append(end - cut)
        cut = end
    return segmenter().joins_flat(shaped, lengths)


_SHAPED, _ALNUM = attrgetter("shaped"), attrgetter("alnum")
_SYL_FIRST, _WORD_FIRST, _IN_WORD = attrgetter("syl_first"), attrgetter("word_first"), attrgetter("in_word")


#: Texts longer than this are analysed a piece at a time, cut between sentences: the analysis of a
#: whole 1.8-million-character law held 480 MB at once, pieces of this size about 30 MB.
PIECE_CHARS = 100_000
# A cut after a sentence's end at a line's end, before a letter: no special token, sentence or
# written date runs across it, so each piece is analysed as it is within the whole text.
_CUT = re.compile(r"[.;:!?]\n(?=[^\W\d_])")


def analysis_of(text: str, piece_chars: int = PIECE_CHARS) -> str:
    """``serialize(to_groups(analyze(text)))``, built without the tokens (the form indexing stores).

    A long text is analysed in pieces of about ``piece_chars`` characters, their analyses joined:
    the same string (``tests/test_segment_identity.py`` cuts the real texts in small pieces).
    """
    text = nfc(text)
    if len(text) <= piece_chars:
        return _analysis_of(text, "th" in text)
    syl_first = "th" in text  # the whole text's choice, in every piece
    out = []
    start = 0
    while start < len(text):
        cut = _CUT.search(text, start + piece_chars) if len(text) - start > piece_chars else None
        end = cut.end() if cut else len(text)
        piece = _analysis_of(text[start:end], syl_first)
        if piece:
            out.append(piece)
        start = end
    return GROUP_SEP.join(out)


def _analysis_of(text: str, syl_first: bool) -> str:
    """``analysis_of`` of one NFC text or piece, ``syl_first`` as the whole text decides it.

    Every syllable is a position: its piece is `` term``, or, when a word of several syllables starts
    there, `` term ALT WORD`` (`` WORD ALT term`` when the word goes first), ``WORD`` standing for the
    word.  A second string of the syllables, joined ones marked by ``JOIN``, gives the words in order.
    Each step runs over all units at once in C (``map``, ``compress``), not unit by unit in Python.
    """
    spans = _specials(text)
    parts = gap_parts(text, spans)
    gaps = [p[1::2] for p in parts]
    units = gaps[0] if len(gaps) == 1 else list(chain.from_iterable(gaps))
    forms = list(map(_forms, units))
    if _UNSAFE and not _UNSAFE.isdisjoint(units):
        return serialize(to_groups(analyze(text, syl_first)))
    joins = _pyvi_joins(units, forms, list(accumulate(map(len, gaps))))
    if spans:  # each special token stands between two gaps as a unit that joins nothing
        all_forms: list[_Forms] = []
        all_joins: list[bool] = []
        k = 0
        for g, us in enumerate(gaps):
            all_forms += forms[k : k + len(us)]
            all_joins += joins[k : k + len(us)]
            k += len(us)
            if g < len(spans):
                all_forms.append(_special_forms(spans[g][2]))
                all_joins.append(False)
        forms, joins = all_forms, all_joins
    alnum = list(map(_ALNUM, forms))
    # a syllable continues the word before when pyvi joins it and both it and the unit before are syllables
    cont = list(map(and_, map(and_, alnum, [False] + alnum), joins))
    starts = map(gt, cont[1:] + [False], cont)  # a word of several syllables starts here
    pieces = list(compress(map(getitem, map(_SYL_FIRST if syl_first else _WORD_FIRST, forms), starts), alnum))
    if syl_first:  # pieces[pos] is position pos's group
        _add_written_date_terms(text, parts, spans, pieces)
    serialized = "".join(pieces)[1:]
    if _WORD in serialized:
        joined = "".join(compress(map(getitem, map(_IN_WORD, forms), cont), alnum))
        wholes = [w.replace(_JOIN, "_") for w in joined.split(GROUP_SEP) if _JOIN in w]
        filled = serialized.split(_WORD)
        out = [""] * (2 * len(filled) - 1)
        out[0::2], out[1::2] = filled, wholes
        serialized = "".join(out)
    return serialized


def _add_written_date_terms(text: str, parts: list[list[str]], spans: list, pieces: list[str]) -> None:
    """The terms ``_add_written_dates`` adds, each appended to its position's piece (``pieces[pos]``).

    A piece may still hold ``_WORD`` for its word: no date or month (digits and "-") equals a word
    (syllables joined by "_"), so comparing with the placeholder decides as comparing with the word.
    """
    found: list[tuple[int, list[str]]] = []  # (start of the match, its terms), months then dates as there
    for m in WRITTEN_MONTH_RE.finditer(text):
        month = int(m.group(1))
        if 1 <= month <= 12:
            found.append((m.start(), [f"{m.group(2)}-{month:02d}"]))
    for m in WRITTEN_DATE_RE.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        if _valid_date(day, month):
            iso = f"{m.group(3)}-{month:02d}-{day:02d}"
            found.append((m.start(), [iso, iso[:7]]))
    if not found:
        return
    starts = position_table(text, parts, spans)[0]
    if not len(starts):
        return
    wanted = [start for start, _ in found]
    at = starts.searchsorted(wanted).tolist()
    hit = (starts[[min(i, len(starts) - 1) for i in at]] == wanted).tolist()
    for pos, ok, (_, terms) in zip(at, hit, found):
        if ok:  # a syllable starts there (a special token never starts with a letter)
            for term in terms:
                if term not in pieces[pos][1:].split(ALT_SEP):
                    pieces[pos] += ALT_SEP + term


def position_table(text: str, parts: list[list[str]], spans: list):
    """Starts and ends (two int64 arrays) of every position, from ``gap_parts``' parts and the specials."""
    import numpy as np

    flat: list[str] = []
    for g, p in enumerate(parts):
        flat += p
        if g < len(spans):  # a special token stands as a unit between the gaps' whitespace
            flat.append(text[spans[g][0] : spans[g][1]])
    if len(flat) == 1:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    ends = np.cumsum(np.fromiter(map(len, flat), dtype=np.int64, count=len(flat)))
    starts, stops = ends[0:-1:2], ends[1::2]
    keep = _syllable_mask(text, starts)
    return starts[keep], stops[keep]


_ALNUM_BMP = None


def _syllable_mask(text: str, starts):
    """Whether the character at each of ``starts`` is a letter or digit (a unit that takes a position)."""
    import numpy as np

    global _ALNUM_BMP
    if _ALNUM_BMP is None:
        _ALNUM_BMP = np.array([chr(c).isalnum() for c in range(0x10000)], dtype=bool)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)[starts]
    wide = codes >= 0x10000
    mask = _ALNUM_BMP[np.where(wide, 0, codes)]
    if wide.any():
        for i in np.flatnonzero(wide).tolist():
            mask[i] = chr(int(codes[i])).isalnum()
    return mask


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
    """``serialize(fold_groups(groups))`` straight from ``serialize(groups)``: indexing folds every text.

    Folding is per character (``fold_token``'s NFD and stripping act on each character alone), so the
    whole string is folded at once; the ``sỹ`` -> ``si`` rule then runs on every syllable between
    separators, and only groups that may hold a term twice after folding (two equal terms, or three
    or more terms) are deduplicated one by one.
    """
    if "\n" in serialized:  # fold_token's rule sees a syllable end before a final newline: keep its way
        return _fold_serialized_groups(serialized)
    table = _FOLD_TABLE if _OUTSIDE_COMMON.search(serialized) else _FOLD_COMMON
    folded = _I_Y_ANYWHERE.sub(r"\1i", serialized.translate(table))
    if ALT_SEP in folded and _repeats_a_term(folded):
        return GROUP_SEP.join([ALT_SEP.join(dict.fromkeys(g.split(ALT_SEP))) for g in folded.split(GROUP_SEP)])
    return folded


_TAIL, _HEAD = itemgetter(2), itemgetter(0)


def _repeats_a_term(serialized: str) -> bool:
    """Whether some group of ``serialized`` holds a term twice.

    Cut at every ``ALT_SEP``, the piece before ends with a term and the piece after starts with the
    next term of the same group: comparing them (in C, all at once) covers every group of two terms.
    A piece with no ``GROUP_SEP`` lies inside a group of three or more, which is checked whole.
    """
    pieces = serialized.split(ALT_SEP)
    ends = map(_TAIL, map(str.rpartition, pieces[:-1], repeat(GROUP_SEP)))
    starts = map(_HEAD, map(str.partition, pieces[1:], repeat(GROUP_SEP)))
    if any(map(eq, ends, starts)):
        return True
    inner = pieces[1:-1]
    if all(map(str.__contains__, inner, repeat(GROUP_SEP))):
        return False
    last = len(pieces) - 1
    k = 1
    while k < last:
        if GROUP_SEP in pieces[k]:
            k += 1
            continue
        terms = [pieces[k - 1].rpartition(GROUP_SEP)[2]]
        while k < last and GROUP_SEP not in pieces[k]:
            terms.append(pieces[k])
            k += 1
        terms.append(pieces[k].partition(GROUP_SEP)[0])
        if len(set(terms)) != len(terms):
            return True
    return False


def _fold_serialized_groups(serialized: str) -> str:
    """``fold_serialized`` group by group, term by term."""
    out = []
    for group in serialized.split(GROUP_SEP):
        out.append(ALT_SEP.join(_folded(group.split(ALT_SEP))) if ALT_SEP in group else fold_token(group))
    return GROUP_SEP.join(out)


class _FoldTable(dict):
    """``str.translate`` table of ``fold_token`` per character, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = self[code] = fold_character(char)
        return folded


_FOLD_TABLE = _FoldTable()
# Latin, Vietnamese and general punctuation, every character present: str.translate runs faster on an
# exact dict that holds every character it meets (a third faster than on the filling table).
_COMMON = "\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u206f"
_FOLD_COMMON = {code: fold_character(chr(code)) for lo, hi in ((0, 0x250), (0x300, 0x370), (0x1E00, 0x1F00),
                                                              (0x2000, 0x2070)) for code in range(lo, hi)}
_OUTSIDE_COMMON = re.compile(f"[^{_COMMON}]")
# fold_token's ``^([bcdghklmnpqrstvx]+)y$`` on each "_"-separated part, found in the whole serialized
# string; the look-behind after the first consonant, so that the search skips to consonants at C speed
_I_Y_ANYWHERE = re.compile(r"([bcdghklmnpqrstvx](?<![^ _\x1f][bcdghklmnpqrstvx])[bcdghklmnpqrstvx]*+)y(?![^ _\x1f])")


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
