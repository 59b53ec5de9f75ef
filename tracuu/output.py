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
def progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on a terminal (``update(done, total)``); silent when not a terminal."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    bar = None
    last = 0

    def update(done: int, total: int) -> None:
        nonlocal bar, last
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - last)
        last = done

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
