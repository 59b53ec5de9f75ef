"""Our CRF scorer segments exactly as pyvi does: on corpus lines, every real legal text, whole documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from tracuu.index.analyzer import analyze, serialize, to_groups
from tracuu.index.segment import pyvi_pattern, segmenter
from tracuu.index.vntext import nfc

from bench.corpus import corpus


def corpus_lines(n_docs: int) -> list[str]:
    """Lines of the seeded benchmark corpus, plus upper- and lower-cased copies (case is a CRF feature)."""
    lines = [nfc(line) for doc in corpus(n_docs, seed=11) for line in doc.text.split("\n") if line.strip()]
    return lines + [line.upper() for line in lines[:300]] + [line.lower() for line in lines[:300]]


@pytest.mark.slow
def test_tokenize_equals_pyvi_on_corpus_lines() -> None:
    from pyvi import ViTokenizer  # slow import: unpickles the model through scikit-learn

    lines = corpus_lines(120)
    assert len(lines) > 2000
    ours = [segmenter().tokenize(line) for line in lines]
    theirs = [ViTokenizer.ViTokenizer.tokenize(line) for line in lines]
    assert ours == theirs


@pytest.mark.slow
def test_features_give_pyvi_labels() -> None:
    from pyvi import ViTokenizer

    seg = segmenter()
    for line in corpus_lines(40):
        _, tokens = ViTokenizer.ViTokenizer.sylabelize(line)
        pyvi_labels = seg._tagger.tag(ViTokenizer.ViTokenizer.sent2features(tokens, False))
        assert seg._tagger.tag(seg._features(tokens)) == pyvi_labels, line


LEGAL = Path(__file__).resolve().parent / "data" / "legal"


def legal_texts() -> list[str]:
    return [path.read_text("utf-8") for path in sorted(LEGAL.glob("*.txt"))]


def legal_lines(per_doc: int) -> list[str]:
    """Lines from every real legal text: its first lines and lines spread through it, some upper-cased."""
    lines = []
    for text in legal_texts():
        own = [line for line in nfc(text).split("\n") if line.strip()]
        step = max(1, len(own) // per_doc)
        lines += own[:per_doc] + own[per_doc::step][:per_doc]
    return lines + [line.upper() for line in lines[::25]]


@pytest.mark.slow
def test_tokenize_equals_pyvi_on_every_real_legal_text() -> None:
    from pyvi import ViTokenizer

    lines = legal_lines(8)
    assert len(lines) > 6000
    assert [segmenter().tokenize(line) for line in lines] == [ViTokenizer.ViTokenizer.tokenize(line) for line in lines]


@pytest.mark.slow
def test_tokenize_equals_pyvi_on_whole_real_documents() -> None:
    """A whole law as one sequence: long Viterbi paths, every feature at every distance."""
    from pyvi import ViTokenizer

    texts = sorted(legal_texts(), key=len)[::150]
    assert sum(map(len, texts)) > 400_000
    for text in texts:
        assert segmenter().tokenize(text) == ViTokenizer.ViTokenizer.tokenize(text)


@pytest.mark.slow
def test_analyzer_equals_the_analyzer_it_replaced_on_real_documents() -> None:
    from bench import reference_analyzer

    texts = legal_texts()[::46]
    assert sum(map(len, texts)) > 700_000
    for text in texts:
        ours = analyze(text)
        theirs = reference_analyzer.analyze(text)
        assert [tuple(t) for t in ours] == [(t.text, t.pos, t.start, t.end, t.kind) for t in theirs]
        assert serialize(to_groups(ours)) == reference_analyzer.serialize(reference_analyzer.to_groups(theirs))


@pytest.mark.slow
def test_units_are_pyvis_on_real_legal_texts() -> None:
    """Our faster unit pattern (possessive runs) cuts every real text exactly as pyvi's own pattern."""
    import re

    pyvi = re.compile(
        r"([A-ZĐ]+\.|Tp\.|Mr\.|Mrs\.|Ms\.|Dr\.|ThS\.|==>|->|\.\.\.|>>|\n|\w+://[^\s]+"
        r"|[a-zA-Z0-9_.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+|\d+(?:[\.,_]\d+)+|[^\w\s]|\w+)")
    for text in legal_texts()[::8]:
        assert [m.span() for m in pyvi_pattern().finditer(text)] == [m.span() for m in pyvi.finditer(text)]


@pytest.mark.slow
def test_long_texts_analysed_in_pieces_equal_the_whole_analysis() -> None:
    """Cut in pieces of 4,000 characters (hundreds of cuts), every real text analyses as it does whole."""
    from tracuu.index.analyzer import analysis_of

    texts = legal_texts()[::9]
    assert sum(map(len, texts)) > 3_000_000
    for text in texts:
        whole = analysis_of(text, piece_chars=len(text) + 1)
        assert analysis_of(text, piece_chars=4_000) == whole
        assert whole == serialize(to_groups(analyze(text)))
