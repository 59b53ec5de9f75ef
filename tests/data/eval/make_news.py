"""Writes SYNTHETIC short news reports about the real legal texts, for the search evaluation.

In a real archive a decree stands beside the press reports about it: short, citing its number and
using its title's words, so plain BM25 (which favours short documents) ranks them above the decree
they report on.  Each report here is made from one legal text of ``tests/data/legal``: a headline, a
dateline, its type, number and title, and a sentence or two of its first article, in the words a
newspaper uses.  They are never the document a judged query asks for (never judged relevant).

Deterministic: the same texts and seed always give the same files.

    .venv/bin/python tests/data/eval/make_news.py          # rewrites news/
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from tracuu.index.own_numbers import own_numbers

HERE = Path(__file__).resolve().parent
LEGAL = HERE.parent / "legal"
OUT = HERE / "news"
SEED = 20261202
HEADING = re.compile(r"^\s*(NGHỊ ĐỊNH|THÔNG TƯ(?: LIÊN TỊCH)?|QUYẾT ĐỊNH|NGHỊ QUYẾT|BỘ LUẬT|LUẬT|CHỈ THỊ)\s*\d?\s*$", re.MULTILINE)
ARTICLE = re.compile(r"Điều 1\.?\s*[^\n]*\n(.{40,600}?)(?:\n\s*Điều 2|\Z)", re.DOTALL)
NUMBER = re.compile(r"Số\s*(?:hiệu|ký hiệu)?\s*[:|]\s*\|?\s*([0-9][0-9./]*/?[A-ZĐa-z0-9/-]*)")
PLACES = ("Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ")
HEADLINES = ("Ban hành quy định mới: {topic}", "Những điểm mới đáng chú ý: {topic}", "Sắp áp dụng quy định {topic}",
             "Người dân, doanh nghiệp cần biết: {topic}", "Chính sách mới có hiệu lực: {topic}")
CLOSINGS = ("Văn bản có hiệu lực kể từ ngày ký ban hành.", "Các bộ, ngành, địa phương có trách nhiệm triển khai thực hiện.",
            "Theo các chuyên gia, quy định mới sẽ tháo gỡ nhiều vướng mắc trong thực tiễn.",
            "Nhiều ý kiến cho rằng cần sớm có hướng dẫn cụ thể để triển khai.")


def _title(text: str) -> tuple[str, str] | None:
    """The type heading and the title lines under it, from the top of the text."""
    m = HEADING.search(text[:8000])
    if not m:
        return None
    lines = []
    for line in text[m.end():].splitlines():
        line = line.strip(" _-–—\t")
        if not line:
            if lines:
                break
            continue
        if line.startswith("Căn cứ") or len(lines) == 3:
            break
        lines.append(line)
    title = " ".join(lines)
    return (m.group(1).capitalize(), title) if 10 <= len(title) <= 300 else None


def report(path: Path, rng: random.Random) -> str | None:
    """One short news report about the legal text at ``path``, or None when its header cannot be read."""
    text = path.read_text(encoding="utf-8")
    found = _title(text)
    if found is None:
        return None
    kind, title = found
    own = own_numbers(text, None)
    number = NUMBER.search(text[:6000])
    cited = number.group(1) if number else (own[0].upper() if own else "")
    topic = title[0].lower() + title[1:]
    article = ARTICLE.search(text[:20000])
    excerpt = re.sub(r"\s+", " ", article.group(1)).strip() if article else ""
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    lines = [rng.choice(HEADLINES).format(topic=topic), "",
             f"{rng.choice(PLACES)}, ngày {day} tháng {month} – Vừa qua, {kind.lower()} {cited} {topic} đã được ban hành."]
    if excerpt:
        lines.append(f"Theo đó, {excerpt[0].lower()}{excerpt[1:300]}")
    lines += [rng.choice(CLOSINGS), "(Tin tổng hợp; văn bản tổng hợp — SYNTHETIC)"]
    return "\n".join(lines) + "\n"


def main() -> None:
    rng = random.Random(SEED)
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.txt"):
        old.unlink()
    rows = ["file\treports on\tnote"]
    for path in sorted(LEGAL.glob("*.txt")):
        news = report(path, rng)
        if news is None:
            continue
        name = f"{path.stem}.tin.txt"  # never ends with the judged file's name
        (OUT / name).write_text(news, encoding="utf-8")
        rows.append(f"{name}\t{path.name}\tSYNTHETIC news report made by make_news.py")
    (OUT / "MANIFEST.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
