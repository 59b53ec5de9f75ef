"""Main-content extraction measured against the gold extracts (tests/data/extraction, see its README).

Token F1 as the benchmark scores it: lower-case, split on whitespace and punctuation, bags of
tokens; F1 per page, averaged.  Floors are pinned in ``baseline.json``.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tracuu.crawler.charset import decode
from tracuu.crawler.clean import clean_html, extract_text
from tests.conftest import DATA

GOLD = DATA / "extraction"
BASELINE = json.loads((GOLD / "baseline.json").read_text())
TRUTH = json.loads((GOLD / "ground-truth.json").read_text())


def tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


def f1(extracted: str, gold: str) -> float:
    got, want = tokens(extracted), tokens(gold)
    shared = sum((got & want).values())
    if not shared:
        return 0.0
    precision, recall = shared / sum(got.values()), shared / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def page(page_id: str) -> bytes:
    return gzip.decompress((GOLD / "html" / f"{page_id}.html.gz").read_bytes())


def test_scoring_counts_tokens_as_a_bag() -> None:
    assert f1("The cat, the hat.", "the hat the cat") == 1.0
    assert f1("", "x") == 0.0
    assert round(f1("a b c d", "a b"), 3) == round(2 * 0.5 * 1.0 / 1.5, 3)


def test_tracuu_parse_text_meets_the_pinned_floor(cli, tmp_path: Path) -> None:
    """What ingest and crawl archive (``tracuu parse --json``), on every gold page."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for page_id in TRUTH:
        (folder / f"{page_id}.html").write_bytes(page(page_id))
    out = json.loads(cli("parse", "--json", *sorted(str(p) for p in folder.iterdir())).output)
    scores = [f1(item["text"], TRUTH[Path(item["file"]).stem]["articleBody"]) for item in out]
    mean = sum(scores) / len(scores)
    assert len(scores) == len(TRUTH) == 91
    assert mean >= BASELINE["combined"]["floor"] >= 0.90, mean


@pytest.mark.parametrize("method", ["trafilatura", "rules"])
def test_each_extractor_meets_its_floor(method: str) -> None:
    scores = [f1(extract_text(decode(page(i))[0], method), gold["articleBody"]) for i, gold in TRUTH.items()]
    assert sum(scores) / len(scores) >= BASELINE[method]["floor"]


def test_our_rules_take_over_when_trafilatura_finds_nothing() -> None:
    # A listing whose only text is a link: trafilatura keeps nothing of it, our rules keep the text.
    html = '<html><body><div><a href="/van-ban/529">Công văn 529-CV/QU của Quận ủy Ba Đình</a></div></body></html>'
    assert extract_text(html, "trafilatura") == ""
    assert clean_html(html).text == "Công văn 529-CV/QU của Quận ủy Ba Đình"
