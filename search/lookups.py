"""Document numbers as people type them: ``nd 137/2026``, ``Nghị định số 12/2022``, ``TT 01/2025 BLDTBXH``,
``nq 66.16/2026``, ``quyet dinh 844 TTg``, ``số 12`` beside an issuer.

A typed number is a number (dotted or not) with at least one of: its year after a slash (or after a
space, beside a type word), a type word before it (spelled out or abbreviated, with or without
``số``), or codes (``BLDTBXH``, ``TT-BTC``, ``QH15``: a body's code, a type's code, or any word typed
in capitals) before or after it.  Its parts become keys of the ``own`` field (``index.own_numbers``):
the document itself matches them all; documents that cite the number match it in their text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracuu.index.own_numbers import bare_number
from tracuu.index.registry import by_code, find_issuers, key
from tracuu.index.vntext import fold_token, nfc
from tracuu.search.phrases import folded_syllables

#: Type words as typed (folded) -> the code a number of that type carries.
TYPES: dict[tuple[str, ...], str] = {
    ("nghi", "dinh"): "nd", ("nd",): "nd", ("thong", "tu"): "tt", ("tt",): "tt",
    ("thong", "tu", "lien", "tich"): "ttlt", ("ttlt",): "ttlt", ("quyet", "dinh"): "qd", ("qd",): "qd",
    ("nghi", "quyet"): "nq", ("nq",): "nq", ("luat",): "qh", ("bo", "luat"): "qh", ("chi", "thi"): "ct",
    ("ct",): "ct", ("van", "ban", "hop", "nhat"): "vbhn", ("vbhn",): "vbhn", ("cong", "van"): "cv",
    ("cv",): "cv", ("thong", "bao"): "tb", ("tb",): "tb", ("ket", "luan"): "kl", ("kl",): "kl",
    ("ke", "hoach"): "kh", ("kh",): "kh", ("cong", "dien"): "cd", ("to", "trinh"): "ttr",
}
#: Codes of types and bodies that numbers carry, typed in any case.
TYPE_CODES = {"nd", "cp", "tt", "qd", "ttg", "nq", "qh", "ct", "vbhn", "ttlt", "tb", "kl", "ubnd", "hdnd", "tu",
              "ttr", "bc", "kh", "cv", "bct", "tw"}
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+\d*|[/-]")
_NUMBER = re.compile(r"\d{1,5}(?:\.\d{1,3})?")
_YEAR = re.compile(r"(?:19|20)\d\d")
_CODE_WITH_TERM = re.compile(r"[a-z]+\d{2}")  # QH15, UBTVQH15


@dataclass
class TypedNumber:
    """A number found in a query: its characters' span, number, year, codes and type code."""

    start: int
    end: int
    number: str
    year: str | None = None
    codes: list[str] = field(default_factory=list)
    kind: str | None = None

    @property
    def base(self) -> str:
        """The key of number and year (``137/2026``), or the number alone."""
        n = bare_number(self.number)
        return f"{n}/{self.year}" if self.year else n


@dataclass
class _Tok:
    text: str  # folded, lower case
    typed: str
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    folded = "".join(fold_token(ch) if len(fold_token(ch)) == 1 else ch for ch in nfc(text).lower())
    return [_Tok(m.group(0), text[m.start() : m.end()], m.start(), m.end()) for m in _TOKEN.finditer(folded)]


def _is_code(tok: _Tok) -> bool:
    t = tok.text
    if not t.isalnum() or t[0].isdigit():
        return False
    typed_capitals = len(tok.typed) >= 2 and tok.typed.isupper()
    return t in TYPE_CODES or _body_code(t) or bool(_CODE_WITH_TERM.fullmatch(t)) or typed_capitals


def _body_code(word: str) -> bool:
    """A body's number code of three letters or more (``btc``, ``bldtbxh``); two are too often a word."""
    return len(word) >= 3 and by_code(word) is not None


@dataclass(frozen=True)
class TypedIssuer:
    """A body of the registry named in a query: its name's folded syllables and its number codes, folded."""

    name: tuple[str, ...]
    codes: tuple[str, ...]


def typed_issuers(words: list[str]) -> list[tuple[int, int, TypedIssuer]]:
    """Runs of a query's words (as typed) that name a body of the registry (``btc``, ``Bộ GD&ĐT``,
    ``bo y te``, ``UBTVQH``, ``UBND tỉnh``, ``TU``): ``(first word, end word, body)``, longest first."""
    starts, cursor = [], 0
    for word in words:
        starts.append(cursor)
        cursor += len(word) + 1
    text = " ".join(words)
    out = []
    for found in find_issuers(text):
        first = starts.index(found.start) if found.start in starts else None
        end = next((i + 1 for i, s in enumerate(starts) if s + len(words[i]) == found.end), None)
        if first is not None and end is not None:
            body = found.body
            out.append((first, end, TypedIssuer(folded_syllables(body.name), tuple(key(c) for c in body.codes))))
    return out


def _type_before(toks: list[_Tok], i: int) -> tuple[int, str | None]:
    """The type word ending just before ``i`` (longest first): its first index and code."""
    for n in (4, 2, 1):
        words = tuple(t.text for t in toks[max(0, i - n) : i])
        if len(words) == n and words in TYPES:
            return i - n, TYPES[words]
    return i, None


def typed_numbers(text: str) -> list[TypedNumber]:
    """Every typed number of ``text`` (see the module's docstring), by position."""
    toks = _tokens(nfc(text))
    found: list[TypedNumber] = []
    i = 0
    while i < len(toks):
        number = _number_at(toks, i)
        if number is None:
            i += 1
            continue
        found.append(number[0])
        i = number[1]
    return found


def _number_at(toks: list[_Tok], i: int) -> tuple[TypedNumber, int] | None:
    tok = toks[i]
    if not _NUMBER.fullmatch(tok.text) or (i and toks[i - 1].text in ("/", "thang")):
        return None  # part of a number already read, or a month
    found = TypedNumber(tok.start, tok.end, tok.text)
    first, labelled = i, False
    if first and toks[first - 1].text == "so":
        first, labelled = first - 1, True
    while first and _type_before(toks, first)[1] is None and _is_code(toks[first - 1]):
        first -= 1
        found.codes.append(toks[first].text)
    first, found.kind = _type_before(toks, first)
    j = i + 1
    joined = False
    while j < len(toks):
        t = toks[j]
        if t.text in "/-" and j + 1 < len(toks):
            nxt = toks[j + 1]
            if found.year is None and _YEAR.fullmatch(nxt.text):
                found.year, j, joined = nxt.text, j + 2, True
                continue
            if _is_code(nxt) or nxt.text.isalpha():
                found.codes.append(nxt.text)
                j, joined = j + 2, True
                continue
            break
        if found.year is None and _YEAR.fullmatch(t.text) and (found.kind or found.codes or labelled):
            found.year, j = t.text, j + 1
            continue
        if _is_code(t) and (t.text,) not in TYPES:
            found.codes.append(t.text)
            j += 1
            continue
        break
    if not (joined or found.kind or found.codes or labelled):
        return None
    if not (found.kind or found.codes or labelled) and "." not in tok.text and int(tok.text) <= 12:
        return None  # "11/2021": a month
    if found.year is None and _YEAR.fullmatch(tok.text):
        return None  # a year typed alone ("2026"): a date preference, not a number
    found.start, found.end = toks[first].start, toks[j - 1].end
    found.codes = [c for c in dict.fromkeys(found.codes) if c != found.kind or c in TYPE_CODES]
    return found, j
