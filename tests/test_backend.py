"""The backend seam: the setting (or --backend) chooses the engine; a bad choice or an unreachable
Solr is one clear line."""

from pathlib import Path

import pytest
from tracuu.search.backend import SearchBackend, open_backend
from tracuu.search.request import SearchRequest
from tracuu.search.solr_search import SolrBackend
from tracuu.search.whoosh_backend import WhooshBackend

from tracuu.cli import main
from tracuu.errors import ConfigError


def test_the_setting_chooses_the_backend(sample_home: Path, monkeypatch) -> None:
    assert isinstance(open_backend(sample_home), WhooshBackend)
    monkeypatch.setenv("TRACUU_BACKEND", "solr")
    monkeypatch.setenv("TRACUU_SOLR_COLLECTION", "archive_x")
    chosen = open_backend(sample_home)
    assert isinstance(chosen, SolrBackend) and chosen.collection == "archive_x"
    assert isinstance(open_backend(sample_home, "whoosh"), WhooshBackend)  # --backend wins
    for backend in (chosen, open_backend(sample_home, "whoosh")):
        assert isinstance(backend, SearchBackend)
    monkeypatch.setenv("TRACUU_SOLR_URL", "")
    with pytest.raises(ConfigError, match="needs a node's URL"):
        open_backend(sample_home)
    monkeypatch.setenv("TRACUU_BACKEND", "elastic")
    with pytest.raises(ConfigError, match="unknown search backend 'elastic'"):
        open_backend(sample_home)


def test_the_whoosh_backend_answers_a_request(sample_home: Path) -> None:
    result = SearchRequest(q="phòng chống dịch", page_size=3).run(open_backend(sample_home, "whoosh"))
    assert result.total >= 1 and len(result.results) <= 3


def test_an_unreachable_solr_is_one_line(runner, sample_home: Path, monkeypatch) -> None:
    monkeypatch.setenv("TRACUU_SOLR_URL", "http://127.0.0.1:9/solr")  # the discard port: nothing listens
    result = runner.invoke(main, ["--home", str(sample_home), "search", "--backend", "solr", "dịch"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: cannot reach Solr at http://127.0.0.1:9/solr: [Errno 111] Connection refused"]


@pytest.mark.parametrize("url", ["", "localhost:8983/solr"])
def test_a_solr_url_without_scheme_is_one_line(runner, sample_home: Path, url: str) -> None:
    result = runner.invoke(main, ["--home", str(sample_home), "solr", "init", "--url", url or " "])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: the Solr URL must start with http:// or https:// (got {url or ' '!r}): "
        "set solr_url (TRACUU_SOLR_URL) or pass --url"]
