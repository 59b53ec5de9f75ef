"""A SolrCloud on loopback for tests and development: one ZooKeeper JVM and one JVM per Solr node.

Each node is a process of its own (``solr/launcher``), so one can be killed (SIGKILL included)
while the others keep serving.  Ports are picked free; every file lives under the given folder.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tracuu.errors import TracuuError

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = ROOT / "solr" / "launcher" / "target"
__all__ = ["LoopbackCluster", "free_port"]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LoopbackCluster:
    """ZooKeeper plus ``nodes`` Solr nodes under ``folder``; ``urls`` are the nodes' base URLs (…/solr)."""

    folder: Path
    nodes: int = 2
    heap: str = "512m"
    timeout: float = 120.0
    zk_host: str = ""
    urls: list[str] = field(default_factory=list)
    procs: list[subprocess.Popen] = field(default_factory=list)
    started_s: float = 0.0

    def start(self) -> LoopbackCluster:
        """Start ZooKeeper, then every node at once; returns when all serve (``started_s`` says how long)."""
        if not (LAUNCHER / "classes").is_dir():
            raise TracuuError("the Solr launcher is not built: run `make solr-launcher`")
        began = time.perf_counter()
        self.folder.mkdir(parents=True, exist_ok=True)
        zk_port = free_port()
        zk = self._spawn("zk", ["zk", str(zk_port), str(self.folder / "zk")], "256m")
        self.zk_host = self._ready(zk, "zk")
        pending = []
        for i in range(self.nodes):
            port = free_port()
            name = f"node{i}"
            pending.append((name, self._spawn(name, ["node", self.zk_host, str(port), str(self.folder / name)],
                                                self.heap)))
        self.urls = [self._ready(proc, name) for name, proc in pending]
        self.started_s = time.perf_counter() - began
        return self

    def kill_node(self, index: int) -> None:
        """SIGKILL node ``index`` (no shutdown of any kind, as a crashed machine)."""
        proc = self.procs[index + 1]
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    def stop(self) -> None:
        """Stop every process this cluster started."""
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    def __enter__(self) -> LoopbackCluster:  # noqa: PYI034 (a dataclass, not subclassed)
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _spawn(self, name: str, args: list[str], heap: str) -> subprocess.Popen:
        classpath = f"{LAUNCHER / 'classes'}{os.pathsep}{LAUNCHER / 'lib' / '*'}"
        cmd = ["java", f"-Xmx{heap}", "-XX:+UseSerialGC", f"-Dsolr.log.dir={self.folder}",
               "-cp", classpath, "tracuu.solr.Launcher", *args]
        with open(self.folder / f"{name}.log", "wb") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.procs.append(proc)
        return proc

    def _ready(self, proc: subprocess.Popen, name: str) -> str:
        """The address ``proc`` prints after ``READY``; an error with its log's last line if it never does."""
        log = self.folder / f"{name}.log"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            for line in log.read_text(errors="replace").splitlines():
                if line.startswith("READY "):
                    return line.split(" ", 1)[1].strip()
            if proc.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        tail = (log.read_text(errors="replace").strip().splitlines() or ["no output"])[-1]
        raise TracuuError(f"Solr {name} did not start: {tail}")


if __name__ == "__main__":  # python -m tracuu.search.solr_cluster FOLDER [NODES]: start, print URLs, wait
    import sys

    # kill PID (SIGTERM) stops the JVMs too; a background job ignores SIGINT, so Ctrl+C alone would not do
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    cluster = LoopbackCluster(Path(sys.argv[1]), nodes=int(sys.argv[2]) if len(sys.argv) > 2 else 2).start()
    print(f"zookeeper {cluster.zk_host}")
    for url, proc in zip(cluster.urls, cluster.procs[1:]):
        print(f"node {url} pid {proc.pid}")
    print(f"started in {cluster.started_s:.1f} s", flush=True)
    try:
        signal.pause()
    finally:
        cluster.stop()
