"""The fixed query mix, the same for every engine, and the query terms baselines build from it."""

from __future__ import annotations

from dataclasses import dataclass

from bench.corpus import make_document
from tracuu.index.analyzer import analyze
from tracuu.index.vntext import fold_token, has_diacritics


@dataclass(frozen=True)
class BenchQuery:
    """One query of the mix: words (or a quoted phrase or a number) and optional filters."""

    name: str
    text: str
    province: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    @property
    def label(self) -> str:
        """``kind: text [filters]``, unique within the mix."""
        filters = [f for f in (self.province, self.date_from and f"{self.date_from}..{self.date_to}") if f]
        return f"{self.name}: {self.text}" + (f" [{', '.join(filters)}]" if filters else "")

    @property
    def phrase(self) -> bool:
        return self.text.startswith('"') and self.text.endswith('"')

    def syllables(self) -> list[str]:
        """Normalised syllables (and numbers) of the words, through the one analyzer."""
        return [t.text for t in analyze(self.text.strip('"')) if t.kind == "syl"]

    def folded(self) -> list[str]:
        return [fold_token(s) for s in self.syllables()]

    def accented(self) -> bool:
        return has_diacritics(self.text)

    def docno(self) -> str | None:
        """The document number searched, if the query is one."""
        found = [t.text for t in analyze(self.text) if t.kind == "docno"]
        return found[0] if found else None


def query_mix(seed: int = 7, n: int = 100_000) -> list[BenchQuery]:
    """Plain words with and without diacritics, a phrase, numbers, province and date filters."""
    numbers = [make_document(i, seed).meta.number for i in (min(3, n - 1), n * 2 // 3)]
    return [
        BenchQuery("words", "phòng chống dịch"),
        BenchQuery("words", "cách ly tập trung"),
        BenchQuery("words", "xét nghiệm sàng lọc diện rộng"),
        BenchQuery("no-diacritics", "phong chong dich"),
        BenchQuery("no-diacritics", "khu cach ly"),
        BenchQuery("phrase", '"khu cách ly tập trung"'),
        BenchQuery("phrase", '"giãn cách xã hội"'),
        BenchQuery("number", numbers[0]),
        BenchQuery("number", numbers[1]),
        BenchQuery("province", "cách ly", province="Hà Giang"),
        BenchQuery("province", "phòng chống dịch", province="Hà Nội"),
        BenchQuery("date", "xét nghiệm", date_from="2021-08-01", date_to="2021-08-31"),
        BenchQuery("province+date", "tiêm vắc xin", province="Hà Nội", date_from="2021-01-01", date_to="2021-12-31"),
    ]
