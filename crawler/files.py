"""Local files (.html, .htm, .txt, .pdf, .docx, .doc, .png, .jpg, .tif) and fetched bytes to ``Document`` records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tracuu.crawler import attachments, ocr
from tracuu.crawler.charset import decode, looks_binary
from tracuu.crawler.clean import clean_html, clean_text
from tracuu.crawler.sandbox import run_bounded
from tracuu.index.document import Document
from tracuu.index.metadata import parse
from tracuu import settings
from tracuu.errors import DocumentError

SUFFIXES = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain", **attachments.TYPES}


def find_files(paths: list[str]) -> Iterator[Path]:
    """Every file we can ingest under ``paths`` (folders recursively), in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def document_from_bytes(data: bytes, source: str, content_type: str, url: str | None = None,
                        header_charset: str | None = None, ocr_cache: ocr.OcrCache | None = None) -> Document:
    """Decode, clean and parse one document's bytes; raise ``DocumentError`` with the reason.

    Attachments and large pages are read in a child process bounded in time and memory; pages
    without a text layer are then read by OCR, each page in a bounded child of its own, their
    results kept in ``ocr_cache`` (the archive) so that no file is read by OCR twice.
    """
    if not data.strip():
        raise DocumentError("empty file")
    if content_type in attachments.TYPES.values():
        if attachments.sniff(data, content_type) != content_type:
            raise DocumentError(f"not a {content_type} file")
        found = run_bounded(attachments.extract, data, content_type)
        found = ocr.complete(found, data, content_type, ocr_cache)
        return run_bounded(_attachment_document, found, data, source, content_type, url)
    if looks_binary(data):
        raise DocumentError("binary content, not text")
    if len(data) > int(settings.get("sandbox_bytes")):
        return run_bounded(_text_document, data, source, content_type, url, header_charset)
    return _text_document(data, source, content_type, url, header_charset)


def _text_document(data: bytes, source: str, content_type: str, url: str | None,
                   header_charset: str | None) -> Document:
    text, _encoding = decode(data, header_charset)
    if content_type == "text/html":
        page = clean_html(text)
        body, title, page_meta = page.text, page.title, page.meta
    else:
        body, title, page_meta = clean_text(text), None, {}
    if not body.strip():
        raise DocumentError("no text left after cleaning")
    return Document(source=source, text=body, meta=parse(body, title, page_meta), url=url, raw=data,
                    content_type=content_type)


def _attachment_document(found: attachments.Extracted, data: bytes, source: str, content_type: str,
                         url: str | None) -> Document:
    """A file's document; one without text is kept, empty, with the reason in ``extra["note"]``."""
    title = found.title or (None if found.text else attachments.title_from_name(url or source))
    doc = Document(source=source, text=found.text, meta=parse(found.text, title, {}), url=url, raw=data,
                   content_type=content_type)
    if found.note:
        doc.extra["note"] = found.note
    if found.ocr:
        doc.extra["ocr"] = found.ocr
    return doc


def read_file(path: Path, ocr_cache: ocr.OcrCache | None = None) -> Document:
    """One local file as a ``Document`` keyed by its resolved path (OCR results kept in ``ocr_cache``)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError(f"unsupported file type '{suffix or path.name}'")
    try:
        size = path.stat().st_size
        if size > int(settings.get("max_file_bytes")):
            raise DocumentError(f"file too large ({size} bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(exc.strerror or str(exc)) from exc
    return document_from_bytes(data, str(path.resolve()), SUFFIXES[suffix], ocr_cache=ocr_cache)
