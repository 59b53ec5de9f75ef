"""Snippets and highlights cut from the original text, never from segmented or folded forms."""

from __future__ import annotations

import bisect
import html
import re
from functools import lru_cache

import numpy as np

from tracuu.index.analyzer import Token, _specials, _term, normalize_docno
from tracuu.index.vntext import fold_token, nfc
from tracuu.search.matched import DocPlaces, is_date_key

#: A syllable as ``index.analyzer.surface_tokens`` cuts it (its pattern, kept equal by tests/test_snippets.py).
_SYLLABLE = re.compile(r"[^\W_]+(?:[.,]\d+)*")


def matching_spans(text: str, exact: set[str], folded: set[str]) -> list[Token]:
    """Tokens of ``text`` whose normalised or folded form is one of the query's terms.

    The same tokens ``surface_tokens`` would give and keep (positions aside), found in time that
    grows with the matches: one regular expression of the query's syllables, every letter a class of
    its accented and capital forms, finds candidate places in C; each candidate is then checked as
    the surface tokenizer would cut and normalise it there.
    """
    text = nfc(text)
    specials = _specials(text)
    out: list[Token] = []
    for start, end, terms in specials:
        out += [Token(term, 0, start, end, kind) for term, kind in terms if term in exact or fold_token(term) in folded]
    finder = _finder(frozenset(exact), frozenset(folded))
    if finder is not None:
        starts = [s for s, _, _ in specials]
        verdicts: dict[str, str | None] = {}
        for m in finder.finditer(text):
            a = m.start()
            i = bisect.bisect_right(starts, a) - 1
            if i >= 0 and a < specials[i][1]:
                continue  # inside a number or date: the surface tokenizer skips it
            word = _syllable_at(text, a, specials[i][1] if i >= 0 else 0)
            if word is None:
                continue
            if word not in verdicts:
                term = _term(word)
                verdicts[word] = term if term in exact or fold_token(term) in folded else None
            if verdicts[word] is not None:
                out.append(Token(verdicts[word], 0, a, a + len(word), "syl"))
    out.sort(key=lambda t: t.start)
    return out


def _syllable_at(text: str, a: int, floor: int) -> str | None:
    """The syllable the surface tokenizer cuts starting at ``a``, or None when none starts there.

    A letter or digit after another continues its syllable, and so does a digit after ``.`` or ``,``
    that follows one (``1.000``: the syllable runs on greedily), unless that one ends a number or date
    (``floor``), where the tokenizer starts afresh.
    """
    if a > floor and text[a - 1].isalnum():
        return None
    if a - 1 > floor and text[a - 1] in ".," and text[a - 2].isalnum() and text[a].isdigit():
        return None
    m = _SYLLABLE.match(text, a)
    return m.group() if m else None


@lru_cache(maxsize=1)
def _letter_classes() -> dict[str, str]:
    """For each folded letter, every character that folds to it (small and capital), as a class body."""
    forms: dict[str, set[str]] = {}
    for code in range(0x30, 0x3000):
        c = chr(code)
        if c.isalnum():
            key = fold_token(c.lower())
            if len(key) == 1:
                forms.setdefault(key, set()).update({c, c.lower(), c.upper()} if len(c.upper()) == 1 else {c})
    return {k: "".join(sorted(v)) for k, v in forms.items()}


_I_FROM_Y = re.compile(r"^[bcdghklmnpqrstvx]+i$")


def _pattern(term: str) -> str:
    """A syllable's folded form as a pattern matching every spelling that folds to it."""
    if term.isdigit() and len(term) <= 3:
        return "0*" + term  # short numbers are indexed without leading zeros
    classes = _letter_classes()
    out = []
    for k, ch in enumerate(term):
        body = classes.get(ch)
        if k == len(term) - 1 and ch == "i" and _I_FROM_Y.match(term):
            body = (body or "i") + classes.get("y", "y")  # sỹ and sĩ both fold to si
        out.append("[" + re.escape(body) + "]" if body else re.escape(ch))
    return "".join(out)


@lru_cache(maxsize=256)
def _finder(exact: frozenset[str], folded: frozenset[str]) -> re.Pattern[str] | None:
    """Where a query syllable may start in a text (a superset, checked afterwards)."""
    keys = {fold_token(t) for t in exact} | set(folded)
    keys = sorted(k for k in keys if k and _SYLLABLE.fullmatch(k) and k == k.lower())
    if not keys:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(_pattern(k) for k in keys) + ")")


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


#: A matched word: its start and end in the text, and the folded term it matched.
Match = tuple[int, int, str]


def snippet(text: str, exact: set[str], folded: set[str], width: int = 240) -> str:
    """The window of ``text`` (about ``width`` characters) holding the most distinct query terms, marked.

    Reads the whole text: for an index without stored spans; ``placed_snippet`` is the fast way.
    """
    text = nfc(text)
    return window_snippet(text, [(h.start, h.end, fold_token(h.text)) for h in matching_spans(text, exact, folded)],
                          width)


def placed_snippet(text: str, places: DocPlaces, width: int = 240, own_number: str | None = None) -> str:
    """The snippet of a hit from its matched places (``search.matched``), reading only around them.

    For a document number asked for, the line holding it: the document's own number where it is
    one of those matched (its header line), else the first matched; otherwise the window with the
    most distinct query terms, as ``snippet`` gives it.
    """
    text = nfc(text)
    starts, ends, keys = places.starts, places.ends, places.keys
    dated = [k for k, name in enumerate(places.names) if is_date_key(name)]
    if dated and len(starts):  # a written date's terms stand on its "ngày": not a match of that word
        written = np.isin(keys, dated) & np.fromiter((text[a : a + 1].isalpha() for a in starts.tolist()), bool,
                                                     count=len(starts))
        starts, ends, keys = starts[~written], ends[~written], keys[~written]
    if places.numbers:
        own = fold_token(normalize_docno(own_number).lower()) if own_number else None
        at = next((p for p in places.numbers if p.key == own), places.numbers[0])
        near = (starts >= at.start - width) & (ends <= at.end + 2 * width)
        hits = [(a, b, "") for a, b in zip(starts[near].tolist(), ends[near].tolist())]
        return line_snippet(text, (at.start, at.end), hits + [(p.start, p.end, p.key) for p in places.numbers], width)
    if not len(starts):
        return window_snippet(text, [], width)
    if int((ends - starts).max()) > width:  # a hit longer than the window: the counting needs less
        names = places.names
        return window_snippet(text, [(a, b, names[k]) for a, b, k in zip(starts.tolist(), ends.tolist(),
                                                                          keys.tolist())], width)
    best_start = int(starts[_best_window_of(starts, ends, keys, width)])
    start = _cut_start(text, max(0, best_start - width // 6))
    end = _cut_end(text, min(len(text), start + width))
    lo, hi = np.searchsorted(starts, start), np.searchsorted(starts, end, side="right")
    return _cut(text, start, end, list(zip(starts[lo:hi].tolist(), ends[lo:hi].tolist())))


def window_snippet(text: str, hits: list[Match], width: int = 240) -> str:
    """The window of ``text`` around the best run of ``hits`` (in text order), marked."""
    if not hits:
        end = _cut_end(text, min(len(text), width))
        return mark(text[:end], []) + ("…" if end < len(text) else "")
    best_start = _best_window(hits, width)
    start = _cut_start(text, max(0, best_start - width // 6))
    end = _cut_end(text, min(len(text), start + width))
    return _cut(text, start, end, hits)


def line_snippet(text: str, at: tuple[int, int], hits: list[Match], width: int = 240) -> str:
    """About ``width`` characters of ``text`` from the start of the line holding the span ``at`` (from a
    little before ``at`` in a long line), with ``at`` and every one of ``hits`` inside marked.

    For a number's header line (``Số: 137/2026/NĐ-CP``) the window goes on with what follows it: the
    place and date, the type and the title.
    """
    a, b = at
    line_start = text.rfind("\n", max(0, a - width), a) + 1
    start = max(line_start, a - width // 6)
    if start > line_start:
        start = max(line_start, _cut_start(text, start))
    end = max(b, _cut_end(text, min(len(text), start + width)))
    return _cut(text, start, end, [(a, b, "")] + hits)


def _cut(text: str, start: int, end: int, hits: list[tuple]) -> str:
    spans = [(h[0] - start, h[1] - start) for h in hits if h[0] >= start and h[1] <= end]  # (start, end, ...)
    body = mark(text[start:end].replace("\n", " "), spans)
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _best_window(hits: list[Match], width: int) -> int:
    """Where the window of ``width`` characters with the most distinct terms (then the most terms) starts."""
    starts = np.fromiter((h[0] for h in hits), dtype=np.int64, count=len(hits))
    ends = np.fromiter((h[1] for h in hits), dtype=np.int64, count=len(hits))
    if (ends - starts).max() > width:
        return _best_window_walk(hits, width)
    ids: dict[str, int] = {}
    keys = np.fromiter((ids.setdefault(h[2], len(ids)) for h in hits), dtype=np.int64, count=len(hits))
    return int(starts[_best_window_of(starts, ends, keys, width)])


def _best_window_of(starts: np.ndarray, ends: np.ndarray, keys: np.ndarray, width: int) -> int:
    """The index of the hit the best window starts at; hits in text order, none longer than ``width``.

    A window starts at a hit and holds the hits from there ending within ``width``.  For each term,
    how many those are is a difference of two counts found by binary search (the term's hits before
    the window all end within it, none being longer), so all windows cost a few array passes per
    distinct term, not the hits of every window.  Ties go to the first window, as they always did.
    """
    limits = starts + width
    order = np.arange(len(starts))
    distinct = np.zeros(len(starts), dtype=np.int64)
    total = np.zeros(len(starts), dtype=np.int64)
    for key in np.unique(keys).tolist():
        index = np.flatnonzero(keys == key)
        inside = np.searchsorted(np.sort(ends[index]), limits, side="right") - np.searchsorted(index, order)
        distinct += inside > 0
        total += inside
    return int(np.argmax(distinct + 0.1 * total))


def _best_window_walk(hits: list[Match], width: int) -> int:
    """``_best_window`` by walking every window's hits."""
    starts, ends = [h[0] for h in hits], [h[1] for h in hits]
    keys = [h[2] for h in hits]
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
