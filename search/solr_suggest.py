"""A collection's vocabulary, read through Solr's terms component, in the shape ``search.suggest`` and
``search.related`` read a Whoosh searcher: document frequencies and spelling candidates.

So "did you mean" and "more like this" are the same code over both backends: only where the counts
come from differs.
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: Seconds a slice of the vocabulary (the terms of one first letter) is kept.
VOCABULARY_TTL = 30.0


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it is surely above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


class _Corrector:
    """Spelling candidates in one field, ranked as Whoosh's ``ReaderCorrector`` ranks them."""

    def __init__(self, vocabulary: SolrVocabulary, field: str) -> None:
        self.vocabulary, self.field = vocabulary, field

    def suggest(self, text: str, limit: int = 5, maxdist: int = 2, prefix: int = 0) -> list[str]:
        """Terms within ``maxdist`` edits sharing the first ``prefix`` characters, most frequent first."""
        head = text[:prefix]
        found = []
        for term, frequency in self.vocabulary.slice(self.field, head).items():
            if term != text and term.startswith(head) and edit_distance(term, text, maxdist) <= maxdist:
                found.append((0.5 / (frequency or 1), term))  # Whoosh: every distance alike, then frequency
        return [term for _, term in sorted(found)[:limit]]


class SolrVocabulary:
    """Term statistics of a collection; ``request(handler, body)`` posts a JSON request to it."""

    def __init__(self, request: Callable[[str, dict], dict]) -> None:
        self._request = request
        self._slices: dict[tuple[str, str], tuple[float, dict[str, int]]] = {}

    def doc_frequencies(self, field: str, terms: list[str]) -> dict[str, int]:
        """Documents holding each of ``terms`` in ``field`` (absent terms are left out), over every shard."""
        listed = [t for t in terms if t and "," not in t]  # terms.list is comma-separated
        out: dict[str, int] = {}
        for start in range(0, len(listed), 500):
            answer = self._request("/terms", {"params": {
                "terms.fl": field, "terms.list": ",".join(listed[start:start + 500]), "terms.limit": -1,
                "json.nl": "map"}})
            out.update({t: int(n) for t, n in answer.get("terms", {}).get(field, {}).items()})
        return out

    def doc_frequency(self, field: str, text: str) -> int:
        """Documents holding ``text`` in ``field``."""
        return self.doc_frequencies(field, [text]).get(text, 0)

    def corrector(self, field: str) -> _Corrector:
        return _Corrector(self, field)

    def slice(self, field: str, head: str) -> dict[str, int]:
        """Every term of ``field`` starting with ``head``, with its total frequency (kept a while)."""
        key = (field, head)
        kept = self._slices.get(key)
        if kept is not None and time.monotonic() - kept[0] < VOCABULARY_TTL:
            return kept[1]
        answer = self._request("/terms", {"params": {
            "terms.fl": field, "terms.prefix": head, "terms.limit": -1, "terms.ttf": "true",
            "terms.sort": "index", "json.nl": "map"}})
        terms = {t: int(v["ttf"]) if isinstance(v, dict) else int(v)
                 for t, v in answer.get("terms", {}).get(field, {}).items()}
        self._slices[key] = (time.monotonic(), terms)
        return terms
