"""Jinja filters: marked snippets, Vietnamese dates and numbers, safe outbound links."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from flask import Flask
from markupsafe import Markup, escape


def marked(value: str | None) -> Markup:
    """Snippet HTML from the search layer, trusted only if its sole tags are ``<mark>``/``</mark>``."""
    value = value or ""
    bare = value.replace("<mark>", "").replace("</mark>", "")
    if "<" in bare or ">" in bare:
        return escape(value)  # not what the snippet code makes: show it as text rather than trust it
    return Markup(value)


def vndate(value: str | None) -> str:
    """``2021-08-11`` as ``11/08/2021``; anything else unchanged."""
    if not value:
        return ""
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d").strftime("%d/%m/%Y")
    except ValueError:
        return value


def vndatetime(value: str | None) -> str:
    """An ISO time stamp as ``21/02/2021 08:00 (UTC+00:00)``; anything else unchanged."""
    if not value:
        return ""
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return value
    zone = stamp.strftime(" (UTC%z)") if stamp.tzinfo else ""
    return stamp.strftime("%d/%m/%Y %H:%M") + zone.replace("UTC+0000", "UTC")


def vnnumber(value: int) -> str:
    """``12345`` as ``12.345`` (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def seconds(took_ms: float) -> str:
    """Milliseconds as seconds with a decimal comma: ``0,04``."""
    return f"{took_ms / 1000:.2f}".replace(".", ",")


def http_url(value: str | None) -> str | None:
    """``value`` if it is an http(s) address (safe to put in ``href``), else None."""
    if value and urlsplit(value).scheme.lower() in ("http", "https"):
        return value
    return None


def init_app(app: Flask) -> None:
    """Make the filters available to templates."""
    for func in (marked, vndate, vndatetime, vnnumber, seconds, http_url):
        app.add_template_filter(func)
