"""``python -m bench.ocr``: the OCR path on the rendered scans of tests/data/scans, one row per resolution.

    python -m bench.ocr [--out bench/ocr-results.json]

Reads every scan as ``tracuu ingest`` does (no cache), one page per core, and prints per dpi: pages,
character and word error rates against the typeset gold, the mean Tesseract confidence, seconds of
wall time and of CPU (Tesseract and pdftoppm included) per page, and whether number, date and issuer
read from the OCR text are those read from the gold text.  The machine's load is printed beside the
figures: other work on the same cores slows OCR.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import time
from collections import defaultdict
from pathlib import Path

from tracuu.crawler import ocr
from tracuu.crawler.files import read_file
from tracuu.crawler.ocr_eval import cer, wer
from tracuu.index.metadata import parse

SCANS = Path(__file__).resolve().parent.parent / "tests" / "data" / "scans"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure() -> dict:
    engine = ocr.find_engine()
    if isinstance(engine, str):
        raise SystemExit(engine)
    rows = defaultdict(lambda: {"pages": 0, "gold": [], "read": [], "wall": 0.0, "cpu": 0.0, "confidence": [],
                                "fields_same": 0, "fields": 0})
    for scan in csv.DictReader((SCANS / "scans.tsv").open(encoding="utf-8"), delimiter="\t"):
        path = SCANS / scan["file"]
        gold = (SCANS / f"{path.stem}.gold.txt").read_text(encoding="utf-8")
        cpu, started = _children_cpu(), time.perf_counter()
        doc = read_file(path)
        row = rows[int(scan["dpi"])]
        row["wall"] += time.perf_counter() - started
        row["cpu"] += _children_cpu() - cpu
        row["pages"] += int(scan["pages"])
        row["gold"].append(gold)
        row["read"].append(doc.text)
        row["confidence"].append((doc.extra.get("ocr") or {}).get("confidence", 0.0))
        original = parse(gold, None, {})
        for field in ("number", "date", "issuer"):
            row["fields"] += 1
            row["fields_same"] += getattr(doc.meta, field) == getattr(original, field)
    out = {"engine": f"{ocr.ENGINE} {engine.version} ({engine.languages})", "load": os.getloadavg()[0], "dpi": {}}
    for dpi, row in sorted(rows.items()):
        gold, read = "\n".join(row["gold"]), "\n".join(row["read"])
        out["dpi"][dpi] = {"pages": row["pages"], "cer": round(cer(gold, read), 4), "wer": round(wer(gold, read), 4),
                           "confidence": round(sum(row["confidence"]) / len(row["confidence"]), 1),
                           "wall_s_per_page": round(row["wall"] / row["pages"], 2),
                           "cpu_s_per_page": round(row["cpu"] / row["pages"], 2),
                           "fields_as_original": f"{row['fields_same']}/{row['fields']}"}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="Write the figures as JSON here too.")
    args = parser.parse_args()
    result = measure()
    print(f"{result['engine']}, ocr_dpi {os.environ.get('TRACUU_OCR_DPI', 300)}, load {result['load']:.1f}")
    print("| scanned at | pages | CER | WER | confidence | s/page (wall) | CPU s/page | number, date, issuer as original |")
    print("|---|---|---|---|---|---|---|---|")
    for dpi, r in result["dpi"].items():
        print(f"| {dpi} dpi | {r['pages']} | {r['cer']:.2%} | {r['wer']:.2%} | {r['confidence']} | "
              f"{r['wall_s_per_page']} | {r['cpu_s_per_page']} | {r['fields_as_original']} |")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
