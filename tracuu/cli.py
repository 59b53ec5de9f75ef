"""The ``tracuu`` command: crawl, ingest, index, search, show, stats, serve."""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from tracuu import __version__, settings
from tracuu.errors import TracuuError
from tracuu.output import echo_json, progress, terminal_snippet


class Context:
    """What every command needs: the home folder."""

    def __init__(self, home: Path) -> None:
        self.home = home

    @property
    def archive_path(self) -> Path:
        return self.home / "archive.sqlite"


def json_option(func):
    """``--json``: machine-readable output for scripts."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(func)


def backend_option(func):
    """``--backend whoosh|solr``: the search backend to use (default: the ``backend`` setting)."""
    return click.option("--backend", type=click.Choice(["whoosh", "solr"]), default=None,
                        help="Search backend (default: the backend setting, TRACUU_BACKEND).")(func)


def edge(func):
    """Turn our own errors into one clear line and exit status 1 (kept for commands called directly)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with one_line_errors(func.__name__):
            return func(*args, **kwargs)

    return wrapper


@contextmanager
def one_line_errors(command: str) -> Iterator[None]:
    """Our errors as one line; anything unexpected too, with its traceback kept in the home's errors.log."""
    try:
        yield
    except TracuuError as exc:
        raise click.ClickException(str(exc)) from None
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except Exception as exc:  # noqa: BLE001 - never a traceback on the terminal
        from tracuu.index.failures import internal_error, log_path

        reason = internal_error(f"tracuu {command}", exc)
        raise click.ClickException(f"{reason}; details in {log_path() or 'errors.log'}") from None


class Tracuu(click.Group):
    """The command group: every subcommand runs inside ``one_line_errors``."""

    def invoke(self, ctx: click.Context):
        with one_line_errors(ctx.invoked_subcommand or "tracuu"):
            return super().invoke(ctx)


@click.group(cls=Tracuu, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--home", type=click.Path(file_okay=False, path_type=Path), envvar="TRACUU_HOME",
              default=lambda: str(settings.home()), show_default="./tracuu-data or $TRACUU_HOME",
              help="Folder holding the archive and the index.")
@click.version_option(__version__, prog_name="tracuu")
@click.pass_context
def main(ctx: click.Context, home: Path) -> None:
    """tracuu: tra cứu - full-text search over Vietnamese directive archives."""
    from tracuu.index.failures import log_to

    ctx.obj = Context(Path(home))
    log_to(ctx.obj.home / "errors.log")


pass_ctx = click.make_pass_decorator(Context)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@json_option
@pass_ctx
@edge
def ingest(ctx: Context, paths: tuple[str, ...], as_json: bool) -> None:
    """Archive .html, .htm, .txt, .pdf, .docx, .doc and .png, .jpg, .tif files (folders are read recursively)."""
    from tracuu.crawler import ocr
    from tracuu.crawler.files import find_files
    from tracuu.crawler.ingest import ingest_files
    from tracuu.index.archive import Archive
    from tracuu.index.lock import writer_lock

    files = list(find_files(list(paths)))
    with writer_lock(ctx.home, timeout=float(settings.get("lock_timeout"))), Archive(ctx.archive_path) as archive, \
            progress("Đang nạp") as update:
        done = 0

        def on_file(path: Path, outcome: str) -> None:
            nonlocal done
            done += 1
            update(done, len(files), "")

        def on_page(pages: int, of: int) -> None:  # a scan being read by OCR, page by page
            update(done, len(files), f"OCR {pages}/{of} trang")

        with ocr.reporting(on_page):
            report = ingest_files(archive, files, on_file)
    if as_json:
        echo_json(report.to_dict())
    else:
        click.echo(f"{report.total} files: {report.new} new, {report.changed} changed, "
                   f"{report.unchanged} unchanged, {len(report.failed)} failed ({report.seconds:.1f} s)")
        for path, reason in report.failed.items():
            click.echo(f"  skipped {path}: {reason}", err=True)
        _ocr_notice(report.flagged)
    if report.failed:
        sys.exit(1)


def _ocr_notice(flagged: dict[str, str]) -> None:
    """One line when scans were archived without text because OCR cannot run here."""
    unread = [note for note in flagged.values() if "OCR unavailable" in note]
    if unread:
        reason = unread[0][unread[0].index("OCR unavailable"):]
        reason = reason[:-1] if reason.endswith("))") else reason  # the note's own closing parenthesis
        click.echo(f"notice: {len(unread)} scans archived without text; {reason}", err=True)


@main.command("index")
@click.option("--rebuild", is_flag=True, help="Build a fresh index beside the old one and swap it in.")
@click.option("--backend", type=click.Choice(["whoosh", "solr"]), default=None,
              help="Index to bring up to date (default: the backend setting).")
@json_option
@pass_ctx
@edge
def index_cmd(ctx: Context, rebuild: bool, backend: str | None, as_json: bool) -> None:
    """Bring the search index up to date with the archive."""
    from tracuu.index.archive import Archive
    from tracuu.index.lock import writer_lock

    backend = backend or str(settings.get("backend"))
    with writer_lock(ctx.home, "index", timeout=float(settings.get("lock_timeout"))), \
            Archive(ctx.archive_path) as archive, progress("Đang lập chỉ mục") as update:
        if backend == "solr":
            from tracuu.search.solr_index import index_to_solr

            report = index_to_solr(archive, str(settings.get("solr_url")), str(settings.get("solr_collection")),
                                   rebuild=rebuild, progress=update)
        else:
            from tracuu.index.indexer import update_index
            from tracuu.index.store import IndexStore

            report = update_index(archive, IndexStore(ctx.home), rebuild=rebuild, progress=update)
    if as_json:
        echo_json(report.to_dict())
    else:
        kind = "rebuilt" if report.rebuilt else "updated"
        failed = f", {len(report.failed)} failed" if report.failed else ""
        click.echo(f"index {kind}: {report.added} added, {report.updated} updated, {report.deleted} deleted, "
                   f"{report.unchanged} unchanged{failed} ({report.seconds:.1f} s)")
        for doc_id, reason in report.failed.items():
            click.echo(f"  not indexed {doc_id}: {reason}", err=True)
    if report.failed:
        sys.exit(1)


@main.command()
@click.argument("query", nargs=-1)
@click.option("--province", multiple=True, help="Only this province (repeatable).")
@click.option("--district", multiple=True, help="Only this district (repeatable).")
@click.option("--issuer", multiple=True, help="Only this issuer (repeatable).")
@click.option("--type", "doc_type", multiple=True, help="Only this document type (repeatable).")
@click.option("--cites", multiple=True, help="Only documents citing this number (repeatable).")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Dated on or after.")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Dated on or before.")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True, help="Results per page.")
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@json_option
@backend_option
@pass_ctx
@edge
def search(ctx: Context, query: tuple[str, ...], province, district, issuer, doc_type, cites, date_from, date_to,
           sort, limit, page, as_json, backend) -> None:
    """Search the index: ranked results, snippets and facet counts."""
    from tracuu.search.backend import open_backend
    from tracuu.search.request import SearchRequest

    # The same conversion as the web API's, so `--json` here and /api/search cannot drift apart.
    params = {"q": [" ".join(query)], "province": province, "district": district, "issuer": issuer,
              "type": doc_type, "cites": cites, "from": [date_from or ""], "to": [date_to or ""], "sort": [sort],
              "page": [str(page)], "page_size": [str(limit)]}
    result = SearchRequest.from_params(params).run(open_backend(ctx.home, backend))
    if as_json:
        echo_json(result.to_dict())
        return
    _print_result(result)


def _print_result(result) -> None:
    shown = f"{(result.page - 1) * result.page_size + 1}-{(result.page - 1) * result.page_size + len(result.results)}"
    partial = "" if result.approximate or result.exact_total == result.total else \
        f" ({result.exact_total} khớp đủ mọi từ, {result.total - result.exact_total} khớp một phần)"
    click.echo(f"{result.total} kết quả{partial} ({result.took_ms:.0f} ms)"
               + (f", hiển thị {shown}" if result.results else ""))
    if result.approximate:
        click.echo("Không có tài liệu chứa đủ mọi từ; đây là các kết quả gần đúng.")
    if result.suggestion:
        click.echo(f"Có phải bạn muốn tìm: {result.suggestion}")
    for n, hit in enumerate(result.results, start=(result.page - 1) * result.page_size + 1):
        click.echo("")
        partial = "  (khớp một phần)" if hit.approximate else ""
        scanned = "  (văn bản quét (OCR))" if hit.ocr else ""
        click.echo(click.style(f"{n}. {hit.title}", bold=True) + f"  [{hit.id}]{scanned}{partial}")
        facts = [x for x in (hit.doc_type, hit.number, hit.date, hit.issuer, hit.province) if x]
        if facts:
            click.echo("   " + " · ".join(facts))
        click.echo("   " + terminal_snippet(hit.snippet))
        if len(hit.sources) > 1:
            click.echo("   Cùng văn bản ở nguồn khác: " + ", ".join(hit.sources[1:]))
    for name, counts in result.facets.items():
        if counts:
            top = ", ".join(f"{k} ({v})" for k, v in list(counts.items())[:6])
            click.echo(f"\n{name}: {top}", nl=False)
    click.echo("")


@main.command()
@click.argument("doc_id")
@json_option
@backend_option
@pass_ctx
@edge
def show(ctx: Context, doc_id: str, as_json: bool, backend) -> None:
    """Show one document: metadata, the documents it cites and those citing it, and its full text."""
    from tracuu.index.archive import Archive
    from tracuu.search.backend import open_backend
    from tracuu.search.citations import cites
    from tracuu.errors import IndexMissing, TracuuError

    with Archive(ctx.archive_path, readonly=True) as archive:
        doc = archive.get(doc_id)
        if doc is None:
            raise TracuuError(f"no document with id '{doc_id}'")
        cited = cites(archive, doc)
        try:  # who cites this document is a question for the index; without one, nobody is known yet
            citing = open_backend(ctx.home, backend).cited_by(doc)
        except IndexMissing:
            citing = []
    data = {"id": doc.id, "source": doc.source, "url": doc.url, **doc.meta.to_dict(), "text": doc.text,
            "fetched_at": doc.fetched_at, "updated_at": doc.extra.get("updated_at"),
            "ocr": doc.extra.get("ocr"), "note": doc.extra.get("note"),
            "cites": [c.to_dict() for c in cited], "cited_by": [c.to_dict() for c in citing]}
    if as_json:
        echo_json(data)
        return
    click.echo(click.style(doc.title or doc.source, bold=True))
    for label, key in (("Loại", "doc_type"), ("Số", "number"), ("Ngày", "date"), ("Cơ quan", "issuer"),
                       ("Tỉnh/TP", "province"), ("Quận/huyện", "district"), ("Người ký", "signer"),
                       ("Nguồn", "source")):
        if data.get(key):
            click.echo(f"{label}: {data[key]}")
    if data["ocr"]:
        ocr = data["ocr"]
        click.echo(f"Văn bản quét (OCR): {ocr['engine']} {ocr['version']} ({ocr['languages']}), "
                   f"trang {', '.join(map(str, ocr['pages']))}, độ tin cậy trung bình {ocr['confidence']:.1f}%")
    if data["note"]:
        click.echo(f"Ghi chú: {data['note']}")
    for label, links in (("Văn bản được dẫn", cited), ("Được dẫn bởi", citing)):
        if links:
            click.echo(f"{label}:")
        for link in links:
            facts = ", ".join(x for x in (link.doc_type, link.number, link.date) if x)
            where = f"[{link.id}] {link.title or ''}".rstrip() if link.id else "(không có trong kho)"
            click.echo(f"  - {facts}  {where}")
    click.echo("")
    click.echo(doc.text)


@main.command()
@json_option
@pass_ctx
@edge
def stats(ctx: Context, as_json: bool) -> None:
    """What the archive holds, and whether the index is up to date."""
    from tracuu.index.archive import Archive
    from tracuu.index.indexer import pending
    from tracuu.index.store import IndexStore

    store = IndexStore(ctx.home)
    with Archive(ctx.archive_path, readonly=True) as archive:
        add, update, delete, current = pending(archive, store)
        data = {
            "documents": archive.count(),
            "indexed": current + len(update) if store.current_dir() else 0,
            "by_type": archive.group_counts("doc_type"),
            "by_province": archive.group_counts("province"),
            "by_year": archive.group_counts("year"),
            "index_up_to_date": store.current_dir() is not None and not (add or update or delete),
        }
    if as_json:
        echo_json(data)
        return
    click.echo(f"{data['documents']} documents, {data['indexed']} indexed; "
               f"index {'up to date' if data['index_up_to_date'] else 'NOT up to date: run tracuu index'}")
    for title, key in (("By type", "by_type"), ("By province", "by_province"), ("By year", "by_year")):
        click.echo(f"{title}: " + ", ".join(f"{k} ({v})" for k, v in data[key].items()))



# Commands that live in their own modules register here.
from tracuu.cli_check import check
from tracuu.cli_crawl import crawl
from tracuu.cli_eval import eval_cmd
from tracuu.cli_parse import parse
from tracuu.cli_serve import serve
from tracuu.cli_solr import solr

main.add_command(parse)
main.add_command(eval_cmd)
main.add_command(crawl)
main.add_command(serve)
main.add_command(check)
main.add_command(solr)


def run() -> None:
    """Console-script entry point."""
    main(prog_name="tracuu")


if __name__ == "__main__":
    run()
