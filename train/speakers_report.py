"""Measure the speakers stage on PDNC with gold quotes (and characters: GQ+GC): accuracy by quote type, the
reliability of ``Quote.score`` (a table and the expected calibration error), and optionally the errors.

Run from the repository root (measures only; nothing is fitted or written)::

    .venv/bin/python train/speakers_report.py [--data ../shared/data/pdnc] [--split dev] [--errors explicit]

Accuracy here is per gold quotation whose speaker is a character (as ``ficlens eval pdnc --setting gqgc``; with
``--setting gq`` ficlens' own characters, mapped to the gold ones by their names), each quotation counted with the
score of the turn that holds it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from ficlens.api import analyze
from ficlens.config import PipelineConfig
from ficlens.evaluation import pdnc
from ficlens.evaluation.pdnc_run import setting_config

BINS = 10


def reliability(pairs: list[tuple[float, bool]]) -> tuple[list[tuple[float, float, float, int]], float]:
    """``(low, mean score, accuracy, count)`` per score bin of width 1/BINS, and the expected calibration error."""
    rows = []
    ece = 0.0
    for b in range(BINS):
        lo, hi = b / BINS, (b + 1) / BINS
        inside = [(s, ok) for s, ok in pairs if lo <= s < hi or (b == BINS - 1 and s == 1.0)]
        if not inside:
            continue
        mean = sum(s for s, _ in inside) / len(inside)
        acc = sum(ok for _, ok in inside) / len(inside)
        rows.append((lo, mean, acc, len(inside)))
        ece += len(inside) / len(pairs) * abs(mean - acc)
    return rows, ece


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/pdnc"))
    ap.add_argument("--split", default="dev")
    ap.add_argument("--novel", action="append", default=None)
    ap.add_argument("--speaker-scorer", default="linear")
    ap.add_argument("--setting", choices=["gq", "gqgc"], default="gqgc")
    ap.add_argument("--errors", default="", help="print the errors of this quote type (explicit, anaphoric, ...)")
    args = ap.parse_args(argv)
    pairs: list[tuple[float, bool]] = []
    by_type: Counter[tuple[str, bool]] = Counter()
    for folder in pdnc.novels(args.data, args.split):
        if args.novel and folder.name not in args.novel:
            continue
        gold = pdnc.load_gold(folder)
        config = setting_config(gold, args.setting, PipelineConfig(speaker_scorer=args.speaker_scorer))
        doc = analyze(folder / "novel_text.txt", config=config)
        chars = doc.layer("characters")
        spoken = Counter(q.speaker for q in gold.quotes if q.speaker)
        gold_of = {c.id: pdnc.map_character([n for n, _ in c.names], gold, spoken) if c.names else None for c in chars}
        first: dict[int, Any] = {}
        for q in doc.layer("quotes"):
            first.setdefault(q.utterance, q)
        for n, g in enumerate(gold.quotes):
            if g.speaker is None or g.speaker in gold.special_ids or n not in first:
                continue
            q = first[n]
            ok = gold_of.get(q.speaker) == g.speaker
            pairs.append((q.score or 0.0, ok))
            by_type[(g.qtype, ok)] += 1
            if not ok and args.errors and g.qtype.lower().startswith(args.errors.lower()):
                par = doc.layer("paragraphs")[q.paragraph]
                got = chars[q.speaker].name if q.speaker >= 0 else None
                print(f"--- {folder.name} gold={g.speaker_name} got={got} ({q.method}, {q.score})")
                print("   ", doc.text[par.start : par.end].replace("\n", " ")[:400])
        print(f"{folder.name}: done", file=sys.stderr)
    types = sorted({t for t, _ in by_type})
    right = sum(n for (_, ok), n in by_type.items() if ok)
    print(f"accuracy {right / len(pairs):.3f} ({right}/{len(pairs)})")
    for t in types:
        r, w = by_type[(t, True)], by_type[(t, False)]
        print(f"  {t:12} {r / (r + w):.3f} ({r}/{r + w})")
    rows, ece = reliability(pairs)
    print("score bin   mean score  accuracy  quotes")
    for lo, mean, acc, count in rows:
        print(f"{lo:.1f}-{lo + 1 / BINS:.1f}     {mean:10.3f}  {acc:8.3f}  {count:6d}")
    print(f"expected calibration error {ece:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
