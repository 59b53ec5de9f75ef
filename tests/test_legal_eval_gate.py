"""The quality gate on real legal texts: the judged legal queries through ``tracuu eval`` against the
floors in data/eval/baseline.json (section ``legal``).

One archive, built once: every judged document, every few other legal texts (long decrees and
circulars that compete with them), the short synthetic news report on each of those texts
(``make_news.py``: short, citing the number, in the title's words), the samples and the synthetic
distractors.  Each judged set is run
as typed and without diacritics, beside plain BM25: overall and per group of queries, tracuu must stay
above the floors, above BM25 by the margin asked, and lose at most the gap allowed without accents.
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracuu.cli import main

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "data" / "eval"
GATE = json.loads((EVAL / "baseline.json").read_text(encoding="utf-8"))["legal"]


def _judged_files() -> set[str]:
    names = set()
    for qrels in (files[1] for files in GATE["sets"].values()):
        for line in (EVAL / qrels).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                names.add(line.split("\t")[1])
    return names


def archive_paths() -> list[str]:
    """What the gate indexes: the judged legal texts, every ``every``-th other one, and the other folders."""
    archive = GATE["archive"]
    legal = sorted((ROOT / archive["legal"]).glob("*.txt"))
    judged = _judged_files()
    others = [p for p in legal if p.name not in judged]
    chosen = [p for p in legal if p.name in judged] + others[:: archive["every"]]
    news = [ROOT / archive["news"] / f"{p.stem}.tin.txt" for p in chosen]
    return [str(p) for p in chosen + [n for n in news if n.exists()]] + [str(ROOT / f) for f in archive["folders"]]


def test_news_reports_are_the_generators_output_and_marked_synthetic(tmp_path: Path, monkeypatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_news", EVAL / "make_news.py")
    make_news = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_news)
    monkeypatch.setattr(make_news, "OUT", tmp_path)
    make_news.main()
    committed = EVAL / "news"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in committed.iterdir())
    for made in tmp_path.glob("*.txt"):
        text = made.read_text(encoding="utf-8")
        assert text == (committed / made.name).read_text(encoding="utf-8") and "SYNTHETIC" in text


@pytest.fixture(scope="session")
def legal_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("legal-eval")
    # The gate measures ranking, not speed: a 2 MB circular must not miss its parse time limit on a busy machine.
    runner = CliRunner(env={"TRACUU_PARSE_TIMEOUT": "300"})
    for args in (["ingest", *archive_paths()], ["index"]):
        result = runner.invoke(main, ["--home", str(home), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return home


def _eval(home: Path, set_name: str) -> dict:
    queries, qrels = (str(EVAL / f) for f in GATE["sets"][set_name])
    result = CliRunner().invoke(main, ["--home", str(home), "eval", queries, qrels, "--json", "--baseline", "--gap"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.slow
def test_quality_on_real_legal_texts(legal_home: Path) -> None:
    for set_name in sorted(GATE["sets"]):  # one test: the archive is built once, on one worker
        _check(_eval(legal_home, set_name), set_name)


def _check(report: dict, set_name: str) -> None:
    floor, group_floor = GATE["floors"]["MRR@10"], GATE["floors"]["group MRR@10"]
    for label, measured in (("as typed", report), ("without diacritics", report["bare"])):
        assert measured["MRR@10"] >= floor, f"{set_name} {label}: MRR@10 {measured['MRR@10']} < {floor}"
        for group, scores in measured["groups"].items():
            assert scores["MRR@10"] >= group_floor, f"{set_name} {label}, {group}: {scores['MRR@10']} < {group_floor}"
    margin = GATE["min_above_bm25"]["MRR@10"]
    assert report["MRR@10"] - report["baseline"]["MRR@10"] >= margin, (
        f"{set_name}: MRR@10 {report['MRR@10']} not {margin} above BM25 {report['baseline']['MRR@10']}")
    gap = GATE["max_diacritics_gap"]["MRR@10"]
    assert abs(report["MRR@10"] - report["bare"]["MRR@10"]) <= gap, f"{set_name}: diacritics gap over {gap}"
