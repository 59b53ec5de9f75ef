"""Byte identity of the per-document analysis with a git revision's: ``python -m bench.analysis_identity``.

    python -m bench.analysis_identity [--base REV] [--short 2000] [--dump FILE]

For every real legal text and ``--short`` synthetic directives, the serialized analyses of text and
title, their folded forms, the encoded position spans and the folded issuer field are computed by
``REV``'s modules (``bench.baseline``) and by the working tree's, and their sha1s compared.
``--dump`` writes the working tree's sha1 per document, to compare runs across machines.
"""

from __future__ import annotations

import argparse
import sys

from bench import baseline
from bench.analysis_work import digest, document_work, legal_samples, short_samples

FIELDS = ("body", "title", "body_f", "title_f", "spans", "issuer_f")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="main")
    parser.add_argument("--short", type=int, default=2000)
    parser.add_argument("--dump")
    args = parser.parse_args(argv)
    base, new = baseline.load(args.base), baseline.working()
    samples = legal_samples() + short_samples(args.short)
    differ, lines = 0, []
    for s in samples:
        theirs, ours = document_work(base, s), document_work(new, s)
        lines.append(f"{s.name}\t{digest(ours)}")
        if digest(theirs) != digest(ours):
            differ += 1
            fields = [f for f, x, y in zip(FIELDS, theirs, ours) if x != y]
            print(f"differs: {s.name}: {', '.join(fields)}")
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    chars = sum(len(s.text) for s in samples)
    print(f"{len(samples)} documents ({chars:,} characters) against {base.commit[:12]} ({args.base}): "
          f"{differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
