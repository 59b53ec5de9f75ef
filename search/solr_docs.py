"""An archive document as a Solr document: the very terms and values the Whoosh index receives.

Text fields go in as ``PreAnalyzedField`` JSON built from the archive's stored analyses
(``index.indexer.index_fields``), so nothing is segmented again and both backends rank the same
terms: each position's terms (syllable first, then the word starting there, or one number/date
token) stand at one position, an empty position is skipped by the next token's increment.
Facets are the same strings as Whoosh's columns; an empty facet is left out, as Whoosh counts none.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from tracuu.index.analyzer import ALT_SEP, GROUP_SEP, serialize, surface_tokens, to_groups
from tracuu.index.document import Document
from tracuu.index.indexer import index_fields
from tracuu.index.schema import FACETS

__all__ = ["preanalyzed", "solr_document"]

#: (start, end) character offsets into the original text, one pair per position (or None for none).
Offsets = Sequence[tuple[int, int] | None]


def preanalyzed(serialized: str, offsets: Offsets | None = None) -> str:
    """``PreAnalyzedField`` JSON of a serialized analysis (``index.analyzer.serialize``).

    With ``offsets`` every token of a position carries that position's span; Lucene requires start
    offsets that never go backwards, which holds because all terms of a position share one span.
    """
    tokens: list[dict] = []
    skipped = 1
    if serialized:
        for pos, group in enumerate(serialized.split(GROUP_SEP)):
            if not group:
                skipped += 1
                continue
            span = offsets[pos] if offsets is not None and pos < len(offsets) else None
            for term in group.split(ALT_SEP):
                token = {"t": term, "i": skipped}
                if span is not None:
                    token["s"], token["e"] = span
                tokens.append(token)
                skipped = 0
            skipped = 1
    return json.dumps({"v": "1", "tokens": tokens}, ensure_ascii=False, separators=(",", ":"))


def _keys(value: str) -> list[str]:
    """A Whoosh KEYWORD value (lower case, comma-separated) as the values of a multi-valued string."""
    return [k for k in (part.strip() for part in value.lower().split(",")) if k]


def _issuer_exact(doc: Document) -> str:
    """Issuer then signer in their exact forms: ``issuer_f``'s unfolded twin (two positions between)."""
    groups = to_groups(surface_tokens(doc.meta.issuer or ""))
    if doc.meta.signer:
        groups += [[], []] + to_groups(surface_tokens(doc.meta.signer))
    return serialize(groups)


def solr_document(doc: Document, analyses: dict[str, str], offsets: dict[str, Offsets] | None = None) -> dict:
    """The Solr document of ``doc``; ``analyses`` as ``index.indexer.analyses_for`` returns them.

    ``offsets`` (text -> per-position spans) adds character offsets to the title's and body's tokens.
    Raises what ``index_fields`` raises for a document that cannot be indexed.
    """
    fields = index_fields(doc, analyses)
    offsets = offsets or {}
    out: dict = {
        "id": fields["id"],
        "version": fields["version"],
        "title": preanalyzed(fields["title"], offsets.get(doc.title)),
        "title_f": preanalyzed(fields["title_f"], offsets.get(doc.title)),
        "body": preanalyzed(fields["body"], offsets.get(doc.text)),
        "body_f": preanalyzed(fields["body_f"], offsets.get(doc.text)),
        "issuer_text": preanalyzed(_issuer_exact(doc)),
        "issuer_f": preanalyzed(fields["issuer_f"]),
        "number": _keys(fields["number"]),
        "cites": _keys(fields["cites"]),
        "own": _keys(fields["own"]),
        "source": fields["source"],
        "title_text": fields["title_text"],
        "group": fields["group"],
        "sources": fields["sources"],
    }
    for name in ("url", "duplicate_of", *FACETS):
        if fields.get(name):
            out[name] = fields[name]
    if "date" in fields:
        out["date"] = fields["date"].strftime("%Y-%m-%dT%H:%M:%SZ")
    return out

