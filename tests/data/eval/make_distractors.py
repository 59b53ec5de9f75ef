"""Writes SYNTHETIC distractor directives for the search evaluation (not real documents).

Five judged samples alone make ranking trivial, so the evaluation archive adds documents that are
plausible but not relevant to any judged query: each is a new header (issuer, number, place, date,
type, subject) over sentences recombined from the samples, with numbers, dates, document numbers,
places and people's names replaced.  Two rules keep them non-relevant by construction: a distractor
never carries a sample's own number, and never shares a sample's issuer in the same month.

Deterministic: the same samples and seed always give the same files.

    .venv/bin/python tests/data/eval/make_distractors.py          # rewrites distractors/
"""

from __future__ import annotations

import itertools
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from tracuu.index.analyzer import DOCNO_RE
from tracuu.index.vntext import fold

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parents[2] / "samples"
OUT = HERE / "distractors"
SEED = 20240611
COUNT = 60
#: How many distractors may reuse one piece of a sample (see ``clause_pool``).
MAX_USES_BOILERPLATE, MAX_USES_DISTINCTIVE = 6, 2

#: Proper names in the samples and what may replace them.
PLACES = ("Hà Nội", "Hà Tĩnh", "Hồ Chí Minh", "Hai Bà Trưng", "Trạm Trôi", "Hoài Đức", "Ba Đình", "Hoàn Kiếm",
          "Giảng Võ", "Cống Vị", "Ngọc Khánh", "Kim Mã", "Nam Từ Liêm", "Cầu Giấy", "Mê Linh", "Đông Anh",
          "Thạch Thất", "Hoàng Mai", "Nội Bài", "Hà Đông", "Đống Đa", "Pháp Vân", "Tứ Hiệp", "Việt Đức", "Kỳ Anh",
          "Mitracco")
OTHER_PLACES = ("Nghệ An", "Quảng Bình", "Thanh Hóa", "Nam Định", "Thái Bình", "Ninh Bình", "Hải Dương", "Bắc Ninh",
                "Vĩnh Phúc", "Phú Thọ", "Quảng Trị", "Hưng Yên", "Lạng Sơn", "Tuyên Quang", "Yên Bái", "Sơn La",
                "Thanh Xuân", "Tây Hồ", "Long Biên", "Gia Lâm", "Sóc Sơn", "Ba Vì", "Chương Mỹ", "Thanh Oai",
                "Ứng Hòa", "Phú Xuyên", "Mỹ Đức", "Quốc Oai", "Đan Phượng", "Phúc Thọ", "Hương Sơn", "Can Lộc",
                "Thạch Hà", "Cẩm Xuyên", "Nghi Xuân", "Đức Thọ", "Vũ Quang", "Lộc Hà", "Bạch Mai", "Thanh Nhàn",
                "Xanh Pôn", "Đức Giang", "Vinh", "Diễn Châu", "Quỳnh Lưu", "Hoàng Long", "Formosa", "Vissai")
PEOPLE = ("Vương Đình Huệ", "Lê Hồng Sơn", "Phùng Thị Hồng Hà", "Trần Anh Tuấn", "Nguyễn Sĩ Hoạt", "Đinh Tiến Dũng",
          "Nguyễn Phú Trọng", "Nguyễn Thị Tuyền", "Nguyễn Công Thành", "Chử Xuân Dũng", "Phạm Thị Thu Huyền",
          "Trần Thế Dũng", "Nguyễn Lan Hương")
OTHER_PEOPLE = ("Nguyễn Văn Bình", "Trần Quốc Toản", "Lê Thị Thu Hằng", "Phạm Đức Long", "Hoàng Minh Tuấn",
                "Đỗ Thị Lan", "Bùi Văn Cường", "Vũ Hồng Quân", "Đặng Thị Mai", "Ngô Quang Huy", "Lê Văn Thắng",
                "Phan Thị Hoa", "Trịnh Văn Hải", "Dương Minh Khoa")
#: Issuers: (name, level of its number suffix, place of signing).
ISSUERS = (("Tỉnh ủy Nghệ An", "TU", "Nghệ An"), ("Tỉnh ủy Quảng Bình", "TU", "Quảng Bình"),
           ("Tỉnh ủy Hà Tĩnh", "TU", "Hà Tĩnh"), ("Thành ủy Hà Nội", "TU", "Hà Nội"),
           ("Quận ủy Ba Đình", "QU", "Ba Đình"), ("Quận ủy Đống Đa", "QU", "Đống Đa"),
           ("Quận ủy Thanh Xuân", "QU", "Thanh Xuân"), ("Quận ủy Hà Đông", "QU", "Hà Đông"),
           ("Huyện ủy Thanh Oai", "HU", "Thanh Oai"), ("Huyện ủy Hương Sơn", "HU", "Hương Sơn"),
           ("Huyện ủy Gia Lâm", "HU", "Gia Lâm"), ("Thị ủy Kỳ Anh", "TU", "Kỳ Anh"),
           ("Ủy ban nhân dân thành phố Hà Nội", "UBND", "Hà Nội"), ("Ủy ban nhân dân tỉnh Nghệ An", "UBND", "Nghệ An"))
TYPES = (("THÔNG BÁO", "TB"), ("CÔNG VĂN", "CV"), ("KẾT LUẬN", "KL"), ("CHỈ THỊ", "CT"), ("KẾ HOẠCH", "KH"))
SUBJECTS = ("Kết luận về tăng cường công tác phòng, chống dịch Covid-19 trên địa bàn",
            "Về việc triển khai các biện pháp cấp bách phòng, chống dịch bệnh",
            "Về công tác chuẩn bị và tổ chức năm học mới trong điều kiện dịch bệnh",
            "Về đẩy mạnh tiêm chủng vắc-xin phòng Covid-19",
            "Về bảo đảm an sinh xã hội cho người dân gặp khó khăn do dịch bệnh",
            "Về công tác kiểm tra, giám sát việc thực hiện nhiệm vụ phòng, chống dịch",
            "Về phục hồi sản xuất, kinh doanh và phát triển kinh tế - xã hội",
            "Về tổ chức các hoạt động văn hóa, lễ hội trong tình hình mới")
#: The samples' own identity: their numbers and (issuer, month) pairs, never copied by a distractor.
SAMPLE_NUMBERS = {"07-BS/QU", "125-TB/TU", "452-TB/TU", "529-CV/QU", "563-TB/TU"}
SAMPLE_ISSUER_MONTHS = {("Thành ủy Hà Nội", "2021-02"), ("Quận ủy Hà Đông", "2021-02"),
                        ("Thành ủy Hà Nội", "2021-08"), ("Quận ủy Ba Đình", "2021-11"),
                        ("Ủy ban nhân dân thành phố Hà Nội", "2021-10"), ("Tỉnh ủy Hà Tĩnh", "2021-08")}

_DATE = re.compile(r"\b\d{1,2}/\d{1,2}(?:/\d{4})?\b")
_NUMBER = re.compile(r"(?<![\w/-])\d{1,3}(?:\.\d{3})*(?![\w/-])")


def sentences(text: str) -> list[str]:
    """The sample's body sentences worth reusing (no headers, signatures, recipients or link lists)."""
    text = re.split(r"\n\s*(?:Đọc thêm|Nơi nhận)", text)[0].replace("*", "")
    out = []
    for line in text.splitlines():
        for part in re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ-])", line.strip(" -")):
            if len(part.split()) >= 8 and not part.isupper():
                out.append(part.strip())
    return out


def clauses(sentence: str) -> list[str]:
    """A sentence cut at commas, semicolons and colons into clauses of three words or more."""
    parts = [p.strip(" .;:") for p in re.split(r"[,;:](?=\s)(?!\s+chống)", sentence)]  # keep "phòng, chống"
    return [p for p in parts if len(p.split()) >= 3]


def _sentence(parts: list[str]) -> str:
    text = ", ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _disguise(sentence: str, rng: random.Random, names: dict[str, str]) -> str:
    """Replace numbers, dates, document numbers, places and people (consistently within one document)."""
    for table, others in ((PLACES, OTHER_PLACES), (PEOPLE, OTHER_PEOPLE)):
        for name in table:
            if name in sentence:
                names.setdefault(name, rng.choice(others))
                sentence = sentence.replace(name, names[name])
    sentence = DOCNO_RE.sub(lambda m: _number(rng, rng.choice(("TB", "CV", "CT", "KL")), rng.choice(("TU", "QU"))),
                          sentence)
    sentence = _DATE.sub(lambda m: f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.choice((2020, 2021, 2022))}"
                         if m.group(0).count("/") == 2 else f"{rng.randint(1, 28)}/{rng.randint(1, 12)}", sentence)
    return _NUMBER.sub(lambda m: _similar_number(m.group(0), rng, sentence[:m.start()]), sentence)


def _similar_number(raw: str, rng: random.Random, before: str) -> str:
    if before.endswith(("tháng ", "Tháng ")):
        return str(rng.randint(1, 12))  # a written date stays a valid date
    if before.endswith(("ngày ", "Ngày ")):
        return str(rng.randint(1, 28))
    digits = raw.replace(".", "")
    value = rng.randint(10 ** (len(digits) - 1) if len(digits) > 1 else 1, 10 ** len(digits) - 1)
    return f"{value:,}".replace(",", ".") if "." in raw else str(value)


def _number(rng: random.Random, kind: str, suffix: str) -> str:
    while True:
        number = f"{rng.randint(10, 999)}-{kind}/{suffix}" if suffix != "UBND" else \
            f"{rng.randint(10, 999)}/{kind}-UBND"
        if number not in SAMPLE_NUMBERS:
            return number


def _date(rng: random.Random, issuer: str) -> tuple[int, int, int]:
    while True:
        year, month, day = rng.choice((2020, 2021, 2022)), rng.randint(1, 12), rng.randint(1, 28)
        if (issuer, f"{year}-{month:02d}") not in SAMPLE_ISSUER_MONTHS:
            return year, month, day


def _pairs(clause: str) -> set[tuple[str, str]]:
    words = fold(clause).split()
    return set(itertools.pairwise(words))


def _clauses_by_sample(samples: Path) -> list[list[str]]:
    return [[c for s in sentences(p.read_text(encoding="utf-8")) for c in clauses(s)]
            for p in sorted(samples.glob("*.txt"))]


def distinctive_clauses(samples: Path) -> list[str]:
    """Sample clauses that are not boilerplate: some word pair of theirs is found in one sample only."""
    per_sample = _clauses_by_sample(samples)
    spread = Counter(pair for found in per_sample for pair in set().union(*map(_pairs, found)))
    return [c for found in per_sample for c in found if any(spread[p] < 2 for p in _pairs(c))]


def clause_pool(samples: Path, rng: random.Random) -> dict[str, int]:
    """Pieces to recombine, each with how many distractors may reuse it.

    Boilerplate clauses (every word pair found in two samples or more) recur whole, as they do in
    real archives.  A distinctive clause is cut into runs of 2-4 words: copied whole, it would make
    its "distractor" a partial duplicate of the sample, hence relevant.
    """
    distinctive = set(distinctive_clauses(samples))
    pool: dict[str, int] = {}
    for clause in (c for found in _clauses_by_sample(samples) for c in found):
        if clause not in distinctive:
            pool[clause] = MAX_USES_BOILERPLATE
            continue
        words = clause.split()
        while words:
            size = rng.randint(2, 4)
            pool.setdefault(" ".join(words[:size]), MAX_USES_DISTINCTIVE)
            words = words[size:]
    return pool


def distractor(rng: random.Random, pool: dict[str, int], uses: Counter) -> str:
    """One synthetic directive: header, subject, paragraphs of recombined disguised clauses, signature."""
    issuer, suffix, place = rng.choice(ISSUERS)
    doc_type, kind = rng.choice(TYPES)
    year, month, day = _date(rng, issuer)
    fresh = [c for c, limit in pool.items() if uses[c] < limit]
    chosen = rng.sample(fresh, min(len(fresh), rng.randint(40, 70)))
    names: dict[str, str] = {}
    paragraphs = []
    while chosen:
        size = rng.randint(2, 4)
        take, chosen = chosen[:size], chosen[size:]
        for c in take:
            uses[c] += 1
        paragraphs.append(f"{len(paragraphs) + 1}. {_disguise(_sentence(take), rng, names)}")
    signer = rng.choice(OTHER_PEOPLE)
    lead = issuer if issuer.startswith("Ủy ban") else f"Ban Thường vụ {issuer}"
    return "\n\n".join([
        f"{issuer.upper()}\n\nSố {_number(rng, kind, suffix)}",
        f"{place}, ngày {day} tháng {month} năm {year}",
        f"{doc_type}\n{rng.choice(SUBJECTS)}",
        (f"Ngày {day}/{month}/{year}, {lead} họp, nghe báo cáo tình hình và thống nhất kết luận, "
         "yêu cầu các cấp ủy, chính quyền, Mặt trận Tổ quốc và các đoàn thể thực hiện tốt các nhiệm vụ sau:"),
        *paragraphs,
        f"Nơi nhận:\n- Như trên,\n- Lưu Văn phòng.\n\nT/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\n\n{signer}",
    ]) + "\n"


def generate(samples: Path = SAMPLES, count: int = COUNT, seed: int = SEED) -> dict[str, str]:
    """``{file name: text}`` of ``count`` distractors built from the samples' sentences."""
    rng = random.Random(seed)
    pool, uses = clause_pool(samples, rng), Counter()
    return {f"synthetic_{n:03d}.txt": distractor(rng, pool, uses) for n in range(1, count + 1)}


def write(out: Path = OUT) -> None:
    """Rewrite ``out`` with the distractors and a manifest line for each."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("synthetic_*.txt"):
        old.unlink()
    lines = ["path\tuse\torigin\tdescription"]
    for name, text in generate().items():
        (out / name).write_text(text, encoding="utf-8")
        lines.append(f"{name}\teval\tSYNTHETIC, written by ../make_distractors.py (seed {SEED})\t"
                     "Distractor for the search evaluation: recombined sample sentences, not a real document")
    (out / "MANIFEST.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
