"""Many realistic documents for crash and concurrency tests: sample paragraphs recombined, seeded."""

from __future__ import annotations

import random
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def write_corpus(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """Write ``n`` .txt documents into ``folder``; the same seed gives the same files."""
    rng = random.Random(seed)
    paragraphs = [p.strip() for f in sorted(SAMPLES.glob("*.txt")) for p in f.read_text().split("\n\n") if len(p) > 80]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        body = "\n\n".join(rng.sample(paragraphs, 6))
        head = f"THÔNG BÁO\nSố {100 + i}-TB/TU\nHà Nội, ngày {1 + i % 28} tháng {1 + i % 12} năm 2021\n\n"
        path = folder / f"doc-{i:04d}.txt"
        path.write_text(head + body, encoding="utf-8")
        paths.append(path)
    return paths
