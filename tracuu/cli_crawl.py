"""``tracuu crawl``: fetch sites politely into the archive, then bring the index up to date."""

from __future__ import annotations

import signal
import sys
import time
import tomllib
from pathlib import Path

import click

from tracuu import settings
from tracuu.errors import ConfigError
from tracuu.output import echo_json

_SITE_KEYS = {"seeds", "domains", "include", "exclude", "sitemaps", "feeds", "delay"}


def load_config(path: Path):
    """Sites and defaults of a TOML file: ``[[site]]`` tables and an optional ``[crawl]`` table."""
    from tracuu.crawler.spider import Site

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    sites = []
    for n, table in enumerate(data.get("site", []), start=1):
        unknown = set(table) - _SITE_KEYS
        if unknown:
            raise ConfigError(f"{path}: site {n}: unknown key(s) {', '.join(sorted(unknown))}")
        site = Site(**{k: (list(v) if isinstance(v, list) else v) for k, v in table.items()})
        if not (site.seeds or site.sitemaps or site.feeds):
            raise ConfigError(f"{path}: site {n} has no seeds, sitemaps or feeds")
        sites.append(site)
    return sites, data.get("crawl", {})


def _hosts(urls: list[str]) -> list[str]:
    from tracuu.crawler.urls import host_of

    return list(dict.fromkeys(h for h in (host_of(u) for u in urls) if h))


def _progress_line(report) -> str:
    rate = report.fetched / report.seconds if report.seconds else 0.0
    return (f"\r{report.fetched} fetched · {report.queued} queued · {sum(report.failed.values())} failed · "
            f"{rate:.1f} pages/s ")


def _summary(report) -> str:
    failed = sum(report.failed.values())
    reasons = ", ".join(f"{k} {v}" for k, v in report.failed.most_common())
    text = (f"crawl: {report.fetched} fetched, {report.new} new, {report.changed} changed, "
            f"{report.unchanged} unchanged, {failed} failed{f' ({reasons})' if reasons else ''}; "
            f"{report.bytes / 1e6:.1f} MB in {report.seconds:.1f} s")
    if report.duplicates:
        text += f"; {report.duplicates} near-duplicates grouped"
    if report.stopped:
        text += "\nstopped: run the same command again to continue"
    return text


@click.command()
@click.argument("urls", nargs=-1)
@click.option("--allow-domain", "domains", multiple=True, metavar="DOMAIN",
              help="Stay inside this domain and its subdomains (repeatable; default: the seeds' hosts).")
@click.option("--include", multiple=True, metavar="REGEX", help="Only pages whose URL matches (repeatable).")
@click.option("--exclude", multiple=True, metavar="REGEX", help="Never URLs that match (repeatable).")
@click.option("--max-pages", type=click.IntRange(1), help="Stop after this many pages and files.")
@click.option("--max-depth", type=click.IntRange(0), help="Follow links at most this many steps from a seed.")
@click.option("--delay", type=click.FloatRange(0), metavar="SECONDS",
              help="Seconds between requests to one host [default: 1, or the site's Crawl-delay if longer].")
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL", help="Read this sitemap (repeatable).")
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="Read this RSS/Atom feed (repeatable).")
@click.option("--allow-private", is_flag=True, help="Allow loopback and private addresses (refused by default).")
@click.option("--config", "config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TOML file of sites: seeds, domains, include/exclude patterns, per-site delay.")
@click.option("--no-index", is_flag=True, help="Do not bring the search index up to date afterwards.")
@click.option("--json", "as_json", is_flag=True, help="Print the final report as JSON.")
@click.pass_obj
def crawl(ctx, urls, domains, include, exclude, max_pages, max_depth, delay, sitemaps, feeds, allow_private,
          config, no_index, as_json) -> None:
    """Crawl sites politely into the archive (resumable), then update the index."""
    _crawl(ctx, urls, domains, include, exclude, max_pages, max_depth, delay, sitemaps, feeds, allow_private,
           config, no_index, as_json)


def _crawl(ctx, urls, domains, include, exclude, max_pages, max_depth, delay, sitemaps, feeds, allow_private,
           config, no_index, as_json) -> None:
    from tracuu.crawler.dedup import Dedup
    from tracuu.crawler.frontier import Frontier
    from tracuu.crawler.http import Fetcher, Politeness
    from tracuu.crawler.spider import CrawlOptions, Site, Spider
    from tracuu.index.archive import Archive
    from tracuu.index.lock import writer_lock

    sites, defaults = load_config(config) if config else ([], {})
    if urls or sitemaps or feeds:
        sites.append(Site(seeds=list(urls), include=list(include), exclude=list(exclude),
                          sitemaps=list(sitemaps), feeds=list(feeds)))
    if not sites:
        raise click.UsageError("give at least one URL, --sitemap, --feed or --config")
    for site in sites:
        site.domains = list(site.domains) or list(domains) or _hosts(site.seeds + site.sitemaps + site.feeds)
    options = CrawlOptions(sites, max_pages=max_pages or defaults.get("max_pages"),
                           max_depth=max_depth if max_depth is not None else defaults.get("max_depth"),
                           allow_private=allow_private or bool(defaults.get("allow_private")))
    polite = Politeness()
    if delay is not None or "delay" in defaults:
        polite.delay = float(delay if delay is not None else defaults["delay"])
    tty = sys.stderr.isatty() and not as_json
    shown = [0.0]

    def progress(report) -> None:
        if tty and time.monotonic() - shown[0] > 0.2:
            shown[0] = time.monotonic()
            click.echo(_progress_line(report), nl=False, err=True)

    home: Path = ctx.home
    with writer_lock(home, timeout=float(settings.get("lock_timeout"))), Archive(ctx.archive_path) as archive:
        frontier, dedup = Frontier(home / "crawl.sqlite"), Dedup(home / "crawl.sqlite")
        fetcher = Fetcher([d for s in sites for d in s.domains], options.allow_private, polite)
        spider = Spider(archive, frontier, dedup, options, fetcher, progress)

        def on_stop(signum, frame) -> None:
            spider.stop()
            click.echo("\nstopping after the page in flight...", err=True)

        previous = {sig: signal.signal(sig, on_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            report = spider.run()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            fetcher.close()
            frontier.close()
            dedup.close()
    if tty:
        click.echo("\r" + " " * 70 + "\r", nl=False, err=True)
    data = report.to_dict()
    if not no_index:
        data["index"] = _update_index(ctx)
    if as_json:
        echo_json(data)
    else:
        click.echo(_summary(report))
        for url, reason in report.flagged.items():
            click.echo(f"  kept without text {url}: {reason}")
        for url, reason in report.errors.items():
            if reason.startswith("internal error"):
                click.echo(f"  failed {url}: {reason}", err=True)
        if "index" in data:
            click.echo(f"index: {data['index']['added']} added, {data['index']['updated']} updated")
    # Pages the web would not give (404, timeouts) are the web's state, in the report; a page our own
    # code failed on, or a document the index could not take, is ours: the exit status says so.
    if report.internal_errors or data.get("index", {}).get("failed"):
        sys.exit(1)


def _update_index(ctx) -> dict:
    from tracuu.index.archive import Archive
    from tracuu.index.indexer import update_index
    from tracuu.index.lock import writer_lock
    from tracuu.index.store import IndexStore

    with writer_lock(ctx.home, "index", timeout=float(settings.get("lock_timeout"))), \
            Archive(ctx.archive_path) as archive:
        return update_index(archive, IndexStore(ctx.home)).to_dict()
