"""The views of a document the metadata rules read: its lines, and a folded twin of its text.

The folded twin has the same length as the text (every character maps to one), so a rule can
match without caring about accents, case or tone placement (``QUAN UY``, ``Quận uỷ``, ``quận ủy``)
and still cut the original text at the same offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from tracuu.index.vntext import fold_token, nfc, normalize

_WORD_SPLIT = re.compile(r"([^\W\d_]+)")  # words at odd indices
# Emphasis marks left by markdown-ish sources (``*Kính gửi:*``) and list bullets are not text.
_EDGE = re.compile(r"^[\s*_#>|]+|[\s*_#|]+$")


@lru_cache(maxsize=200_000)
def _folded_word(word: str) -> str:
    """One word's fold, once per distinct word: metadata rules fold tens of thousands of lines a document."""
    folded = fold_token(normalize(word))
    # A character without a one-to-one fold (rare symbols) keeps the twin aligned by falling back.
    return folded if len(folded) == len(word) else word.lower()


def folded_twin(text: str) -> str:
    """``text`` lower-cased and without diacritics, character for character (``Quận ủy`` -> ``quan uy``)."""
    # Split, not ``sub`` with a callback: the words are folded by one ``map`` over the cached fold,
    # without a Python call per word (a law has 35,000 words).
    parts = _WORD_SPLIT.split(text)
    parts[1::2] = map(_folded_word, parts[1::2])
    return "".join(parts)


@dataclass(frozen=True)
class Line:
    """One line of the document: stripped text, its folded twin and where it starts in the text."""

    index: int
    start: int
    text: str
    folded: str

    @property
    def is_caps(self) -> bool:
        """True when every letter is upper case (headers, signature blocks)."""
        letters = [c for c in self.text if c.isalpha()]
        # "PHÒNG, CHỐNG DỊCH Covid-19" is a capitals line with one word in its usual spelling.
        return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


class Text:
    """A document's text with its lines and folded twin computed once."""

    def __init__(self, text: str) -> None:
        self.raw = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").replace("\t", " ")
        self.folded = folded_twin(self.raw)
        self.cache: dict[str, object] = {}  # what several rules compute from the same text

    @cached_property
    def lines(self) -> list[Line]:
        """Non-empty lines, stripped of emphasis marks, with their offsets."""
        out: list[Line] = []
        pos = 0
        for raw in self.raw.split("\n"):
            match = _EDGE.sub("", raw)
            if any(c.isalnum() for c in match):  # rules (----, ***) are decoration
                offset = raw.find(match)
                start = pos + max(offset, 0)
                out.append(Line(len(out), start, match, self.folded[start : start + len(match)]))
            pos += len(raw) + 1
        return out

    def line_at(self, offset: int) -> Line | None:
        """The line holding character ``offset``."""
        for line in reversed(self.lines):
            if line.start <= offset:
                return line
        return None
