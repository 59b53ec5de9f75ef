"""The quality gate: judged queries through ``tracuu eval`` against the floors in data/eval/baseline.json.

Each archive (the samples alone, then with the synthetic distractors) is built by ``tracuu ingest``
and ``tracuu index``; each judged set is run as typed, without diacritics, and through the BM25
baseline.  tracuu must stay above every floor, beat the baseline where asked, and lose at most
``max_diacritics_gap`` when the same queries are typed without accents.
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracuu.cli import main

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "data" / "eval"
BASELINE = json.loads((EVAL / "baseline.json").read_text(encoding="utf-8"))


def _home(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    home = tmp_path_factory.mktemp(name.replace("+", "-"))
    runner = CliRunner()
    folders = [str(ROOT / f) for f in BASELINE["archives"][name]]
    for args in (["ingest", *folders], ["index"]):
        result = runner.invoke(main, ["--home", str(home), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return home


def _eval(home: Path, set_name: str, *options: str) -> dict:
    queries, qrels = (str(EVAL / f) for f in BASELINE["sets"][set_name])
    result = CliRunner().invoke(main, ["--home", str(home), "eval", queries, qrels, "--json", *options],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _check(home: Path, archive: str) -> None:
    for set_name, floors in BASELINE["floors"][archive].items():
        typed = _eval(home, set_name, "--baseline")
        bare = _eval(home, set_name, "--strip-diacritics")
        for metric, floor in floors.items():
            assert typed[metric] >= floor, f"{archive}/{set_name}: {metric} {typed[metric]} < floor {floor}"
            assert bare[metric] >= floor, f"{archive}/{set_name} without diacritics: {metric} {bare[metric]} < {floor}"
        for metric in BASELINE["must_beat_baseline"]:
            ours, theirs = typed[metric], typed["baseline"][metric]
            assert ours > theirs or ours == 1.0, f"{archive}/{set_name}: {metric} {ours} does not beat BM25 {theirs}"
        for metric, gap in BASELINE["max_diacritics_gap"].items():
            assert abs(typed[metric] - bare[metric]) <= gap, f"{archive}/{set_name}: {metric} diacritics gap"


def test_quality_on_the_samples(tmp_path_factory: pytest.TempPathFactory) -> None:
    _check(_home(tmp_path_factory, "samples"), "samples")


@pytest.mark.slow
def test_quality_on_the_samples_with_distractors(tmp_path_factory: pytest.TempPathFactory) -> None:
    _check(_home(tmp_path_factory, "samples+distractors"), "samples+distractors")
