"""URL normalisation and scope: one page, one URL; nothing outside the allowed domains."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

#: Query parameters that only track the visitor and never change the page.
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|zarsrc|ref_src)$",
                      re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
#: Characters kept as they are in a path; everything else is percent-encoded once.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


def normalize(url: str, base: str | None = None) -> str | None:
    """Absolute, canonical form of ``url`` (resolved against ``base``), or None if not http(s).

    Lower-case scheme and host, no default port, no fragment, no tracking parameters, query
    parameters sorted, ``.``/``..`` segments resolved, path percent-encoding made uniform.
    """
    url = url.strip()
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    trailing = path.endswith("/")
    path = posixpath.normpath(path) if path not in ("", "/") else "/"
    if trailing and not path.endswith("/"):
        path += "/"
    path = quote(unquote(path), safe=_PATH_SAFE)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def host_of(url: str) -> str:
    """Lower-case host name of ``url`` (no port)."""
    return (urlsplit(url).hostname or "").lower()


def in_domains(url: str, domains: list[str]) -> bool:
    """True when ``url``'s host is one of ``domains`` or a subdomain of one."""
    host = host_of(url)
    return any(host == d or host.endswith("." + d) for d in (d.lower().strip(".") for d in domains))


def suffix_of(url: str) -> str:
    """Lower-case file suffix of the URL's path (``.pdf``), or ``""``."""
    return posixpath.splitext(urlsplit(url).path)[1].lower()
