"""Where the Whoosh index lives: generations beside each other and a pointer to the current one.

``<home>/index/CURRENT`` names the live generation folder.  A rebuild writes a new generation and
swaps the pointer with an atomic rename, so searchers see the old index or the new one, never a
half-built one, and a crash mid-build leaves the old index in place.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import Index

from tracuu.index.schema import build_schema
from tracuu.errors import IndexError_, IndexMissing

_TOC = re.compile(r"_MAIN_(\d+)\.toc")


class IndexStore:
    """The index generations under ``<home>/index``."""

    def __init__(self, home: Path) -> None:
        self.root = Path(home) / "index"
        self.pointer = self.root / "CURRENT"

    def current_dir(self) -> Path | None:
        """Folder of the live generation, or None before the first build."""
        try:
            name = self.pointer.read_text().strip()
        except FileNotFoundError:
            return None
        path = self.root / name
        return path if path.is_dir() else None

    def stamp(self) -> float:
        """Changes whenever the pointer or the live index changes (cheap, for reopening searchers).

        Made of names only, the live generation's and its newest table of contents' (``_MAIN_<n>.toc``,
        numbered up by every commit), so a writer replacing files meanwhile cannot make it fail, and two
        swaps within one tick of the file clock still give two stamps.
        """
        current = self.current_dir()
        if current is None:
            return 0.0
        commits = [int(m.group(1)) for p in current.glob("_MAIN_*.toc") if (m := _TOC.fullmatch(p.name))]
        key = f"{current.name}/{max(commits, default=-1)}".encode()
        return float(int.from_bytes(hashlib.blake2b(key, digest_size=6).digest(), "big"))  # exact in a float

    def open(self) -> Index:
        """The live index; ``IndexMissing`` if none was built, ``IndexError_`` if unreadable."""
        current = self.current_dir()
        if current is None:
            raise IndexMissing("no index yet: run 'tracuu index' first")
        try:
            return whoosh_index.open_dir(str(current))
        except Exception as exc:  # whoosh raises many kinds for a damaged folder
            raise IndexError_(f"the index at {current} cannot be opened ({exc}); run 'tracuu index --rebuild'") from exc

    def create_generation(self) -> tuple[Path, Index]:
        """A new, empty generation folder (not yet live)."""
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        path.mkdir()
        return path, whoosh_index.create_in(str(path), build_schema())

    def publish(self, path: Path) -> None:
        """Make ``path`` the live generation atomically, then drop generations older than the previous one."""
        previous = self.current_dir()
        tmp = self.root / f"CURRENT.{os.getpid()}.tmp"
        tmp.write_text(path.name)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, self.pointer)
        # Keep the generation just retired: a server may still be reading it.
        self._prune(keep={path.name} | ({previous.name} if previous else set()))

    def _prune(self, keep: set[str]) -> None:
        for old in self.root.glob("gen-*"):
            if old.is_dir() and old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)

    def discard(self, path: Path) -> None:
        """Remove a generation that was never published (a failed build)."""
        shutil.rmtree(path, ignore_errors=True)
