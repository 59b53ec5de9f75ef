"""The analysis modules of another git revision, importable beside the working ones.

``load(rev)`` reads ``index/{vntext,crf,segment,analyzer,spans}.py`` as ``rev`` has them (``git show``),
writes them into a temporary package whose imports point at each other, and imports it.  The
benchmark and the identity check then run the revision's code and the working code in one process,
on the same texts, side by side.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("vntext", "crf", "segment", "analyzer", "spans")


def revision(rev: str) -> str:
    """The commit ``rev`` names."""
    return subprocess.run(["git", "rev-parse", rev], cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout.strip()


def load(rev: str = "main") -> SimpleNamespace:
    """``rev``'s analysis modules as attributes (``.analyzer``, ``.spans``, ...) and its commit (``.commit``)."""
    commit = revision(rev)
    package = f"_analysis_{commit[:12]}"
    if package not in sys.modules:
        folder = Path(tempfile.mkdtemp(prefix="tracuu-baseline-")) / package
        (folder / "index").mkdir(parents=True)
        (folder / "__init__.py").write_text("")
        (folder / "index" / "__init__.py").write_text("")
        for name in MODULES:
            source = subprocess.run(["git", "show", f"{commit}:index/{name}.py"], cwd=ROOT, check=True,
                                    capture_output=True, text=True).stdout
            source = source.replace("from tracuu.index.", f"from {package}.index.")
            if re.search(r"^\s*(from|import) tracuu\b", source, re.M):  # the copy would silently mix in working code
                raise RuntimeError(f"index/{name}.py at {commit[:12]} imports other tracuu modules")
            (folder / "index" / f"{name}.py").write_text(source)
        sys.path.insert(0, str(folder.parent))
    modules = {name: importlib.import_module(f"{package}.index.{name}") for name in MODULES}
    return SimpleNamespace(commit=commit, **modules)


def working() -> SimpleNamespace:
    """The working tree's analysis modules, in the same shape as ``load``'s."""
    modules = {name: importlib.import_module(f"tracuu.index.{name}") for name in MODULES}
    return SimpleNamespace(commit="working tree", **modules)
