"""Running the app on waitress, in one process or in several forked ones sharing a listening socket.

A search is some 10-30 ms of pure Python, and the threads of one process take turns under the GIL,
so one process answers on one core however many threads it has.  The index is read-only to the
server, so several processes can each keep their own engines and caches over the same files (the
OS page cache holds them once): the parent binds the socket, forks the workers, each runs waitress
on that socket (the kernel hands each new connection to one of them), and the parent replaces a
worker that dies.  Workers die with the parent (``PR_SET_PDEATHSIG``), so stopping the parent,
even with SIGKILL, stops the service.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import sys
import time
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1
#: A worker that dies within this many seconds of its start is replaced only after this pause.
RESTART_PAUSE = 1.0


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0 picks a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=1024)


def run(app, sock: socket.socket, threads: int, processes: int,
        log: Callable[[str], None] = lambda message: print(message, file=sys.stderr)) -> None:
    """Serve ``app`` on ``sock`` with ``processes`` waitress servers of ``threads`` threads each, until stopped."""
    if processes <= 1:
        _serve(app, sock, threads)
        return
    workers: dict[int, float] = {}  # pid -> start time
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        for _ in range(processes):
            pid, started = _fork_worker(app, sock, threads)
            workers[pid] = started
        while True:
            pid, status = os.wait()
            started = workers.pop(pid, None)
            if started is None:
                continue
            log(f"worker {pid} ended ({_describe(status)}); starting another")
            if time.monotonic() - started < RESTART_PAUSE:
                time.sleep(RESTART_PAUSE)
            pid, started = _fork_worker(app, sock, threads)
            workers[pid] = started
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(workers)


def _serve(app, sock: socket.socket, threads: int) -> None:
    from waitress import create_server

    server = create_server(app, sockets=[sock], threads=threads, ident="tracuu")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _fork_worker(app, sock: socket.socket, threads: int) -> tuple[int, float]:
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid, time.monotonic()
    code = 0
    try:  # the worker: never return into the parent's code
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group: the parent stops us
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass  # not Linux
        if os.getppid() != parent:
            os._exit(1)
        _serve(app, sock, threads)
    except BaseException:  # noqa: BLE001 - a worker must end here whatever happened
        code = 1
    finally:
        os._exit(code)


def _stop(workers: dict[int, float]) -> None:
    for pid in workers:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for pid in workers:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
