"""What indexing computes per document outside Whoosh, and the texts the analysis benchmarks run on.

``document_work`` is ``index.indexer.index_fields``' analysis part: the serialized analyses of the
text and the title, their folded twins, the encoded position spans and the folded issuer and signer.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

LEGAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "legal"


class Sample(NamedTuple):
    """One document's inputs to the analysis."""

    name: str
    text: str
    title: str
    issuer: str
    signer: str


def legal_samples(max_chars: int | None = None) -> list[Sample]:
    """The real legal texts (their first line standing for the title), up to ``max_chars`` in all."""
    out, size = [], 0
    for path in sorted(LEGAL.glob("*.txt")):
        if max_chars is not None and size >= max_chars:
            break
        text = path.read_text("utf-8", errors="replace")
        out.append(Sample(path.name, text, text.strip().split("\n", 1)[0][:200], "", ""))
        size += len(text)
    return out


def short_samples(n: int = 2000, seed: int = 7) -> list[Sample]:
    """``n`` synthetic directives of 2-4 KB (``bench.corpus``), as news-sized documents are."""
    from bench.corpus import make_document

    out = []
    for i in range(n):
        doc = make_document(i, seed)
        out.append(Sample(doc.source, doc.text, doc.title, doc.meta.issuer or "", doc.meta.signer or ""))
    return out


def document_work(mods: SimpleNamespace, sample: Sample) -> tuple[str, str, str, str, bytes, str]:
    """Every analysis output of one document, computed with ``mods``' analysis modules."""
    a = mods.analyzer

    def analysis_of(text: str) -> str:  # index.indexer.analysis_of, as the revision has it
        return a.serialize(a.to_groups(a.analyze(text)))

    analysis_of = getattr(a, "analysis_of", analysis_of)

    body = analysis_of(sample.text)
    title = analysis_of(sample.title) if sample.title else ""
    groups = a.fold_groups(a.to_groups(a.surface_tokens(sample.issuer)))
    if sample.signer:
        groups += [[], []] + a.fold_groups(a.to_groups(a.surface_tokens(sample.signer)))
    spans = mods.spans.encode(mods.spans.position_spans(sample.text))
    return body, title, a.fold_serialized(body), a.fold_serialized(title), spans, a.serialize(groups)


def digest(outputs: tuple) -> str:
    """One sha1 over all of a document's outputs, each length-prefixed so no two tuples collide."""
    h = hashlib.sha1()
    for value in outputs:
        data = value if isinstance(value, bytes) else value.encode("utf-8")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()
