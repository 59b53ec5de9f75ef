"""OCR of scanned pages: Tesseract with its Vietnamese model, PDF pages rendered by pdftoppm.

Why pdftoppm and Tesseract rather than OCRmyPDF: tracuu needs the text of a page and how sure the
engine was, not a new PDF.  Calling the two programs directly lets every page run in a child of its
own (``crawler.sandbox``) with its own time and memory limit, one page per core, and lets a page cap
stop a 500-page scan early; OCRmyPDF would bring Ghostscript, pikepdf and a scheduler of its own, and
write a PDF/A we would throw away.  Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``): its
OpenMP threads spin against each other and against the other pages on a busy machine (one A4 page at
300 dpi took 64 s with two threads beside other work, 4.9 s with one).  ``--psm 1`` (page
segmentation with orientation detection) reads pages scanned upside down.

Every page's result is cached in the archive by the hash of the file, the page and the engine's
signature (version, languages, resolution), so a file is never read by OCR twice.
"""

from __future__ import annotations

import contextvars
import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from tracuu import settings
from tracuu.crawler.attachments import PDF, Extracted
from tracuu.crawler.clean import tidy
from tracuu.crawler.sandbox import map_bounded
from tracuu.errors import DocumentError
from tracuu.index.document import sha1
from tracuu.index.parallel import cores

ENGINE = "tesseract"
#: A page whose words Tesseract is on average less sure of than this holds no legible text (a photo,
#: a stamp, a blank page with specks): its "text" would only add noise to the index.
MIN_PAGE_CONFIDENCE = 40.0
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils"

#: ``(done, total)`` pages of the document being read; set by the CLI to show progress.
PROGRESS: contextvars.ContextVar[Callable[[int, int], None] | None] = contextvars.ContextVar(
    "ocr_progress", default=None)


class OcrCache(Protocol):
    """Where page results are kept between runs (the archive)."""

    def cached_ocr(self, keys: list[str]) -> dict[str, dict]: ...

    def store_ocr(self, items: dict[str, dict]) -> None: ...


@dataclass(frozen=True)
class Engine:
    """The Tesseract found on this machine and the programs it needs."""

    command: str
    version: str
    languages: str
    renderer: str | None  # pdftoppm, for PDF pages

    def signature(self, dpi: int) -> str:
        return f"{ENGINE} {self.version} {self.languages} {dpi}dpi psm1"


@lru_cache(maxsize=8)
def _probe(command: str, languages: str) -> Engine | str:
    """The engine, or why there is none (one line)."""
    exe = shutil.which(command) if command else None
    if exe is None:
        return f"OCR unavailable: Tesseract is not installed ({INSTALL_HINT})"
    try:
        version = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30, check=False)
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"OCR unavailable: {command} cannot be run ({exc})"
    found = re.search(r"tesseract\s+v?(\d[\w.\-]*)", version.stdout + version.stderr)
    have = set((langs.stdout + langs.stderr).split())
    missing = [lang for lang in languages.split("+") if lang not in have]
    if missing:
        return f"OCR unavailable: Tesseract has no '{'+'.join(missing)}' model ({INSTALL_HINT})"
    return Engine(exe, found.group(1) if found else "unknown", languages, shutil.which("pdftoppm"))


def find_engine() -> Engine | str:
    """The configured Tesseract (``ocr_command``, ``ocr_languages``), or a one-line reason it cannot run."""
    return _probe(str(settings.get("ocr_command")).strip(), str(settings.get("ocr_languages")))


@contextmanager
def reporting(callback: Callable[[int, int], None]) -> Iterator[None]:
    """Report ``(done, total)`` OCR pages of each document to ``callback`` inside the block."""
    token = PROGRESS.set(callback)
    try:
        yield
    finally:
        PROGRESS.reset(token)


def complete(found: Extracted, data: bytes, content_type: str, cache: OcrCache | None = None) -> Extracted:
    """``found`` with the text of its pages that lack one read by OCR; the note says what could not be read."""
    if not found.scan_pages:
        return found
    engine = find_engine()
    if isinstance(engine, str) or (content_type == PDF and engine.renderer is None):
        reason = engine if isinstance(engine, str) else f"OCR unavailable: pdftoppm is not installed ({INSTALL_HINT})"
        found.note = f"{found.note} ({reason})"
        return found
    dpi = int(settings.get("ocr_dpi"))
    cap = int(settings.get("ocr_max_pages"))
    pages = found.scan_pages[:cap]
    results, failed = _read_pages(engine, data, content_type, pages, dpi, cache)
    # An image is read at its own resolution; only PDF pages are rendered at ocr_dpi.
    return _merged(found, engine, dpi if content_type == PDF else None, pages, results, failed, cap)


def _read_pages(engine: Engine, data: bytes, content_type: str, pages: list[int], dpi: int,
                cache: OcrCache | None) -> tuple[dict[int, dict], dict[int, str]]:
    """Each page's OCR result (from the cache when it has it) and the reason each failed page failed."""
    digest = sha1(data)
    keys = {p: sha1(f"{digest}:{p}:{engine.signature(dpi)}") for p in pages}
    cached = cache.cached_ocr(list(keys.values())) if cache is not None else {}
    results = {p: cached[keys[p]] for p in pages if keys[p] in cached}
    todo = [p for p in pages if p not in results]
    failed: dict[int, str] = {}
    if not todo:
        return results, failed
    read = _read_pdf_page if content_type == PDF else _read_image_page
    progress = PROGRESS.get()
    with tempfile.TemporaryDirectory(prefix="tracuu-ocr-") as work:
        source = Path(work) / "source"
        source.write_bytes(data)
        jobs = [(str(source), page, dpi, engine) for page in todo]
        outcomes = map_bounded(read, jobs, procs=min(cores(), len(todo)),
                               timeout=float(settings.get("ocr_page_timeout")),
                               memory_mb=int(settings.get("ocr_page_memory_mb")), on_done=progress)
    fresh = {}
    for page, outcome in zip(todo, outcomes):
        if isinstance(outcome, DocumentError):
            failed[page] = str(outcome)
        else:
            results[page] = fresh[keys[page]] = outcome
    if cache is not None and fresh:
        cache.store_ocr(fresh)
    return results, failed


def _merged(found: Extracted, engine: Engine, dpi: int | None, pages: list[int], results: dict[int, dict],
            failed: dict[int, str], cap: int) -> Extracted:
    """The text layer's pages and the OCR pages in page order, with the OCR record and what is missing."""
    texts = list(found.pages)
    legible = [p for p in pages if p in results and results[p]["text"].strip()
               and results[p]["confidence"] >= MIN_PAGE_CONFIDENCE]
    for page in legible:
        texts[page] = results[page]["text"]
    words = sum(results[p]["words"] for p in legible)
    confidence = sum(results[p]["confidence"] * results[p]["words"] for p in legible) / words if words else 0.0
    problems = [f"page {p + 1}: {reason}" for p, reason in sorted(failed.items())]
    problems += [f"page {p + 1}: no legible text" for p in pages if p in results and p not in legible]
    if len(found.scan_pages) > cap:
        problems.append(f"OCR stopped after {cap} pages (ocr_max_pages); "
                        f"{len(found.scan_pages) - cap} more pages without a text layer were not read")
    found.text = tidy("\n\n".join(t for t in texts if t.strip()))
    if legible:
        found.ocr = {"engine": ENGINE, "version": engine.version, "languages": engine.languages,
                     "dpi": dpi,
                     "pages": [p + 1 for p in legible], "confidence": round(confidence, 1)}
        found.note = ("OCR incomplete: " + "; ".join(problems)) if problems else None
    else:
        found.note = f"{found.note} (OCR found no text: {'; '.join(problems) or 'no legible page'})"
    return found


# --- in the bounded child, one page each ---------------------------------------------------------


# Pages go to Tesseract as uncompressed PGM: compressing a 300 dpi page to PNG took pdftoppm 11 s,
# writing PGM 0.2 s.


def _read_pdf_page(source: str, page: int, dpi: int, engine: Engine) -> dict:
    """Render one PDF page to grayscale with pdftoppm, then read it."""
    prefix = f"{source}-page{page + 1}"
    done = subprocess.run([engine.renderer, "-r", str(dpi), "-gray", "-singlefile", "-f", str(page + 1),
                           "-l", str(page + 1), source, prefix], capture_output=True, check=False)
    image = Path(prefix + ".pgm")
    if done.returncode != 0 or not image.exists():
        raise DocumentError(f"page cannot be rendered ({done.stderr.decode(errors='replace').strip()[:200]})")
    try:
        return tesseract(image, dpi, engine)
    finally:
        image.unlink(missing_ok=True)


def _read_image_page(source: str, page: int, dpi: int, engine: Engine) -> dict:
    """One frame of a PNG, JPEG or TIFF, as 8-bit grayscale, then read it."""
    from tracuu.crawler.images import open_image

    with open_image(Path(source).read_bytes()) as image:
        image.seek(page)
        own_dpi = image.info.get("dpi")
        frame = image.convert("L")
    path = Path(f"{source}-page{page + 1}.pgm")
    frame.save(path)
    try:
        resolution = round(own_dpi[0]) if own_dpi and 70 <= own_dpi[0] <= 1200 else None
        return tesseract(path, resolution, engine)
    finally:
        path.unlink(missing_ok=True)


def tesseract(image: Path, dpi: int | None, engine: Engine) -> dict:
    """Tesseract's reading of one page image: ``{"text", "confidence", "words"}`` (mean word confidence 0-100)."""
    args = [engine.command, str(image), "stdout", "-l", engine.languages, "--psm", "1"]
    if dpi:
        args += ["--dpi", str(dpi)]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run([*args, "tsv"], capture_output=True, env=env, check=False)
    if done.returncode != 0:
        raise DocumentError(f"Tesseract failed ({done.stderr.decode(errors='replace').strip()[-200:]})")
    return from_tsv(done.stdout.decode("utf-8", errors="replace"))


def from_tsv(tsv: str) -> dict:
    """Text (lines of a paragraph on lines of their own, paragraphs apart) and mean confidence of Tesseract's TSV."""
    paragraphs: list[list[list[str]]] = []
    where: tuple | None = None
    line: tuple | None = None
    confidences: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        if row.get("level") != "5" or not word:
            continue
        paragraph = (row["page_num"], row["block_num"], row["par_num"])
        if paragraph != where:
            paragraphs.append([])
            where, line = paragraph, None
        if (*paragraph, row["line_num"]) != line:
            paragraphs[-1].append([])
            line = (*paragraph, row["line_num"])
        paragraphs[-1][-1].append(word)
        try:
            confidence = float(row["conf"])
        except (TypeError, ValueError):
            continue
        if confidence >= 0:
            confidences.append(confidence)
    text = "\n\n".join("\n".join(" ".join(words) for words in lines) for lines in paragraphs)
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return {"text": text, "confidence": round(mean, 2), "words": len(confidences)}
