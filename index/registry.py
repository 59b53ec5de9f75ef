"""The registry of issuing bodies (``issuers.tsv``): names, number codes, abbreviations, 2025 successors.

``lookup`` says which body a piece of text names (``btc``, ``Bộ GD&ĐT``, ``BLĐTBXH``, ``UBTVQH``,
``BỘ LAO ĐỘNG - THƯƠNG BINH / VÀ XÃ HỘI``); ``find_issuers`` finds the bodies named in a query;
``by_code`` reads a number's code (``TT-BTC``).  Every form is compared as its *key*: folded (no
marks, ``đ`` as ``d``), lower case, without spaces or punctuation, so a name
broken over header lines or typed without accents has the key of the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tracuu.index.vntext import fold, nfc

REGISTRY_FILE = Path(__file__).with_name("issuers.tsv")
_MAX_WORDS = 12  # the longest name, in words, find_issuers tries


@dataclass(frozen=True)
class Body:
    """One issuing body of the registry."""

    name: str
    level: str
    codes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    became: str | None = None  # the body that took over its work in the 2025 reorganisation
    exact: tuple[str, ...] = field(default=(), compare=False)  # short forms counted only as typed

    @property
    def central(self) -> bool:
        """True for a national body (ministries, Quốc hội, courts ...)."""
        return self.level == "trung ương"


@dataclass(frozen=True)
class Found:
    """A body named in a text, at ``text[start:end]``."""

    body: Body
    start: int
    end: int


def key(text: str) -> str:
    """The comparable form of a name: folded, lower case, letters and digits only."""
    folded = fold(nfc(text))
    return re.sub(r"[^a-z0-9]+", "", folded)


def initials(name: str) -> list[str]:
    """Short forms of a name: ``BGDĐT`` and, for a ministry, ``Bộ GDĐT`` (syllable initials without ``và``).

    ``&`` and ``-`` vanish from keys, so ``Bộ GD&ĐT`` and ``Bộ GD-ĐT`` are the key of ``Bộ GDĐT``.
    """
    words = [w for w in re.split(r"[\s,\-–]+", name) if w and w.lower() != "và"]
    if len(words) < 2:
        return []
    out = ["".join(w[0] for w in words)]
    if words[0].lower() == "bộ":
        out.append("Bộ " + "".join(w[0] for w in words[1:]))
    return out


_AND = re.compile(r"(?<!\w)và(?!\w)", re.IGNORECASE)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(",") if part.strip()) if cell else ()


@lru_cache(maxsize=1)
def bodies() -> tuple[Body, ...]:
    """Every body of the registry, in its file's order."""
    out = []
    lines = [line for line in REGISTRY_FILE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    for line in lines[1:]:
        cells = (line.split("\t") + [""] * 5)[:5]
        name, level, codes, aliases, became = (c.strip() for c in cells)
        # Commas inside a name ("Bộ Văn hóa, Thể thao và Du lịch") make aliases one cell each only by tab.
        alias_list = _split_aliases(aliases)
        out.append(Body(name, level, _split(codes), tuple(a for a in alias_list if not a.startswith("=")),
                        became or None, tuple(a[1:] for a in alias_list if a.startswith("="))))
    return tuple(out)


def _split_aliases(cell: str) -> list[str]:
    """Aliases split on commas, except a comma followed by a space inside a name (``Văn hoá, Thể thao``)."""
    return [a.strip() for a in re.split(r",(?!\s)", cell) if a.strip()] if cell else []


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, Body], dict[str, Body], dict[str, Body]]:
    """Keys of names and aliases, exact short forms, and number codes, each to its body."""
    names: dict[str, Body] = {}
    exact: dict[str, Body] = {}
    codes: dict[str, Body] = {}
    for body in bodies():
        for form in (body.name, *body.aliases):
            names.setdefault(key(form), body)
            names.setdefault(key(_AND.sub(" ", nfc(form))), body)  # "bo khoa hoc cong nghe": "và" is often left out
        for code in body.codes:
            codes.setdefault(key(code), body)
        for form in (*body.codes, *initials(body.name)):
            if len(key(form)) >= 3:  # two letters folded ("cp", "qh") are too often a word's piece
                names.setdefault(key(form), body)
        for form in body.exact:
            exact[nfc(form)] = body
    return names, exact, codes


def lookup(text: str) -> Body | None:
    """The body ``text`` names as a whole (``btc``, ``Bộ GD&ĐT``, ``UBTVQH``, a header over two lines), or None."""
    names, exact, codes = _index()
    text = nfc(text).strip()
    if text in exact:
        return exact[text]
    k = key(text)
    return names.get(k) or (codes.get(k) if len(k) >= 2 and text.isupper() else None)


def by_code(code: str) -> Body | None:
    """The body of a number's issuer code (``BTC``, ``BLĐTBXH``, ``TTg``), or None."""
    return _index()[2].get(key(code))


def find_issuers(text: str) -> list[Found]:
    """The bodies named in a query or line, longest names first, not overlapping, in text order."""
    words = [(m.start(), m.end()) for m in re.finditer(r"[^\s,;:()]+", nfc(text))]
    out: list[Found] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + _MAX_WORDS), i, -1):
            start, end = words[i][0], words[j - 1][1]
            body = lookup(text[start:end])
            if body is not None:
                out.append(Found(body, start, end))
                i = j
                break
        else:
            i += 1
    return out
