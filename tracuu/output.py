"""Terminal rendering shared by CLI commands: JSON, bold highlights, progress."""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click


def echo_json(data: object) -> None:
    """Pretty JSON on stdout, Vietnamese kept readable."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def terminal_snippet(snippet: str) -> str:
    """``<mark>`` to bold on a terminal (plain elsewhere), HTML entities undone."""
    color = sys.stdout.isatty()
    text = re.sub(r"<mark>(.*?)</mark>", lambda m: click.style(m.group(1), bold=True) if color else m.group(1), snippet)
    return html.unescape(text)


@contextmanager
def progress(label: str) -> Iterator[Callable[..., None]]:
    """A progress bar on a terminal (``update(done, total, detail=None)``); silent when not a terminal.

    ``detail`` (say, the pages of the document being read by OCR) is shown after the label.
    """
    if not sys.stderr.isatty():
        yield lambda done, total, detail=None: None
        return
    bar = None
    last = 0

    def update(done: int, total: int, detail: str | None = None) -> None:
        nonlocal bar, last
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        if detail is not None:
            bar.label = f"{label} ({detail})" if detail else label
        bar.update(done - last)
        last = done
        if detail is not None:
            bar.render_progress()

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
