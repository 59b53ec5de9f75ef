"""Parsing untrusted files in a child process with a time and memory limit.

A PDF with an endless object loop or a page nested a hundred thousand levels deep must cost a
bounded time and memory and end as a clear skip reason, never hang or take the batch down.

Each child leads a process group of its own, so the programs it starts (pdftoppm, tesseract)
inherit its memory limit and are killed with it when its time is up.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import pickle
import resource
import signal
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from tracuu import settings
from tracuu.errors import DocumentError

T = TypeVar("T")


def _address_space() -> int:
    """Bytes of address space this process holds (Linux; 0 where unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _child(conn, func: Callable[..., T], args: tuple, memory_mb: int) -> None:
    try:
        os.setpgid(0, 0)
    except OSError:
        pass  # already a group leader
    # The budget is for the work: a forked child starts with its parent's address space (a crawler's
    # or a test runner's hundreds of MB), which would otherwise leave a large parent no room at all.
    limit = _address_space() + memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass  # the limit cannot be lowered here; the timeout still bounds the work
    try:
        result = ("ok", func(*args))
    except DocumentError as exc:
        result = ("error", str(exc))
    except MemoryError:
        result = ("error", f"needed more than {memory_mb} MB to read")
    except RecursionError:
        result = ("error", "structure nested too deeply to read")
    except Exception as exc:  # noqa: BLE001 - any parser failure on hostile input is a skip reason
        result = ("error", f"cannot be read ({type(exc).__name__}: {str(exc)[:200]})")
    try:
        conn.send_bytes(pickle.dumps(result))
    except Exception:  # noqa: BLE001 - e.g. the result itself is too large to send
        conn.send_bytes(pickle.dumps(("error", "result too large")))
    conn.close()


class _Bounded:
    """One child running ``func(*args)`` under a memory limit, with a deadline."""

    def __init__(self, func: Callable[..., object], args: tuple, timeout: float, memory_mb: int) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe(duplex=False)
        self.process = context.Process(target=_child, args=(child, func, args, memory_mb), daemon=True)
        self.process.start()
        child.close()
        self.timeout, self.memory_mb = timeout, memory_mb
        self.deadline = time.monotonic() + timeout

    def result(self, ready: bool) -> object:
        """The child's value (``DocumentError`` on failure); ``ready`` is False when its time ran out."""
        try:
            if not ready:
                raise DocumentError(f"took longer than {self.timeout:g} s to read; skipped")
            status, value = pickle.loads(self.conn.recv_bytes())
        except EOFError:
            raise DocumentError(f"the reader stopped (more than {self.memory_mb} MB or a crash); skipped") from None
        finally:
            self._reap()
        if status == "error":
            raise DocumentError(value)
        return value

    def _reap(self) -> None:
        # The group outlives its leader while a program it started still runs: end them all
        # before joining (until then the leader's pid, and so the group id, cannot be reused).
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.join()
        self.conn.close()


def _limits(timeout: float | None, memory_mb: int | None) -> tuple[float, int]:
    return (float(timeout if timeout is not None else settings.get("parse_timeout")),
            int(memory_mb if memory_mb is not None else settings.get("parse_memory_mb")))


def run_bounded(func: Callable[..., T], *args: object, timeout: float | None = None,
                memory_mb: int | None = None) -> T:
    """``func(*args)`` in a forked child; ``DocumentError`` on failure, timeout or memory exhaustion."""
    timeout, memory_mb = _limits(timeout, memory_mb)
    job = _Bounded(func, args, timeout, memory_mb)
    return job.result(job.conn.poll(timeout))  # type: ignore[return-value]


def map_bounded(func: Callable[..., T], jobs: Sequence[tuple], procs: int, timeout: float | None = None,
                memory_mb: int | None = None,
                on_done: Callable[[int, int], None] | None = None) -> list[T | DocumentError]:
    """``func(*job)`` for every job, each in its own bounded child, ``procs`` at a time.

    Returns, in the jobs' order, each value or the ``DocumentError`` saying why that job failed:
    one job's failure never stops the others.  ``on_done(done, total)`` follows progress.
    """
    timeout, memory_mb = _limits(timeout, memory_mb)
    results: list[T | DocumentError] = [DocumentError("not run")] * len(jobs)
    running: dict[int, _Bounded] = {}
    todo = list(range(len(jobs)))[::-1]
    done = 0
    try:
        while todo or running:
            while todo and len(running) < max(1, procs):
                index = todo.pop()
                running[index] = _Bounded(func, tuple(jobs[index]), timeout, memory_mb)
            wait = max(0.0, min(job.deadline for job in running.values()) - time.monotonic())
            ready = set(multiprocessing.connection.wait([job.conn for job in running.values()], wait))
            now = time.monotonic()
            for index, job in list(running.items()):
                if job.conn in ready or now >= job.deadline:
                    try:
                        results[index] = job.result(job.conn in ready)  # type: ignore[assignment]
                    except DocumentError as exc:
                        results[index] = exc
                    del running[index]
                    done += 1
                    if on_done:
                        on_done(done, len(jobs))
    finally:
        for job in running.values():  # interrupted (Ctrl-C): leave no child behind
            job._reap()
    return results
