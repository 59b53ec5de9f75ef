"""Identity of the analyzer on a whole corpus: ``python -m bench.identity [DIR]``.

Every line of every text file is segmented by pyvi's own ``ViTokenizer.tokenize`` and by ours, and
every document analysed by ``index.analyzer`` and by the analyzer it replaced
(``bench.reference_analyzer``); prints the counts and the first differences.  The tests run the same
comparisons on a sample of the real corpus (``tests/test_segment_identity.py``); this runs all of it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tracuu.index import analyzer
from tracuu.index.segment import segmenter
from tracuu.index.vntext import nfc

from bench import reference_analyzer


def main(folder: Path) -> int:
    from pyvi import ViTokenizer

    files = sorted(folder.glob("*.txt"))
    lines = chars = line_diffs = doc_diffs = 0
    for path in files:
        text = path.read_text("utf-8")
        chars += len(text)
        for line in nfc(text).split("\n"):
            if line.strip():
                lines += 1
                if segmenter().tokenize(line) != ViTokenizer.ViTokenizer.tokenize(line):
                    line_diffs += 1
                    print(f"segmentation differs: {path.name}: {line[:80]!r}")
        ours = [tuple(t) for t in analyzer.analyze(text)]
        theirs = [(t.text, t.pos, t.start, t.end, t.kind) for t in reference_analyzer.analyze(text)]
        if ours != theirs:
            doc_diffs += 1
            print(f"analysis differs: {path.name}")
    print(f"{len(files)} documents, {chars:,} characters, {lines:,} lines: "
          f"{line_diffs} lines segmented differently from pyvi, {doc_diffs} documents analysed differently")
    return 1 if line_diffs or doc_diffs else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/legal")))
