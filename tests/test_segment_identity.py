"""The cheaper CRF features segment exactly as pyvi does, on thousands of varied corpus lines."""

from __future__ import annotations

import pytest

from bench.corpus import corpus
from tracuu.index.segment import segmenter
from tracuu.index.vntext import nfc


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
