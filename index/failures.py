"""One document's unexpected failure: its traceback to ``<home>/errors.log``, one line in the report.

An exception we did not foresee while handling one file, URL or document (a bug in cleaning, a
parser meeting a page shape it never saw) is that document's failure, not the batch's: the loop that
handles documents one by one catches it at one place, calls ``internal_error`` and goes on.  Only
``Exception`` is caught there, so Ctrl-C (``KeyboardInterrupt``) and ``SystemExit`` still stop a batch.
"""

from __future__ import annotations

import logging
from pathlib import Path

LOG = logging.getLogger("tracuu.failures")


class _FileInHome(logging.FileHandler):
    """Appends to a file created (with its folder) only when the first failure is written."""

    def _open(self):
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()


def log_to(path: Path) -> None:
    """Write failure tracebacks to ``path``, and never to the terminal."""
    for handler in list(LOG.handlers):
        LOG.removeHandler(handler)
        handler.close()
    handler = _FileInHome(path, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(message)s"))
    LOG.addHandler(handler)
    LOG.propagate = False


def log_path() -> Path | None:
    """Where failures are written, if ``log_to`` was called."""
    files = [h.baseFilename for h in LOG.handlers if isinstance(h, logging.FileHandler)]
    return Path(files[0]) if files else None


def kind_of(exc: BaseException) -> str:
    """The short reason a report groups failures by: ``internal error (AttributeError)``."""
    return f"internal error ({type(exc).__name__})"


def internal_error(what: str, exc: BaseException) -> str:
    """Log ``exc`` with its traceback under ``what`` (a file, URL or id); its one-line reason."""
    LOG.error("%s: unexpected error", what, exc_info=(type(exc), exc, exc.__traceback__))
    lines = str(exc).strip().splitlines()
    detail = f": {lines[0][:200]}" if lines else ""
    return f"internal error ({type(exc).__name__}{detail})"
