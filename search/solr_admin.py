"""SolrCloud administration over HTTP: upload the shipped configset, create a collection, point an alias."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

from tracuu.errors import TracuuError

CONFIGSET = Path(__file__).resolve().parent.parent / "solr" / "configset"
__all__ = ["CONFIGSET", "call", "create_collection", "init", "upload_configset"]


def call(base: str, path: str, params: dict | None = None, body: bytes | None = None,
         content_type: str = "application/json", timeout: float = 60.0) -> dict:
    """GET (or POST ``body`` to) ``base + path``; Solr's JSON answer, or a one-line ``TracuuError``."""
    url = base.rstrip("/") + path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type} if body else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as err:
        raise TracuuError(f"Solr answered {err.code} to {path}: {_reason(err)}") from None
    except (urllib.error.URLError, OSError) as err:
        raise TracuuError(f"cannot reach Solr at {base}: {getattr(err, 'reason', err)}") from None


def _reason(err: urllib.error.HTTPError) -> str:
    try:
        return json.loads(err.read())["error"]["msg"].splitlines()[0]
    except (ValueError, KeyError, TypeError, IndexError):
        return err.reason


def upload_configset(base: str, name: str, folder: Path = CONFIGSET) -> None:
    """Zip ``folder/conf`` and upload it as configset ``name`` (replacing one of that name)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in sorted((folder / "conf").rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder / "conf").as_posix())
    call(base, "/admin/configs", {"action": "UPLOAD", "name": name, "overwrite": "true", "wt": "json"},
         body=buffer.getvalue(), content_type="application/octet-stream")


def create_collection(base: str, name: str, shards: int, replicas: int, config: str) -> None:
    """Create collection ``name`` of ``shards`` × ``replicas`` on configset ``config``, waiting for it."""
    call(base, "/admin/collections", {
        "action": "CREATE", "name": name, "numShards": shards, "replicationFactor": replicas,
        "collection.configName": config, "waitForFinalState": "true", "wt": "json",
    }, timeout=180.0)


def init(base: str, collection: str, shards: int, replicas: int) -> str:
    """Upload the configset and create ``collection``; returns the configset's name."""
    config = f"{collection}_conf"
    upload_configset(base, config)
    create_collection(base, collection, shards, replicas, config)
    return config
