"""``/api/search`` on ``tracuu serve``: requests/s at 8 concurrent clients and the server's peak memory.

The load comes from wrk when it is installed, else from a small threaded Python client (which shares
the two cores with the server, so it under-reports; the table names the tool used).
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO
from urllib.parse import urlencode

from bench.measure import PssSampler, peak_rss_mb
from bench.queries import BenchQuery

CLIENTS = 8


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _paths(mix: list[BenchQuery]) -> list[str]:
    out = []
    for q in mix:
        params = {"q": q.text}
        if q.province:
            params["province"] = q.province
        if q.date_from:
            params["from"] = q.date_from
        if q.date_to:
            params["to"] = q.date_to
        out.append("/api/search?" + urlencode(params))
    return out


def _start(home: Path, port: int, processes: int, cache: bool, log: IO[bytes]) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("tracuu")
    command = [str(exe), "--home", str(home), "serve", "--host", "127.0.0.1", "--port", str(port),
               "--processes", str(processes)]
    env = {**os.environ, "TRACUU_RESULT_CACHE": os.environ.get("TRACUU_RESULT_CACHE", "512") if cache else "0"}
    # The log goes to a file: waitress warns of queued requests under load, and a pipe nobody reads
    # would fill and stall the server.
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, env=env)


def _wait_ready(port: int, path: str, server: subprocess.Popen, log: IO[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"tracuu serve exited: {log.read().decode(errors='replace')[-500:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            if response.status == 200:
                json.loads(body)
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.2)
    raise RuntimeError("tracuu serve did not answer /api/search in time")


def _wrk(port: int, paths: list[str], seconds: int) -> float:
    script = "paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n" + \
        "i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    out = subprocess.run(["wrk", "-t2", f"-c{CLIENTS}", f"-d{seconds}s", "--timeout", "10s", "-s", handle.name,
                          f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True).stdout
    Path(handle.name).unlink()
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    raise RuntimeError(f"unexpected wrk output: {out[-300:]}")


def _python_load(port: int, paths: list[str], seconds: int) -> float:
    stop = time.monotonic() + seconds
    counts = [0] * CLIENTS

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = k
        while time.monotonic() < stop:
            conn.request("GET", paths[i % len(paths)])
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                counts[k] += 1
            i += 1
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.monotonic() - started)


def api_throughput(home: Path, mix: list[BenchQuery], seconds: int = 15, processes: int = 2) -> dict:
    """Requests/s of /api/search at 8 concurrent clients, and the server's peak memory (MB).

    Three servers, one after the other: the default ``tracuu serve`` (one process, result cache on:
    ``api_rps``, ``serve_peak_mb``), ``--processes`` one per core (``api_rps_procs``,
    ``serve_peak_mb_procs``), and the same without the result cache, every request searched
    (``api_rps_uncached``).
    """
    tool = "wrk" if shutil.which("wrk") else "python"
    out: dict = {"api_tool": tool, "serve_processes": processes}
    for suffix, procs, cache in (("", 1, True), ("_procs", processes, True), ("_uncached", processes, False)):
        rps, pss, rss = _one_server(home, mix, seconds, procs, cache, tool)
        out[f"api_rps{suffix}"] = rps
        if cache:
            out[f"serve_peak_mb{suffix}"], out[f"serve_peak_rss_mb{suffix}"] = pss, rss
    return out


def _one_server(home: Path, mix: list[BenchQuery], seconds: int, processes: int, cache: bool,
                tool: str) -> tuple[float, float, float]:
    """Requests/s after a warm-up, peak memory (summed PSS, sampled) and summed peak RSS of one server."""
    port = _free_port()
    paths = _paths(mix)
    log = tempfile.TemporaryFile()
    server = _start(home, port, processes, cache, log)
    try:
        _wait_ready(port, paths[0], server, log)
        load = _wrk if tool == "wrk" else _python_load
        load(port, paths, seconds)  # warm-up, not counted: each server thread fills its own caches first
        with PssSampler(server.pid) as pss:
            rps = load(port, paths, seconds)
        return round(rps, 1), pss.peak_mb, peak_rss_mb(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
