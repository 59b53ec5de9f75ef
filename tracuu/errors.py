"""Errors of our own, turned into one clear line at the CLI and web edges.

    TracuuError                 base: anything a user can be told about in one line
    ├── ConfigError             a setting or option has a bad value
    ├── ArchiveError            the archive cannot be opened, read or written
    ├── IndexError_             the search index is missing, unreadable or locked
    │   └── IndexMissing        no index has been built yet
    ├── LockedError             another tracuu process holds the home folder's lock
    ├── DocumentError           one input document cannot be read or parsed (batch goes on)
    ├── FetchError              one URL cannot be fetched; ``reason`` is a short key (crawl goes on)
    ├── SolrError               Solr cannot be reached or refused a request; ``status`` its HTTP status
    └── QueryError              a search parameter is invalid (bad date, page < 1, ...)
"""

from __future__ import annotations


class TracuuError(Exception):
    """Base of every error tracuu reports to a user."""


class ConfigError(TracuuError):
    """A setting or option has a bad value."""


class ArchiveError(TracuuError):
    """The archive cannot be opened, read or written."""


class IndexError_(TracuuError):
    """The search index is unusable."""


class IndexMissing(IndexError_):
    """No index has been built yet in this home."""


class LockedError(TracuuError):
    """Another tracuu process is writing to the same home."""


class DocumentError(TracuuError):
    """One input document cannot be read; the reason is the message."""


class FetchError(TracuuError):
    """One URL cannot be fetched; ``reason`` groups failures in the crawl report ("timeout", "http 404")."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


class SolrError(TracuuError):
    """Solr cannot be reached (``status`` None) or answered with an HTTP error ``status``."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class QueryError(TracuuError):
    """A search parameter is invalid; ``param`` names it."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param
