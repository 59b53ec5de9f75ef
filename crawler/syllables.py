"""Is a word a possible Vietnamese syllable?  Onset, rhyme, one tone, and the spelling rules.

The legacy-encoding detector (``crawler.legacy``) asks this of a word as it is and as each
conversion would make it: ``Th«ng`` is no syllable, ``Thông`` is; ``các`` is one, the TCVN3 reading
``cỏc`` is not (a syllable closed by c, ch, p or t takes only the acute or the dot-below tone).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_STOP_TONES = {"", "\u0301", "\u0323"}  # what a syllable ending in c, ch, p, t may carry
_ONSETS = sorted(["b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
                  "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x", ""], key=len, reverse=True)
_FRONT = ("e", "ê", "i", "y")  # k, gh, ngh only before these; c, g, ng never (but gi)

_OPEN = ("a e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu oa oe oi ôi ơi ua uê ui uơ uy ưa ưi ưu "
         "oai oao oay oeo uây uôi ươi ươu uya uyu iêu yêu uyê").split()
_CLOSED = {
    "a": "c ch m n ng nh p t", "ă": "c k m n ng p t", "â": "c m n ng p t", "e": "c ch m n ng nh p t",
    "ê": "ch m n nh p t", "i": "ch m n nh p t", "o": "c m n ng p t", "ô": "c m n ng p t", "ơ": "m n p t",
    "u": "c m n ng p t", "ư": "c m n ng t", "iê": "c m n ng p t", "yê": "m n ng t", "uô": "c m n ng t",
    "ươ": "c m n ng p t", "oa": "c ch m n ng nh p t", "oă": "c m n ng t", "oe": "n t", "uâ": "n ng t",
    "uê": "ch nh n", "uy": "ch nh n p t", "uyê": "n t", "oo": "c ng",
}
RHYMES = frozenset(_OPEN) | {nucleus + coda for nucleus, codas in _CLOSED.items() for coda in codas.split()}


def _split(word: str) -> tuple[str, str] | None:
    """The bare lower-case letters and the one tone mark of ``word`` (None if it has two)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) > 1:
        return None
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return bare, (tones[0] if tones else "")


def _case_ok(word: str) -> bool:
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


@lru_cache(maxsize=100_000)
def is_syllable(word: str) -> bool:
    """True when ``word`` could be written Vietnamese: one syllable, in lower, Title or UPPER case."""
    if not word or not word.isalpha() or not _case_ok(word):
        return False
    parts = _split(word)
    if parts is None:
        return False
    bare, tone = parts
    for onset in _ONSETS:
        if not bare.startswith(onset):
            continue
        rhyme = bare[len(onset):]
        if _rhyme_ok(onset, rhyme, tone):
            return True
    return False


def _rhyme_ok(onset: str, rhyme: str, tone: str) -> bool:
    # gi's i doubles as the rhyme's: gì (i), gìn (in), giếng (iêng), but giữ is gi + ư
    if rhyme not in RHYMES and not (onset == "gi" and "i" + rhyme in RHYMES):
        return False
    if rhyme.endswith(("c", "ch", "k", "p", "t")) and tone not in _STOP_TONES:
        return False
    front = rhyme.startswith(_FRONT)
    if onset in ("k", "gh", "ngh") and not front:
        return False
    if onset in ("c", "g", "ng") and front:
        return False
    if onset == "qu" and rhyme.startswith(("u", "o")):
        return False
    return True
