"""The parser on real legal documents: per-field accuracy on the hand-checked legal gold, per split, above the floors.

The gold (``tests/data/metadata/legal-gold.jsonl``, see the README beside it) reads type, own number,
date, issuer, signer and the numbers of the preamble off 100-odd real texts of
``tests/data/legal/``; a quarter of the rows are the held-out ``test`` split.
"""

import json
from pathlib import Path

from tracuu.crawler.files import read_file
from tracuu.index.metadata_eval import by_split, matches, score, split_table
from tests.conftest import DATA

GOLD = DATA / "metadata" / "legal-gold.jsonl"
BASELINE = json.loads((DATA / "metadata" / "legal-baseline.json").read_text(encoding="utf-8"))
LEGAL = DATA / "legal"


def _rows() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_field_stays_above_its_floor_in_each_split() -> None:
    # One test parses the hundred texts once (a module fixture would parse them again on each worker).
    pairs = [(row, read_file(LEGAL / Path(row["file"]).name).meta.to_dict()) for row in _rows()]
    splits = by_split(pairs)
    print("\n" + split_table(splits))
    for miss in splits["all"].misses:
        print("  miss:", miss)
    below = {}
    for split, floors in BASELINE["floors"].items():
        accuracy = splits[split].accuracy()
        below.update({f"{split}/{name}": (round(accuracy.get(name, 0.0), 3), floor)
                      for name, floor in floors.items() if accuracy.get(name, 0.0) < floor})
    assert not below, f"below the floors (got, floor): {below}"


def test_the_gold_is_large_varied_and_split() -> None:
    rows = _rows()
    assert len(rows) >= 100
    assert len({r["file"] for r in rows}) == len(rows)
    assert all((LEGAL / r["file"]).is_file() for r in rows)
    kinds = {t for r in rows for t in (r["doc_type"] if isinstance(r["doc_type"], list) else [r["doc_type"]])}
    assert {"Luật", "Nghị định", "Thông tư", "Quyết định", "Nghị quyết", "Văn bản hợp nhất"} <= kinds
    held_out = sum(r["split"] == "test" for r in rows) / len(rows)
    assert 0.2 <= held_out <= 0.3


def test_preamble_numbers_are_scored_by_recall() -> None:
    row = {"file": "x", "preamble_cites": ["63/2025/QH15", "29/2025/NĐ-CP"]}
    scores = score([(row, {"cites": [{"number": "63/2025/QH15"}, {"number": "1/2020/TT-BTC"}]})])
    assert scores.accuracy()["preamble_cites_recall"] == 0.5
    assert "cites_precision" not in scores.accuracy()
    assert matches(["Bộ luật", "Luật"], "Luật") and not matches("Chính phủ", "Bộ Tài chính")
