"""``tracuu serve``: its options, one clear line when there is nothing to serve, and its worker processes."""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.request
from pathlib import Path

import pytest

from tests.live_server import WAIT, server_process
from tracuu.cli import main


def test_serve_has_help_with_host_and_port(runner) -> None:
    result = runner.invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "127.0.0.1" in result.output
    assert "--port" in result.output and "5000" in result.output


def test_serve_without_an_archive_says_so(runner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--home", str(tmp_path / "empty"), "serve", "--port", "0"])
    assert result.exit_code == 1
    assert "no archive" in result.output and "tracuu ingest" in result.output
    assert "Traceback" not in result.output


def test_serve_rejects_a_bad_port(runner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--home", str(tmp_path), "serve", "--port", "70000"])
    assert result.exit_code == 2 and "70000" in result.output


def test_serve_on_a_port_in_use_says_so(runner, sample_home: Path) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = runner.invoke(main, ["--home", str(sample_home), "serve", "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output and "Traceback" not in result.output


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def _search_ok(url: str) -> bool:
    with urllib.request.urlopen(url + "api/search?q=phong+chong+dich", timeout=WAIT) as response:
        return response.status == 200 and json.loads(response.read())["total"] >= 1


@pytest.mark.slow
def test_serve_on_two_processes_shares_the_port_and_replaces_a_dead_worker(web_home, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with server_process(web_home[0], log, threads=2, processes=2) as (url, proc):
        assert all(_search_ok(url) for _ in range(10))
        workers = _children(proc.pid)
        assert len(workers) == 2
        victim = min(workers)
        os.kill(victim, signal.SIGKILL)
        _wait_until(lambda: len(_children(proc.pid) - {victim}) == 2, "the dead worker was not replaced")
        assert all(_search_ok(url) for _ in range(10))
        assert f"worker {victim} ended (killed by signal 9)" in log.read_text()
        workers = _children(proc.pid)
        proc.terminate()
        assert proc.wait(timeout=WAIT) == 0
        _wait_until(lambda: not any(_alive(w) for w in workers), "workers outlived a stopped server")


@pytest.mark.slow
def test_workers_end_when_the_server_process_is_killed(web_home, tmp_path: Path) -> None:
    with server_process(web_home[0], tmp_path / "serve.log", threads=1, processes=2) as (url, proc):
        assert _search_ok(url)
        workers = _children(proc.pid)
        assert len(workers) == 2
        proc.kill()
        proc.wait(timeout=WAIT)
        _wait_until(lambda: not any(_alive(w) for w in workers), "workers outlived a killed server")
