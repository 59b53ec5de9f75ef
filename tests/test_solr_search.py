"""The Solr backend against the Whoosh one, on a real SolrCloud (2 nodes, 2 shards x 2 replicas).

One archive (the samples and the judged legal dev documents) indexed by both backends: every dev
query must give the same totals and facet counts and a top 10 overlapping at least 0.8 (the mean is
printed), the query language and filters must agree, and ``tracuu search --json``, ``/api/search``
and ``/api/documents`` must say the same whichever backend answers.
"""

from __future__ import annotations

import json
import statistics
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from tracuu.index.archive import Archive
from tracuu.search.engine import Filters
from tracuu.search.eval import load_queries
from tracuu.search.request import SearchRequest
from tracuu.search.solr_cluster import LoopbackCluster
from tracuu.search.solr_search import SolrBackend
from tracuu.search.whoosh_backend import WhooshBackend

from tests.live_server import server_process
from tracuu.cli import main

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "data" / "eval"
COLLECTION = "agree"

pytestmark = pytest.mark.slow


def _judged(qrels: Path) -> list[Path]:
    names = {line.split("\t")[1] for line in qrels.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")}
    return sorted(p for p in (ROOT / "tests" / "data" / "legal").glob("*.txt") if p.name in names)


@pytest.fixture(scope="module")
def cluster(solr_clusters) -> LoopbackCluster:
    return solr_clusters.get()


@pytest.fixture(scope="module")
def home(cluster: LoopbackCluster, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive in both indexes, through the CLI: Whoosh's, and a collection of 2 shards x 2 replicas."""
    home = tmp_path_factory.mktemp("agree-home")
    runner = CliRunner(env={"TRACUU_PARSE_TIMEOUT": "300", "TRACUU_SOLR_URL": cluster.urls[0],
                            "TRACUU_SOLR_COLLECTION": COLLECTION})
    paths = [str(p) for p in _judged(EVAL / "legal-qrels.tsv")] + [str(ROOT / "samples")]
    for args in (["ingest", *paths], ["index"], ["solr", "init", "--shards", "2", "--replicas", "2"],
                 ["index", "--backend", "solr"]):
        result = runner.invoke(main, ["--home", str(home), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    with Archive(home / "archive.sqlite") as archive:
        assert SolrBackend(home, cluster.urls[1], COLLECTION).indexed_count() == archive.count()
    return home


@pytest.fixture(scope="module")
def backends(home: Path, cluster: LoopbackCluster) -> tuple[WhooshBackend, SolrBackend]:
    return WhooshBackend(home), SolrBackend(home, cluster.urls[0], COLLECTION)


def _same(whoosh, solr) -> None:
    """Two results equal but for time taken and float rounding of scores.

    Sorted by date, documents of one date come in each engine's own order (Whoosh's is the order
    they were indexed in): there the dates must agree, and the documents when the page holds all.
    """
    a, b = whoosh.to_dict(), solr.to_dict()
    for result in (a, b):
        result.pop("took_ms")
        for hit in result["results"]:
            hit["score"] = pytest.approx(hit["score"], rel=1e-3)
    if a["sort"] != "relevance":
        assert [h["date"] for h in a["results"]] == [h["date"] for h in b["results"]]
        if a["total"] <= a["page_size"]:
            assert sorted(a["results"], key=lambda h: h["id"]) == sorted(b["results"], key=lambda h: h["id"])
        a["results"] = b["results"] = None
    assert a == b


def test_every_dev_query_agrees(backends, capsys) -> None:
    whoosh, solr = backends
    queries = load_queries(EVAL / "legal-queries.tsv")
    overlaps = []
    for qid, q in queries.items():
        req = SearchRequest(q=q, page_size=10)
        a, b = whoosh.search(req, snippets=False), solr.search(req, snippets=False)
        assert (a.total, a.exact_total) == (b.total, b.exact_total), qid
        assert a.facets == b.facets, qid
        top_a, top_b = {h.id for h in a.results}, {h.id for h in b.results}
        overlap = len(top_a & top_b) / len(top_a) if top_a else float(not top_b)
        assert overlap >= 0.8, (qid, q, overlap)
        overlaps.append(overlap)
    with capsys.disabled():
        print(f"\nSolr vs Whoosh on {len(overlaps)} dev queries: mean top-10 overlap {statistics.mean(overlaps):.3f}, "
              f"least {min(overlaps):.2f}; totals and facets equal on all")


@pytest.mark.parametrize("q, filters, sort, page", [
    ('"phòng chống dịch" -Covid OR "cách ly"', Filters(), "relevance", 1),
    ("chỉ thị tinh:\"Hà Tĩnh\"", Filters(), "relevance", 1),
    ("nghị định", Filters(date_from="2025-01-01", date_to="2026-06-30"), "newest", 1),
    ("quyết định", Filters(doc_type=["Quyết định"]), "oldest", 2),
    ("so:16/CT-TW", Filters(), "relevance", 1),
    ("phong chong dich tu:2021-01 den:2021-12", Filters(), "relevance", 1),
    ("", Filters(), "newest", 1),
    ("cach lyy tap trung", Filters(), "relevance", 1),  # did you mean
])
def test_the_query_language_filters_sort_and_paging_agree(backends, q, filters, sort, page) -> None:
    whoosh, solr = backends
    req = SearchRequest(q=q, filters=filters, sort=sort, page=page, page_size=5)
    _same(whoosh.search(req), solr.search(req))


def test_related_and_citing_documents_agree(backends) -> None:
    whoosh, solr = backends
    archive = whoosh.archive()
    cited = 0
    docs = list(archive.iter_documents())
    for doc in docs[::3]:  # every third: each costs a query on both backends
        a, b = whoosh.more_like_this(doc), solr.more_like_this(doc)
        assert [r.score for r in a] == pytest.approx([r.score for r in b], rel=1e-3), doc.id
        # neighbours tied on score come in each engine's own order
        alone = [i for i, r in enumerate(a) if sum(abs(o.score - r.score) < 1e-3 for o in a) == 1]
        assert [a[i].id for i in alone] == [b[i].id for i in alone], doc.id
    for doc in docs:
        a, b = whoosh.cited_by(doc), solr.cited_by(doc)
        assert sorted(c.id for c in a) == sorted(c.id for c in b), doc.id
        cited += bool(a)
    assert cited  # some document of the archive is cited by another


def _cli_search(home: Path, backend: str, env: dict[str, str]) -> dict:
    result = CliRunner(env=env).invoke(main, ["--home", str(home), "search", "--backend", backend, "--json",
                                              "phong chong dich"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_cli_answers_the_same_from_solr(home: Path, cluster: LoopbackCluster) -> None:
    env = {"TRACUU_SOLR_URL": cluster.urls[1], "TRACUU_SOLR_COLLECTION": COLLECTION}
    whoosh, solr = _cli_search(home, "whoosh", env), _cli_search(home, "solr", env)
    assert solr["total"] > 0
    assert [h["id"] for h in solr["results"]] == [h["id"] for h in whoosh["results"]]
    assert solr["facets"] == whoosh["facets"]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())


def test_the_web_app_on_solr_answers_the_api(home: Path, cluster: LoopbackCluster, tmp_path: Path,
                                            monkeypatch) -> None:
    monkeypatch.setenv("TRACUU_SOLR_URL", cluster.urls[0])
    monkeypatch.setenv("TRACUU_SOLR_COLLECTION", COLLECTION)
    query = urllib.parse.urlencode({"q": "cách ly tập trung", "page_size": 5})
    answers = {}
    for backend in ("whoosh", "solr"):
        monkeypatch.setenv("TRACUU_BACKEND", backend)
        with server_process(home, tmp_path / f"{backend}.log") as (base, _):
            found = _get(f"{base}api/search?{query}")
            first = found["results"][0]["id"]
            answers[backend] = (found, _get(f"{base}api/documents/{first}?q=c%C3%A1ch+ly"))
    (whoosh, whoosh_doc), (solr, solr_doc) = answers["whoosh"], answers["solr"]
    assert solr["total"] == whoosh["total"] > 0
    assert [h["id"] for h in solr["results"]] == [h["id"] for h in whoosh["results"]]
    assert [h["snippet"] for h in solr["results"]] == [h["snippet"] for h in whoosh["results"]]
    assert solr["facets"] == whoosh["facets"]
    for doc in (whoosh_doc, solr_doc):
        for related in doc["related"]:
            related.pop("score")
    assert solr_doc == whoosh_doc
