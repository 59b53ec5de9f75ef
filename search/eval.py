"""Search quality as numbers: judged queries, graded relevance, MRR@10, nDCG@10, Recall@10/100.

Queries are ``qid<TAB>query`` lines and judgments ``qid<TAB>file name or URL<TAB>grade 1-3``; lines
starting with ``#`` are comments.  A result matches a judgment when its ``source`` ends with the
judged name at a path boundary.  Any ranker that turns a query into a list of sources can be
measured, so tracuu and the BM25 baseline are scored by the same code.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tracuu.index.vntext import nfc
from tracuu.errors import ConfigError

#: A ranker: query text -> result sources, best first (at least 100 when that many match).
Ranker = Callable[[str], list[str]]

METRICS = ("MRR@10", "nDCG@10", "Recall@10", "Recall@100")
DEPTH = 100


def _rows(path: Path, width: int) -> Iterable[tuple[int, list[str]]]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < width or not all(cells[:width]):
            raise ConfigError(f"{path}:{number}: expected {width} tab-separated columns")
        yield number, cells


def load_queries(path: Path) -> dict[str, str]:
    """``qid -> query`` in file order."""
    return {cells[0]: cells[1] for _, cells in _rows(path, 2)}


def load_qrels(path: Path) -> dict[str, dict[str, int]]:
    """``qid -> {judged name: grade}``; grades 1-3 (0 is accepted and means not relevant)."""
    qrels: dict[str, dict[str, int]] = {}
    for number, cells in _rows(path, 3):
        try:
            grade = int(cells[2])
        except ValueError:
            raise ConfigError(f"{path}:{number}: grade must be a whole number") from None
        qrels.setdefault(cells[0], {})[cells[1]] = grade
    return qrels


def strip_diacritics(text: str) -> str:
    """``Quận ủy Ba Đình`` -> ``Quan uy Ba Dinh``: the query as typed on a keyboard without accents.

    Not ``fold``: that also merges ``y`` into ``i`` for matching, which nobody types.
    """
    bare = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in bare if not unicodedata.combining(c)))


def matches(source: str, name: str) -> bool:
    """True when ``source`` ends with ``name`` at a path or URL boundary."""
    if source == name:
        return True
    return source.endswith(name) and (name[0] in "/\\" or source[-len(name) - 1] in "/\\")


def grades_of(sources: list[str], judged: dict[str, int]) -> list[int]:
    """The grade of each result; a judged document counts once (its first occurrence)."""
    seen: set[str] = set()
    grades = []
    for source in sources:
        grade = 0
        for name, g in judged.items():
            if name not in seen and matches(source, name):
                seen.add(name)
                grade = max(grade, g)
        grades.append(grade)
    return grades


def reciprocal_rank(grades: list[int], k: int = 10) -> float:
    """1/rank of the first relevant result within the top ``k``, else 0."""
    return next((1.0 / rank for rank, g in enumerate(grades[:k], start=1) if g > 0), 0.0)


def ndcg(grades: list[int], judged: Iterable[int], k: int = 10) -> float:
    """Normalised discounted cumulative gain at ``k`` with gains ``2**grade - 1``."""

    def dcg(values: Iterable[int]) -> float:
        return sum((2**g - 1) / math.log2(rank + 1) for rank, g in enumerate(values, start=1))

    ideal = dcg(sorted((g for g in judged if g > 0), reverse=True)[:k])
    return dcg(grades[:k]) / ideal if ideal else 0.0


def recall(grades: list[int], judged: Iterable[int], k: int) -> float:
    """Share of the relevant documents found in the top ``k``."""
    wanted = sum(1 for g in judged if g > 0)
    return sum(1 for g in grades[:k] if g > 0) / wanted if wanted else 0.0


@dataclass
class QueryScore:
    """One query's measures, with the rank of its first relevant result (None when not found)."""

    qid: str
    query: str
    scores: dict[str, float]
    rank: int | None
    top: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"qid": self.qid, "query": self.query, **self.scores, "rank": self.rank, "top": self.top}


def score_query(qid: str, query: str, sources: list[str], judged: dict[str, int]) -> QueryScore:
    """Every measure of one query from its ranked sources."""
    grades = grades_of(sources[:DEPTH], judged)
    values = list(judged.values())
    rank = next((r for r, g in enumerate(grades, start=1) if g > 0), None)
    scores = {
        "MRR@10": reciprocal_rank(grades, 10),
        "nDCG@10": ndcg(grades, values, 10),
        "Recall@10": recall(grades, values, 10),
        "Recall@100": recall(grades, values, DEPTH),
    }
    return QueryScore(qid, query, scores, rank, [Path(s).name for s in sources[:3]])


@dataclass
class Report:
    """Mean measures over the judged queries, and each query's own."""

    queries: list[QueryScore]
    unjudged: list[str] = field(default_factory=list)

    def mean(self, metric: str) -> float:
        """The mean of ``metric`` over the judged queries (0 when there are none)."""
        return sum(q.scores[metric] for q in self.queries) / len(self.queries) if self.queries else 0.0

    def summary(self) -> dict[str, float]:
        return {m: round(self.mean(m), 4) for m in METRICS}

    def groups(self) -> dict[str, dict[str, float]]:
        """The means per group of queries (the letters of the qid: ``num07`` is in ``num``), in file order."""
        parts: dict[str, list[QueryScore]] = {}
        for q in self.queries:
            parts.setdefault(group_of(q.qid), []).append(q)
        return {name: {**Report(queries).summary(), "queries": len(queries)} for name, queries in parts.items()}

    def to_dict(self) -> dict:
        return {**self.summary(), "groups": self.groups(), "queries": [q.to_dict() for q in self.queries],
                "unjudged": self.unjudged}


_GROUP = re.compile(r"[^\W\d_]+")


def group_of(qid: str) -> str:
    """The group of a query: the letters its qid starts with (``para03`` -> ``para``; ``d01`` -> ``d``)."""
    match = _GROUP.match(qid)
    return match.group(0) if match else "-"


def evaluate(ranker: Ranker, queries: dict[str, str], qrels: dict[str, dict[str, int]]) -> Report:
    """Run every judged query through ``ranker`` and score it; unjudged query ids are listed apart."""
    report = Report(queries=[])
    for qid, query in queries.items():
        judged = qrels.get(qid)
        if not judged or not any(g > 0 for g in judged.values()):
            report.unjudged.append(qid)
            continue
        report.queries.append(score_query(qid, query, ranker(query), judged))
    return report


def engine_ranker(backend, depth: int = DEPTH, page_size: int = DEPTH) -> Ranker:
    """A ranker over a search backend (``search.backend``): the sources of its first ``depth`` results, page after page."""
    from tracuu.search.request import SearchRequest

    def rank(query: str) -> list[str]:
        sources: list[str] = []
        page = 1
        while len(sources) < depth:
            result = backend.search(SearchRequest(q=query, page=page, page_size=page_size), snippets=False)
            sources += [hit.source for hit in result.results]
            if page * page_size >= result.total or not result.results:
                break
            page += 1
        return sources[:depth]

    return rank
