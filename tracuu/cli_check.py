"""``tracuu check``: verify the archive against the index, and repair by reindexing."""

from __future__ import annotations

import sys

import click

from tracuu import settings
from tracuu.output import echo_json


@click.command()
@click.option("--repair", is_flag=True, help="Reindex from the archive to fix what the check finds.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def check(ctx, repair: bool, as_json: bool) -> None:
    """Verify archive and index (missing, stale, orphaned entries; integrity). Exit 0 only when consistent."""
    from tracuu.index.archive import Archive
    from tracuu.index.check import check as run_check
    from tracuu.index.check import repair as run_repair
    from tracuu.index.lock import writer_lock
    from tracuu.index.store import IndexStore
    from tracuu.errors import TracuuError

    store = IndexStore(ctx.home)
    try:
        with Archive(ctx.archive_path, readonly=not repair) as archive:
            report = run_check(archive, store)
            if repair and report.archive_ok and not report.ok:
                with writer_lock(ctx.home, "index", timeout=float(settings.get("lock_timeout"))):
                    report.repaired = run_repair(archive, store, report).to_dict()
                report = _recheck(archive, store, report.repaired)
    except TracuuError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        echo_json(report.to_dict())
    else:
        _print(report)
    sys.exit(0 if report.ok else 1)


def _recheck(archive, store, repaired):
    from tracuu.index.check import check as run_check

    report = run_check(archive, store)
    report.repaired = repaired
    return report


def _print(report) -> None:
    click.echo(f"archive: {report.documents} documents, integrity {'ok' if report.archive_ok else 'FAILED'}"
               + (f" ({report.archive_error})" if report.archive_error else ""))
    click.echo(f"index: {report.indexed} documents" + ("" if report.index_ok else f", {report.index_error}"))
    for label in ("missing", "stale", "orphaned", "duplicated"):
        ids = getattr(report, label)
        if ids:
            click.echo(f"  {label}: {len(ids)} ({', '.join(ids[:5])}{', …' if len(ids) > 5 else ''})")
    if report.repaired:
        click.echo(f"repaired: {report.repaired}")
    click.echo("consistent" if report.ok else "NOT consistent: run 'tracuu check --repair'")
