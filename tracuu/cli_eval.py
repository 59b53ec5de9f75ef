"""``tracuu eval``: search quality on judged queries, beside plain BM25 when asked."""

from __future__ import annotations

from pathlib import Path

import click

from tracuu import settings
from tracuu.output import echo_json

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("eval")
@click.argument("queries", type=_FILE)
@click.argument("qrels", type=_FILE)
@click.option("--baseline", is_flag=True, help="Also rank with plain BM25 (SQLite FTS5) over the same documents.")
@click.option("--strip-diacritics", is_flag=True, help="Run every query with its diacritics removed.")
@click.option("--gap", is_flag=True, help="Also run every query without its diacritics and report the difference.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: the means, each group and query, and the baseline's.")
@click.option("--backend", type=click.Choice(["whoosh", "solr"]), default=None,
              help="Search backend to measure (default: the backend setting, TRACUU_BACKEND).")
@click.pass_obj
def eval_cmd(ctx, queries: Path, qrels: Path, baseline: bool, strip_diacritics: bool, gap: bool,
             as_json: bool, backend: str | None) -> None:
    """Measure MRR@10, nDCG@10, Recall@10 and Recall@100 of QUERIES (qid<TAB>query) judged by QRELS
    (qid<TAB>file name or URL<TAB>grade 1-3) on the current index."""
    from tracuu.index.archive import Archive
    from tracuu.search.baseline import Bm25Baseline
    from tracuu.search.backend import open_backend
    from tracuu.search.eval import engine_ranker, evaluate, load_qrels, load_queries
    from tracuu.search.eval import strip_diacritics as strip
    from tracuu.errors import TracuuError

    try:
        wanted = load_queries(queries)
        if strip_diacritics:
            wanted = {qid: strip(q) for qid, q in wanted.items()}
        judged = load_qrels(qrels)
        page_size = min(100, int(settings.get("max_page_size")))
        ranker = engine_ranker(open_backend(ctx.home, backend), page_size=page_size)
        report = evaluate(ranker, wanted, judged)
        bare = evaluate(ranker, {qid: strip(q) for qid, q in wanted.items()}, judged) if gap else None
        other = None
        if baseline:
            with Archive(ctx.home / "archive.sqlite", readonly=True) as archive:
                bm25 = Bm25Baseline(archive)
            other = evaluate(bm25.search, wanted, judged)
            bm25.close()
    except TracuuError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        extra = {"baseline": other.to_dict()} if other else {}
        if bare is not None:
            extra["bare"] = {**bare.summary(), "groups": bare.groups()}
        echo_json({**report.to_dict(), **extra})
        return
    _print(report, other)
    _print_groups(report, other, bare)


def _print(report, other) -> None:
    base = {q.qid: q for q in other.queries} if other else {}
    click.echo(f"{'qid':<8}{'rank':>5}{'RR':>7}{'nDCG':>7}{'R@10':>6}{'R@100':>6}"
               + ("  | BM25    RR   nDCG" if other else "") + "  query")
    for q in report.queries:
        line = f"{q.qid:<8}{_rank(q.rank):>5}{q.scores['MRR@10']:>7.2f}{q.scores['nDCG@10']:>7.2f}" \
               f"{q.scores['Recall@10']:>6.2f}{q.scores['Recall@100']:>6.2f}"
        if q.qid in base:
            b = base[q.qid]
            line += f"  | {_rank(b.rank):>4}{b.scores['MRR@10']:>6.2f}{b.scores['nDCG@10']:>7.2f}"
        click.echo(f"{line}  {q.query}")
    click.echo("")
    click.echo(f"{'':<14}{'MRR@10':>9}{'nDCG@10':>9}{'R@10':>8}{'R@100':>8}   ({len(report.queries)} queries)")
    for name, rep in (("tracuu", report), ("BM25 (FTS5)", other)):
        if rep is not None:
            s = rep.summary()
            click.echo(f"{name:<14}{s['MRR@10']:>9.3f}{s['nDCG@10']:>9.3f}{s['Recall@10']:>8.3f}{s['Recall@100']:>8.3f}")
    if report.unjudged:
        click.echo(f"not judged, left out: {', '.join(report.unjudged)}", err=True)


def _print_groups(report, other, bare) -> None:
    """MRR@10 per group of queries: tracuu as typed, without diacritics, and BM25, side by side."""
    click.echo("")
    click.echo(f"{'group':<10}{'queries':>8}{'MRR@10':>9}" + (f"{'bare':>8}{'gap':>8}" if bare else "")
               + (f"{'BM25':>8}" if other else ""))
    rows = [(name, g) for name, g in report.groups().items()] + [("all", {**report.summary(),
                                                                          "queries": len(report.queries)})]
    bare_groups = {**bare.groups(), "all": bare.summary()} if bare else {}
    other_groups = {**other.groups(), "all": other.summary()} if other else {}
    for name, g in rows:
        line = f"{name:<10}{g['queries']:>8}{g['MRR@10']:>9.3f}"
        if bare:
            b = bare_groups.get(name, {}).get("MRR@10", 0.0)
            line += f"{b:>8.3f}{g['MRR@10'] - b:>+8.3f}"
        if other:
            line += f"{other_groups.get(name, {}).get('MRR@10', 0.0):>8.3f}"
        click.echo(line)


def _rank(rank: int | None) -> str:
    return "-" if rank is None else str(rank)
