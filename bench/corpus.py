"""A seeded benchmark corpus: N directives made by recombining the real samples' sentences and metadata.

Every document is a plausible directive: a header naming the issuer and the number, a place and date
line, a title, paragraphs of body sentences, a list of recipients and a signature.  Body sentences
are the samples' sentences with some clauses swapped between sentences and some numbers changed, so
most sentences are distinct (segmentation cannot be skipped by caching alone) while every word is
real Vietnamese from the samples.  The same seed gives the same corpus, byte for byte.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from tracuu.index.document import Document, Metadata
from tracuu.index.vntext import nfc

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

# Metadata read off the five samples (see samples/MANIFEST.tsv): issuer, its level, the number's
# suffix, the document types it issues, and who signs.
ISSUERS = (
    ("Thành ủy", "tỉnh", "TB/TU", ("Thông báo", "Kết luận", "Chỉ thị"), "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"),
    ("Tỉnh ủy", "tỉnh", "KL/TU", ("Kết luận", "Thông báo", "Chỉ thị"), "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"),
    ("Quận ủy", "huyện", "CV/QU", ("Công văn", "Thông báo", "Sao lục"), "T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG"),
    ("UBND", "tỉnh", "TB-UBND", ("Thông báo", "Kế hoạch", "Công điện"), "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
    ("Ban Chỉ đạo phòng, chống dịch", "tỉnh", "CV-BCĐ", ("Công văn", "Hướng dẫn"), "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
)
SIGNERS = ("Nguyễn Sĩ Hoạt", "Nguyễn Công Thành", "Phạm Thị Thu Huyền", "Trần Thế Dũng", "Chử Xuân Dũng",
           "Vương Đình Huệ", "Lê Hồng Sơn", "Phùng Thị Hồng Hà")
RECIPIENTS = ("Thường trực Thành ủy, (để báo cáo)", "Các ban Đảng và Văn phòng Quận ủy,", "MTTQ và các đoàn thể,",
              "Các sở, ban, ngành, đoàn thể cấp tỉnh,", "UBND các quận, huyện, thị xã;", "Lưu Văn phòng.")
TITLES = (
    "về công tác phòng, chống dịch bệnh Covid-19 trên địa bàn",
    "về tiếp tục tăng cường các biện pháp phòng, chống dịch Covid-19",
    "tăng cường công tác phòng chống dịch CoVid-19 trong tình hình mới",
    "về một số nhiệm vụ trọng tâm, cấp bách phòng, chống dịch Covid-19",
    "kết luận chỉ đạo tại hội nghị giao ban trực tuyến",
    "về kích hoạt các khu cách ly tập trung",
)


@dataclass(frozen=True)
class Pools:
    """What the generator recombines: sentences split into clauses, and place names."""

    sentences: tuple[tuple[str, ...], ...]
    clauses: tuple[str, ...]
    provinces: tuple[tuple[str, tuple[str, ...]], ...]  # (province, its districts)


def _short(name: str) -> str:
    return re.sub(r"^(Thành phố|Tỉnh|Quận|Huyện|Thị xã)\s+", "", name)


@lru_cache(maxsize=1)
def pools() -> Pools:
    """Sentences of the samples (six words or more) and the 63 provinces with their districts."""
    sentences = []
    for path in sorted(SAMPLES.glob("*.txt")):
        for line in nfc(path.read_text(encoding="utf-8")).split("\n"):
            line = line.strip().strip("*").strip()
            for sentence in re.split(r"(?<=[.;])\s+", line):
                if len(sentence.split()) >= 6:
                    sentences.append(tuple(re.split(r",\s+", sentence)))
    clauses = tuple(c for s in sentences for c in s)
    data = json.loads((resources.files("vietnam_provinces") / "data" / "nested-divisions.json").read_text("utf-8"))
    provinces = tuple((_short(p["name"]), tuple(_short(d["name"]) for d in p["districts"])) for p in data)
    return Pools(tuple(sentences), clauses, provinces)


def _sentence(rng: random.Random, p: Pools) -> str:
    parts = list(rng.choice(p.sentences))
    for i in range(1, len(parts)):
        if rng.random() < 0.4:
            parts[i] = rng.choice(p.clauses).rstrip(".;")
    if len(parts) == 1 or rng.random() < 0.3:
        parts.insert(rng.randrange(1, len(parts) + 1), rng.choice(p.clauses).rstrip(".;"))
    text = ", ".join(parts)
    # change some numbers so dates, counts and document numbers vary across the corpus
    text = re.sub(r"\b\d{1,3}\b", lambda m: str(rng.randrange(1, 999)) if rng.random() < 0.5 else m.group(0), text)
    return text if text.endswith((".", ";", ":")) else text + "."


def _province(rng: random.Random, p: Pools) -> tuple[str, tuple[str, ...]]:
    # archives are skewed: the capital and a few provinces dominate
    if rng.random() < 0.35:
        return p.provinces[0]
    return p.provinces[min(int(rng.paretovariate(1.2)) - 1, len(p.provinces) - 1) if rng.random() < 0.5
                       else rng.randrange(len(p.provinces))]


def make_document(i: int, seed: int = 7) -> Document:
    """Document number ``i`` of the corpus (independent of the others, so any slice can be made alone)."""
    rng = random.Random(f"{seed}:{i}")
    p = pools()
    province, districts = _province(rng, p)
    body_name, level, suffix, types, sign_for, sign_title = rng.choice(ISSUERS)
    district = rng.choice(districts) if level == "huyện" and districts else None
    issuer = f"{body_name} {district or province}"
    doc_type = rng.choice(types)
    year = rng.choice((2020, 2021, 2021, 2022, 2023))
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    number = f"{rng.randint(1, 999)}-{suffix}"
    signer = rng.choice(SIGNERS)
    title = f"{doc_type} {rng.choice(TITLES)}"
    target = rng.randint(2300, 3700)  # UTF-8 bytes of body text
    paragraphs, size = [], 0
    while size < target:
        paragraph = " ".join(_sentence(rng, p) for _ in range(rng.randint(2, 5)))
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 1
    head = [issuer.upper(), f"Số: {number}", f"{district or province}, ngày {day:02d} tháng {month:02d} năm {year}",
            doc_type.upper(), title]
    tail = ["Nơi nhận:", *(f"- {r}" for r in rng.sample(RECIPIENTS, 3)), sign_for, sign_title, signer]
    text = "\n".join(head + paragraphs + tail)
    meta = Metadata(title=title, doc_type=doc_type, number=number, number_raw=number,
                    date=f"{year}-{month:02d}-{day:02d}", issuer=issuer, issuer_level=level, province=province,
                    district=district, signer=signer, signer_title=sign_title.title())
    return Document(source=f"bench://corpus/{seed}/{i:07d}", text=text, meta=meta, content_type="text/plain")


def corpus(n: int, seed: int = 7) -> Iterator[Document]:
    """The first ``n`` documents of the corpus."""
    for i in range(n):
        yield make_document(i, seed)


def changed(doc: Document, round_: int) -> Document:
    """``doc`` with one sentence added, as an edited directive would be (a new version to reindex)."""
    rng = random.Random(f"change:{doc.id}:{round_}")
    extra = _sentence(rng, pools())
    return Document(source=doc.source, text=doc.text + "\n" + extra, meta=doc.meta, url=doc.url,
                    content_type=doc.content_type)
