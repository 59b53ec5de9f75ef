"""``tracuu serve``: the web front end on waitress, a production WSGI server."""

from __future__ import annotations

import click

from tracuu.errors import ArchiveError


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=5000, show_default=True, help="Port to listen on.")
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True, help="Worker threads.")
@click.pass_obj
def serve(ctx, host: str, port: int, threads: int) -> None:
    """Serve the search page and the JSON API (read-only) over this home."""
    from waitress import create_server

    from web import create_app

    if not (ctx.home / "archive.sqlite").exists():
        raise click.ClickException(str(ArchiveError(f"no archive at {ctx.home}: run 'tracuu ingest' first")))
    app = create_app({"TRACUU_HOME": str(ctx.home)})
    server = create_server(app, host=host, port=port, threads=threads, ident="tracuu")
    # The bound address is printed (port 0 picks a free one), so scripts and tests can find the server.
    click.echo(f"Serving {ctx.home} on http://{server.effective_host}:{server.effective_port}/ (Ctrl+C to stop)",
               err=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
