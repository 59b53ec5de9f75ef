"""``tracuu serve``: the web front end on waitress, a production WSGI server."""

from __future__ import annotations

import click

from tracuu import settings
from tracuu.errors import ArchiveError


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=5000, show_default=True, help="Port to listen on.")
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Threads per server process.")
@click.option("--processes", type=click.IntRange(1, 64), default=lambda: int(settings.get("serve_processes")),
              show_default="serve_processes setting, 1",
              help="Server processes sharing the port: one search keeps one core busy, so use one per core.")
@click.pass_obj
def serve(ctx, host: str, port: int, threads: int, processes: int) -> None:
    """Serve the search page and the JSON API (read-only) over this home."""
    from tracuu.web import create_app
    from tracuu.web.server import listen, run

    if not (ctx.home / "archive.sqlite").exists():
        raise click.ClickException(str(ArchiveError(f"no archive at {ctx.home}: run 'tracuu ingest' first")))
    app = create_app({"TRACUU_HOME": str(ctx.home)})
    try:
        sock = listen(host, port)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    bound_host, bound_port = sock.getsockname()[:2]
    shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
    # The bound address is printed (port 0 picks a free one), so scripts and tests can find the server.
    click.echo(f"Serving {ctx.home} on http://{shown_host}:{bound_port}/ with {processes} process(es) "
               f"(Ctrl+C to stop)", err=True)
    with sock:
        try:
            run(app, sock, threads, processes, log=lambda message: click.echo(message, err=True))
        except OSError as exc:  # e.g. no process could be forked
            raise click.ClickException(f"the server stopped: {exc.strerror or exc}") from None
