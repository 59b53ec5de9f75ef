"""Shared fixtures: a real archive and a real Whoosh index built from the shipped samples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracuu.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"

def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow end-to-end tests first, so that parallel workers start the longest ones early."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


# The web tests' home and client fixtures (web_home, ids, client) live beside their corpus; the Solr tests'
# shared cluster (solr_clusters) in its own plugin.
pytest_plugins = ("tests.web_corpus", "tests.solr_fixtures")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner, tmp_path: Path):
    """Run ``tracuu --home <tmp> ARGS``; returns the click Result."""
    home = tmp_path / "home"

    def invoke(*args: str, ok: bool = True):
        result = runner.invoke(main, ["--home", str(home), *args], catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    invoke.home = home
    return invoke


@pytest.fixture(scope="session")
def sample_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with the sample archive ingested and indexed (built once per test session)."""
    home = tmp_path_factory.mktemp("sample-home")
    runner = CliRunner()
    for args in (["ingest", str(SAMPLES)], ["index"]):
        result = runner.invoke(main, ["--home", str(home), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return home


@pytest.fixture
def sample_copy(sample_home: Path, tmp_path: Path) -> Path:
    """A private copy of the sample home, for tests that change it."""
    target = tmp_path / "home"
    shutil.copytree(sample_home, target)
    return target
