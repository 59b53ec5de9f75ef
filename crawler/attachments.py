"""Text of directive files: PDF (pypdf), DOCX (python-docx), DOC (Debian's catdoc or antiword), images.

A file whose text cannot be had is still archived: ``Extracted.note`` says why ("scan: no text
layer", "not extracted: ..."), so an admin can find it and nothing fetched is silently dropped.
Pages without a text layer (scanned PDF pages, PNG/JPEG/TIFF images) are listed in
``Extracted.scan_pages`` for OCR (``crawler.ocr``), which runs outside this module's child process.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from tracuu.crawler import images, legacy

from tracuu.crawler.clean import tidy
from tracuu import settings
from tracuu.errors import DocumentError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
TYPES = {".pdf": PDF, ".docx": DOCX, ".doc": DOC, **images.TYPES}
#: A PDF page with fewer letters than this has no usable text layer: it is a scan (an image of the page).
_SCAN_LETTERS_PER_PAGE = 20


@dataclass
class Extracted:
    """Text of one file, its title if the file names one, and a note when text is missing."""

    text: str
    title: str | None = None
    note: str | None = None
    pages: list[str] = field(default_factory=list)  # each page's text, when pages are known
    scan_pages: list[int] = field(default_factory=list)  # pages (from 0) without a usable text layer
    ocr: dict | None = None  # engine, version, languages, dpi, pages, confidence: when OCR read some pages


def sniff(data: bytes, declared: str = "", suffix: str = "") -> str | None:
    """The attachment type from the bytes first (servers often send octet-stream), then the name."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return DOC
    image = images.sniff(data)
    if image is not None:
        return image
    if data.startswith(b"PK\x03\x04") and (suffix == ".docx" or declared == DOCX or b"word/" in data[:4096]):
        return DOCX
    return TYPES.get(suffix) if declared in ("", "application/octet-stream") else None


def pdf_text(data: bytes) -> Extracted:
    """Text layer of a PDF, page by page; pages without one are listed for OCR."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged-but-readable files warn loudly
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [legacy.fix(tidy(page.extract_text() or ""), _page_font_encoding(page)) for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise DocumentError(f"unreadable PDF ({type(exc).__name__}: {str(exc)[:200]})") from exc
    scans = [i for i, text in enumerate(pages) if not _usable(text)]
    if len(scans) == len(pages):  # a scan's few stray glyphs (a stamp, a page number) are not its text
        pages = [""] * len(pages)
    text = tidy("\n\n".join(p for p in pages if p))
    if not scans:
        return Extracted(text, title, pages=pages)
    if len(scans) == len(pages):
        note = f"scan: no text layer ({len(pages)} pages); archived without text"
    else:
        note = f"scan: {len(scans)} of {len(pages)} pages have no text layer; archived without their text"
    return Extracted(text, title, note=note, pages=pages, scan_pages=scans)


def _page_font_encoding(page) -> str | None:
    """The legacy encoding a page's fonts name (``ABCDEF+.VnTime``, ``VNI-Times``), if any."""
    try:
        fonts = page["/Resources"]["/Font"]
        names = [str(fonts[key].get_object().get("/BaseFont", "")) for key in fonts]
    except (KeyError, TypeError, AttributeError, ValueError):
        return None
    return next((e for e in map(legacy.font_encoding, names) if e), None)


def _usable(page_text: str) -> bool:
    """A text layer worth keeping: enough letters, and not mostly undecodable glyphs."""
    letters = sum(c.isalpha() for c in page_text)
    return letters >= _SCAN_LETTERS_PER_PAGE and page_text.count("\ufffd") < letters // 4


def image_text(data: bytes) -> Extracted:
    """An image has no text layer: every page (frame) of it is for OCR."""
    count = images.page_count(data)
    return Extracted("", note=f"scan: image without text ({count} pages); archived without text",
                     pages=[""] * count, scan_pages=list(range(count)))


def docx_text(data: bytes) -> Extracted:
    """Paragraphs and table cells of a DOCX, in document order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_unzipped_size(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(f"unreadable DOCX ({exc})") from exc
    blocks = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.append(item.text)
        elif isinstance(item, Table):
            for row in item.rows:
                blocks.append("\n".join(dict.fromkeys(cell.text for cell in row.cells)))
    title = document.core_properties.title or None
    text = tidy("\n\n".join(b for b in blocks if b.strip()))
    return Extracted(legacy.fix(text, _docx_font_encoding(document)), title and legacy.fix(title))


def _docx_font_encoding(document) -> str | None:
    """The legacy encoding the fonts of a DOCX's styles and runs name, if any."""
    names = [style.font.name for style in document.styles if getattr(style, "font", None) is not None]
    names += [run.font.name for paragraph in document.paragraphs[:200] for run in paragraph.runs]
    return next((e for e in (legacy.font_encoding(n) for n in names if n) if e), None)


def _check_unzipped_size(data: bytes) -> None:
    """Refuse a DOCX whose parts would inflate past ``max_unzipped_bytes`` (a zip bomb) before reading it."""
    limit = int(settings.get("max_unzipped_bytes"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise DocumentError(f"unreadable DOCX ({exc})") from exc
    if total > limit:
        raise DocumentError(f"DOCX would unpack to {total // 2**20} MB (limit {limit // 2**20} MB); skipped")


def doc_text(data: bytes) -> Extracted:
    """An old Word file through catdoc or antiword (Debian packages); archived unextracted without them."""
    with tempfile.TemporaryDirectory(prefix="tracuu-doc-") as home:
        for tool, args in (("catdoc", ["-d", "utf-8", "-w", "-f", "keep"]), ("antiword", ["-m", "UTF-8.txt", "-w", "0"])):
            exe = shutil.which(tool)
            if exe is None:
                continue
            source = Path(home) / "file.doc"
            source.write_bytes(data)
            try:
                done = subprocess.run([exe, *args, str(source)], capture_output=True, timeout=60, check=False,
                                      env={**os.environ, "HOME": _catdoc_home(home)})
            except subprocess.TimeoutExpired:
                continue
            if done.returncode == 0 and done.stdout.strip():
                text = legacy.fix(tidy(done.stdout.decode("utf-8", errors="replace")))
                return Extracted(text.replace("\xad", ""))  # soft hyphens left are hyphenation hints
    return Extracted("", note="not extracted: no .doc converter installed (apt-get install catdoc)")


def _catdoc_home(home: str) -> str:
    """A home whose ``.catdocrc`` keeps soft hyphens: catdoc drops them, and in TCVN3 one is the letter ư."""
    folder = Path(home)
    (folder / ".catdocrc").write_text(f"map_path={folder}:/usr/share/catdoc\ncharset_path=/usr/share/catdoc\n")
    (folder / "keep.specchars").write_text('001C "\\t"\n001E "\\n"\n')
    system = Path("/usr/share/catdoc/ascii.replchars")
    lines = system.read_text(errors="replace").splitlines() if system.exists() else []
    (folder / "keep.replchars").write_text("\n".join(l for l in lines if not l.upper().startswith("00AD")) + "\n")
    return home


def extract(data: bytes, content_type: str) -> Extracted:
    """Text of an attachment of ``content_type`` (one of ``TYPES``' values)."""
    if content_type == PDF:
        return pdf_text(data)
    if content_type == DOCX:
        return docx_text(data)
    if content_type == DOC:
        return doc_text(data)
    if content_type in images.TYPES.values():
        return image_text(data)
    raise DocumentError(f"unsupported attachment type '{content_type}'")


def title_from_name(name: str) -> str:
    """A readable title from a file name: ``cong-van-529.pdf`` -> ``cong van 529``."""
    return Path(name).stem.replace("-", " ").replace("_", " ").strip()
