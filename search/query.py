"""The search box's language, escaped by default: plain words always work.

    phòng chống dịch            words (all must match; approximate matches when none do)
    "cách ly tập trung"         a phrase, on syllables
    -word  or  -"a phrase"      exclude
    a OR b                      either side
    so:452-TB/TU  loai:"chỉ thị"  tinh:"Hà Tĩnh"  coquan:"Thành ủy"  tu:2021-08-01  den:2021-08-31

Anything that does not form valid syntax (an unbalanced quote, a lone ``AND``, ``*`` or ``:``) is
searched as plain words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FIELD_ALIASES = {
    "so": "number", "số": "number",
    "loai": "doc_type", "loại": "doc_type",
    "tinh": "province", "tỉnh": "province",
    "huyen": "district", "huyện": "district",
    "coquan": "issuer", "cơquan": "issuer",
    "tu": "from", "từ": "from",
    "den": "to", "đến": "to",
    "trichdan": "cites",
}

_TOKEN = re.compile(r'(-?)(?:(\w+):)?"([^"]*)"|(\S+)')


@dataclass
class Clause:
    """A run of plain words or a phrase; ``negate`` excludes it."""

    text: str
    phrase: bool = False
    negate: bool = False


@dataclass
class ParsedQuery:
    """The query split into clauses, OR-groups and field filters."""

    groups: list[list[Clause]] = field(default_factory=lambda: [[]])  # OR of ANDs
    filters: dict[str, list[str]] = field(default_factory=dict)

    @property
    def clauses(self) -> list[Clause]:
        return [c for g in self.groups for c in g]

    def is_empty(self) -> bool:
        return not any(c.text.strip() for c in self.clauses)


def parse_query(text: str) -> ParsedQuery:
    """Split ``text`` into clauses and filters; never raises."""
    parsed = ParsedQuery()
    if text.count('"') % 2:
        text = text.replace('"', " ")  # an unbalanced quote is just a character
    words: list[str] = []

    def flush() -> None:
        if words:
            parsed.groups[-1].append(Clause(" ".join(words)))
            words.clear()

    for m in _TOKEN.finditer(text):
        minus, fname, quoted, bare = m.group(1), m.group(2), m.group(3), m.group(4)
        if quoted is not None:
            if fname and fname.lower() in FIELD_ALIASES:
                parsed.filters.setdefault(FIELD_ALIASES[fname.lower()], []).append(quoted.strip())
                continue
            flush()
            prefix = f"{fname} " if fname else ""
            parsed.groups[-1].append(Clause(prefix + quoted, phrase=True, negate=bool(minus)))
            continue
        if bare == "OR" and (words or parsed.groups[-1]):
            flush()
            parsed.groups.append([])
            continue
        if bare == "AND":
            continue
        key, sep, value = bare.partition(":")
        if sep and value and key.lower() in FIELD_ALIASES:
            parsed.filters.setdefault(FIELD_ALIASES[key.lower()], []).append(value)
            continue
        if bare.startswith("-") and len(bare) > 1 and bare[1] != "-" and not bare[1].isdigit():
            flush()
            parsed.groups[-1].append(Clause(bare[1:], negate=True))
            continue
        words.append(bare)
    flush()
    parsed.groups = [g for g in parsed.groups if g] or [[]]
    if parsed.is_empty() and not parsed.filters and text.strip():
        parsed.groups = [[Clause(text.strip())]]  # only operators: search them as words
    return parsed
