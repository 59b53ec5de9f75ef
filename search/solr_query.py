"""Our ranked query in Solr's standard (Lucene) syntax, so both backends search for the same things.

``search.ranking`` plans a query (units a match needs, bonuses that only order, number lookups,
exact forms above folded ones) as a tree of Whoosh query objects; this module writes that tree out
node for node.  Terms are already our analyzer's tokens, so each is quoted whole (the pre-analyzed
fields' query analyzer only splits on whitespace, which no token holds); sums stay sums (Lucene's
boolean scoring adds its clauses' scores as Whoosh's matchers do) and boosts stay boosts.  Parts
Whoosh scores as constants (keyword fields, dates, ``ConstantScoreQuery``) are written with ``^=``.

Two kinds of node score differently in the engines and are rewritten to score as Whoosh does: a
phrase scores the sum of its words' scores where they stand together (Lucene scores the phrase's
own frequency), and a prefix over a text field is the term it expands to, scored, or the terms it
expands to, each a constant (Lucene would give any match one constant); the terms come from
``expand(field, prefix)``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from whoosh import query as Q

#: Fields scored by BM25 on both backends; any other field holds keywords, which score a constant.
TEXT_FIELDS = frozenset({"title", "title_f", "body", "body_f", "issuer_f"})
#: A query matching no document (no id is empty).
NOTHING = 'id:""'

__all__ = ["NOTHING", "TEXT_FIELDS", "lucene", "quote", "solr_date", "terms_filter"]


def quote(text: str) -> str:
    """``text`` as one quoted Lucene term."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _escape(text: str) -> str:
    """``text`` unquoted, every character the syntax reads escaped (for prefixes)."""
    return "".join("\\" + ch if not ch.isalnum() else ch for ch in text)


def _boost(boost: float) -> str:
    return "" if boost == 1.0 else f"^{boost:.6g}"


def solr_date(value: datetime) -> str:
    """A datetime as Solr's ISO instant (naive times are taken as UTC, as the index stores them)."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def terms_filter(field: str, values: list[str]) -> str:
    """A filter query: ``field`` is any of ``values`` (exact strings)."""
    if not values:
        return NOTHING
    return "(" + " ".join(f"{field}:{quote(v)}" for v in values) + ")"


#: Most terms a prefix over a text field expands to (Whoosh expands all; this bounds a query's size).
MAX_EXPANSION = 512

Expand = Callable[[str, str], list[str]]


def lucene(node: Q.Query, expand: Expand | None = None) -> str:
    """The Lucene syntax of a query tree built by ``search.ranking`` (or a filter built like one).

    ``expand(field, prefix)`` lists a text field's terms starting with ``prefix``; without it a
    prefix matches as one constant.
    """
    return _Writer(expand).write(node)


class _Writer:
    def __init__(self, expand: Expand | None) -> None:
        self.expand = expand

    def write(self, node: Q.Query) -> str:
        return _write(node, self)


def _phrase(field: str, words: list[str], boost: float) -> str:
    """The words together, scored as the sum of their own scores (Whoosh's phrase score), times ``boost``."""
    together = f"({field}:{quote(' '.join(words))})^=0"
    return "(+" + together + " " + " ".join(f"+{field}:{quote(w)}" for w in words) + ")" + _boost(boost)


def _write(node: Q.Query, writer: _Writer) -> str:
    lucene = writer.write
    if isinstance(node, Q.ConstantScoreQuery):
        return f"({lucene(node.child)})^={node.score:.6g}"
    if isinstance(node, Q.DateRange):
        start = solr_date(node.startdate) if node.startdate else "*"
        end = solr_date(node.enddate) if node.enddate else "*"
        return f"(date:[{start} TO {end}])^={node.boost:.6g}"
    if isinstance(node, Q.Phrase):  # Adjacent too: the same phrase, only cheaper on Whoosh
        if node.fieldname in TEXT_FIELDS:
            return _phrase(node.fieldname, list(node.words), node.boost)
        return f"({node.fieldname}:{quote(' '.join(node.words))})^={node.boost:.6g}"
    if isinstance(node, Q.Term):
        if node.fieldname in TEXT_FIELDS:
            return f"{node.fieldname}:{quote(node.text)}{_boost(node.boost)}"
        return f"({node.fieldname}:{quote(node.text)})^={node.boost:.6g}"
    if isinstance(node, Q.Prefix):
        if node.fieldname in TEXT_FIELDS and writer.expand is not None:
            terms = writer.expand(node.fieldname, node.text)[:MAX_EXPANSION]
            if not terms:
                return NOTHING
            if len(terms) == 1:  # Whoosh: the one term, scored
                return f"{node.fieldname}:{quote(terms[0])}{_boost(node.boost)}"
            # Whoosh: several terms unscored, each counting the boost
            return "(" + " ".join(f"({node.fieldname}:{quote(t)})^={node.boost:.6g}" for t in terms) + ")"
        return f"({node.fieldname}:{_escape(node.text)}*)^={node.boost:.6g}"
    boost = getattr(node, "boost", 1.0)
    if isinstance(node, Q.AndMaybe):
        return f"(+{lucene(node.a)} {lucene(node.b)}){_boost(boost)}"
    if isinstance(node, Q.AndNot):
        return f"(+{lucene(node.a)} -{lucene(node.b)}){_boost(boost)}"
    if isinstance(node, Q.And):
        return "(" + " ".join("+" + lucene(s) for s in node.subqueries) + ")" + _boost(node.boost)
    if isinstance(node, Q.Or):
        if not node.subqueries:
            return NOTHING
        return "(" + " ".join(lucene(s) for s in node.subqueries) + ")" + _boost(node.boost)
    if node is Q.NullQuery:
        return NOTHING
    raise TypeError(f"no Solr form for {type(node).__name__}")
