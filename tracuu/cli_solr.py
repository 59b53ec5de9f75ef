"""``tracuu solr``: SolrCloud administration (the configset and the collection of the Solr backend)."""

from __future__ import annotations

import click

from tracuu import settings


@click.group("solr")
def solr() -> None:
    """SolrCloud backend: upload the shipped configset and create the collection."""


@solr.command("init")
@click.option("--shards", type=click.IntRange(1, 1024), default=1, show_default=True, help="Shards of the collection.")
@click.option("--replicas", type=click.IntRange(1, 64), default=1, show_default=True, help="Replicas of each shard.")
@click.option("--url", default=None, help="A Solr node's base URL (default: the solr_url setting).")
@click.option("--collection", default=None, help="Collection name (default: the solr_collection setting).")
def init_cmd(shards: int, replicas: int, url: str | None, collection: str | None) -> None:
    """Upload the configset and create the collection with SHARDS x REPLICAS (an alias of a generation)."""
    from tracuu.cli import one_line_errors
    from tracuu.search.solr_admin import init

    url = url or str(settings.get("solr_url"))
    collection = collection or str(settings.get("solr_collection"))
    with one_line_errors("solr init"):
        real = init(url, collection, shards, replicas)
    click.echo(f"Đã tạo bộ sưu tập {collection} (bí danh của {real}; {shards} shard × {replicas} bản sao, "
               f"cấu hình {collection}_conf) tại {url}")
