"""Vietnamese text normalisation: NFC, one tone placement, lower case, accent folding.

Two tone-placement habits coexist in real documents: the mark on the first vowel of an open
``oa``/``oe``/``uy`` syllable (``hòa``, ``thủy``, ``Ủy``) or on the second (``hoà``, ``thuỷ``,
``Uỷ``).  Documents and queries are brought to one form (``CANONICAL``) so both spellings meet.
pyvi's dictionary is written with the mark on the second vowel, and feeding it that form segments
more words correctly (see ``tests/test_vntext.py`` and the README), so that form is canonical.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining tone marks (NFD): grave, acute, tilde, hook above, dot below.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONE_RE = re.compile(f"[{_TONES}]")
_VOWELS = "aeiouyăâêôơư"
_OPEN_CLUSTER = re.compile(r"^([^aeiouyăâêôơư]*)(o[ae]|uy)$")

#: Where the tone of an open oa/oe/uy syllable goes: "second" (hoà) or "first" (hòa).
CANONICAL = "second"

_SYLLABLE_RE = re.compile(r"[^\W\d_]+")


def nfc(text: str) -> str:
    """Unicode NFC, the first step for any text entering tracuu."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=200_000)
def _place_tone(syllable: str, style: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = _TONE_RE.findall(decomposed)
    if len(tones) != 1:
        return syllable
    bare = nfc(_TONE_RE.sub("", decomposed))
    match = _OPEN_CLUSTER.match(bare.lower())
    if not match or match.group(1).endswith("q"):
        return syllable  # 'quy' is q-u onset + y: the mark sits on y in both habits
    index = len(match.group(1)) + (1 if style == "second" else 0)
    marked = nfc(bare[index] + tones[0])
    return bare[:index] + marked + bare[index + 1 :]


def unify_tones(text: str, style: str = CANONICAL) -> str:
    """Move tone marks of open oa/oe/uy syllables to one habit; the length never changes."""
    return _SYLLABLE_RE.sub(lambda m: _place_tone(m.group(0), style), text)


def normalize(text: str) -> str:
    """NFC, canonical tone placement and lower case: the exact form of indexed tokens."""
    return unify_tones(nfc(text)).lower()


_STRIP = {ord("đ"): "d", ord("Đ"): "D"}
_I_Y = re.compile(r"^([bcdghklmnpqrstvx]+)y$")


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """Accent-folded form of a normalised token: no diacritics, đ->d, and ``sỹ``/``sĩ`` both ``si``."""
    bare = fold_character(token)
    parts = bare.split("_")
    return "_".join(_I_Y.sub(r"\1i", part) for part in parts)


def fold_character(text: str) -> str:
    """``text`` without diacritics and with đ->d: what folding does to each character on its own."""
    return "".join(c for c in unicodedata.normalize("NFD", text.translate(_STRIP)) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Accent-fold free text (used for display-independent comparisons such as facet names)."""
    return " ".join(fold_token(w) for w in normalize(text).split())


def has_diacritics(text: str) -> bool:
    """True when any letter of ``text`` carries a Vietnamese diacritic or is đ."""
    decomposed = unicodedata.normalize("NFD", text)
    return any(unicodedata.combining(c) for c in decomposed) or "đ" in decomposed.lower()
