"""Hostile documents get a clear skip reason and never stop the batch."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from tracuu.crawler.files import read_file
from tests.conftest import SAMPLES
from tracuu.errors import DocumentError

GOOD = (SAMPLES / "002_10127e1254a347ad.txt").read_text(encoding="utf-8")


def _pdf(objects: list[bytes], broken_xref: bool = False) -> bytes:
    """A small hand-written PDF; ``broken_xref`` points every xref entry at the wrong place."""
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % (offset + 7 if broken_xref else offset))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def hostile_files(folder: Path) -> dict[str, bytes]:
    """Name -> bytes of every hostile case."""
    depth = 100_000
    stream = b"BT /F1 12 Tf 72 720 Td (Thong bao so 5-TB/TU) Tj ET"
    page_objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    looping = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",  # the page tree contains itself
        b"<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>",
    ]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (120 * 1024 * 1024) + b"</w:document>")
    vietnamese = ("<html><head><meta charset='utf-8'><title>Công văn</title></head><body><article><p>"
                  + GOOD.replace("\n\n", "</p><p>") + "</p></article></body></html>").encode("utf-8")
    broken_utf8 = vietnamese.replace("phòng".encode(), b"ph\xf2ng", 3).replace(b"Thanh", b"Th\xff\xfenh", 2)
    return {
        "deep.html": b"<html><body>" + b"<div>" * depth + "Nội dung".encode() + b"</div>" * depth + b"</body></html>",
        "invalid-utf8.html": broken_utf8,
        "controls.txt": ("Quyết định \u202eđảo chiều\u202c số 5\x07\x1b[31m về việc\x00 phòng chống dịch\u2066 bệnh\n"
                         + GOOD).encode("utf-8"),
        "bomb.docx": bomb.getvalue(),
        "broken-xref.pdf": _pdf(page_objects, broken_xref=True),
        "loop.pdf": _pdf(looping),
        "empty.html": b"",
        "binary.html": bytes(range(256)) * 64,
    }


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, data in hostile_files(folder).items():
        (folder / name).write_bytes(data)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


@pytest.mark.parametrize("name,reason", [
    ("deep.html", "nested deeper than"),
    ("bomb.docx", "would unpack to"),
    ("empty.html", "empty file"),
    ("binary.html", "binary content"),
])
def test_skipped_with_a_clear_reason(folder: Path, name: str, reason: str) -> None:
    with pytest.raises(DocumentError, match=reason):
        read_file(folder / name)


def test_invalid_utf8_keeps_the_good_text(folder: Path) -> None:
    doc = read_file(folder / "invalid-utf8.html")
    assert "Quận ủy Ba Đình" in doc.text or "Ban Thường vụ Quận ủy" in doc.text
    assert "Ã" not in doc.text and "á»" not in doc.text  # not decoded as windows-1258 mojibake


def test_control_and_bidi_characters_are_removed(folder: Path) -> None:
    doc = read_file(folder / "controls.txt")
    assert "Quyết định đảo chiều số 5 về việc phòng chống dịch bệnh" in doc.text
    assert not any(c in doc.text for c in "\u202e\u202c\u2066\x00\x07\x1b")


@pytest.mark.parametrize("name", ["broken-xref.pdf", "loop.pdf"])
def test_damaged_pdfs_end_in_a_document_or_a_reason(folder: Path, name: str) -> None:
    try:
        doc = read_file(folder / name)
    except DocumentError as exc:
        assert str(exc)
    else:
        assert doc.text or doc.extra.get("note")


def test_the_batch_goes_on(folder: Path, cli) -> None:
    result = cli("ingest", "--json", str(folder), ok=False)
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["new"] >= 3  # good.txt, invalid-utf8.html, controls.txt at least
    failed = {Path(k).name: v for k, v in report["failed"].items()}
    assert {"deep.html", "bomb.docx", "empty.html", "binary.html"} <= set(failed)
    assert all(reason and "Traceback" not in reason for reason in failed.values())
