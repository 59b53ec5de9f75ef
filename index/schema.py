"""The Whoosh schema and the pre-analyzed tokenizer that feeds it.

Text fields receive the analyzer's output already segmented (see ``index.analyzer.serialize``):
positions separated by spaces, alternatives at one position (syllable, word) by U+001F.  Whoosh
only splits it, so indexing never runs pyvi and queries are built from the same terms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Positions

from tracuu.index.analyzer import ALT_SEP, GROUP_SEP

#: Facets kept as sortable columns for fast counts; names are the JSON keys of ``facets``.
FACETS = ("issuer", "province", "district", "doc_type", "year", "signer", "issuer_level")


class PreAnalyzed(Tokenizer):
    """Splits a serialized analysis into tokens with their positions."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: Any) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost, t.stopped = 1.0, False
            if positions:
                t.pos = start_pos
            yield t
            return
        for pos, group in enumerate(value.split(GROUP_SEP)):
            if not group:
                continue
            for term in group.split(ALT_SEP):
                t.text = term
                t.boost, t.stopped = 1.0, False
                if keeporiginal:
                    t.original = term
                if positions:
                    t.pos = start_pos + pos
                yield t


class PreAnalyzedPositions(Positions):
    """Whoosh's ``Positions`` format reading a serialized analysis directly.

    Produces exactly what ``Positions.word_values`` makes from ``PreAnalyzed``'s tokens (the same
    terms, frequencies, weights and encoded positions) without a Token object per term: indexing
    spends a good part of its time there.
    """

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[tuple[str, int, float, bytes]]:
        if not isinstance(value, str) or kwargs.get("start_pos") or kwargs.get("tokenize") is False:
            yield from super().word_values(value, analyzer, **kwargs)  # anything unusual: the general path
            return
        poses: dict[str, list[int]] = defaultdict(list)
        for pos, group in enumerate(value.split(GROUP_SEP)):
            if group:
                for term in group.split(ALT_SEP):
                    poses[term].append(pos)
        boost = self.field_boost
        for term, poslist in poses.items():
            yield term, len(poslist), float(len(poslist)) * boost, self.encode(poslist)


def _text() -> TEXT:
    field = TEXT(analyzer=PreAnalyzed(), phrase=True)
    field.format = PreAnalyzedPositions()
    return field


def build_schema() -> Schema:
    """Fields: exact and folded text of title and body, numbers, facets, date, display values."""
    facets = {name: ID(stored=True, sortable=True) for name in FACETS}
    # Near-duplicate groups (crawler/dedup.py): ``group`` is the canonical document's id (a document's
    # own id when it stands alone), so results can be collapsed and facets counted once per group;
    # ``duplicate_of`` is set only on the other members; ``sources`` lists every URL of the group.
    grouping = {"group": ID(stored=True, sortable=True), "duplicate_of": ID(stored=True), "sources": STORED()}
    return Schema(
        id=ID(stored=True, unique=True),
        version=STORED(),
        title=_text(),
        title_f=_text(),
        body=_text(),
        body_f=_text(),
        issuer_f=_text(),  # issuer and signer, folded: "Quận ủy Ba Đình" issued it, not just named it
        number=KEYWORD(lowercase=True, commas=True, stored=True),
        cites=KEYWORD(lowercase=True, commas=True, stored=True),
        own=KEYWORD(lowercase=True, commas=True),  # the own number as typed keys (index.own_numbers)
        date=DATETIME(stored=True, sortable=True),
        source=STORED(),
        url=STORED(),
        title_text=STORED(),
        # where each body position stands in the text (index.spans): snippets without re-reading it
        spans=COLUMN(VarBytesColumn()),
        **facets,
        **grouping,
    )
