"""SolrCloud administration over HTTP: upload the shipped configset, create a collection, point an alias."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from tracuu.errors import ConfigError, SolrError

CONFIGSET = Path(__file__).resolve().parent.parent / "solr" / "configset"
__all__ = ["CONFIGSET", "aliases", "call", "collection_layout", "create_alias", "create_collection",
           "delete_collection", "init", "stamped", "upload_configset"]


def call(base: str, path: str, params: dict | None = None, body: bytes | None = None,
         content_type: str = "application/json", timeout: float = 60.0) -> dict:
    """GET (or POST ``body`` to) ``base + path``; Solr's JSON answer, or a one-line ``SolrError``."""
    if not base.startswith(("http://", "https://")):
        raise ConfigError(f"the Solr URL must start with http:// or https:// (got {base!r}): "
                          "set solr_url (TRACUU_SOLR_URL) or pass --url")
    url = base.rstrip("/") + path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type} if body else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as err:
        raise SolrError(f"Solr answered {err.code} to {path}: {_reason(err)}", err.code) from None
    except (urllib.error.URLError, OSError) as err:
        raise SolrError(f"cannot reach Solr at {base}: {getattr(err, 'reason', err)}") from None


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
    """Upload the configset and create ``collection`` as an alias of a collection of its own.

    Searches and updates name the alias; a rebuild fills a new collection and points the alias at
    it (``create_alias``), so searching never stops.  Returns the name of the real collection.
    """
    config = f"{collection}_conf"
    upload_configset(base, config)
    real = stamped(collection)
    create_collection(base, real, shards, replicas, config)
    create_alias(base, collection, real)
    return real


def stamped(name: str) -> str:
    """``name_<UTC timestamp to the millisecond>``: the name of one generation of an alias."""
    now = datetime.now(UTC)
    return f"{name}_{now:%Y%m%d%H%M%S}{now.microsecond // 1000:03d}"


def aliases(base: str) -> dict[str, list[str]]:
    """Every alias with the collections it points at."""
    found = call(base, "/admin/collections", {"action": "LISTALIASES", "wt": "json"}).get("aliases", {})
    return {name: [c for c in targets.split(",") if c] for name, targets in found.items()}


def create_alias(base: str, alias: str, collection: str) -> None:
    """Point ``alias`` at ``collection`` (replacing where it pointed: one atomic swap)."""
    call(base, "/admin/collections", {"action": "CREATEALIAS", "name": alias, "collections": collection,
                                      "wt": "json"})


def delete_collection(base: str, name: str) -> None:
    """Delete collection ``name`` and its files on every node."""
    call(base, "/admin/collections", {"action": "DELETE", "name": name, "wt": "json"}, timeout=180.0)


def collection_layout(base: str, name: str) -> tuple[int, int, str]:
    """``(shards, replicas per shard, configset)`` of collection ``name``."""
    state = call(base, "/admin/collections", {"action": "CLUSTERSTATUS", "collection": name, "wt": "json"})
    info = state["cluster"]["collections"][name]
    shards = info["shards"]
    replicas = max((len(s.get("replicas", {})) for s in shards.values()), default=1)
    return len(shards), int(info.get("replicationFactor") or replicas), info["configName"]
