"""Parsed metadata measured against hand-checked gold: per-field accuracy, citation precision and recall.

The rules of the gold files (``tests/data/metadata/README.md``): a list of strings accepts any of
them; ``null`` must come out ``null``; names compare ignoring case, Unicode form and tone placement,
with ``UBND`` = ``Ủy ban nhân dân`` and ``TP`` = ``thành phố``.  ``cites`` is the exact set of numbers
the text names and is scored by precision and recall instead; ``preamble_cites`` (the numbers of the
preamble, ``Căn cứ ...``) is scored by recall only: each must be among the numbers parsed.  A row's
``split`` (``tune`` or ``test``) says which part of the gold it belongs to (``by_split``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracuu.index.analyzer import normalize_docno
from tracuu.index.vntext import normalize

_SKIP = {"file", "note", "split"}
_EQUIVALENT = ((r"ủy ban nhân dân|uỷ ban nhân dân", "ubnd"), (r"hội đồng nhân dân", "hđnd"),
               (r"(?<!\w)tp\.?(?=\s|$)", "thành phố"))


def canon(value: object) -> str | None:
    """The comparable form of a gold or parsed value."""
    if value is None:
        return None
    text = normalize(str(value))
    for pattern, same in _EQUIVALENT:
        text = re.sub(pattern, same, text)
    return " ".join(text.replace("–", "-").split()).strip(" .,;")


def matches(gold: object, got: object) -> bool:
    """True when ``got`` is what ``gold`` accepts (any of a list; null only for null)."""
    options = gold if isinstance(gold, list) else [gold]
    return any((g is None and got in (None, "", [])) or (g is not None and canon(g) == canon(got)) for g in options)


@dataclass
class Scores:
    """Counts per field and for citations; ``misses`` says which file got what instead of what."""

    right: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    cites_found: int = 0
    cites_right: int = 0
    cites_gold: int = 0
    cites_rows: int = 0
    preamble_found: int = 0
    preamble_gold: int = 0
    misses: list[str] = field(default_factory=list)

    def accuracy(self) -> dict[str, float]:
        """Per-field exact-match accuracy plus ``cites_precision`` and ``cites_recall``."""
        out = {name: self.right[name] / self.total[name] for name in self.total}
        if self.cites_rows:
            out["cites_precision"] = self.cites_right / self.cites_found if self.cites_found else 1.0
            out["cites_recall"] = self.cites_right / self.cites_gold if self.cites_gold else 1.0
        if self.preamble_gold:
            out["preamble_cites_recall"] = self.preamble_found / self.preamble_gold
        return out

    def table(self) -> str:
        """A plain-text table of the figures."""
        rows = [f"{'field':<18}{'score':>7}{'n':>5}"]
        for name, value in self.accuracy().items():
            n = self.total.get(name, {"cites_recall": self.cites_gold, "cites_precision": self.cites_found,
                                      "preamble_cites_recall": self.preamble_gold}.get(name, 0))
            rows.append(f"{name:<18}{value:>7.3f}{n:>5}")
        return "\n".join(rows)


def score(pairs: list[tuple[dict, dict]]) -> Scores:
    """Scores of (gold row, parsed metadata dict) pairs."""
    s = Scores()
    for gold, got in pairs:
        for name, expected in gold.items():
            if name in _SKIP:
                continue
            if name == "cites":
                _score_cites(s, gold.get("file", "?"), expected or [], got.get("cites") or [])
                continue
            if name == "preamble_cites":
                _score_preamble(s, gold.get("file", "?"), expected or [], got.get("cites") or [])
                continue
            s.total[name] = s.total.get(name, 0) + 1
            if matches(expected, got.get(name)):
                s.right[name] = s.right.get(name, 0) + 1
            else:
                s.misses.append(f"{gold.get('file')}: {name} = {got.get(name)!r}, gold {expected!r}")
    for name in s.total:
        s.right.setdefault(name, 0)
    return s


def _score_cites(s: Scores, file: str, gold: list[str], got: list) -> None:
    s.cites_rows += 1
    want = {normalize_docno(g).lower() for g in gold}
    have = {normalize_docno(c["number"] if isinstance(c, dict) else c).lower() for c in got}
    s.cites_gold += len(want)
    s.cites_found += len(have)
    s.cites_right += len(want & have)
    if want != have:
        s.misses.append(f"{file}: cites missing {sorted(want - have)}, extra {sorted(have - want)}")


def _score_preamble(s: Scores, file: str, gold: list[str], got: list) -> None:
    want = {normalize_docno(g).lower() for g in gold}
    have = {normalize_docno(c["number"] if isinstance(c, dict) else c).lower() for c in got}
    s.preamble_gold += len(want)
    s.preamble_found += len(want & have)
    if want - have:
        s.misses.append(f"{file}: preamble cites missing {sorted(want - have)}")


def by_split(pairs: list[tuple[dict, dict]]) -> dict[str, Scores]:
    """Scores of each split of the gold (``tune``, ``test``; rows without one count as ``all`` only), and ``all``."""
    out = {"all": score(pairs)}
    for name in sorted({gold.get("split") for gold, _ in pairs if gold.get("split")}):
        out[name] = score([(gold, got) for gold, got in pairs if gold.get("split") == name])
    return out


def split_table(scores: dict[str, Scores]) -> str:
    """One row per field, one column per split."""
    names = list(scores)
    fields = list(dict.fromkeys(f for s in scores.values() for f in s.accuracy()))
    rows = [f"{'field':<24}" + "".join(f"{n:>10}" for n in names)]
    for f in fields:
        rows.append(f"{f:<24}" + "".join(f"{scores[n].accuracy().get(f, float('nan')):>10.3f}" for n in names))
    counts = [max(scores[n].total.values(), default=0) for n in names]
    rows.append(f"{'documents':<24}" + "".join(f"{c:>10}" for c in counts))
    return "\n".join(rows)
