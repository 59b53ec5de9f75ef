"""The JSON API: ``/api/search`` (the JSON of ``tracuu search --json``) and ``/api/documents/<id>``.

``/api/openapi.yaml`` serves ``web/openapi.yaml``, the description of both, as it is.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, request

from tracuu.search.cache import ResultCache
from tracuu.search.request import SearchRequest
from tracuu.web.documents import document_json, document_view
from tracuu.web.engines import engine
from tracuu.web.errors import json_text

bp = Blueprint("api", __name__, url_prefix="/api")
OPENAPI = Path(__file__).with_name("openapi.yaml")
RESULTS = ResultCache()  # scripts and pages ask the same searches again: answered once per index state


def _json(data: object) -> Response:
    return Response(json_text(data), mimetype="application/json")


@bp.get("/search")
def search() -> Response:
    """Search with the page's parameters; a bad one is a 400 whose body names it (see web.errors)."""
    req = SearchRequest.from_params(request.args.to_dict(flat=False))
    return _json(RESULTS.run(engine(), req))


@bp.get("/documents/<doc_id>")
def document(doc_id: str) -> Response:
    """One document with its metadata, text, citations and neighbours; 404 if there is no such id."""
    view = document_view(engine(), doc_id, request.args.get("q", ""))
    if view is None:
        abort(404)
    return _json(document_json(view))


@bp.get("/openapi.yaml")
def openapi() -> Response:
    """The OpenAPI 3 description of this API."""
    return Response(OPENAPI.read_bytes(), mimetype="application/yaml")
