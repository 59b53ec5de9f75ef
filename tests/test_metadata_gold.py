"""The parser measured against hand-checked gold: per-field accuracy must stay above the pinned floors."""

import json
from pathlib import Path

from tracuu.crawler.files import read_file
from tracuu.index.metadata_eval import matches, score
from tests.conftest import DATA, SAMPLES

GOLD = DATA / "metadata" / "metadata-gold.jsonl"
BASELINE = DATA / "metadata" / "baseline.json"


def gold_rows() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def parsed(row: dict) -> dict:
    return read_file(SAMPLES / Path(row["file"]).name).meta.to_dict()


def test_every_field_stays_above_its_floor() -> None:
    scores = score([(row, parsed(row)) for row in gold_rows()])
    print("\n" + scores.table())
    for miss in scores.misses:
        print("  miss:", miss)
    floors = {k: v for k, v in json.loads(BASELINE.read_text()).items() if not k.startswith("_")}
    accuracy = scores.accuracy()
    below = {name: (accuracy.get(name), floor) for name, floor in floors.items() if accuracy.get(name, 0) < floor}
    assert not below, f"below the floors (got, floor): {below}"


def test_floors_meet_the_targets() -> None:
    floors = json.loads(BASELINE.read_text())
    for name in ("number", "date", "doc_type"):
        assert floors[name] >= 0.95
    for name in ("issuer", "province", "district", "cites_precision", "cites_recall"):
        assert floors[name] >= 0.90


def test_comparison_rules_of_the_gold() -> None:
    assert matches("Văn phòng UBND thành phố Hà Nội", "văn phòng Ủy ban nhân dân TP Hà Nội")
    assert matches("Thành ủy Hà Nội", "Thành uỷ Hà Nội")
    assert matches(["Thông báo", "Sao lục"], "Sao lục")
    assert matches([None, "Hà Đông"], None)
    assert not matches(None, "Hà Đông")
    assert not matches("Hà Nội", None)


def test_cites_are_scored_by_precision_and_recall() -> None:
    row = {"file": "x", "cites": ["125-TB/TU", "03/CT-UBND"]}
    scores = score([(row, {"cites": [{"number": "125-TB/TU"}, {"number": "9-TB/TU"}]})])
    assert scores.accuracy()["cites_precision"] == 0.5
    assert scores.accuracy()["cites_recall"] == 0.5
