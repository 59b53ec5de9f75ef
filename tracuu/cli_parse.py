"""``tracuu parse``: what ingest would store for each file, without writing anything."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tracuu.errors import DocumentError
from tracuu.output import echo_json


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list, one object per file).")
def parse(files: tuple[Path, ...], as_json: bool) -> None:
    """Print the metadata and text ingest would store for each file."""
    from crawler.files import read_file

    out, failed = [], False
    for path in files:
        try:
            doc = read_file(path)
        except DocumentError as exc:
            failed = True
            out.append({"file": str(path), "error": str(exc)})
            continue
        out.append({"file": str(path), **doc.meta.to_dict(), "text": doc.text})
    if as_json:
        echo_json(out)
    else:
        for item in out:
            click.echo(click.style(item["file"], bold=True))
            if "error" in item:
                click.echo(f"  error: {item['error']}")
                continue
            for key, value in item.items():
                if key not in ("file", "text") and value not in (None, [], ""):
                    click.echo(f"  {key}: {value}")
            click.echo(f"  text: {len(item['text'])} characters")
    if failed:
        sys.exit(1)
