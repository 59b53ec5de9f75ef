"""Safety on every response: a strict Content-Security-Policy and friends, and read-only methods."""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.exceptions import MethodNotAllowed

#: Our pages use no script, no frame and no outside resource: forbid anything else outright.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
READ_METHODS = ("GET", "HEAD")


def init_app(app: Flask) -> None:
    """Refuse writing methods before routing, and add the safety headers to every response."""

    @app.before_request
    def read_only() -> None:
        if request.method not in READ_METHODS:
            raise MethodNotAllowed(valid_methods=list(READ_METHODS))

    @app.after_request
    def add_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
