"""Did you mean: each syllable the index does not know replaced by the closest one it does."""

from __future__ import annotations

from tracuu.index.analyzer import analyze
from tracuu.index.vntext import fold_token, has_diacritics


def suggest(searcher, text: str) -> str | None:
    """"Did you mean": each syllable the index does not know replaced by the closest one it does.

    Candidates come from the folded vocabulary (one edit first, then two); one that forms a word
    the index knows with its neighbour (``cach`` + ``ly``) wins, then the most frequent.  A word
    typed with diacritics gets its suggestion with diacritics, from the exact vocabulary.
    """
    words = text.split()
    if not words or len(words) > 12:
        return None
    exact = [_syllable(w) for w in words]
    changed, out = False, []
    for i, word in enumerate(words):
        context = (exact[i - 1] if i else None, exact[i + 1] if i + 1 < len(words) else None)
        better = _correct(searcher, word, context)
        if better is not None:
            changed, exact[i] = True, better
        out.append(better or word)
    return " ".join(out) if changed else None


def _syllable(word: str) -> str | None:
    """The syllable (normalised, not folded) ``word`` stands for, or None when it is not one plain syllable."""
    if ":" in word or word in ("OR", "AND") or word.startswith(("-", '"')):
        return None
    tokens = analyze(word)
    if len(tokens) != 1 or tokens[0].kind != "syl" or not tokens[0].text.isalpha():
        return None
    return tokens[0].text


def _correct(searcher, word: str, context: tuple[str | None, str | None]) -> str | None:
    """The closest known syllable to ``word``, or None when it is known, not a syllable, or has no neighbour.

    ``context`` holds the syllables before and after (None at an edge or for a non-syllable).
    """
    exact = _syllable(word)
    if exact is None:
        return None
    folded = fold_token(exact)
    accented = has_diacritics(word)
    folded_context = tuple(fold_token(c) if c else None for c in context)
    if searcher.doc_frequency("body_f", folded) > 0:
        if not accented or searcher.doc_frequency("body", exact) > 0:
            return None
        # right letters, wrong marks
        return _nearest(searcher, "body", exact, lambda t: fold_token(t) == folded, context)
    choice = _nearest(searcher, "body_f", folded, str.isalpha, folded_context)
    if choice is None or not accented:
        return choice
    return _nearest(searcher, "body", exact, lambda t: fold_token(t) == choice, context) or choice


def _nearest(searcher, field_name: str, text: str, accept, context=(None, None)) -> str | None:
    """The best acceptable term one edit from ``text``, else two (same first letter, longer words only).

    Best is one that makes a word the index knows with a neighbour (``context``: the syllables before
    and after, in the field's own form), then the most frequent.
    """
    corrector = searcher.corrector(field_name)
    before, after = context
    candidates: list[str] = []
    for distance in (1, 2) if len(text) > 3 else (1,):  # two edits on a short syllable is another word
        found = corrector.suggest(text, limit=10, maxdist=distance, prefix=1)
        candidates += [c for c in found if accept(c) and c not in candidates]
    for candidate in candidates:
        pairs = ([f"{before}_{candidate}"] if before else []) + ([f"{candidate}_{after}"] if after else [])
        if any(searcher.doc_frequency(field_name, p) > 0 for p in pairs):
            return candidate
    return candidates[0] if candidates else None
