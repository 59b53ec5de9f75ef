"""One loopback SolrCloud for every Solr test of a run: starting its JVMs is most of what those tests cost.

A session fixture starts once per xdist worker that uses it: under ``--dist loadgroup`` the modules of
``SOLR_MODULES`` form one group, run by one worker, hence one cluster (under worksteal, one per worker that
runs Solr tests).  (The group is chosen here by module: xdist's own
``xdist_group`` mark renames node ids, which pytest 9.2 no longer lets it do, and the scheduler sees
node ids only.)  The test that SIGKILLs a node carries the ``kills_solr_node`` mark and is sorted after
every other test; where worksteal still runs it first on a worker, the next user gets a fresh cluster.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from xdist.scheduler import LoadGroupScheduling

from tracuu.search.solr_cluster import LAUNCHER, LoopbackCluster

#: The test modules that use ``solr_clusters`` (paths as in node ids).
SOLR_MODULES = ("tests/test_solr_cluster.py", "tests/test_solr_search.py")
GROUP = "solr"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "kills_solr_node: SIGKILLs a node of the shared cluster (runs last)")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The node killer after every other test (last, after the slow-first sort of conftest.py)."""
    # a stable sort: the order chosen before (slow tests first) holds among the others
    items.sort(key=lambda item: item.get_closest_marker("kills_solr_node") is not None)


class SolrGroupScheduling(LoadGroupScheduling):
    """``--dist loadgroup`` with every test of ``SOLR_MODULES`` in the group ``solr``."""

    def _split_scope(self, nodeid: str) -> str:
        if nodeid.split("::", 1)[0] in SOLR_MODULES:
            return GROUP
        return super()._split_scope(nodeid)


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log) -> LoadGroupScheduling | None:
    """Our group scheduler for ``--dist loadgroup``; xdist's own for every other mode."""
    return SolrGroupScheduling(config, log) if config.getvalue("dist") == "loadgroup" else None


class SharedCluster:
    """The run's cluster, started on first use and started again if a node was killed (worksteal may run
    the node killer before other Solr tests of its worker)."""

    def __init__(self, folder: pytest.TempPathFactory) -> None:
        self.folders, self.current = folder, None

    def get(self) -> LoopbackCluster:
        """A cluster whose every process runs."""
        if self.current is not None and any(proc.poll() is not None for proc in self.current.procs):
            self.current.stop()
            self.current = None
        if self.current is None:
            self.current = LoopbackCluster(self.folders.mktemp("solr"), nodes=2).start()
        return self.current


@pytest.fixture(scope="session")
def solr_clusters(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedCluster]:
    """ZooKeeper and two Solr nodes on loopback, shared by the run (``.get()``)."""
    # `make test` builds the launcher first; a bare pytest run without it must say so, not pass silently.
    assert (LAUNCHER / "classes").is_dir(), "the Solr launcher is not built: run `make solr-launcher`"
    shared = SharedCluster(tmp_path_factory)
    yield shared
    if shared.current is not None:
        shared.current.stop()
