"""Write real documents in the pre-Unicode font encodings: the legacy test data beside this file (run once).

    python tests/data/legacy/make_legacy.py

The sources are the project's real texts (``samples/``); each file is what an office's old tools
made of them, byte for byte as those tools store text:

- ``thong-bao-ket-luan-tcvn3.txt``: sample 003 typed with the ABC keyboard in TCVN3, saved as 8-bit text;
- ``cong-van-529-vni.html``: sample 002 as an old windows-1252 page in ``<font face="VNI-Times">``, its
  site header in Unicode character references;
- ``ket-luan-tinh-uy-tcvn3.doc``: the crawl site's Word file (``tests/data/site/files``) with every
  Vietnamese letter of its text replaced by its TCVN3 code, as Word stores a ``.VnTime`` document
  (capitals with a tone take the small letters' codes, as in the ``.VnTimeH`` headings);
- ``ket-luan-ha-tinh-tcvn3.pdf``: sample 004 as a PDF whose text layer uses a ``.VnTime`` font;
- ``thong-bao-tron-ma.docx``: sample 000 with its heading in Unicode, its body in ``.VnTime`` (TCVN3)
  runs and one paragraph in a ``VNI-Times`` run: encodings mixed run by run.

``MANIFEST.tsv`` names each file's source; the source text is the gold.  Needs python-docx.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))


def _table() -> tuple[dict[str, str], dict[str, str]]:
    """``{Unicode letter: TCVN3 code}`` and ``{Unicode letter: VNI sequence}`` from the project's table."""
    tcvn3, vni = {}, {}
    lines = [l for l in (ROOT / "crawler/legacy_vietnamese.tsv").read_text(encoding="utf-8").splitlines()
             if l and not l.startswith("#")]
    for line in lines[1:]:
        letter, t, v = line.split("\t")
        if t:
            tcvn3[letter] = t
        vni[letter] = v
    return tcvn3, vni


TCVN3, VNI = _table()


def to_tcvn3(text: str) -> str:
    """TCVN3 as typed: a capital with a tone has no code and takes its small letter's."""
    return "".join(TCVN3.get(c) or TCVN3.get(c.lower(), c) for c in unicodedata.normalize("NFC", text))


def to_vni(text: str) -> str:
    return "".join(VNI.get(c, c) for c in unicodedata.normalize("NFC", text))


def plain(text: str) -> str:
    """A sample's text without its markdown bold and italic marks."""
    text = re.sub(r"(?<=\S)\*\*(?=\S)", "\n", text)
    return unicodedata.normalize("NFC", text.replace("**", "").replace("*", ""))


def paragraphs(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", plain(text)) if p.strip()]


def sample(name: str) -> str:
    return next((ROOT / "samples").glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def write_txt() -> str:
    (HERE / "thong-bao-ket-luan-tcvn3.txt").write_bytes(to_tcvn3(plain(sample("003"))).encode("cp1252"))
    return "samples/003"


def write_html() -> str:
    body = "\n".join(f'<p><font face="VNI-Times">{to_vni(p)}</font></p>' for p in paragraphs(sample("002")))
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>{to_vni("Công văn 529-CV/QU tăng cường công tác phòng chống dịch")}</title></head>
<body><div class="header">C&#7893;ng th&#244;ng tin &#273;i&#7879;n t&#7917; Qu&#7853;n &#7911;y Ba &#272;&#236;nh</div>
<div class="content">
{body}
</div></body></html>
"""
    (HERE / "cong-van-529-vni.html").write_bytes(page.encode("cp1252"))
    return "samples/002"


def write_doc() -> str:
    """Word 97 keeps this file's text as UTF-16 from offset 15872 on: one code unit a letter, so a TCVN3
    code replaces each letter in place and every offset of the file stays right."""
    data = bytearray((ROOT / "tests/data/site/files/ket-luan-tinh-uy.doc").read_bytes())
    position = 15872
    while data[position : position + 2] != b"\x00\x00":
        letter = data[position : position + 2].decode("utf-16-le")
        code = TCVN3.get(letter) or TCVN3.get(letter.lower())
        if code:
            data[position : position + 2] = code.encode("utf-16-le")
        position += 2
    (HERE / "ket-luan-tinh-uy-tcvn3.doc").write_bytes(bytes(data))
    return "tests/data/site/files/ket-luan-tinh-uy.doc"


def _pdf_string(text: str) -> bytes:
    out = bytearray(b"(")
    for byte in text.encode("cp1252"):
        out += b"\\" + bytes([byte]) if byte in b"()\\" else (b"\\%03o" % byte if byte > 126 else bytes([byte]))
    return bytes(out + b")")


def write_pdf() -> str:
    """One A4 page, its text in a non-embedded ``.VnTime`` font with the windows-1252 encoding, as an old
    word processor's "print to PDF" wrote it."""
    lines = []
    for p in paragraphs(sample("004"))[:14]:
        words, current = p.split(), ""
        for word in words:
            if len(current) + len(word) + 1 > 92:
                lines.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        lines += [current, ""]
    stream = b"BT /F1 11 Tf 50 800 Td 13 TL\n" + b"".join(_pdf_string(to_tcvn3(l)) + b" Tj T*\n" for l in lines[:58]) + b"ET"
    widths = b"[" + b" ".join([b"500"] * 224) + b"]"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /TrueType /BaseFont /.VnTime /Encoding /WinAnsiEncoding /FirstChar 32 "
        b"/LastChar 255 /Widths " + widths + b" >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    (HERE / "ket-luan-ha-tinh-tcvn3.pdf").write_bytes(bytes(out))
    return "samples/004"


def write_docx() -> str:
    import docx

    parts = paragraphs(sample("000"))
    document = docx.Document()
    for n, text in enumerate(parts):
        paragraph = document.add_paragraph()
        if n < 4:  # the heading, typed in Unicode
            run, font = paragraph.add_run(text), "Times New Roman"
        elif n == 6:  # a paragraph pasted from a VNI document
            run, font = paragraph.add_run(to_vni(text)), "VNI-Times"
        else:
            run, font = paragraph.add_run(to_tcvn3(text)), ".VnTime"
        run.font.name = font
    document.save(HERE / "thong-bao-tron-ma.docx")
    return "samples/000"


def main() -> None:
    rows = ["file\tsource\tencoding"]
    for name, write, encoding in (("thong-bao-ket-luan-tcvn3.txt", write_txt, "tcvn3"),
                                  ("cong-van-529-vni.html", write_html, "vni"),
                                  ("ket-luan-tinh-uy-tcvn3.doc", write_doc, "tcvn3"),
                                  ("ket-luan-ha-tinh-tcvn3.pdf", write_pdf, "tcvn3"),
                                  ("thong-bao-tron-ma.docx", write_docx, "unicode+tcvn3+vni")):
        rows.append(f"{name}\t{write()}\t{encoding}")
        print(name, (HERE / name).stat().st_size, file=sys.stderr)
    (HERE / "MANIFEST.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
