"""A document's own number, as keys for looking it up the way people type it.

People type ``nd 137/2026``, ``TT 01/2025 BLDTBXH``, ``quyet dinh 844 TTg`` or ``nq 66.16/2026`` for
``137/2026/NĐ-CP``, ``01/2025/TT-BLĐTBXH``, ``844/QĐ-TTg`` and ``66.16/2026/NQ-CP``: a number with or
without its year, its codes in any order, abbreviated, without diacritics.  So the own number is
indexed as keys, one per thing that can be typed (``search.lookups`` builds the same keys from a
query): ``137/2026``, ``137``, ``137/2026/nd``, ``137/cp``, the whole folded number, and the codes
alone (``c:btc``: the issuer's code, ``index.registry``) and the year (``y:2026``, for documents
whose date was not read).

The own number is the parsed one, and any number the header labels as the document's (``Số:``,
``Số hiệu |``, a line starting ``Số``, or the type heading the text starts with): a number cited in
the title or preamble is never labelled so, which is what tells the document from those citing it.
"""

from __future__ import annotations

import re

from tracuu.index.analyzer import DOCNO_RE, normalize_docno
from tracuu.index.vntext import fold_token, nfc

MAX_OWN = 3  # a header labels one number (two for a joint document); more are a table of others
HEAD_CHARS = 6000  # the header is at the top (gazette layers may put a page or two before it)
_LABELLED = re.compile(r"số\s*(?:hiệu|ký\s*hiệu)?\s*[:|]\s*\|?\s*$", re.IGNORECASE)
_LINE_LABEL = re.compile(r"[ \t|-]*Số\s*[.:]?\s*")  # a line that starts "Số 07 - BS/QU" (a capital: not a broken "Luật\nsố")
# Numbers of a newer form (``66.16/2026/NQ-CP``), which the analyzer's pattern does not read.
_DOTTED = re.compile(r"(?<![\w/.-])\d{1,3}\.\d{1,3}/(?:19|20)\d\d/[A-ZĐ][\wĐ]*(?:-[A-ZĐ][\wĐ]*)*")
_LEADING = re.compile(r"^\W*(?:nghị định|thông tư(?: liên tịch)?|quyết định|nghị quyết|bộ luật|luật|chỉ thị|"
                      r"văn bản hợp nhất)?\s*(?:số\s*)?$", re.IGNORECASE)
_PARTS = re.compile(r"[/-]")
YEAR = re.compile(r"(?:19|20)\d\d")


def own_numbers(text: str, parsed: str | None) -> list[str]:
    """The document's own numbers (folded, lower case): the parsed one, then those its header labels."""
    found = [parsed] if parsed else []
    head = nfc(text[:HEAD_CHARS])
    for m in [*DOCNO_RE.finditer(head), *_DOTTED.finditer(head)]:
        before = head[max(0, m.start() - 30) : m.start()]
        line = head[head.rfind("\n", 0, m.start()) + 1 : m.start()]
        if _LABELLED.search(before) or _LINE_LABEL.fullmatch(line) or (m.start() < 200 and _LEADING.match(head[: m.start()])):
            found.append(m.group(0))
    out = [fold_token(normalize_docno(n).lower()) for n in found]
    return list(dict.fromkeys(n for n in out if n))[:MAX_OWN]


def bare_number(number: str) -> str:
    """``01`` -> ``1``, ``066.16`` -> ``66.16``: leading zeros are typed or not."""
    head, dot, tail = number.partition(".")
    return (head.lstrip("0") or "0") + dot + tail


def number_keys(number: str) -> list[str]:
    """Every key of one folded own number (``137/2026/nd-cp``): see the module's docstring."""
    parts = [p for p in _PARTS.split(number) if p]
    if not parts or not parts[0][0].isdigit():
        return []
    n, rest = bare_number(parts[0]), parts[1:]
    year = rest[0] if rest and YEAR.fullmatch(rest[0]) else None
    codes = [p for p in rest[1 if year else 0 :] if not p.isdigit()]
    codes += [c.rstrip("0123456789") for c in codes if c[-1].isdigit() and not c[0].isdigit()]  # QH15: QH
    base = f"{n}/{year}" if year else n
    keys = [number, n, base, *(f"c:{c}" for c in codes), *(f"{n}/{c}" for c in codes)]
    keys += [f"{base}/{c}" for c in codes]
    if year:
        keys.append(f"y:{year}")
    return list(dict.fromkeys(keys))


def own_keys(text: str, parsed: str | None) -> str:
    """The ``own`` field's value: every key of every own number, comma-separated."""
    keys = [k for number in own_numbers(text, parsed) for k in number_keys(number)]
    return ",".join(dict.fromkeys(k.replace(",", "") for k in keys))
