"""The same pre-segmented text for every baseline, read from tracuu's archive and its analysis cache.

A document's analysis is a list of positions, each holding its syllable and, on the first syllable
of a multi-syllable word, the word (``phòng_chống``).  Baselines get pyvi-style segmented text:
words joined by ``_``, one token per word, normalised and lower case, plus its accent-folded twin.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tracuu.index.analyzer import parse_groups
from tracuu.index.archive import Archive
from tracuu.index.document import sha1
from tracuu.index.vntext import fold_token


@dataclass
class PreDoc:
    """One document as the baselines index it."""

    rowid: int
    id: str
    title: str
    body: str
    body_f: str
    number: str
    issuer: str
    province: str
    doc_type: str
    year: str
    date: str


def segmented(groups: list[list[str]]) -> str:
    """Positions back to segmented text: a word covers the positions of its syllables."""
    out, skip = [], 0
    for group in groups:
        if skip:
            skip -= 1
            continue
        if not group:
            continue
        word = next((t for t in group if "_" in t), None)
        if word:
            out.append(word)
            skip = word.count("_")
        else:
            out.append(group[0])
    return " ".join(out)


def folded(text: str) -> str:
    return " ".join(fold_token(w) for w in text.split(" "))


def predocs(archive: Archive, batch: int = 500) -> Iterator[PreDoc]:
    """Every archived document with its cached segmentation (the archive must have been indexed)."""
    ids = [r[0] for r in archive.db.execute("SELECT id FROM documents ORDER BY rowid")]
    rowid = 0
    for start in range(0, len(ids), batch):
        docs = list(archive.iter_documents(ids[start : start + batch]))
        cache = archive.cached_analyses([sha1(t) for d in docs for t in (d.text, d.title)])
        for doc in docs:
            rowid += 1
            body = segmented(parse_groups(cache[sha1(doc.text)]))
            title = segmented(parse_groups(cache.get(sha1(doc.title), "")))
            m = doc.meta
            yield PreDoc(rowid, doc.id, title, body, folded(body), (m.number or "").lower(), m.issuer or "",
                         m.province or "", m.doc_type or "", (m.date or "")[:4], m.date or "")
