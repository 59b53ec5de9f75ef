"""A wheel of tracuu, installed as a user would: a fresh venv's own pip, not upgraded, outside the source tree.

The pip that a fresh Python ships may be old (23.2.1 with Python 3.11), and old pips resolve extras
and names differently: what the code imports must be declared so that they install it.  The wheel
adds one top-level name, ``tracuu``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "TRACUU_"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"{' '.join(args)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.mark.slow
def test_wheel_installs_with_a_fresh_venvs_own_pip_and_runs_outside_the_source_tree(tmp_path: Path) -> None:
    venv, work = tmp_path / "venv", tmp_path / "elsewhere"
    work.mkdir()
    _run([sys._base_executable, "-m", "venv", str(venv)], tmp_path)
    python = venv / "bin" / "python"
    own_pip = _run([str(python), "-m", "pip", "--version"], work).stdout
    _run([str(python), "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "dist"), str(ROOT)], work)
    [wheel] = (tmp_path / "dist").glob("tracuu-*.whl")
    _run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], work)
    assert _run([str(python), "-m", "pip", "--version"], work).stdout == own_pip  # never upgraded

    with zipfile.ZipFile(wheel) as archive:
        top = {name.split("/")[0] for name in archive.namelist()}
        assert {"tracuu/web/templates/search.html", "tracuu/index/analyzer.py", "tracuu/solr/configset/conf/schema.xml",
                "tracuu/solr/configset/conf/solrconfig.xml", "tracuu/solr/launcher/pom.xml",
                "tracuu/solr/launcher/src/main/java/tracuu/solr/Launcher.java"} <= set(archive.namelist())
        assert not [n for n in archive.namelist() if "/launcher/target/" in n]
    assert {t for t in top if not t.endswith(".dist-info")} == {"tracuu"}
    for name in ("index", "search", "web", "crawler"):
        refused = subprocess.run([str(python), "-c", f"import {name}"], cwd=work, capture_output=True, check=False)
        assert refused.returncode != 0
    _run([str(python), "-c", "import tracuu.index, tracuu.search, tracuu.web, tracuu.crawler"], work)
    # `tracuu solr init` uploads the configset from the installed package
    _run([str(python), "-c", "from tracuu.search.solr_admin import CONFIGSET; "
                             "assert (CONFIGSET / 'conf' / 'schema.xml').is_file(), CONFIGSET"], work)

    tracuu = str(venv / "bin" / "tracuu")
    home = ["--home", str(work / "home")]
    _run([tracuu, *home, "ingest", str(ROOT / "samples")], work)
    _run([tracuu, *home, "index"], work)
    found = json.loads(_run([tracuu, *home, "search", "--json", "phong chong dich"], work).stdout)
    assert found["total"] >= 4 and "<mark>" in found["results"][0]["snippet"]

