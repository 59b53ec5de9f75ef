"""A Whoosh segment writer for rebuilds: pre-analysed text goes to the pool whole, postings to the codec in blocks.

Whoosh's ``SegmentWriter`` handles every posting one by one twice: on the way in (a token tuple per
term, its bytes, a pool entry) and on the way out (``FieldWriter.add_postings`` reads each posting's
field length back from the segment's length column and feeds the codec one ``add_posting`` at a
time).  With about 850 postings per news-sized document that was most of a rebuild worker's time.
This writer reads a serialized analysis straight into the term pool (``TermPool.add_positions``) and
writes each term's postings to Whoosh's W3 codec a block at a time, with the field lengths read
once per field.  The segment's files are byte for byte what ``SegmentWriter`` writes from the same
documents (``tests/test_segwriter.py``); it relies on the codec of the pinned ``whoosh3`` release.
"""

from __future__ import annotations

from array import array

from whoosh.writing import SegmentWriter

from tracuu.index.analyzer import fold_serialized
from tracuu.index.schema import PreAnalyzedPositions
from tracuu.index.termpool import TermPool, _TermPostings, analysis_positions
from tracuu.index.vntext import fold_token

#: Exact pre-analysed fields and their accent-folded twins (``index.indexer.index_fields``).
FOLDED_TWINS = {"body": "body_f", "title": "title_f"}
#: Distinct terms whose folded forms a writer remembers; past it the memo starts afresh.
_FOLD_MEMO = 500_000


class FoldedPositions:
    """The folded twin's positions from the exact field's: what ``fold_serialized`` then parsing would give."""

    def __init__(self) -> None:
        self._memo: dict[str, str] = {}

    def positions(self, poses: dict[str, list[int]], serialized: str) -> dict[str, list[int]]:
        """Folded terms with their positions; each position once per folded form, as ``_folded`` dedupes a group."""
        memo = self._memo
        if len(memo) > _FOLD_MEMO:
            memo.clear()
        folded: dict[str, list[int]] = {}
        merged = set()
        for term, poslist in poses.items():
            form = memo.get(term)
            if form is None:
                form = memo[term] = fold_token(term)
            if not form:  # an empty form counts only beside another at its position: take the slow road
                return analysis_positions(fold_serialized(serialized))
            have = folded.get(form)
            if have is None:
                folded[form] = poslist
            else:
                folded[form] = have + poslist
                merged.add(form)
        for form in merged:
            folded[form] = sorted(set(folded[form]))
        return folded


class FastSegmentWriter(SegmentWriter):
    """``SegmentWriter`` with a ``TermPool`` and a fast path for ``PreAnalyzedPositions`` fields."""

    #: It indexes the folded twins itself: ``index_fields(..., folded=False)`` leaves them out.
    derives_folded_twins = True

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self.pool = TermPool()
        self._folded = FoldedPositions()

    def add_document(self, **fields) -> None:
        """Add one document; pre-analysed strings skip Whoosh's token path, other fields take it.

        A folded twin (``FOLDED_TWINS``) left out of ``fields`` is indexed from its exact field's
        postings, as ``index.analyzer.fold_serialized`` of the exact field would index.
        """
        names = [n for n in fields if not n.startswith("_")]
        self._check_fields(self.schema, names)
        fast = {n for n in names if isinstance(fields[n], str) and self._pre_analysed(n)
                and f"_{n}_boost" not in fields and "_boost" not in fields}
        if not fast:
            super().add_document(**fields)
            return
        twins = {FOLDED_TWINS[n]: n for n in fast if FOLDED_TWINS.get(n) in self.schema and FOLDED_TWINS[n] not in fields}
        self._check_state()
        docnum = self.docnum
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        exact: dict[str, dict[str, list[int]]] = {}
        try:
            for name in sorted([*names, *twins]):
                if name in fast or name in twins:
                    field = self.schema[name]
                    if name in twins:
                        poses = self._folded.positions(exact[twins[name]], fields[twins[name]])
                    else:
                        poses = exact[name] = analysis_positions(fields[name])
                    length = self.pool.add_positions(name, docnum, poses, field.format.field_boost)
                    perdoc.add_field(name, field, fields.get(name) if field.stored else None,
                                     length if field.scorable else 0)
                else:
                    self._add_field(name, fields)
        except ValueError:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _pre_analysed(self, name: str) -> bool:
        return isinstance(self.schema[name].format, PreAnalyzedPositions)

    def _add_field(self, name: str, fields: dict) -> None:
        """One field as ``SegmentWriter.add_document`` indexes it (no boosts, vectors or spelling here)."""
        value = fields[name]
        if value is None:
            return
        field = self.schema[name]
        if field.vector or field.separate_spelling():
            raise ValueError(f"field {name!r}: vectors and spelling are not supported by this writer")
        length = 0
        if field.indexed:
            for tbytes, freq, weight, vbytes in field.index(value):
                if field.scorable:
                    length += freq
                self.pool.add((name, tbytes, self.docnum, weight, vbytes))
        self.perdocwriter.add_field(name, field, value if field.stored else None, length)
        column = field.column_type
        if column:
            self.perdocwriter.add_column_value(name, column, field.to_column_value(value))

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        try:
            write_postings(self.fieldwriter, self.schema, self.pool, pdr)
        finally:
            if pdr:
                pdr.close()
        self.fieldwriter.close()


def write_postings(fieldwriter, schema, pool: TermPool, lengths) -> None:
    """Every posting of ``pool`` to a W3 field writer, in field and term order, a block at a time."""
    for fieldname in sorted(pool.fieldnames):
        fieldwriter.start_field(fieldname, schema[fieldname])
        field_lengths = _field_lengths(lengths, fieldname)
        for btext, postings in pool.terms_of(fieldname):
            fieldwriter.start_term(btext)
            _add_term(fieldwriter._postwriter, postings, field_lengths)
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def _field_lengths(lengths, fieldname: str) -> list:
    """Each document's length of ``fieldname`` as the codec's stats see it (quantized; None when absent)."""
    if lengths is None:
        return []
    get = lengths.doc_field_length_reader(fieldname)
    return [get(d) for d in range(lengths.doc_count_all())]


def _add_term(writer, postings: _TermPostings, field_lengths: list) -> None:
    """One term's postings into a ``W3PostingsWriter`` already started on the term.

    Fills the writer's block buffer as ``add_posting`` would, posting by posting, and leaves the last
    block for ``finish_postings``: the same blocks, statistics and bytes.
    """
    docnums, weights, sizes, values = postings.arrays()
    limit = writer._blocklimit
    offset = 0
    for start in range(0, len(docnums), limit):
        if start:
            writer._write_block()
        end = start + limit
        ids = docnums[start:end]
        block_weights = weights[start:end]
        writer._ids = array("I", ids)
        writer._weights = array("f", block_weights)
        block_values = []
        for size in sizes[start:end]:
            if size:
                block_values.append(bytes(values[offset : offset + size]))
                offset += size
        writer._values = block_values
        known = [n for n in (field_lengths[d] for d in ids) if n] if field_lengths else []
        writer._minlength = min(known) if known else None
        writer._maxlength = max(known) if known else 0
        heaviest = max(block_weights)
        writer._maxweight = heaviest if heaviest > 0 else 0
