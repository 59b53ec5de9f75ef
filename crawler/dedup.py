"""Near-duplicate detection: MinHash signatures over word shingles, found again through LSH bands.

The same conclusion republished by a news site, or a page and the PDF attached to it, differ in a
lead line, a caption or line breaks; their shingle sets stay nearly equal.  Text is folded by
``index.vntext.fold`` first, so accents and tone placement do not split a group.  Signatures live
in the crawl state (``<home>/crawl.sqlite``) beside the frontier.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np

from tracuu.index.vntext import fold

SHINGLE = 5
PERMUTATIONS = 64
BANDS = 16  # 16 bands of 4 rows: pairs above ~0.7 Jaccard nearly always share a band
THRESHOLD = 0.8  # estimated Jaccard similarity from which two texts are one document
MIN_TOKENS = 50  # shorter texts (announcements, link pages) are never grouped
_PRIME = (1 << 31) - 1
_RNG = np.random.default_rng(20211113)
_A = _RNG.integers(1, _PRIME, PERMUTATIONS, dtype=np.uint64)
_B = _RNG.integers(0, _PRIME, PERMUTATIONS, dtype=np.uint64)

SCHEMA = """
CREATE TABLE IF NOT EXISTS fingerprints (doc_id TEXT PRIMARY KEY, canonical TEXT NOT NULL, signature BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS bands (key TEXT NOT NULL, doc_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS bands_key ON bands(key);
"""


def signature(text: str) -> np.ndarray | None:
    """MinHash of the folded text's word shingles, or None when the text is too short to compare."""
    tokens = fold(text).split()
    if len(tokens) < MIN_TOKENS:
        return None
    shingles = {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}
    hashes = np.fromiter((int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little")
                          for s in shingles), dtype=np.uint64, count=len(shingles))
    # (a*x + b) mod p with x < 2**32 and a < 2**31 stays below 2**63: no overflow in uint64.
    return ((np.outer(_A, hashes) + _B[:, None]) % _PRIME).min(axis=1)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))


def _band_keys(sig: np.ndarray) -> list[str]:
    rows = PERMUTATIONS // BANDS
    return [f"{i}:" + hashlib.blake2b(sig[i * rows : (i + 1) * rows].tobytes(), digest_size=8).hexdigest()
            for i in range(BANDS)]


class Dedup:
    """Signatures of archived documents, and the group (canonical id) each belongs to."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, timeout=30)
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def assign(self, doc_id: str, text: str) -> str | None:
        """Record ``doc_id``'s text; return the canonical id of the group it duplicates, or None.

        The first document of a group stays its canonical one.  A document seen again keeps its
        group unless its text moved away from it.
        """
        sig = signature(text)
        with self.db:
            self.db.execute("DELETE FROM bands WHERE doc_id = ?", (doc_id,))
            old = self.db.execute("SELECT canonical FROM fingerprints WHERE doc_id = ?", (doc_id,)).fetchone()
            self.db.execute("DELETE FROM fingerprints WHERE doc_id = ?", (doc_id,))
            if sig is None:
                return None
            canonical = self._best_match(doc_id, sig, old[0] if old else None)
            keys = _band_keys(sig)
            self.db.executemany("INSERT INTO bands (key, doc_id) VALUES (?, ?)", [(k, doc_id) for k in keys])
            self.db.execute("INSERT INTO fingerprints (doc_id, canonical, signature) VALUES (?, ?, ?)",
                            (doc_id, canonical or doc_id, sig.tobytes()))
        return canonical

    def _best_match(self, doc_id: str, sig: np.ndarray, previous: str | None) -> str | None:
        marks = ",".join("?" * BANDS)
        rows = self.db.execute(
            f"""SELECT DISTINCT f.doc_id, f.canonical, f.signature FROM bands b JOIN fingerprints f USING (doc_id)
                WHERE b.key IN ({marks}) AND f.doc_id != ?""", (*_band_keys(sig), doc_id)).fetchall()
        best: tuple[float, str] | None = None
        for other, canonical, blob in rows:
            score = similarity(sig, np.frombuffer(blob, dtype=np.uint64))
            if score >= THRESHOLD and canonical != doc_id:
                # Prefer the group the document was already in, then the closest text.
                rank = (score + (1.0 if canonical == previous else 0.0), canonical)
                best = max(best, rank) if best else rank
        return best[1] if best else None
