"""Parsing untrusted files in a child process with a time and memory limit.

A PDF with an endless object loop or a page nested a hundred thousand levels deep must cost a
bounded time and memory and end as a clear skip reason, never hang or take the batch down.
"""

from __future__ import annotations

import multiprocessing
import pickle
import resource
from collections.abc import Callable
from typing import TypeVar

from tracuu import settings
from tracuu.errors import DocumentError

T = TypeVar("T")


def _child(conn, func: Callable[..., T], args: tuple, memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
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


def run_bounded(func: Callable[..., T], *args: object, timeout: float | None = None,
                memory_mb: int | None = None) -> T:
    """``func(*args)`` in a forked child; ``DocumentError`` on failure, timeout or memory exhaustion."""
    timeout = float(timeout if timeout is not None else settings.get("parse_timeout"))
    memory_mb = int(memory_mb if memory_mb is not None else settings.get("parse_memory_mb"))
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, func, args, memory_mb), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise DocumentError(f"took longer than {timeout:g} s to read; skipped")
        status, value = pickle.loads(parent.recv_bytes())
    except EOFError:
        raise DocumentError(f"the reader stopped (more than {memory_mb} MB or a crash); skipped") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        parent.close()
    if status == "error":
        raise DocumentError(value)
    return value
