"""Scans read by OCR: the rendered scans of tests/data/scans against their gold, end to end.

One session-wide home ingests the 300 dpi scans once (under xdist, the first worker builds it and the
other waits and copies it), through a wrapper that counts every page Tesseract reads, so the tests
can tell a page read twice.  Targets: CER <= 3 % and WER <= 8 %, and number, date and issuer read
from the OCR text as from the typeset text.
"""

from __future__ import annotations

import csv
import fcntl
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracuu.cli import main
from tracuu.crawler import attachments, images, ocr
from tracuu.crawler.files import read_file
from tracuu.crawler.ocr_eval import cer, distance, wer
from tracuu.index.archive import Archive
from tracuu.index.document import document_id
from tracuu.index.metadata import parse
from tracuu.web import create_app

SCANS = Path(__file__).resolve().parent / "data" / "scans"
ROWS = list(csv.DictReader((SCANS / "scans.tsv").open(encoding="utf-8"), delimiter="\t"))
AT_300 = [SCANS / r["file"] for r in ROWS if r["dpi"] == "300"]
GOLD_META = {g["file"]: g for g in map(json.loads, (SCANS / "metadata-gold.jsonl").read_text().splitlines())}
TESSERACT = shutil.which("tesseract")


def gold(path: Path) -> str:
    return (SCANS / f"{path.stem}.gold.txt").read_text(encoding="utf-8")


def counting_tesseract(folder: Path) -> tuple[Path, Path]:
    """A ``tesseract`` that logs each page it is given, then runs the real one."""
    log = folder / "pages.log"
    script = folder / "tesseract"
    script.write_text(f'#!/bin/sh\ncase "$2" in stdout) echo "$1" >> "{log}";; esac\nexec "{TESSERACT}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    log.touch()
    return script, log


def run(home: Path, *args: str, env: dict | None = None):
    result = CliRunner().invoke(main, ["--home", str(home), *args], env=env, catch_exceptions=False)
    return result


def pages_read(log: Path) -> int:
    return len(log.read_text().splitlines())


@pytest.fixture(scope="session")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A home with the 300 dpi scans ingested and indexed; built once for all workers."""
    if TESSERACT is None:
        pytest.fail("Tesseract is not installed: run `make system-deps` (make test does)")
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "ocr-scans"
    shared.mkdir(exist_ok=True)
    with open(shared / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "done.json").exists():
            script, log = counting_tesseract(shared)
            env = {"TRACUU_OCR_COMMAND": str(script)}
            ingest = run(shared / "home", "ingest", "--json", *map(str, AT_300), env=env)
            assert ingest.exit_code == 0, ingest.output
            assert run(shared / "home", "index", env=env).exit_code == 0
            (shared / "done.json").write_text(json.dumps({"pages": pages_read(log), "ingest": ingest.output}))
    local = tmp_path_factory.mktemp("ocr")
    shutil.copytree(shared / "home", local / "home")
    script, log = counting_tesseract(local)
    return {"home": local / "home", "tesseract": script, "log": log, **json.loads((shared / "done.json").read_text())}


def archived(home: Path) -> dict[str, object]:
    with Archive(home / "archive.sqlite") as archive:
        return {path.name: archive.get(document_id(str(path.resolve()))) for path in AT_300}


def test_scans_read_by_ocr_match_their_gold(scanned: dict) -> None:
    docs = archived(scanned["home"])
    total_pages = sum(int(r["pages"]) for r in ROWS if r["dpi"] == "300")
    assert scanned["pages"] == total_pages  # every page read once, the upside-down one too
    for name, doc in docs.items():
        assert cer(gold(SCANS / name), doc.text) <= 0.03, name
        assert wer(gold(SCANS / name), doc.text) <= 0.08, name
        assert doc.extra["ocr"]["engine"] == "tesseract" and doc.extra["ocr"]["confidence"] > 80
        assert "note" not in doc.extra
        assert doc.raw == (SCANS / name).read_bytes()  # the file itself stays archived
    both = "\n".join(gold(SCANS / n) for n in docs), "\n".join(d.text for d in docs.values())
    assert cer(*both) <= 0.03 and wer(*both) <= 0.08
    assert docs["cong-van-529-cv-qu.pdf"].extra["ocr"]["pages"] == [1, 2]


def test_number_date_and_issuer_from_ocr_as_from_the_original(scanned: dict) -> None:
    for name, doc in archived(scanned["home"]).items():
        original = parse(gold(SCANS / name), None, {})
        expected = GOLD_META[name]
        for field in ("number", "date", "issuer"):
            read = getattr(doc.meta, field)
            assert read == getattr(original, field), (name, field)
            allowed = expected[field] if isinstance(expected[field], list) else [expected[field]]
            assert read in allowed, (name, field, read)


def test_scans_are_found_by_search_with_snippets_and_flagged(scanned: dict) -> None:
    home = scanned["home"]
    result = run(home, "search", "--json", "Quận ủy Ba Đình tăng cường phòng chống dịch")
    hits = json.loads(result.output)["results"]
    top = hits[0]
    assert top["number"] == "529-CV/QU" and top["ocr"]["engine"] == "tesseract"
    assert "<mark>" in top["snippet"] and "_" not in top["snippet"]
    found = json.loads(run(home, "search", "--json", "hỗ trợ người lao động bảo hiểm thất nghiệp").output)["results"]
    assert found[0]["number"] == "28/2021/QĐ-TTg"
    assert "văn bản quét (OCR)" in run(home, "search", "Tỉnh ủy Hà Tĩnh").output
    shown = run(home, "show", top["id"]).output
    assert "Văn bản quét (OCR): tesseract" in shown
    client = create_app({"TESTING": True, "TRACUU_HOME": str(home)}).test_client()
    page = client.get("/", query_string={"q": "cách ly tập trung"}).get_data(as_text=True)
    assert "văn bản quét (OCR)" in page
    document = client.get(f"/documents/{top['id']}").get_data(as_text=True)
    assert "văn bản quét (OCR)" in document and "độ tin cậy trung bình" in document


def test_no_file_is_read_by_ocr_twice(scanned: dict) -> None:
    home, env = scanned["home"], {"TRACUU_OCR_COMMAND": str(scanned["tesseract"])}
    again = run(home, "ingest", "--json", *map(str, AT_300), env=env)
    assert json.loads(again.output)["unchanged"] == len(AT_300)
    copy = home.parent / "same-file-another-name.png"
    shutil.copy(SCANS / "ket-luan-tinh-uy-ha-tinh.png", copy)
    assert json.loads(run(home, "ingest", "--json", str(copy), env=env).output)["new"] == 1
    assert run(home, "index", "--rebuild", env=env).exit_code == 0
    assert pages_read(scanned["log"]) == 0  # the cache answered every page
    assert "Ban Thường vụ Tỉnh ủy" in json.loads(run(home, "show", "--json", document_id(str(copy.resolve())))
                                                 .output)["text"]


def test_page_cap_leaves_the_rest_out_and_says_so(scanned: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACUU_OCR_MAX_PAGES", "1")
    with Archive(scanned["home"] / "archive.sqlite") as archive:  # page 1 is cached: nothing is read here
        doc = read_file(SCANS / "quyet-dinh-28-2021-qd-ttg.tif", ocr_cache=archive)
    assert doc.extra["ocr"]["pages"] == [1] and "28/2021/QĐ-TTg" in doc.text
    assert "OCR stopped after 1 pages (ocr_max_pages); 1 more pages" in doc.extra["note"]


def test_a_page_over_its_time_is_skipped_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACUU_OCR_PAGE_TIMEOUT", "0.05")
    doc = read_file(SCANS / "ket-luan-tinh-uy-ha-tinh.png")
    assert doc.text == "" and "ocr" not in doc.extra
    assert "page 1: took longer than 0.05 s" in doc.extra["note"]


def test_without_tesseract_a_scan_is_archived_flagged_with_one_line(tmp_path: Path) -> None:
    env = {"TRACUU_OCR_COMMAND": "no-such-tesseract"}
    result = run(tmp_path / "home", "ingest", str(SCANS / "ket-luan-tinh-uy-ha-tinh.png"), env=env)
    assert result.exit_code == 0
    notice = [line for line in result.output.splitlines() if line.startswith("notice:")]
    assert notice == [("notice: 1 scans archived without text; OCR unavailable: Tesseract is not installed "
                       "(apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils)")]
    shown = json.loads(run(tmp_path / "home", "show", "--json",
                           document_id(str((SCANS / "ket-luan-tinh-uy-ha-tinh.png").resolve()))).output)
    assert shown["text"] == "" and shown["ocr"] is None and shown["note"].startswith("scan: image without text")


def test_image_types_are_told_by_their_bytes_and_bombs_refused() -> None:
    assert attachments.sniff((SCANS / "ket-luan-tinh-uy-ha-tinh.png").read_bytes()) == images.PNG
    assert attachments.sniff((SCANS / "thong-bao-07-bs-qu.jpg").read_bytes()) == images.JPEG
    assert attachments.sniff((SCANS / "quyet-dinh-28-2021-qd-ttg.tif").read_bytes()) == images.TIFF
    assert images.page_count((SCANS / "quyet-dinh-28-2021-qd-ttg.tif").read_bytes()) == 2
    # A PNG header claiming 100,000 x 100,000 pixels is refused before anything is decoded.
    header = (SCANS / "ket-luan-tinh-uy-ha-tinh.png").read_bytes()
    bomb = header[:16] + (100_000).to_bytes(4, "big") * 2 + header[24:]
    with pytest.raises(Exception, match="unreadable image"):
        images.page_count(bomb)


def test_tesseract_tsv_becomes_lines_paragraphs_and_a_mean_confidence() -> None:
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [(4, 1, 1, 1, 1, 0, -1, ""), (5, 1, 1, 1, 1, 1, 90, "Số"), (5, 1, 1, 1, 1, 2, 96, "529-CV/QU"),
            (5, 1, 1, 1, 2, 1, 93, "Ba"), (5, 1, 1, 1, 2, 2, 97, "Đình,"), (5, 1, 1, 2, 1, 1, 80, "Kính"),
            (5, 1, 1, 2, 1, 2, -1, " ")]
    tsv = "\n".join([head] + ["\t".join(map(str, (lv, p, b, par, ln, w, 0, 0, 1, 1, c, t))) for lv, p, b, par, ln, w, c, t in rows])
    out = ocr.from_tsv(tsv)
    assert out["text"] == "Số 529-CV/QU\nBa Đình,\n\nKính"
    assert out["words"] == 5 and out["confidence"] == pytest.approx(91.2)


@pytest.mark.parametrize("a,b", [("", ""), ("kitten", "sitting"), ("Thông báo", "Thong bao"), ("abc", ""),
                                 ("ĐẢNG BỘ", "ĐANG BO"), ("x" * 130, "y" + "x" * 128)])
def test_edit_distance_is_levenshtein(a: str, b: str) -> None:
    rows = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(rows[j] + 1, current[j - 1] + 1, rows[j - 1] + (x != y)))
        rows = current
    assert distance(a, b) == rows[-1] == distance(b, a)
