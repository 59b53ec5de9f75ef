"""ingest -> archive -> index -> search on the real sample archive."""

import json
import shutil
from pathlib import Path

from tests.conftest import SAMPLES


def search_json(cli, *args: str) -> dict:
    return json.loads(cli("search", "--json", *args).output)


def test_ingest_index_search(cli) -> None:
    out = cli("ingest", str(SAMPLES)).output
    assert "5 new" in out
    cli("index")
    data = search_json(cli, "kích hoạt khu cách ly tập trung")
    assert data["total"] >= 1
    assert data["results"][0]["source"].endswith("001_2f250f62ae5a35ae.txt")
    assert set(data) >= {"query", "total", "took_ms", "page", "results", "facets", "suggestion"}
    assert set(data["facets"]) >= {"issuer", "province", "district", "doc_type", "year"}


def test_reingest_is_a_noop_and_a_changed_file_updates(cli, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    cli("ingest", str(folder))
    assert "0 new, 0 changed, 5 unchanged" in cli("ingest", str(folder)).output
    target = folder / "002_10127e1254a347ad.txt"
    target.write_text(target.read_text() + "\nBổ sung: tăng cường kiểm tra chốt chặn Kim Mã.\n")
    assert "1 changed" in cli("ingest", str(folder)).output


def test_incremental_reindex_touches_only_changes(cli, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    cli("ingest", str(folder))
    cli("index")
    assert "0 added, 0 updated, 0 deleted, 5 unchanged" in cli("index").output
    target = folder / "003_6ee51536ae1f3bbc.txt"
    target.write_text(target.read_text().replace("Việt Đức", "Xanh Pôn"))
    cli("ingest", str(folder))
    assert "0 added, 1 updated" in cli("index").output
    data = search_json(cli, "Xanh Pôn")
    assert data["exact_total"] == 1 and data["results"][0]["source"] == str(target.resolve())


def test_accents_do_not_matter(sample_home, runner) -> None:
    from tracuu.cli import main

    def top(q: str) -> list[str]:
        out = runner.invoke(main, ["--home", str(sample_home), "search", "--json", q]).output
        return [r["id"] for r in json.loads(out)["results"]][:3]

    assert top("phong chong dich") == top("phòng, chống dịch")
    assert top("phong chong dich")


def test_document_number_finds_its_document_first(sample_home, runner) -> None:
    from tracuu.cli import main

    out = runner.invoke(main, ["--home", str(sample_home), "search", "--json", "529-CV/QU"]).output
    assert json.loads(out)["results"][0]["source"].endswith("002_10127e1254a347ad.txt")


def test_snippets_keep_diacritics_and_punctuation(sample_home, runner) -> None:
    from tracuu.cli import main

    out = runner.invoke(main, ["--home", str(sample_home), "search", "--json", "phong chong dich"]).output
    snippets = [r["snippet"] for r in json.loads(out)["results"]]
    assert snippets and all("_" not in s for s in snippets)
    assert any("<mark>phòng</mark>, <mark>chống</mark> <mark>dịch</mark>" in s for s in snippets)


def test_odd_queries_are_plain_words(sample_home, runner) -> None:
    from tracuu.cli import main

    for q in ['"cách ly', "AND", "*", ":", "OR OR", '"', "so:", "-"]:
        result = runner.invoke(main, ["--home", str(sample_home), "search", "--json", q])
        assert result.exit_code == 0, (q, result.output)
        json.loads(result.output)


def test_facet_counts_cover_the_whole_result_set(sample_home, runner) -> None:
    from tracuu.cli import main

    out = runner.invoke(main, ["--home", str(sample_home), "search", "--json", "--limit", "1", "dịch"]).output
    data = json.loads(out)
    assert len(data["results"]) == 1
    assert sum(data["facets"]["year"].values()) == data["total"] == 5


def test_stats_and_show(cli) -> None:
    cli("ingest", str(SAMPLES))
    stats = json.loads(cli("stats", "--json").output)
    assert stats["documents"] == 5 and stats["index_up_to_date"] is False
    cli("index")
    stats = json.loads(cli("stats", "--json").output)
    assert stats["index_up_to_date"] is True and stats["indexed"] == 5
    hit = json.loads(cli("search", "--json", "Mitracco").output)["results"][0]
    shown = json.loads(cli("show", "--json", hit["id"]).output)
    assert "Mitracco" in shown["text"]
    missing = cli("show", "nope", ok=False)
    assert missing.exit_code == 1 and "no document" in missing.output


def test_unreadable_file_is_reported_and_the_rest_goes_on(cli, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.html").write_bytes(b"\x00\x01\x02" * 100)
    result = cli("ingest", str(folder), ok=False)
    assert result.exit_code == 1
    assert "5 new" in result.output and "2 failed" in result.output
