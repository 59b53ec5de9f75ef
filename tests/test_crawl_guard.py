"""The crawler stays where it is sent: the connection itself refuses non-public addresses."""

from __future__ import annotations

import httpx
import pytest

from tracuu.crawler.guard import PrivateAddressError, public_address
from tracuu.crawler.http import Fetcher
from tests.crawl_site import SiteServer
from tracuu.errors import FetchError


@pytest.fixture
def site():
    with SiteServer(slow_seconds=1.0) as server:
        yield server


def test_a_request_that_skipped_every_check_still_cannot_connect(site: SiteServer) -> None:
    """As after a DNS answer that changed since the check (rebinding): the socket is never opened."""
    fetcher = Fetcher(domains=["localhost"], allow_private=False)
    try:
        with pytest.raises(httpx.ConnectError, match="private address"):
            fetcher.client.get(f"http://localhost:{site.port}/")
    finally:
        fetcher.close()
    assert site.hits == []


def test_a_cached_verdict_does_not_open_the_way(site: SiteServer) -> None:
    fetcher = Fetcher(domains=["localhost"], allow_private=False)
    fetcher._safe_hosts.add(("localhost", site.port))  # as if the host had resolved to a public address before
    try:
        with pytest.raises(FetchError, match="private address"):
            fetcher.fetch(f"http://localhost:{site.port}/")
    finally:
        fetcher.close()
    assert site.hits == []


def test_allow_private_reaches_the_test_site(site: SiteServer) -> None:
    fetcher = Fetcher(domains=["127.0.0.1"], allow_private=True)
    try:
        assert fetcher.client.get(site.url("/robots.txt")).status_code in (200, 404)
    finally:
        fetcher.close()


@pytest.mark.parametrize("host", ["127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1", "fe80::1"])
def test_non_public_addresses_are_refused(host: str) -> None:
    with pytest.raises(PrivateAddressError):
        public_address(host, 80)


def test_a_gzip_bomb_sitemap_inflates_only_to_the_cap() -> None:
    import gzip

    from tracuu.crawler.discover import _MAX_XML, gunzip_capped, sitemap_links

    bomb = gzip.compress(b"<urlset>" + b" " * (4 * _MAX_XML))  # 200 MB of spaces in about 200 KB
    assert len(gunzip_capped(bomb)) == _MAX_XML
    real = gzip.compress(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                         b"<url><loc>http://a.vn/van-ban/1.html</loc></url></urlset>")
    assert [link.url for link in sitemap_links(real, "http://a.vn/")] == ["http://a.vn/van-ban/1.html"]
