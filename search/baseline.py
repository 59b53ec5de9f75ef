"""The yardstick: plain BM25 over accent-folded syllables (SQLite FTS5 ``bm25()``), no fields, no phrases.

It reads the same archive documents as the index, normalises and folds them with ``index.vntext``
and cuts them into syllables at every non-letter (so ``452-TB/TU`` is ``452 tb tu``): no word
segmentation, no document-number or date tokens, no fields.  Every query syllable is an optional
term, scored by BM25 (k1=1.2, b=0.75) over title+body.  Folding both sides keeps it fair to
queries typed without accents.
"""

from __future__ import annotations

import re
import sqlite3

from tracuu.index.archive import Archive
from tracuu.index.vntext import fold_token, normalize

_SYLLABLE = re.compile(r"[^\W_]+")


def syllables(text: str) -> list[str]:
    """Accent-folded syllables of ``text``: letters and digits cut at anything else, no special tokens."""
    return [fold_token(s) for s in _SYLLABLE.findall(normalize(text))]


class Bm25Baseline:
    """An in-memory FTS5 table of every archived document, ranked by ``bm25()``."""

    def __init__(self, archive: Archive) -> None:
        self._db = sqlite3.connect(":memory:")
        # The text is already split and folded: FTS5 only has to cut on spaces.
        self._db.execute("CREATE VIRTUAL TABLE docs USING fts5(source UNINDEXED, text, tokenize='unicode61')")
        rows = ((doc.source, " ".join(syllables(f"{doc.title}\n{doc.text}"))) for doc in archive.iter_documents())
        self._db.executemany("INSERT INTO docs(source, text) VALUES (?, ?)", rows)
        self._db.commit()

    def search(self, query: str, limit: int = 100) -> list[str]:
        """Sources of the best ``limit`` documents for ``query``, best first."""
        terms = list(dict.fromkeys(syllables(query)))
        if not terms:
            return []
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        rows = self._db.execute(
            "SELECT source FROM docs WHERE docs MATCH ? ORDER BY bm25(docs), rowid LIMIT ?", (match, limit)
        )
        return [source for (source,) in rows]

    def close(self) -> None:
        self._db.close()
