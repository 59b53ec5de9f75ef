"""Every setting in one table: name, default and help side by side.

Values come from the environment (``TRACUU_<NAME>`` upper case) or the defaults here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("home", "./tracuu-data", "Folder holding the archive, the index and crawl state."),
    Setting("max_file_bytes", 20 * 1024 * 1024, "Largest input file or response read, in bytes."),
    Setting("max_html_depth", 400, "Deepest HTML nesting accepted; a deeper page is skipped with that reason."),
    Setting("max_unzipped_bytes", 100 * 1024 * 1024, "Largest uncompressed content of a DOCX (zip bombs are skipped)."),
    Setting("parse_timeout", 30.0, "Seconds one attachment or large page may take to read before it is skipped."),
    Setting("parse_memory_mb", 1024, "Memory one attachment or large page may use while read, in MB."),
    Setting("sandbox_bytes", 1024 * 1024, "Pages larger than this (and every attachment) are read in a bounded child process."),
    # OCR of scans (crawler/ocr.py): Debian's tesseract-ocr and tesseract-ocr-vie, pages rendered by poppler-utils.
    Setting("ocr_command", "tesseract", "Tesseract program (a name on PATH or a path); empty: scans are archived without OCR."),
    Setting("ocr_languages", "vie", "Tesseract language models used to read scans (`vie+eng` adds English)."),
    Setting("ocr_dpi", 300, "Resolution PDF pages without a text layer are rendered at for OCR, in dots per inch."),
    Setting("ocr_max_pages", 30, "Most pages of one document read by OCR; the rest are left out and the document says so."),
    Setting("ocr_page_timeout", 120.0, "Seconds OCR of one page may take before that page is skipped."),
    Setting("ocr_page_memory_mb", 1024, "Memory OCR of one page may use (rendering and Tesseract together), in MB."),
    # Search backend: the embedded Whoosh index, or a SolrCloud collection (search/solr_admin.py, solr/configset).
    Setting("backend", "whoosh", "Search backend: `whoosh` (embedded index in the home) or `solr` (a SolrCloud collection)."),
    Setting("solr_url", "http://127.0.0.1:8983/solr", "Base URL of a SolrCloud node, for the solr backend."),
    Setting("solr_collection", "tracuu", "SolrCloud collection (or alias) the solr backend reads and writes."),
    Setting("page_size", 10, "Results per page by default."),
    Setting("max_page_size", 100, "Largest page size a search may ask for."),
    Setting("max_query_chars", 1000, "Longest search text accepted, in characters (longer is a 400)."),
    Setting("max_query_words", 64, "Most words a search text may have (query work grows with each word)."),
    Setting("serve_processes", 1, "Processes of `tracuu serve` (one per core answers the most requests; each keeps its own caches)."),
    Setting("result_cache", 512, "Searches a server process keeps the results of, for repeats (0: none)."),
    Setting("snippet_chars", 240, "Length of a result snippet, in characters."),
    Setting("rebuild_segment_mb", 192, "Postings a rebuild worker (one per core) holds in memory before it starts a new segment, in MB (the default keeps a 2-core rebuild under 1 GB)."),
    Setting("lock_timeout", 30.0, "Seconds a writer waits for another writer's lock."),
    # Polite crawling defaults; a site's Crawl-delay wins when it is longer than crawl_delay.
    Setting("crawl_user_agent", "tracuu-crawler/0.1 (directive archive crawler; obeys robots.txt)",
            "User-Agent sent by the crawler; robots.txt rules for it are obeyed."),
    Setting("crawl_delay", 1.0, "Seconds between two requests to the same host (at least)."),
    Setting("crawl_connect_timeout", 10.0, "Seconds to wait for a connection."),
    Setting("crawl_read_timeout", 30.0, "Seconds to wait for data from a server."),
    Setting("crawl_retries", 3, "Retries of a request that timed out or got 429/5xx."),
    Setting("crawl_backoff", 2.0, "First wait before a retry, in seconds; doubled each time (Retry-After wins)."),
    Setting("crawl_max_wait", 120.0, "Longest wait honoured from a Retry-After header, in seconds."),
    Setting("crawl_max_redirects", 5, "Redirects followed for one URL."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> object:
    """Return a setting's value: ``$TRACUU_<NAME>`` if set (cast to the default's type), else the default."""
    setting = _BY_NAME[name]
    raw = os.environ.get("TRACUU_" + name.upper())
    if raw is None:
        return setting.default
    kind = type(setting.default)
    return kind(raw) if kind in (int, float) else raw


def home(path: str | os.PathLike[str] | None = None) -> Path:
    """The home folder: the given path, else ``$TRACUU_HOME``, else ``./tracuu-data``."""
    return Path(path if path is not None else str(get("home"))).expanduser()
