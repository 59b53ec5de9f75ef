"""A real SolrCloud on loopback: 2 nodes, a collection of 2 shards × 2 replicas on the shipped configset,
pre-analysed documents in, and searches that keep answering after one node is SIGKILLed."""

from __future__ import annotations

import json
import threading

import pytest
from click.testing import CliRunner
from tracuu.search.solr_admin import call
from tracuu.search.solr_cluster import LAUNCHER, LoopbackCluster

from tracuu.cli import main

pytestmark = pytest.mark.slow


def _field(tokens: list[tuple[str, int, int, int]]) -> str:
    """PreAnalyzedField JSON: (term, position increment, start, end) per token."""
    return json.dumps({"v": "1", "tokens": [{"t": t, "i": i, "s": s, "e": e} for t, i, s, e in tokens]})


DOCS = [
    {"id": "a", "province": "Hà Nội", "doc_type": "Chỉ thị", "date": "2021-08-01T00:00:00Z",
     # a word stands at its first syllable's position, before the next syllable: Lucene refuses offsets
     # that go backwards
     "body": _field([("phòng", 1, 0, 5), ("phòng_chống", 0, 0, 11), ("chống", 1, 6, 11), ("dịch", 1, 12, 16)])},
    {"id": "b", "province": "Hà Tĩnh", "doc_type": "Công văn", "date": "2020-03-01T00:00:00Z",
     "body": _field([("chống", 1, 0, 5), ("dịch", 1, 6, 10)])},
    {"id": "c", "province": "Hà Nội", "doc_type": "Công văn", "date": "2019-01-01T00:00:00Z",
     "body": _field([("họp", 1, 0, 3)])},
]


def _search(url: str) -> dict:
    return call(url, "/tracuu/select", {"q": "body:dịch", "json.facet": json.dumps(
        {"province": {"type": "terms", "field": "province", "refine": True}}), "wt": "json"}, timeout=30.0)


def test_two_node_cloud_survives_a_killed_node(tmp_path):
    # `make test` builds the launcher first; a bare pytest run without it must say so, not pass silently.
    assert (LAUNCHER / "classes").is_dir(), "the Solr launcher is not built: run `make solr-launcher`"
    with LoopbackCluster(tmp_path / "solr", nodes=2) as cluster:
        first, second = cluster.urls
        made = CliRunner().invoke(main, ["solr", "init", "--shards", "2", "--replicas", "2", "--url", first,
                                         "--collection", "tracuu"])
        assert made.exit_code == 0, made.output
        call(first, "/tracuu/update", {"commit": "true"}, body=json.dumps(DOCS).encode())

        got = _search(second)
        assert got["response"]["numFound"] == 2
        assert {b["val"]: b["count"] for b in got["facets"]["province"]["buckets"]} == {"Hà Nội": 1, "Hà Tĩnh": 1}
        # positions are ours: the syllables make the phrase, the word stands at its first syllable
        assert call(first, "/tracuu/select", {"q": 'body:"phòng chống dịch"'})["response"]["numFound"] == 1
        assert call(first, "/tracuu/select", {"q": "body:phòng_chống"})["response"]["numFound"] == 1

        failures: list[str] = []
        done = threading.Event()

        def load() -> None:
            while not done.is_set():
                try:
                    assert _search(first)["response"]["numFound"] == 2
                except Exception as err:  # noqa: BLE001 (every failure is counted, whatever its kind)
                    failures.append(repr(err))

        workers = [threading.Thread(target=load) for _ in range(4)]
        for w in workers:
            w.start()
        cluster.kill_node(1)
        for _ in range(20):
            _search(first)
        done.set()
        for w in workers:
            w.join()
        assert failures == []
