"""Text in the pre-Unicode Vietnamese font encodings, TCVN3 (ABC, ``.VnTime``) and VNI (``VNI-Times``), to Unicode.

Such fonts drew Vietnamese letters on the codes of Western ones, so the text of a PDF, a Word file, an
8-bit page or file written in them reads as mojibake: ``Th«ng b¸o kÕt luËn`` (TCVN3) or
``Thoâng baùo keát luaän`` (VNI) for ``Thông báo kết luận``.  The tables are data
(``legacy_vietnamese.tsv``, with their sources); no library on PyPI had them whole (one widely
installed loader lacks ẳ and ỵ in VNI and converts only whole documents, by font name).

Detection works word by word, because documents mix encodings (a Unicode heading over a TCVN3 body, a
VNI quotation in a Unicode letter): a word is evidence for an encoding when it is no Vietnamese
syllable as it stands and becomes one when converted (``crawler.syllables``), and evidence for Unicode
when it is a syllable only as it stands or holds a letter the old encodings cannot write (ă, đ, ơ, ư,
ạ … ỹ).  Words that read well either way take the encoding of the nearest evidence in their line,
else of the nearest line with evidence, else the font ``hint`` the file gave.  Text with none of the
old encodings' telltale characters is returned untouched without looking further.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from tracuu.crawler.syllables import is_syllable

TCVN3 = "tcvn3"
VNI = "vni"
_TABLE = Path(__file__).with_name("legacy_vietnamese.tsv")
# Text layers of PDFs give some TCVN3 codes the names of their Western glyphs: the soft hyphen (ư) as
# U+2212 MINUS SIGN, the middle dot (ã) as U+2219 BULLET OPERATOR.
_GLYPH_ALIASES = {"\u2212": "\xad", "\u2219": "\xb7"}
_VIETNAMESE_ONLY = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
                              "\u0300-\u0323\u1ea0-\u1ef9]")
_WORD = re.compile("[A-Za-z\u00a1-\u00ff\u0100-\u01b0\u0300-\u0323\u1ea0-\u1ef9\u2212\u2219]+")
_EDGE_QUOTES = "«»·"


def _load() -> tuple[dict[str, str], dict[str, str]]:
    """``{legacy sequence: Unicode letter}`` for TCVN3 and for VNI."""
    tcvn3: dict[str, str] = {}
    vni: dict[str, str] = {}
    lines = [line for line in _TABLE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    for line in lines[1:]:
        letter, tcvn3_code, vni_code = line.split("\t")
        if tcvn3_code:
            tcvn3[tcvn3_code] = letter
        vni[vni_code] = letter
    return tcvn3, vni


_TCVN3_MAP, _VNI_MAP = _load()
_VNI_LONGEST = sorted(_VNI_MAP, key=len, reverse=True)
_VNI_RE = re.compile("|".join(re.escape(s) for s in _VNI_LONGEST))
_LATIN_LETTERS = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
#: Characters of the old encodings that written Vietnamese (in Unicode) never uses as letters.
TELLTALES = frozenset(c for seq in [*_TCVN3_MAP, *_VNI_MAP] for c in seq if not c.isascii()) - _LATIN_LETTERS
_TELLTALE_CLASS = "[" + re.escape("".join(sorted(TELLTALES | set(_GLYPH_ALIASES)))) + "]"
_TELLTALE_RE = re.compile(_TELLTALE_CLASS)
# Inside a word, next to a Latin letter: how the old encodings' codes sit (Th«ng, baùo), and not how
# the same signs do in Unicode text (© 2021, « quoted », 5 × 3).
_TELLTALE_IN_WORD = re.compile(f"[A-Za-z]{_TELLTALE_CLASS}|{_TELLTALE_CLASS}[A-Za-z]")


def from_tcvn3(text: str) -> str:
    """TCVN3 text (as windows-1252 characters) in Unicode NFC; a word in capitals stays in capitals."""
    text = "".join(_GLYPH_ALIASES.get(c, c) for c in text)
    return unicodedata.normalize("NFC", "".join(_TCVN3_MAP.get(c, c) for c in text))


def _tcvn3_word(word: str) -> str:
    """One word in TCVN3 as Unicode, in capitals when its Latin letters are (a capitals-only font)."""
    converted = from_tcvn3(word)
    letters = [c for c in word if c.isascii() and c.isalpha()]
    return converted.upper() if len(letters) >= 2 and all(c.isupper() for c in letters) else converted


def from_vni(text: str) -> str:
    """VNI text (as windows-1252 characters) in Unicode NFC."""
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: _VNI_MAP[m.group(0)], text))


_CONVERT = {TCVN3: from_tcvn3, VNI: from_vni}


def font_encoding(font: str) -> str | None:
    """The legacy encoding a font name implies: ``.VnTime``, ``ABCDEF+.VnArialH`` -> TCVN3, ``VNI-Times`` -> VNI."""
    name = re.sub(r"^/?([A-Z]{6}\+)?", "", font.strip()).lower()
    if name.startswith("vni"):
        return VNI
    if re.match(r"\.?vn[a-z]", name):
        return TCVN3
    return None


@lru_cache(maxsize=100_000)
def _verdict(word: str) -> tuple[str | None, ...]:
    """The encodings ``word`` may be in: ``(None,)`` Unicode only, ``(TCVN3,)``, ``(VNI,)``, several, or ``()``."""
    if _VIETNAMESE_ONLY.search(word):
        return (None,)
    as_is = is_syllable(word) or is_syllable(word.strip(_EDGE_QUOTES))
    # A reading that leaves the word as it is still counts: VNI writes tình as tình.
    readings = [enc for enc, reading in ((TCVN3, _tcvn3_word(word)), (VNI, from_vni(word))) if is_syllable(reading)]
    verdict = (None, *readings) if as_is else tuple(readings)
    if len(word) == 1 and len(verdict) == 1 and verdict[0] is not None:
        return ()  # a lone sign (×, ÷, µ, a list's ï)) is no evidence of an encoding
    return verdict


def fix(text: str, hint: str | None = None) -> str:
    """``text`` with its TCVN3 and VNI words in Unicode, each by the evidence of its line (see the module).

    ``hint`` is the encoding the file's fonts name (``font_encoding``), if any.
    """
    if not _TELLTALE_IN_WORD.search(text):
        return text
    lines = text.split("\n")
    # Only lines with a telltale can change in a Unicode document; the others just count their
    # Unicode words, unless the document turns out to be mostly legacy-encoded.
    words = [_words(line) if _TELLTALE_IN_WORD.search(line) else None for line in lines]
    # (a letter only Unicode writes is about one a word)
    unicode_words = len(_VIETNAMESE_ONLY.findall("\n".join(line for line, ws in zip(lines, words) if ws is None)))
    document = _document_encoding([ws for ws in words if ws is not None], hint, unicode_words,
                                  lambda: _foreign_words(text))
    out = []
    for line, ws in zip(lines, words):
        if ws is None:
            if document is None:
                out.append(line)
                continue
            ws = _words(line)
        out.append(_convert_line(line, _weighed(ws, document, line), document))
    return "\n".join(out)


def _words(line: str) -> list[tuple[int, int, tuple]]:
    """``(start, end, verdict)`` of each word that holds a non-ASCII letter; one touching a digit is no
    evidence (``3000C÷5000C`` is a range, ``Ø34`` a diameter, ``Việt2`` has a footnote)."""
    out = []
    for m in _WORD.finditer(line):
        start, end = m.span()
        if m.group(0).isascii():
            continue
        digits = line[start - 1 : start].isdigit() or line[end : end + 1].isdigit()
        out.append((start, end, () if digits else _verdict(m.group(0))))
    return out


def _counts(words: list[tuple[int, int, tuple]]) -> dict[str | None, int]:
    counts: dict[str | None, int] = {None: 0, TCVN3: 0, VNI: 0}
    for _, _, verdict in words:
        if len(verdict) == 1:
            counts[verdict[0]] += 1
    return counts


_ASCII_WORD = re.compile(r"(?<![^\W\d_])[A-Za-z]{4,}(?![^\W\d_])")


def _foreign_words(text: str) -> int:
    """Words of four ASCII letters or more that are no Vietnamese syllable (``Raiders``, ``Markt``):
    evidence that a text is no legacy-encoded Vietnamese, whose ASCII words are syllables or capitals."""
    return sum(1 for w in _ASCII_WORD.findall(text) if not w.isupper() and not is_syllable(w))


def _document_encoding(lines: list[list[tuple[int, int, tuple]]], hint: str | None, unicode_words: int,
                       foreign: Callable[[], int]) -> str | None:
    """The encoding of the document's words that carry no evidence: the legacy one most of its evidence
    is for (the font's, if it named one and is not outvoted four to one by Unicode), else Unicode."""
    total = {None: unicode_words, TCVN3: 0, VNI: 0}
    for words in lines:
        for encoding, count in _counts(words).items():
            total[encoding] += count
    if hint in (TCVN3, VNI) and total[hint] * 4 > total[None]:
        return hint
    legacy = max((TCVN3, VNI), key=lambda e: total[e])
    if total[legacy] <= total[None]:
        return None
    return legacy if total[legacy] > total[None] + foreign() else None


def _weighed(words: list[tuple[int, int, tuple]], document: str | None, line: str) -> list[tuple[int, int, tuple]]:
    """A line's words, its evidence for a legacy encoding kept only where it is more than noise.

    Unicode documents hold stray signs and OCR slips that read as TCVN3 or VNI (``µm``, ``NÐ-CP`` for
    ``NĐ-CP``, ``NGUÒN`` for ``NGUỒN``): such evidence counts in a line when two words or more agree on
    it (or the document is mostly in that encoding), Unicode words do not outnumber it four to one and
    the other legacy encoding has no more evidence there;
    a word written only with letters Vietnamese also uses (``Ò``) counts only in a line without
    Unicode evidence, or in a document mostly in that encoding.
    """
    counts = _counts(words)
    for encoding in (TCVN3, VNI):
        count = counts[encoding]
        if not count:
            continue
        other = VNI if encoding == TCVN3 else TCVN3  # one line is in one legacy encoding at most
        noise = (count * 4 <= counts[None] or (count < 2 and document != encoding)
                 or counts[other] > count or (counts[other] == count and document == other))
        weak = {k for k, (a, b, verdict) in enumerate(words)
                if verdict == (encoding,) and not _TELLTALE_RE.search(line[a:b])}
        if noise or (weak and counts[None] and document != encoding):
            drop = {k for k, (_, _, verdict) in enumerate(words) if verdict == (encoding,)} if noise else weak
            words = [(a, b, ()) if k in drop else (a, b, verdict)
                     for k, (a, b, verdict) in enumerate(words)]
    return words


def _convert_line(line: str, words: list[tuple[int, int, tuple]], document: str | None) -> str:
    decided = [(k, verdict[0]) for k, (_, _, verdict) in enumerate(words) if len(verdict) == 1]
    if not any(encoding for _, encoding in decided) and (document is None or decided):
        return line
    pieces, last = [], 0
    for k, (start, end, verdict) in enumerate(words):
        encoding = verdict[0] if len(verdict) == 1 else _nearest(decided, k, document, verdict)
        pieces.append(line[last:start])
        pieces.append(_CONVERT[encoding](line[start:end]) if encoding else line[start:end])
        last = end
    pieces.append(line[last:])
    converted = "".join(pieces)
    return _restore_capitals(converted) if TCVN3 in (document, *(e for _, e in decided)) else converted


def _nearest(decided: list[tuple[int, str | None]], k: int, document: str | None, verdict: tuple) -> str | None:
    """A word without evidence of its own takes its line's nearest evidence, else the document's encoding.

    A word no reading makes a syllable (a name, an abbreviation) follows; one that reads well only
    some ways keeps to those.
    """
    if not verdict:  # no reading makes it a syllable: a name, an abbreviation, a number's letters
        legacy = [d for d in decided if d[1]]
        return min(legacy, key=lambda d: (abs(d[0] - k), d[0] > k))[1] if legacy else document
    encoding = min(decided, key=lambda d: (abs(d[0] - k), d[0] > k))[1] if decided else document
    return encoding if encoding in verdict else verdict[0]


_UPPER_WORD = re.compile(r"\S+")


def _restore_capitals(line: str) -> str:
    """TCVN3 headings are set in capitals-only fonts over small letters' codes: ``CéNG HOµ`` is ``CỘNG HOÀ``.

    A word whose Latin letters are all capitals is put in capitals when it has two of them, or when
    its neighbours with two Latin letters or more are in capitals too (``Tõ ngµy`` stays ``Từ ngày``,
    ``Së Y tÕ`` ``Sở Y tế``; ``X·`` in ``CéNG HOµ X· HéI`` becomes ``XÃ``).
    """
    tokens = list(_UPPER_WORD.finditer(line))
    letters = [[c for c in t.group(0) if c.isascii() and c.isalpha()] for t in tokens]
    capitals = [bool(a) and all(c.isupper() for c in a) for a in letters]
    out, last = [], 0
    for k, token in enumerate(tokens):
        around = [capitals[j] for j in (k - 1, k + 1) if 0 <= j < len(tokens) and len(letters[j]) >= 2]
        text = token.group(0)
        if capitals[k] and (len(letters[k]) >= 2 or (around and all(around))):
            text = text.upper()
        out.append(line[last : token.start()] + text)
        last = token.end()
    return "".join(out) + line[last:]
