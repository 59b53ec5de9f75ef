"""Polite HTTP: robots.txt, per-host delay, retries with backoff, size cap, checked redirects, conditional GET.

Every request of a crawl goes through one ``Fetcher``.  Redirects are followed here, hop by hop,
so each target is checked like a link: inside the allowed domains, allowed by robots.txt, and not
a loopback or private address unless the crawl allows them.
"""

from __future__ import annotations

import email.utils
import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from protego import Protego

from tracuu.crawler import guard
from tracuu.crawler.urls import host_of, in_domains, normalize
from tracuu import settings
from tracuu.errors import FetchError

_RETRY_STATUS = {429, 500, 502, 503, 504}
_REDIRECT_STATUS = {301, 302, 303, 307, 308}


@dataclass
class Response:
    """What one fetch brought back (``status`` 304 means unchanged: no body)."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes = b""
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass
class Politeness:
    """How a crawl treats servers; defaults come from the settings table."""

    user_agent: str = field(default_factory=lambda: str(settings.get("crawl_user_agent")))
    delay: float = field(default_factory=lambda: float(settings.get("crawl_delay")))
    connect_timeout: float = field(default_factory=lambda: float(settings.get("crawl_connect_timeout")))
    read_timeout: float = field(default_factory=lambda: float(settings.get("crawl_read_timeout")))
    retries: int = field(default_factory=lambda: int(settings.get("crawl_retries")))
    backoff: float = field(default_factory=lambda: float(settings.get("crawl_backoff")))
    max_wait: float = field(default_factory=lambda: float(settings.get("crawl_max_wait")))
    max_redirects: int = field(default_factory=lambda: int(settings.get("crawl_max_redirects")))
    max_bytes: int = field(default_factory=lambda: int(settings.get("max_file_bytes")))


def is_public_host(host: str, port: int) -> bool:
    """True when every address ``host`` resolves to is public (not loopback, private, link-local...)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise FetchError("dns", f"{host}: {exc.strerror or exc}") from exc
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if not ip.is_global or ip.is_multicast:
            return False
    return True


def retry_after(value: str | None) -> float | None:
    """Seconds asked for by a Retry-After header (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Fetcher:
    """Fetches URLs for one crawl; keeps robots.txt and the time of the last request per host."""

    def __init__(self, domains: list[str], allow_private: bool = False, polite: Politeness | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.domains = domains
        self.allow_private = allow_private
        self.polite = polite or Politeness()
        self.sleep = sleep
        self.host_delays: dict[str, float] = {}  # per-site delays from a --config file, by domain
        self._robots: dict[str, Protego] = {}
        self._last: dict[str, float] = {}
        self._safe_hosts: set[tuple[str, int]] = set()
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.polite.read_timeout, connect=self.polite.connect_timeout),
            headers={"User-Agent": self.polite.user_agent, "Accept-Language": "vi,en;q=0.5"},
            follow_redirects=False, trust_env=False, transport=guard.transport(allow_private),
        )

    def close(self) -> None:
        self.client.close()

    # --- checks -----------------------------------------------------------------------------

    def check(self, url: str) -> None:
        """Raise ``FetchError`` unless ``url`` may be fetched: scheme, domain, address, robots.txt."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("bad url", url)
        if not in_domains(url, self.domains):
            raise FetchError("outside allowed domains", url)
        self._check_address(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        if not self.robots(url).can_fetch(url, self.polite.user_agent):
            raise FetchError("disallowed by robots.txt", url)

    def _check_address(self, host: str, port: int) -> None:
        if self.allow_private or (host, port) in self._safe_hosts:
            return
        if not is_public_host(host, port):
            raise FetchError("private address", f"{host} is loopback or private (use --allow-private)")
        self._safe_hosts.add((host, port))

    def robots(self, url: str) -> Protego:
        """robots.txt of ``url``'s site (fetched once; a missing file allows everything)."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            text = ""
            try:
                response = self._get(key + "/robots.txt", {})
                if response.status == 200:
                    text = response.body.decode("utf-8", errors="replace")
                elif response.status >= 500:
                    text = "User-agent: *\nDisallow: /\n"  # RFC 9309: server error means stay away
            except FetchError as exc:
                if exc.reason in ("timeout", "connection", "http 500", "http 502", "http 503", "http 504"):
                    text = "User-agent: *\nDisallow: /\n"
            self._robots[key] = Protego.parse(text)
        return self._robots[key]

    def delay_for(self, url: str) -> float:
        """Seconds between requests to this host: our delay or the site's Crawl-delay, whichever is longer."""
        robots = self._robots.get(f"{urlsplit(url).scheme}://{urlsplit(url).netloc}")
        site = robots.crawl_delay(self.polite.user_agent) if robots else None
        ours = next((d for domain, d in self.host_delays.items() if in_domains(url, [domain])), self.polite.delay)
        return max(ours, float(site or 0))

    # --- fetching ---------------------------------------------------------------------------

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None,
              known: Callable[[str], bool] | None = None) -> Response:
        """GET ``url`` politely, following checked redirects; 304 when the validators still hold.

        A redirect to a URL for which ``known`` is true is not followed: the response has status 0
        and that URL, so a page is not downloaded twice.
        """
        self.check(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        chain: list[str] = []
        current = url
        while True:
            response = self._get(current, headers)
            if response.status not in _REDIRECT_STATUS:
                break
            target = normalize(response.headers.get("location", ""), current)
            if target is None:
                raise FetchError("bad redirect", f"{current} -> {response.headers.get('location')}")
            chain.append(current)
            if len(chain) > self.polite.max_redirects:
                raise FetchError("too many redirects", url)
            if target in chain:
                raise FetchError("redirect loop", url)
            self.check(target)
            if known is not None and known(target):
                return Response(url=target, status=0, headers={}, redirects=chain)
            if host_of(target) != host_of(current):
                headers = {}  # validators belong to the first host's copy
            current = target
        response.redirects = chain
        if response.status == 304 or 200 <= response.status < 300:
            return response
        raise FetchError(f"http {response.status}", current)

    def _get(self, url: str, headers: dict[str, str]) -> Response:
        """One GET with per-host delay and retries; redirects are returned, not followed."""
        attempt = 0
        while True:
            self._wait_turn(url)
            try:
                response = self._once(url, headers)
            except httpx.TimeoutException as exc:
                error, wait = FetchError("timeout", url), None
                error.__cause__ = exc
            except httpx.ConnectError as exc:
                if "private address" in str(exc):  # refused by crawler.guard at connection time
                    raise FetchError("private address", f"{url}: {exc} (use --allow-private)") from exc
                error, wait = FetchError("connection", f"{url}: {exc}"), None
                error.__cause__ = exc
            except httpx.TransportError as exc:
                error, wait = FetchError("connection", f"{url}: {exc}"), None
                error.__cause__ = exc
            else:
                if response.status not in _RETRY_STATUS:
                    return response
                error, wait = FetchError(f"http {response.status}", url), retry_after(response.headers.get("retry-after"))
                if attempt >= self.polite.retries:
                    return response
            if attempt >= self.polite.retries:
                raise error
            self.sleep(min(wait if wait is not None else self.polite.backoff * 2**attempt, self.polite.max_wait))
            attempt += 1

    def _wait_turn(self, url: str) -> None:
        host = host_of(url)
        last = self._last.get(host)
        if last is not None:
            gap = self.delay_for(url) - (time.monotonic() - last)
            if gap > 0:
                self.sleep(gap)

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        host = host_of(url)
        try:
            with self.client.stream("GET", url, headers=headers) as reply:
                declared = reply.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.polite.max_bytes:
                    raise FetchError("too large", f"{url}: {declared} bytes")
                chunks, size = [], 0
                for chunk in reply.iter_bytes():
                    size += len(chunk)
                    if size > self.polite.max_bytes:
                        raise FetchError("too large", f"{url}: over {self.polite.max_bytes} bytes")
                    chunks.append(chunk)
                return Response(url=url, status=reply.status_code, headers=dict(reply.headers.items()),
                                body=b"".join(chunks))
        finally:
            self._last[host] = time.monotonic()
