"""The crawl loop: take a URL from the frontier, fetch it politely, archive it, queue what it links to."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from tracuu.crawler import attachments, discover, linking
from tracuu.crawler.charset import decode
from tracuu.crawler.dedup import Dedup
from tracuu.crawler.files import document_from_bytes
from tracuu.crawler.frontier import Entry, Frontier
from tracuu.crawler.http import Fetcher, Response
from tracuu.crawler.ingest import IngestReport, store_document
from tracuu.crawler.urls import in_domains, normalize, suffix_of
from tracuu.index.archive import Archive, now
from tracuu.index.document import Document
from tracuu.index.failures import internal_error, kind_of
from tracuu.errors import ConfigError, DocumentError, FetchError

_TEXT_TYPES = {"text/html": "text/html", "application/xhtml+xml": "text/html", "text/plain": "text/plain"}


@dataclass
class Site:
    """One site to crawl: where to start and what is inside it."""

    seeds: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    delay: float | None = None


@dataclass
class CrawlOptions:
    """Everything one crawl was asked to do."""

    sites: list[Site]
    max_pages: int | None = None
    max_depth: int | None = None
    allow_private: bool = False

    def key(self) -> str:
        """Identifies the crawl, so that running the same command again resumes it."""
        data = [[s.seeds, s.domains, s.include, s.exclude, s.sitemaps, s.feeds] for s in self.sites]
        return hashlib.sha1(json.dumps([data, self.max_depth]).encode()).hexdigest()


@dataclass
class CrawlReport:
    """What one run of the crawler did."""

    fetched: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: Counter = field(default_factory=Counter)
    bytes: int = 0
    seconds: float = 0.0
    queued: int = 0
    resumed: bool = False
    stopped: bool = False
    duplicates: int = 0
    flagged: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def internal_errors(self) -> int:
        """Pages our own code failed on (see ``index.failures``)."""
        return sum(n for reason, n in self.failed.items() if reason.startswith("internal error"))

    def to_dict(self) -> dict:
        return {"fetched": self.fetched, "new": self.new, "changed": self.changed, "unchanged": self.unchanged,
                "failed": dict(self.failed), "failed_urls": self.errors, "bytes": self.bytes,
                "seconds": round(self.seconds, 3), "queued": self.queued, "resumed": self.resumed,
                "stopped": self.stopped, "duplicates": self.duplicates, "flagged": self.flagged}


class Spider:
    """Runs one crawl over an archive; ``stop()`` (from a signal handler) ends it after the page in flight."""

    def __init__(self, archive: Archive, frontier: Frontier, dedup: Dedup, options: CrawlOptions,
                 fetcher: Fetcher | None = None, progress: Callable[[CrawlReport], None] | None = None) -> None:
        self.archive, self.frontier, self.dedup, self.options = archive, frontier, dedup, options
        domains = [d for s in options.sites for d in s.domains]
        self.fetcher = fetcher or Fetcher(domains, options.allow_private)
        for site in options.sites:
            if site.delay is not None:
                for domain in site.domains:
                    self.fetcher.host_delays[domain] = site.delay
        self.progress = progress
        self.report = CrawlReport()
        self._stopping = False
        try:
            self._rules = [([re.compile(p) for p in s.include], [re.compile(p) for p in s.exclude], s.domains)
                           for s in options.sites]
        except re.error as exc:
            raise ConfigError(f"bad --include/--exclude pattern: {exc}") from exc

    def stop(self) -> None:
        """Finish the page in flight, then stop; the crawl resumes from there next time."""
        self._stopping = True

    def run(self) -> CrawlReport:
        """Crawl until the frontier is empty, ``max_pages`` is reached or ``stop()`` is called."""
        started = time.perf_counter()
        self.report.resumed = self.frontier.begin(self.options.key())
        if not self.report.resumed:
            self._seed()
        while not self._stopping:
            if self.options.max_pages is not None and self.frontier.handled() >= self.options.max_pages:
                break
            entry = self.frontier.next()
            if entry is None:
                break
            self._visit(entry)
            self.report.queued = self.frontier.queued()
            self.report.seconds = time.perf_counter() - started
            if self.progress:
                self.progress(self.report)
        self.report.stopped = self._stopping
        if not self._stopping:
            self.frontier.finish()
        self.report.queued = self.frontier.queued()
        self.report.seconds = time.perf_counter() - started
        return self.report

    def _seed(self) -> None:
        for site in self.options.sites:
            for url, kind in [*((u, "page") for u in site.seeds), *((u, "sitemap") for u in site.sitemaps),
                              *((u, "feed") for u in site.feeds)]:
                normal = normalize(url)
                if normal is None:
                    raise ConfigError(f"not an http(s) URL: {url}")
                self.frontier.add(normal, kind, 0)

    # --- scope ------------------------------------------------------------------------------

    def _wanted(self, link: discover.Link) -> bool:
        for include, exclude, domains in self._rules:
            if not in_domains(link.url, domains):
                continue
            if any(p.search(link.url) for p in exclude):
                return False
            # --include narrows pages only: a directive file linked from a wanted page is wanted too.
            return link.kind != "page" or not include or any(p.search(link.url) for p in include)
        return False

    def _enqueue(self, links: list[discover.Link], entry: Entry, depth: int) -> None:
        limit = self.options.max_depth
        for link in links:
            if link.kind == "page" and limit is not None and depth > limit:
                continue
            if self._wanted(link):
                self.frontier.add(link.url, link.kind, depth, parent=entry.url, label=link.label)

    # --- one URL ----------------------------------------------------------------------------

    def _validators(self, entry: Entry) -> tuple[str | None, str | None]:
        """ETag and Last-Modified of the archived copy, for a conditional GET."""
        if entry.kind not in ("page", "attachment"):
            return None, None
        if entry.source is not None:
            return entry.etag, entry.last_modified
        # Archived by a run killed before it could note so in the frontier: the archive has them too.
        doc = self.archive.by_source(entry.url)
        if doc is None:
            return None, None
        entry.source = doc.source
        kept = doc.extra.get("validators") or {}
        return kept.get("etag"), kept.get("last_modified")

    def _visit(self, entry: Entry) -> None:
        try:
            self._visit_unguarded(entry)
        except Exception as exc:  # noqa: BLE001 - one URL's unexpected failure is its own; the crawl goes on
            self._fail(entry.url, kind_of(exc), internal_error(entry.url, exc))

    def _visit_unguarded(self, entry: Entry) -> None:
        try:
            etag, modified = self._validators(entry)
            response = self.fetcher.fetch(entry.url, etag, modified, known=self.frontier.seen)
        except FetchError as exc:
            self._fail(entry.url, exc.reason, str(exc))
            return
        final = response.url
        if response.status == 0:  # a redirect to a page this pass already has
            self.frontier.done(entry.url, 0, final, source=self.frontier.source_of(final))
            return
        self.report.fetched += 1
        self.report.bytes += len(response.body)
        try:
            source = self._handle(entry, response)
        except DocumentError as exc:
            self._fail(entry.url, "unreadable", str(exc))
            return
        etag = response.headers.get("etag")
        modified = response.headers.get("last-modified")
        digest = hashlib.sha1(response.body).hexdigest() if response.status != 304 else None
        self.frontier.done(entry.url, response.status, final, etag, modified, digest, source)
        if final != entry.url:
            self.frontier.done(final, response.status, final, etag, modified, digest, source)

    def _fail(self, url: str, reason: str, detail: str) -> None:
        self.frontier.failed(url, reason)
        self.report.failed[reason] += 1
        self.report.errors[url] = detail

    def _handle(self, entry: Entry, response: Response) -> str | None:
        """Archive or read what came back; return the archive key when a document was kept."""
        body, url = response.body, response.url
        if response.status == 304:
            self.report.unchanged += 1
            if entry.kind == "page" and entry.source:
                self._links_of_archived(entry)
            return entry.source
        if entry.kind in ("sitemap", "feed") or response.content_type in ("application/xml", "text/xml",
                                                                             "application/rss+xml",
                                                                             "application/atom+xml",
                                                                             "application/x-gzip", "application/gzip"):
            self._read_listing(entry, body, url)
            return None
        kind = attachments.sniff(body, response.content_type, suffix_of(url))
        if kind is not None:
            return self._archive(entry, response, kind)
        if response.content_type in _TEXT_TYPES or (not response.content_type and entry.kind == "page"):
            source = self._archive(entry, response, _TEXT_TYPES.get(response.content_type, "text/html"))
            if _TEXT_TYPES.get(response.content_type, "text/html") == "text/html":
                text, _ = decode(body, response.headers.get("content-type"))
                self._enqueue(discover.html_links(text, url), entry, entry.depth + 1)
            return source
        raise DocumentError(f"unsupported content type '{response.content_type}'")

    def _read_listing(self, entry: Entry, body: bytes, url: str) -> None:
        if discover.looks_like_sitemap(body):
            links = discover.sitemap_links(body, url)
        elif discover.looks_like_feed(body):
            links = discover.feed_links(body, url)
        else:
            raise DocumentError("neither a sitemap nor a feed")
        self._enqueue(links, entry, entry.depth)

    def _links_of_archived(self, entry: Entry) -> None:
        """An unchanged page still leads somewhere: take its links from the archived copy."""
        doc = self.archive.by_source(entry.source)
        if doc is not None and doc.raw and doc.content_type == "text/html":
            text, _ = decode(doc.raw)
            self._enqueue(discover.html_links(text, doc.url or entry.url), entry, entry.depth + 1)

    def _archive(self, entry: Entry, response: Response, content_type: str) -> str:
        """Clean and archive one page or attachment, tie it to its page and its duplicate group."""
        url = response.url
        digest = hashlib.sha1(response.body).hexdigest()
        previous = self.archive.by_source(url)
        if previous is not None and entry.content_hash == digest:
            self.report.unchanged += 1  # the server ignored our validators, but the bytes are the same
            return url
        doc = document_from_bytes(response.body, url, content_type, url=url, ocr_cache=self.archive,
                                  header_charset=response.headers.get("content-type"))
        doc.fetched_at = now()
        with self.archive.transaction():  # the document and what it changes in others, or nothing
            self._keep(entry, doc, response, content_type, previous)
        return url

    def _keep(self, entry: Entry, doc: Document, response: Response, content_type: str,
              previous: Document | None) -> None:
        """Archive ``doc`` with its validators, its page or attachments and its duplicate group."""
        url = response.url
        validators = {"etag": response.headers.get("etag"), "last_modified": response.headers.get("last-modified")}
        doc.extra["validators"] = {k: v for k, v in validators.items() if v}
        if response.redirects:
            doc.extra["redirects"] = response.redirects
        if doc.extra.get("note"):
            self.report.flagged[url] = doc.extra["note"]
        linking.carry_over(doc, previous)
        if content_type in attachments.TYPES.values():
            if not doc.meta.title and entry.label:
                doc.meta.title = entry.label
            linking.link_attachment(self.archive, doc, self.frontier.source_of(entry.parent) if entry.parent else None)
        else:
            linking.lend_from_attachments(self.archive, doc)
        old_group = previous.extra.get("duplicate_of") if previous else None
        new_group = self.dedup.assign(doc.id, doc.text)
        linking.regroup(self.archive, doc, old_group, new_group)
        if new_group:
            self.report.duplicates += 1
        counts = IngestReport()
        store_document(self.archive, doc, counts)
        self.report.new += counts.new
        self.report.changed += counts.changed
        self.report.unchanged += counts.unchanged
