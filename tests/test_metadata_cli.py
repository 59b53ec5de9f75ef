"""The metadata at the edges: ``tracuu parse``, the citation graph in ``tracuu show``, ``--cites``, facets."""

import json
from pathlib import Path

import pytest

from tests.conftest import DATA, SAMPLES

CONCLUSION = """QUẬN ỦY HOÀN KIẾM
*
Số 12-TB/QU
Hoàn Kiếm, ngày 5 tháng 8 năm 2021

THÔNG BÁO
KẾT LUẬN CỦA BAN THƯỜNG VỤ QUẬN ỦY

Ngày 4/8/2021, Ban Thường vụ Quận ủy họp, thống nhất kết luận các biện pháp phòng, chống dịch.

T/M BAN THƯỜNG VỤ
BÍ THƯ

Phạm Tuấn Long
"""

LETTER = """QUẬN ỦY HOÀN KIẾM
*
Số 15-CV/QU
Hoàn Kiếm, ngày 9 tháng 8 năm 2021

Kính gửi: Đảng ủy các phường.

Thực hiện Thông báo số 12-TB/QU ngày 05/8/2021 của Ban Thường vụ Quận ủy và Kế hoạch số 99-KH/QU, các phường
triển khai ngay các biện pháp phòng, chống dịch.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ

Nguyễn Thị Lan
"""


@pytest.fixture
def graph_home(cli, tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "conclusion.txt").write_text(CONCLUSION, encoding="utf-8")
    (folder / "letter.txt").write_text(LETTER, encoding="utf-8")
    cli("ingest", str(folder))
    cli("index")
    return folder


def ids(cli) -> dict[str, str]:
    data = json.loads(cli("search", "--json", "--limit", "10").output)
    return {r["number"]: r["id"] for r in data["results"]}


def test_parse_prints_what_ingest_would_store(cli) -> None:
    out = cli("parse", str(SAMPLES / "002_10127e1254a347ad.txt")).output
    assert "number: 529-CV/QU" in out and "issuer: Quận ủy Ba Đình" in out
    assert "563-TB/TU (Thông báo, 2021-11-09)" in out
    data = json.loads(cli("parse", "--json", str(SAMPLES / "004_00129d20bd42945e.txt")).output)
    assert data[0]["province"] == "Hà Tĩnh" and data[0]["text"].startswith("KẾT LUẬN")
    assert not cli.home.exists()  # nothing written
    assert "Thực hiện Thông báo số 563-TB/TU" in cli("parse", "--text", str(SAMPLES / "002_10127e1254a347ad.txt")).output


def test_parse_scores_against_gold(cli) -> None:
    gold = DATA / "metadata" / "metadata-gold.jsonl"
    files = sorted(str(p) for p in SAMPLES.glob("*.txt"))
    out = cli("parse", "--gold", str(gold), *files).output
    assert "5 documents scored" in out and "cites_recall" in out
    data = json.loads(cli("parse", "--json", "--gold", str(gold), *files).output)
    assert data["documents"] == 5 and data["accuracy"]["number"] >= 0.95


def test_parse_reports_an_unreadable_file_and_goes_on(cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = cli("parse", str(empty), str(SAMPLES / "002_10127e1254a347ad.txt"), ok=False)
    assert result.exit_code == 1
    assert "error: empty file" in result.output and "529-CV/QU" in result.output


def test_show_lists_what_a_document_cites_and_who_cites_it(cli, graph_home: Path) -> None:
    by_number = ids(cli)
    letter = json.loads(cli("show", "--json", by_number["15-CV/QU"]).output)
    assert letter["cites"] == [
        {"number": "12-TB/QU", "doc_type": "Thông báo", "date": "2021-08-05", "id": by_number["12-TB/QU"],
         "title": "THÔNG BÁO KẾT LUẬN CỦA BAN THƯỜNG VỤ QUẬN ỦY"},
        {"number": "99-KH/QU", "doc_type": "Kế hoạch", "date": None, "id": None, "title": None},
    ]
    conclusion = json.loads(cli("show", "--json", by_number["12-TB/QU"]).output)
    assert [c["id"] for c in conclusion["cited_by"]] == [by_number["15-CV/QU"]]
    text = cli("show", by_number["15-CV/QU"]).output
    assert f"Thông báo, 12-TB/QU, 2021-08-05  [{by_number['12-TB/QU']}]" in text
    assert "Kế hoạch, 99-KH/QU  (không có trong kho)" in text
    assert "Được dẫn bởi:" in cli("show", by_number["12-TB/QU"]).output


def test_search_cites_finds_the_documents_naming_a_number(cli, graph_home: Path) -> None:
    by_number = ids(cli)
    for written in ("12-TB/QU", "12 - TB/QU", "12-tb/qu"):
        data = json.loads(cli("search", "--json", "--cites", written).output)
        assert [r["id"] for r in data["results"]] == [by_number["15-CV/QU"]]
        assert data["results"][0]["cites"] == ["12-TB/QU", "99-KH/QU"]
    assert json.loads(cli("search", "--json", "--cites", "1-TB/TU").output)["total"] == 0


def test_signer_and_level_are_facets(cli, graph_home: Path) -> None:
    facets = json.loads(cli("search", "--json").output)["facets"]
    assert facets["signer"] == {"Nguyễn Thị Lan": 1, "Phạm Tuấn Long": 1}
    assert facets["issuer_level"] == {"huyện": 2}
    assert facets["district"] == {"Hoàn Kiếm": 2}
