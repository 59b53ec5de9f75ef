"""Whoosh's matcher tree for a query, with the same shape and classes, but built without reading anything.

Whoosh's matchers position themselves as they are built: an intersection looks for its first common
document, an optional part skips to the required part's first document, a phrase reads positions
until it finds one.  ``search.vectorized`` never iterates a tree, it evaluates it node by node, so
that work is wasted (most of it on phrases of common words).  ``build`` follows Whoosh's own query
code (``CompoundQuery.matcher``, ``_tree_matcher``, ``BinaryQuery.matcher``, ``Phrase.matcher``,
``ConstantScoreQuery.matcher``, ``NumericRange.matcher``) step for step, and makes the combining
nodes as bare instances of Whoosh's classes (``cls.__new__``, children set, nothing read).  Leaves,
and any query kind not listed here, come from the query's own ``matcher()``.

The classes matter: Whoosh orders the children of an ``And``/``Or`` by estimated size and breaks
ties by comparing matcher classes, and the order decides how floats are summed.  A bare node is
for ``search.vectorized`` only; Whoosh cannot iterate it.
"""

from __future__ import annotations

from whoosh import query as Q
from whoosh.matching import (
    AndMaybeMatcher,
    AndNotMatcher,
    IntersectionMatcher,
    ListMatcher,
    NullMatcher,
    NullMatcherClass,
    UnionMatcher,
    WrappingMatcher,
)
from whoosh.query.spans import SpanNear2, SpanQuery
from whoosh.util import make_binary_tree, make_weighted_tree

from tracuu.search.proximity import Adjacent, _AdjacentMatcher


def build(q: Q.Query, searcher, context):
    """The matcher tree of ``q`` on the atomic ``searcher``, as ``q.matcher(searcher, context)`` builds it."""
    kind = type(q)
    if isinstance(q, Adjacent):
        return _adjacent(q, searcher, context)
    if isinstance(q, Q.Phrase) and kind.matcher is Q.Phrase.matcher:
        return _phrase(q, searcher, context)
    if kind is Q.And:
        reader = searcher.reader()
        return _compound(q, IntersectionMatcher, searcher, context, lambda sub: 0 - sub.estimate_size(reader))
    if isinstance(q, Q.Or) and kind.matcher is Q.Or.matcher and kind._matcher is Q.Or._matcher and not q.scale:
        return _or(q, searcher, context)
    if kind is Q.AndMaybe:
        return _node(AndMaybeMatcher, build(q.a, searcher, context), build(q.b, searcher, context))
    if kind is Q.AndNot:
        return _node(AndNotMatcher, build(q.a, searcher, context), build(q.b, searcher, searcher.boolean_context()))
    if kind is Q.ConstantScoreQuery:
        return _constant(q, searcher, context)
    if isinstance(q, Q.NumericRange) and kind.matcher is Q.NumericRange.matcher:
        return build(q._compile_query(searcher.reader()), searcher, context)
    return q.matcher(searcher, context)


def _node(cls, a, b):
    """A bare ``cls(a, b)``: its children set, none of them read."""
    node = cls.__new__(cls)
    node.a, node.b = a, b
    return node


def _bare(cls):
    return lambda a, b: _node(cls, a, b)


def _compound(q, cls, searcher, context, weight):
    """``CompoundQuery.matcher`` and ``_tree_matcher``: one child as it is, else a weighted tree, then the boost."""
    subs = q.subqueries
    if not subs:
        return NullMatcher()
    if len(subs) == 1:
        return build(subs[0], searcher, context)
    matchers = [build(sub, searcher, context) for sub in subs]
    tree = make_weighted_tree(_bare(cls), [(weight(sub), m) for sub, m in zip(subs, matchers)])
    return WrappingMatcher(tree, q.boost) if q.boost != 1.0 else tree


def _or(q: Q.Or, searcher, context):
    """``Or.matcher``: one child as it is; a tree of unions, unless Whoosh pre-reads scores (its own matcher)."""
    subs = q.subqueries
    if len(subs) < 2:
        return build(subs[0], searcher, context) if subs else NullMatcher()
    kind = q.matcher_type
    if kind == Q.Or.AUTO_MATCHER:
        needs_current = context.needs_current if context else True
        default = len(subs) < q.TOO_MANY_CLAUSES and (needs_current or len(subs) == 2 or searcher.doc_count_all() > 5000)
        kind = Q.Or.DEFAULT_MATCHER if default else Q.Or.ARRAY_MATCHER
    if kind != Q.Or.DEFAULT_MATCHER:
        return q.matcher(searcher, context)
    reader = searcher.reader()
    return _compound(q, UnionMatcher, searcher, context, lambda sub: sub.estimate_size(reader))


def _terms(q: Q.Phrase, searcher):
    """The phrase's words as terms of the field, or None when one is missing (or the field is)."""
    if q.fieldname not in searcher.schema:
        return None
    field = searcher.schema[q.fieldname]
    terms = []
    for word in q.words:
        try:
            word = field.to_bytes(word)
        except ValueError:
            return None
        if (q.fieldname, word) not in searcher.reader():
            return None
        terms.append(Q.Term(q.fieldname, word))
    return terms


def _phrase(q: Q.Phrase, searcher, context):
    """``Phrase.matcher``: a bare ``SpanNear2Matcher`` over an intersection of the words."""
    if q.fieldname not in searcher.schema:
        return NullMatcher()
    field = searcher.schema[q.fieldname]
    if not field.format or not field.format.supports("positions"):
        return q.matcher(searcher, context)  # Whoosh decides (an error, or a degraded AND)
    terms = _terms(q, searcher)
    if terms is None:
        return NullMatcher()
    span_context = SpanQuery._span_context(context)
    leaves = [t.matcher(searcher, span_context) for t in terms]
    node = SpanNear2.SpanNear2Matcher.__new__(SpanNear2.SpanNear2Matcher)
    node.ms, node.slop, node.ordered, node.mindist = leaves, q.slop, True, 1
    node.child = make_binary_tree(_bare(IntersectionMatcher), leaves)
    node.boost, node._spans = 1.0, None
    return WrappingMatcher(node, boost=q.boost) if q.boost != 1.0 else node


def _adjacent(q: Adjacent, searcher, context):
    """``Adjacent.matcher`` (``search.proximity``) with a bare chain of intersections."""
    terms = _terms(q, searcher)
    if terms is None:
        return NullMatcher()
    leaves = [t.matcher(searcher, context) for t in terms]
    if len(leaves) == 1:
        return WrappingMatcher(leaves[0], boost=q.boost)
    node = _AdjacentMatcher.__new__(_AdjacentMatcher)
    child = leaves[0]
    for leaf in leaves[1:]:
        child = _node(IntersectionMatcher, child, leaf)
    node.child, node.boost, node._leaves = child, q.boost, leaves
    return node


def _constant(q: Q.ConstantScoreQuery, searcher, context):
    """``ConstantScoreQuery.matcher``: the child itself when positions are needed, else a constant list."""
    child = build(q.child, searcher, context)
    if (context is not None and context.needs_current) or isinstance(child, NullMatcherClass):
        return child
    node = ListMatcher.__new__(ListMatcher)  # Whoosh lists the child's documents, each scoring ``q.score``
    node._all_weights, node._child, node._scorer, node._ids = q.score, child, None, None
    return node
