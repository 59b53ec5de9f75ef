"""How well OCR read a page: character and word error rates against the text that was typeset.

Both texts are compared in NFC with the project's one tone placement and with runs of white space
as one space (line breaks and page layout are not what OCR is judged on); case and punctuation count.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence

from tracuu.index.vntext import nfc, unify_tones


def distance(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """Levenshtein distance of two sequences (characters or words), bit-parallel (Myers 1999, Hyyrö 2001)."""
    if not a:
        return len(b)
    mask = (1 << len(a)) - 1
    high = 1 << (len(a) - 1)
    peq: dict[Hashable, int] = {}
    for i, item in enumerate(a):
        peq[item] = peq.get(item, 0) | (1 << i)
    pv, mv, score = mask, 0, len(a)
    for item in b:
        eq = peq.get(item, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def normalized(text: str) -> str:
    """NFC, one tone placement, white space as single spaces."""
    return re.sub(r"\s+", " ", unify_tones(nfc(text))).strip()


def cer(gold: str, read: str) -> float:
    """Character error rate: edits turning the gold into what was read, per gold character."""
    g, r = normalized(gold), normalized(read)
    return distance(g, r) / max(1, len(g))


def wer(gold: str, read: str) -> float:
    """Word error rate: word edits per gold word."""
    g, r = normalized(gold).split(), normalized(read).split()
    return distance(g, r) / max(1, len(g))
