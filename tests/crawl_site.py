"""A real HTTP server on 127.0.0.1 serving the test site (tests/data/site), with the awkward cases a crawler meets.

Static files answer with ETag and Last-Modified and honour conditional GET (304).  A few paths
behave on purpose: a permanent redirect, a redirect off the allowed host, a 404, a 500 that
succeeds on retry, a page slower than the crawler's timeout, a page over the size cap (sent with
no Content-Length), and a page whose text changes when a test says so.  ``{BASE}``, ``{HOST}``
and ``{PORT}`` in text files become the server's own address.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITE = Path(__file__).resolve().parent / "data" / "site"
TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml", ".gz": "application/x-gzip",
         ".txt": "text/plain", ".pdf": "application/pdf", ".doc": "application/msword",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
#: When every static file was "last modified" (fixed, so Last-Modified is stable across runs).
MODIFIED = formatdate(1_600_000_000, usegmt=True)


class SiteServer:
    """The site on an ephemeral port; ``hits`` lists ``(path, status)`` of every request served.

    ``arrivals`` lists the path of every request as it arrives: a request to the slow page is served
    (and in ``hits``) only after its sleep, which may end after the crawler gave up and finished.
    """

    def __init__(self, slow_seconds: float = 3.0, robots: str | None = None) -> None:
        self.slow_seconds = slow_seconds
        self.robots = robots
        self.version = 1
        self.hits: list[tuple[str, int]] = []
        self.arrivals: list[str] = []
        self.failures_left = {"/loi-tam-thoi.html": 1}
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str, status: int | None = None) -> int:
        """Requests served for ``path`` (with ``status`` if given)."""
        with self._lock:
            return sum(1 for p, s in self.hits if p == path and (status is None or s == status))

    def arrive(self, path: str) -> None:
        with self._lock:
            self.arrivals.append(path)

    def record(self, path: str, status: int) -> None:
        with self._lock:
            self.hits.append((path, status))

    def body(self, path: str) -> bytes | None:
        """The bytes of a static file with the server's address filled in (None if missing)."""
        file = (SITE / path.lstrip("/")).resolve()
        if path.endswith("/"):
            file = file / "index.html"
        if SITE not in file.parents or not file.is_file() or file.name == "build_site.py":
            return None
        data = file.read_bytes()
        fill = {b"{BASE}": self.base.encode(), b"{HOST}": b"127.0.0.1", b"{PORT}": str(self.port).encode(),
                b"{VERSION}": str(self.version).encode()}
        if file.suffix == ".gz":
            inner = gzip.decompress(data)
            for key, value in fill.items():
                inner = inner.replace(key, value)
            return gzip.compress(inner, mtime=0)
        if file.suffix in (".html", ".xml", ".txt"):
            for key, value in fill.items():
                data = data.replace(key, value)
        return data


def _handler(server: SiteServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
                  length: bool = True) -> None:
            server.record(self.path, status)
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the crawler gave up on this one (timeout or size cap), as it should

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            server.arrive(path)
            if path == "/cu/van-ban-529":
                return self.reply(301, headers={"Location": "/van-ban/cong-van-529-cv-qu.html"})
            if path.startswith("/chuyen/"):  # /chuyen/3 -> /chuyen/2 -> ... -> /
                left = int(path.rsplit("/", 1)[1])
                return self.reply(302, headers={"Location": f"/chuyen/{left - 1}" if left > 1 else "/"})
            if path == "/robots.txt" and server.robots is not None:
                return self.reply(200, server.robots.encode(), {"Content-Type": "text/plain"})
            if path == "/ra-ngoai":
                return self.reply(302, headers={"Location": f"http://localhost:{server.port}/index.html"})
            left = server.failures_left.get(path, 0)
            if left:
                server.failures_left[path] = left - 1
                return self.reply(500, b"temporary failure", {"Retry-After": "0"})
            if path == "/cham.html":
                time.sleep(server.slow_seconds)
            body = server.body(path)
            if body is None:
                return self.reply(404, "<html><body><h1>Không tìm thấy trang</h1></body></html>".encode())
            suffix = ".gz" if path.endswith(".gz") else Path(path).suffix or ".html"
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers = {"Content-Type": TYPES.get(suffix, "application/octet-stream"), "ETag": etag}
            if path != "/thay-doi.html":
                headers["Last-Modified"] = MODIFIED
            if self.headers.get("If-None-Match") == etag or (
                    "If-None-Match" not in self.headers and self.headers.get("If-Modified-Since") == MODIFIED
                    and path != "/thay-doi.html"):
                return self.reply(304, headers={"ETag": etag})
            # Over-size pages come without Content-Length: the cap must hold while streaming.
            return self.reply(200, body, headers, length=path != "/qua-lon.html")

    return Handler


#: Environment of a crawl test: short timeouts and backoff, a size cap the big page exceeds.
CRAWL_ENV = {"TRACUU_CRAWL_READ_TIMEOUT": "0.5", "TRACUU_CRAWL_CONNECT_TIMEOUT": "2", "TRACUU_CRAWL_BACKOFF": "0.01",
             "TRACUU_CRAWL_RETRIES": "2", "TRACUU_MAX_FILE_BYTES": "200000"}


@contextmanager
def crawl_env() -> Iterator[None]:
    """``CRAWL_ENV`` set for the duration (module-scoped fixtures cannot use monkeypatch), then restored."""
    saved = {k: os.environ.get(k) for k in CRAWL_ENV}
    os.environ.update(CRAWL_ENV)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
