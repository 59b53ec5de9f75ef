"""Snippets and highlights cut from the original text, never from segmented or folded forms."""

from __future__ import annotations

import html
import re

from tracuu.index.analyzer import Token, _specials, _term
from tracuu.index.vntext import fold_token, nfc

#: A syllable as ``index.analyzer.surface_tokens`` cuts it (its pattern, kept equal by tests/test_snippets.py).
_SYLLABLE = re.compile(r"[^\W_]+(?:[.,]\d+)*")


def matching_spans(text: str, exact: set[str], folded: set[str]) -> list[Token]:
    """Tokens of ``text`` whose normalised or folded form is one of the query's terms.

    The same tokens ``surface_tokens`` would give and keep (positions aside), found faster: each
    distinct word of the text is looked up once, and only matching words become tokens.
    """
    text = nfc(text)
    verdicts: dict[str, str | None] = {}
    out: list[Token] = []

    def syllables(a: int, b: int) -> None:
        for m in _SYLLABLE.finditer(text, a, b):
            word = m.group()
            if word not in verdicts:
                term = _term(word)
                verdicts[word] = term if term in exact or fold_token(term) in folded else None
            term = verdicts[word]
            if term is not None:
                out.append(Token(term, 0, m.start(), m.end(), "syl"))

    cursor = 0
    for start, end, terms in _specials(text):
        syllables(cursor, start)
        out += [Token(term, 0, start, end, kind) for term, kind in terms if term in exact or fold_token(term) in folded]
        cursor = end
    syllables(cursor, len(text))
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1] + 1 and _joinable(merged, a):
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _joinable(merged: list[tuple[int, int]], a: int) -> bool:
    return a <= merged[-1][1]


def mark(text: str, spans: list[tuple[int, int]]) -> str:
    """HTML-escaped ``text`` with ``<mark>`` around each span (offsets into ``text``)."""
    out, cursor = [], 0
    for a, b in _merge(spans):
        if a < cursor:
            continue
        out.append(html.escape(text[cursor:a], quote=False))
        out.append("<mark>" + html.escape(text[a:b], quote=False) + "</mark>")
        cursor = b
    out.append(html.escape(text[cursor:], quote=False))
    return "".join(out)


def snippet(text: str, exact: set[str], folded: set[str], width: int = 240) -> str:
    """The window of ``text`` (about ``width`` characters) holding the most distinct query terms, marked."""
    text = nfc(text)
    hits = matching_spans(text, exact, folded)
    if not hits:
        end = _cut_end(text, min(len(text), width))
        return mark(text[:end], []) + ("…" if end < len(text) else "")
    best_start = _best_window(hits, width)
    start = _cut_start(text, max(0, best_start - width // 6))
    end = _cut_end(text, min(len(text), start + width))
    spans = [(h.start - start, h.end - start) for h in hits if h.start >= start and h.end <= end]
    body = mark(text[start:end].replace("\n", " "), spans)
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _best_window(hits: list[Token], width: int) -> int:
    """Where the window of ``width`` characters with the most distinct terms (then the most terms) starts.

    Hits come in text order, so the hits a window can hold end before the first one starting past it.
    """
    starts, ends = [h.start for h in hits], [h.end for h in hits]
    keys = [fold_token(h.text) for h in hits]
    best_start, best_score = starts[0], -1.0
    past = 0
    for i, first in enumerate(starts):
        while past < len(hits) and starts[past] <= first + width:
            past += 1
        window = [j for j in range(i, past) if ends[j] - first <= width]
        score = len({keys[j] for j in window}) + 0.1 * len(window)
        if score > best_score:
            best_start, best_score = first, score
    return best_start


def highlight(text: str, exact: set[str], folded: set[str]) -> str:
    """The whole ``text``, escaped, with every query term marked (for document pages)."""
    text = nfc(text)
    return mark(text, [(h.start, h.end) for h in matching_spans(text, exact, folded)])


def _cut_start(text: str, i: int) -> int:
    if i == 0:
        return 0
    space = text.rfind(" ", max(0, i - 20), i)
    return space + 1 if space >= 0 else i


def _cut_end(text: str, i: int) -> int:
    if i >= len(text):
        return len(text)
    space = text.find(" ", i, i + 20)
    return space if space >= 0 else i
