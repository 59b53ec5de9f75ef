"""Our CRF loading and features must give exactly pyvi's segmentation."""

from pathlib import Path

import pytest

from tracuu.index.segment import segmenter
from tracuu.index.vntext import nfc

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.mark.slow
def test_segmentation_identical_to_pyvi_on_the_whole_sample() -> None:
    from pyvi import ViTokenizer  # slow import: unpickles the model through scikit-learn

    lines = [nfc(line.strip()) for f in sorted(SAMPLES.glob("*.txt")) for line in f.read_text().split("\n")]
    lines = [line for line in lines if line]
    assert len(lines) > 100
    ours = [segmenter().tokenize(line) for line in lines]
    theirs = [ViTokenizer.ViTokenizer.tokenize(line) for line in lines]
    assert ours == theirs


def test_segmenter_joins_known_words() -> None:
    assert "phòng_chống" in segmenter().tokenize("công tác phòng chống dịch bệnh")
