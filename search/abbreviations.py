"""Abbreviations of Vietnamese administrative writing, so ``UBND`` finds ``Ủy ban nhân dân`` and back.

Keys and expansions are accent-folded syllables (the form of the folded index fields).  Only
abbreviations that are unambiguous as a whole syllable in directives are listed: ``CT`` (chỉ thị or
chủ tịch) and ``QĐ`` (a number code) are left out on purpose.
"""

from __future__ import annotations

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "ubnd": ("uy", "ban", "nhan", "dan"),
    "hdnd": ("hoi", "dong", "nhan", "dan"),
    "mttq": ("mat", "tran", "to", "quoc"),
    "ubmttq": ("uy", "ban", "mat", "tran", "to", "quoc"),
    "ubkt": ("uy", "ban", "kiem", "tra"),
    "bcd": ("ban", "chi", "dao"),
    "bch": ("ban", "chi", "huy"),
    "btv": ("ban", "thuong", "vu"),
    "tw": ("trung", "uong"),
    "tp": ("thanh", "pho"),
    "tphcm": ("thanh", "pho", "ho", "chi", "minh"),
    "hcm": ("ho", "chi", "minh"),
    "hn": ("ha", "noi"),
    "byt": ("bo", "y", "te"),
    "vp": ("van", "phong"),
    "pct": ("pho", "chu", "tich"),
    "ttg": ("thu", "tuong"),
    "thcs": ("trung", "hoc", "co", "so"),
    "thpt": ("trung", "hoc", "pho", "thong"),
    "sxkd": ("san", "xuat", "kinh", "doanh"),
    "ktxh": ("kinh", "te", "xa", "hoi"),
    "pccc": ("phong", "chay", "chua", "chay"),
    "attp": ("an", "toan", "thuc", "pham"),
}

#: Longest expansions first, so ``ủy ban mặt trận tổ quốc`` is seen before ``mặt trận tổ quốc``.
_BY_LENGTH = sorted(ABBREVIATIONS.items(), key=lambda kv: -len(kv[1]))


def expansion(syllable: str) -> tuple[str, ...] | None:
    """The folded syllables an abbreviation stands for (``ubnd`` -> ``uy ban nhan dan``), else None."""
    return ABBREVIATIONS.get(syllable)


def spelled_out(syllables: list[str]) -> list[tuple[int, int, str]]:
    """Runs of ``syllables`` that spell an abbreviation out: ``(start, end, abbreviation)``, not overlapping."""
    found: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for abbr, words in _BY_LENGTH:
        n = len(words)
        for i in range(len(syllables) - n + 1):
            span = set(range(i, i + n))
            if tuple(syllables[i : i + n]) == words and not span & taken:
                found.append((i, i + n, abbr))
                taken |= span
    return sorted(found)
