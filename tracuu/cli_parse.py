"""``tracuu parse``: what ingest would store for each file, without writing anything.

With ``--gold GOLD.jsonl`` it also scores the parsed metadata against hand-checked gold (rows are
matched to the files by file name) and prints per-field accuracy with citation precision and recall.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from tracuu.errors import DocumentError
from tracuu.output import echo_json

_LIST_FIELDS = ("places", "recipients")


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list, one object per file).")
@click.option("--text", "show_text", is_flag=True, help="Also print the cleaned text (JSON always carries it).")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Score against this gold file (JSON lines with 'file' and the expected fields).")
def parse(files: tuple[Path, ...], as_json: bool, show_text: bool, gold: Path | None) -> None:
    """Print the metadata and text ingest would store for each file."""
    from tracuu.crawler.files import read_file
    from tracuu.index.failures import internal_error

    out, failed = [], False
    for path in files:
        try:
            doc = read_file(path)
        except DocumentError as exc:
            failed = True
            out.append({"file": str(path), "error": str(exc)})
            continue
        except Exception as exc:  # noqa: BLE001 - one file's unexpected failure is its own
            failed = True
            out.append({"file": str(path), "error": internal_error(str(path), exc)})
            continue
        out.append({"file": str(path), **doc.meta.to_dict(), "text": doc.text})
    if gold is not None:
        _score(out, gold, as_json)
    elif as_json:
        echo_json(out)
    else:
        for item in out:
            _print_item(item, show_text)
    if failed:
        sys.exit(1)


def _print_item(item: dict, show_text: bool) -> None:
    click.echo(click.style(item["file"], bold=True))
    if "error" in item:
        click.echo(f"  error: {item['error']}")
        return
    for key, value in item.items():
        if key in ("file", "text") or value in (None, [], ""):
            continue
        if key == "cites":
            click.echo("  cites:")
            for cite in value:
                facts = ", ".join(x for x in (cite.get("doc_type"), cite.get("date")) if x)
                click.echo(f"    - {cite['number']}" + (f" ({facts})" if facts else ""))
        elif key in _LIST_FIELDS:
            click.echo(f"  {key}:")
            for entry in value:
                click.echo(f"    - {entry}")
        else:
            click.echo(f"  {key}: {value}")
    click.echo(f"  text: {len(item['text'])} characters")
    if show_text:
        click.echo("")
        click.echo(item["text"])
        click.echo("")


def _score(parsed: list[dict], gold: Path, as_json: bool) -> None:
    """Per-field accuracy of ``parsed`` against the gold rows naming the same files."""
    from tracuu.index.metadata_eval import by_split, split_table

    try:
        rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot read the gold file {gold}: {exc}") from None
    by_name = {Path(item["file"]).name: item for item in parsed if "error" not in item}
    pairs = [(row, by_name[Path(row.get("file", "")).name]) for row in rows
             if Path(row.get("file", "")).name in by_name]
    if not pairs:
        raise click.ClickException("no gold row names any of the files given")
    splits = by_split(pairs)
    scores = splits["all"]
    if as_json:
        echo_json({"documents": len(pairs), "accuracy": scores.accuracy(), "misses": scores.misses,
                   "splits": {name: s.accuracy() for name, s in splits.items() if name != "all"}})
        return
    click.echo(f"{len(pairs)} documents scored against {gold}")
    click.echo(split_table(splits) if len(splits) > 1 else scores.table())
    for miss in scores.misses:
        click.echo(f"  miss: {miss}")
