"""The web front end: a search page, document pages and a JSON API over one home's archive and index.

    create_app(config=None)    the Flask app; ``config`` may set ``TRACUU_HOME`` (else the ``home`` setting)
                               and ``TRACUU_BACKEND`` (else the ``backend`` setting: whoosh or solr)

The app only reads: every route answers GET or HEAD, and no route changes the archive or the index.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tracuu import settings
from tracuu.web.engines import ThreadEngines


def create_app(config: dict | None = None) -> Flask:
    """Build the app; each server thread keeps one long-lived search backend (it follows index rebuilds)."""
    app = Flask(__name__)
    app.config.update(TRACUU_HOME=str(settings.home()), TRACUU_BACKEND=str(settings.get("backend")), JSON_AS_ASCII=False,
                      # Errors go through our handlers even under testing: no traceback reaches a client.
                      PROPAGATE_EXCEPTIONS=False, TRAP_HTTP_EXCEPTIONS=False)
    app.config.update(config or {})
    # No redirect from "//" to "/": werkzeug builds such redirects from the Host header a client sends.
    app.url_map.merge_slashes = False
    app.extensions["tracuu_engines"] = ThreadEngines(Path(app.config["TRACUU_HOME"]),
                                                      app.config["TRACUU_BACKEND"])

    from tracuu.web import api, errors, filters, pages, safety

    safety.init_app(app)
    errors.init_app(app)
    filters.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    return app
