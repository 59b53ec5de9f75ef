"""A real SolrCloud on loopback: 2 nodes, a collection of 2 shards × 2 replicas on the shipped configset,
the archive indexed into it, searches that keep answering through a rebuild and, through the web app,
after one node is SIGKILLed.

One cluster serves every Solr test of the run (tests/solr_fixtures.py: starting it is most of the
time).  The archive holds the samples and the 40 shortest legal texts of tests/data/legal (segmenting
all 45 MB of the 459, not Solr, would take minutes; ``make bench SOLR=1`` indexes all of them into Solr).
"""

from __future__ import annotations

import json
import shutil
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.live_server import server_process
from tracuu.cli import main
from tracuu.index.analyzer import ALT_SEP, GROUP_SEP
from tracuu.index.archive import Archive
from tracuu.index.indexer import analyses_for, index_fields
from tracuu.search.solr_admin import aliases, call
from tracuu.search.solr_cluster import LoopbackCluster, free_port

ROOT = Path(__file__).resolve().parent.parent
LEGAL_DOCS = 40


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


@pytest.fixture
def cluster(solr_clusters) -> LoopbackCluster:
    return solr_clusters.get()


def _select(url: str, collection: str, q: str, **params) -> dict:
    facet = {"province": {"type": "terms", "field": "province", "refine": True, "limit": -1}}
    return call(url, f"/{collection}/select", {"q": q, "json.facet": json.dumps(facet), "wt": "json", **params},
                timeout=30.0)


def _cli(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


@pytest.mark.slow
def test_pre_analysed_tokens_facets_and_phrases(cluster):
    first, second = cluster.urls
    made = _cli("solr", "init", "--shards", "2", "--replicas", "2", "--url", first, "--collection", "tokens")
    assert made.exit_code == 0, made.output
    call(first, "/tokens/update", {"commit": "true"}, body=json.dumps(DOCS).encode())

    got = _select(second, "tokens", "body:dịch")
    assert got["response"]["numFound"] == 2
    assert {b["val"]: b["count"] for b in got["facets"]["province"]["buckets"]} == {"Hà Nội": 1, "Hà Tĩnh": 1}
    # positions are ours: the syllables make the phrase, the word stands at its first syllable
    assert call(first, "/tokens/select", {"q": 'body:"phòng chống dịch"'})["response"]["numFound"] == 1
    assert call(first, "/tokens/select", {"q": "body:phòng_chống"})["response"]["numFound"] == 1


@pytest.mark.slow
@pytest.mark.kills_solr_node  # node 1 stays down: the test runs after every other user of the cluster
def test_archive_indexed_updated_rebuilt_and_served_through_a_killed_node(cluster, tmp_path, monkeypatch):
    first, second = cluster.urls
    monkeypatch.setenv("TRACUU_SOLR_URL", first)
    monkeypatch.setenv("TRACUU_SOLR_COLLECTION", "archive")
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "samples", corpus / "samples")
    (corpus / "legal").mkdir()
    shortest = sorted((ROOT / "tests" / "data" / "legal").glob("*.txt"), key=lambda p: p.stat().st_size)
    for path in shortest[:LEGAL_DOCS]:
        shutil.copy(path, corpus / "legal" / path.name)
    home = str(tmp_path / "home")
    assert _cli("--home", home, "ingest", str(corpus)).exit_code == 0
    assert _cli("solr", "init", "--shards", "2", "--replicas", "2").exit_code == 0

    done = _cli("--home", home, "index", "--backend", "solr", "--json")
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    with Archive(Path(home) / "archive.sqlite") as archive:
        total, by_type = archive.count(), archive.group_counts("doc_type")
        fields = [index_fields(doc, analyses_for(archive, [doc.title, doc.text])) for doc in archive.iter_documents()]
    bodies, numbers = [f["body"] for f in fields], [f["number"] for f in fields if f["number"]]
    assert report["added"] == total >= LEGAL_DOCS
    # the same terms as the Whoosh index: phrases over syllables, words, document numbers as one token
    assert _select(second, "archive", 'body:"phòng chống dịch"')["response"]["numFound"] >= 3
    with_word = sum("phòng_chống" in body.replace(GROUP_SEP, ALT_SEP).split(ALT_SEP) for body in bodies)
    assert _select(second, "archive", "body:phòng_chống")["response"]["numFound"] == with_word >= 3
    assert _select(second, "archive", 'body_f:"phong chong dich"')["response"]["numFound"] >= 3
    number = min(numbers)
    assert _select(second, "archive", f'number:"{number}"')["response"]["numFound"] == numbers.count(number) >= 1
    facet = {"t": {"type": "terms", "field": "doc_type", "refine": True, "limit": -1}}
    got = call(second, "/archive/select", {"q": "*:*", "rows": 0, "json.facet": json.dumps(facet)})
    assert {b["val"]: b["count"] for b in got["facets"]["t"]["buckets"]} == \
        {k: v for k, v in by_type.items() if k != "(không rõ)"}

    again = json.loads(_cli("--home", home, "index", "--backend", "solr", "--json").output)
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, total)

    # one text changed, one deleted: exactly those two reach Solr
    changed = min((corpus / "legal").glob("*.txt"))
    changed.write_text(changed.read_text() + "\nGhi chú: bản sửa đổi thử nghiệm zyxwv.\n")
    assert _cli("--home", home, "ingest", str(corpus)).exit_code == 0
    with Archive(Path(home) / "archive.sqlite") as archive:
        assert archive.delete(str(min((corpus / "samples").glob("*.txt")).resolve()))
    step = json.loads(_cli("--home", home, "index", "--backend", "solr", "--json").output)
    assert (step["added"], step["updated"], step["deleted"]) == (0, 1, 1)
    assert _select(first, "archive", "body:zyxwv")["response"]["numFound"] == 1
    assert _select(first, "archive", "*:*")["response"]["numFound"] == total - 1

    def load(url: str, failures: list[str], stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                found = _select(url, "archive", 'body:"phòng chống dịch"')
                assert found["response"]["numFound"] >= 3 and found["facets"]["count"] >= 3
            except Exception as err:  # noqa: BLE001 (every failure is counted, whatever its kind)
                failures.append(repr(err))

    # a rebuild fills a new collection and swaps the alias: searches never stop meanwhile
    failures: list[str] = []
    stop = threading.Event()
    searching = [threading.Thread(target=load, args=(url, failures, stop)) for url in (first, second)]
    for t in searching:
        t.start()
    before = aliases(first)["archive"]
    rebuilt = _cli("--home", home, "index", "--backend", "solr", "--rebuild", "--json")
    stop.set()
    for t in searching:
        t.join()
    assert rebuilt.exit_code == 0, rebuilt.output
    assert failures == []
    after = aliases(first)["archive"]
    assert after != before
    assert not set(before) & set(call(first, "/admin/collections", {"action": "LIST"})["collections"])
    assert _select(first, "archive", "*:*")["response"]["numFound"] == total - 1

    # through the web app on the solr backend (no result cache: every request reaches Solr), one node
    # SIGKILLed during concurrent searches: every request answers, complete
    monkeypatch.setenv("TRACUU_BACKEND", "solr")
    monkeypatch.setenv("TRACUU_RESULT_CACHE", "0")
    queries = ["phòng chống dịch", "bảo hiểm xã hội", "bao hiem xa hoi", '"người lao động"']
    with server_process(Path(home), tmp_path / "serve.log", threads=8) as (base, _):
        expected = {q: _api(base, q) for q in queries}
        assert all(found["total"] > 0 for found in expected.values())

        def web_load(offset: int) -> None:
            i = offset
            while not stop.is_set():
                q = queries[i % len(queries)]
                i += 1
                try:
                    found = _api(base, q)
                    assert (found["total"], found["facets"]) == (expected[q]["total"], expected[q]["facets"])
                except Exception as err:  # noqa: BLE001 (every failure is counted, whatever its kind)
                    failures.append(repr(err))

        stop = threading.Event()
        searching = [threading.Thread(target=web_load, args=(k,)) for k in range(4)]
        for t in searching:
            t.start()
        cluster.kill_node(1)
        for q in queries * 3:
            assert _api(base, q)["total"] == expected[q]["total"]
        stop.set()
        for t in searching:
            t.join()
    assert failures == []


def _api(base: str, q: str) -> dict:
    with urllib.request.urlopen(f"{base}api/search?{urllib.parse.urlencode({'q': q})}", timeout=60) as response:
        return json.loads(response.read())


def test_unreachable_solr_is_one_line_and_exit_1(tmp_path, monkeypatch):
    home = str(tmp_path / "home")
    assert _cli("--home", home, "ingest", str(ROOT / "samples")).exit_code == 0
    monkeypatch.setenv("TRACUU_SOLR_URL", f"http://127.0.0.1:{free_port()}/solr")
    got = _cli("--home", home, "index", "--backend", "solr")
    assert got.exit_code == 1
    assert got.output.strip().startswith("Error: cannot reach Solr at http://127.0.0.1:")
    assert len(got.output.strip().splitlines()) == 1
