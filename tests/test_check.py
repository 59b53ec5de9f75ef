"""`tracuu check` finds what is missing, stale, orphaned or unreadable, and `--repair` fixes it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tracuu.index.lock import writer_lock
from tests.conftest import SAMPLES


def check_json(cli, *extra: str):
    result = cli("check", "--json", *extra, ok=False)
    return result.exit_code, json.loads(result.output)


def test_consistent_home_passes(cli) -> None:
    cli("ingest", str(SAMPLES))
    cli("index")
    code, report = check_json(cli)
    assert code == 0 and report["ok"] and report["documents"] == report["indexed"] == 5


def test_missing_stale_and_orphaned_are_found_and_repaired(cli, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for f in SAMPLES.glob("*.txt"):
        (folder / f.name).write_bytes(f.read_bytes())
    cli("ingest", str(folder))
    cli("index")
    changed = folder / "000_095b186705ea344f.txt"
    changed.write_text(changed.read_text() + "\nGhi chú bổ sung.\n")
    (folder / "new.txt").write_text("THÔNG BÁO\nSố 9-TB/TU\nNội dung mới về tiêm chủng.\n")
    cli("ingest", str(folder))
    from tracuu.index.archive import Archive

    with Archive(cli.home / "archive.sqlite") as archive:
        archive.delete(str((folder / "004_00129d20bd42945e.txt").resolve()))
    code, report = check_json(cli)
    assert code == 1
    assert len(report["missing"]) == 1 and len(report["stale"]) == 1 and len(report["orphaned"]) == 1
    code, report = check_json(cli, "--repair")
    assert code == 0 and report["ok"] and report["repaired"]["added"] == 1


def test_unreadable_index_is_rebuilt(cli) -> None:
    cli("ingest", str(SAMPLES))
    cli("index")
    generation = next((cli.home / "index").glob("gen-*"))
    for segment_file in generation.glob("MAIN_*"):  # every segment's files, compound (.seg) or separate
        segment_file.unlink()
    code, report = check_json(cli)
    assert code == 1 and not report["index_ok"]
    code, report = check_json(cli, "--repair")
    assert code == 0 and report["repaired"]["rebuilt"]
    assert json.loads(cli("search", "--json", "Mitracco").output)["total"] == 1


def test_a_second_writer_waits_then_refuses_clearly(cli) -> None:
    cli("ingest", str(SAMPLES))
    env = {**os.environ, "TRACUU_LOCK_TIMEOUT": "0.5"}
    with writer_lock(cli.home, "index"):
        proc = subprocess.run([sys.executable, "-m", "tracuu", "--home", str(cli.home), "index"],
                              capture_output=True, text=True, env=env, timeout=60, check=False)
    assert proc.returncode == 1
    assert "another tracuu process is writing" in proc.stderr and "Traceback" not in proc.stderr
    cli("index")  # the lock is free again
