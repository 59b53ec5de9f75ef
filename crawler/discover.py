"""Finding URLs: links of a page, sitemaps (indexes and .gz included), RSS and Atom feeds."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import lxml.html
from lxml import etree

from tracuu.crawler.urls import normalize, suffix_of

#: Suffixes fetched as attachments (directive files), not as pages.
ATTACHMENTS = {".pdf", ".docx", ".doc"}
#: Suffixes never worth a request.
SKIPPED = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".css", ".js", ".mp3", ".mp4", ".avi",
           ".zip", ".rar", ".7z", ".xls", ".xlsx", ".ppt", ".pptx", ".woff", ".woff2", ".ttf", ".exe"}
_MAX_XML = 50 * 1024 * 1024


@dataclass
class Link:
    """A URL found somewhere, with what it is and the text it was shown with."""

    url: str
    kind: str  # page | attachment | sitemap
    label: str | None = None


def kind_of(url: str) -> str | None:
    """``attachment`` for directive files, ``page`` for anything else worth fetching, None to skip."""
    suffix = suffix_of(url)
    if suffix in ATTACHMENTS:
        return "attachment"
    return None if suffix in SKIPPED else "page"


def html_links(html: str, base: str) -> list[Link]:
    """Normalised links of an HTML page (``<base href>`` honoured), without duplicates, in page order."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    for tag in root.iter("base"):
        if tag.get("href"):
            base = normalize(tag.get("href"), base) or base
            break
    pairs = [(a.get("href"), " ".join(a.text_content().split()) or None) for a in root.iter("a") if a.get("href")]
    return page_links(pairs, base)


def page_links(hrefs: list[tuple[str, str | None]], base: str) -> list[Link]:
    """Normalised links from ``(href, label)`` pairs, without duplicates, in order."""
    out: dict[str, Link] = {}
    for href, label in hrefs:
        if href.strip().lower().startswith(("javascript:", "mailto:", "tel:", "data:")):
            continue
        url = normalize(href, base)
        kind = kind_of(url) if url else None
        if url and kind and url not in out:
            out[url] = Link(url, kind, label)
    return list(out.values())


def gunzip_capped(data: bytes, limit: int = _MAX_XML) -> bytes:
    """Undo gzip, never inflating past ``limit`` bytes (a gzip bomb stops there, cut short)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    return inflater.decompress(data, limit)


def _xml_root(data: bytes) -> etree._Element | None:
    if data[:2] == b"\x1f\x8b":
        try:
            data = gunzip_capped(data)
        except zlib.error:
            return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        return etree.fromstring(data.strip(), parser)
    except etree.XMLSyntaxError:
        return None


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def sitemap_links(data: bytes, base: str) -> list[Link]:
    """URLs of a sitemap (``page``/``attachment``) or of a sitemap index (``sitemap``); gzip is undone."""
    root = _xml_root(data)
    if root is None:
        return []
    nested = _local(root.tag) == "sitemapindex"
    out = []
    for loc in root.iter():
        if _local(loc.tag) != "loc" or not (loc.text or "").strip():
            continue
        url = normalize(loc.text, base)
        kind = "sitemap" if nested else (kind_of(url) if url else None)
        if url and kind:
            out.append(Link(url, kind))
    return out


def feed_links(data: bytes, base: str) -> list[Link]:
    """Item links of an RSS 2.0, RSS 1.0 (RDF) or Atom feed."""
    root = _xml_root(data)
    if root is None:
        return []
    out = []
    for item in root.iter():
        if _local(item.tag) not in ("item", "entry"):
            continue
        href = None
        title = None
        for child in item:
            name = _local(child.tag)
            if name == "title":
                title = (child.text or "").strip() or None
            elif name == "link":
                rel = child.get("rel", "alternate")
                if child.get("href") and rel == "alternate":
                    href = child.get("href")
                elif (child.text or "").strip():
                    href = child.text.strip()
        url = normalize(href, base) if href else None
        kind = kind_of(url) if url else None
        if url and kind:
            out.append(Link(url, kind, title))
    return out


def looks_like_feed(data: bytes) -> bool:
    """True for RSS/Atom documents (served with a generic XML content type)."""
    root = _xml_root(data[:1_000_000]) if data.lstrip()[:1] == b"<" else None
    return root is not None and _local(root.tag) in ("rss", "feed", "rdf")


def looks_like_sitemap(data: bytes) -> bool:
    """True for sitemaps and sitemap indexes (plain or gzip)."""
    root = _xml_root(data)
    return root is not None and _local(root.tag) in ("urlset", "sitemapindex")
