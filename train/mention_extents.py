"""Learn which dependents of a mention's head belong to the mention (``src/ficlens/resources/extents/``).

Run from the repository root (runtime requirements only; about a minute)::

    .venv/bin/python train/mention_extents.py [--data ../shared/data/litbank]

For every entity-layer mention of LitBank (``entities/brat``, all categories, names and noun phrases) whose span
lines up with ficlens' tokens, the head is the token of the span whose syntactic head lies outside it; each
dependent of the head is a training case, labelled by whether it lies inside the annotated span. Cases are counted
under every key of :func:`ficlens.stages.extents.child_keys`; a key seen at least ``MIN_COUNT`` times is stored
with its inclusion rate. ``all.json`` counts all 100 documents; ``fold-K.json`` leaves out the documents of fold K
(the 10 folds of ``resources/person_nouns/folds.json``), and the held-out documents of each fold are scored: the
share of PER mentions whose extent, rebuilt by :func:`ficlens.stages.extents.np_extent` from their head, is exactly
the annotated span. The scores go into ``cv_scores.json``; see ``MODEL_CARD.md``.
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
import time
from collections import Counter
from pathlib import Path

from ficlens.evaluation.litbank import LitBankDoc, folds, load_litbank
from ficlens.ingest import from_text
from ficlens.pipeline import Pipeline, default_stages
from ficlens.stages.base import Context
from ficlens.stages.extents import ExtentRules, child_keys, np_extent
from ficlens.stages.tokenview import TokenView

MIN_COUNT = 5
OUT = Path(__file__).resolve().parent.parent / "src" / "ficlens" / "resources" / "extents"

Case = tuple[list[str], bool]  # keys, included
Target = tuple[int, int, int, str]  # head token, first token, last token (gold), category


def head_of(tv: TokenView, lo: int, hi: int) -> int:
    for i in range(lo, hi + 1):
        if not (lo <= tv.head[i] <= hi) or tv.head[i] == i:
            return i
    return lo


def examples(doc: LitBankDoc, tv: TokenView) -> tuple[list[Case], list[Target]]:
    starts, ends = tv.start, tv.end
    cases: list[Case] = []
    targets: list[Target] = []
    for m in doc.entities:
        lo = bisect.bisect_left(starts, m.start)
        hi = bisect.bisect_left(ends, m.end)
        if lo >= len(starts) or hi >= len(ends) or starts[lo] != m.start or ends[hi] != m.end:
            continue  # the span does not line up with ficlens' tokens
        h = head_of(tv, lo, hi)
        targets.append((h, lo, hi, m.category))
        for c in tv.children[h]:
            cases.append((child_keys(tv, h, c), lo <= c <= hi))
    return cases, targets


def fit(cases: list[Case]) -> dict[str, float]:
    seen: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for keys, inc in cases:
        for k in keys:
            seen[k] += 1
            inside[k] += inc
    return {k: round(inside[k] / n, 4) for k, n in sorted(seen.items()) if n >= MIN_COUNT}


def exact(targets: list[Target], tv: TokenView, rules: ExtentRules) -> tuple[int, int]:
    hit = n = 0
    for h, lo, hi, cat in targets:
        if cat != "PER":
            continue
        core = (h, h)
        if tv.tag[h] in ("NNP", "NNPS"):  # a name's own words are always in
            k = h
            while k > lo and tv.tag[k - 1] in ("NNP", "NNPS"):
                k -= 1
            core = (k, h)
        n += 1
        hit += np_extent(tv, h, rules, core) == (lo, hi)
    return hit, n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/litbank"))
    args = ap.parse_args(argv)
    t0 = time.time()
    docs = load_litbank(args.data)
    pipe = Pipeline.build(default_stages(characters=False))
    per_doc: dict[str, tuple[list[Case], list[Target], TokenView]] = {}
    for d in docs:
        parsed = pipe(from_text(d.text, path=d.name, format="plain"), Context(n_process=1))
        tv = TokenView.of(parsed)
        cases, targets = examples(d, tv)
        per_doc[d.name] = (cases, targets, tv)
    fold_names = [list(test) for _train, test in folds(docs, k=10, seed=0)]
    OUT.mkdir(parents=True, exist_ok=True)
    header = "made by train/mention_extents.py from LitBank entities/brat (CC BY 4.0); inclusion rate per key"
    scores = []
    total_hit = total_n = 0
    for k, test in enumerate(fold_names):
        held = set(test)
        rates = fit([c for name, (cs, _, _) in per_doc.items() if name not in held for c in cs])
        (OUT / f"fold-{k}.json").write_text(json.dumps({"about": header, "rates": rates}, indent=0) + "\n")
        rules = ExtentRules(rates)
        hit = n = 0
        for name in test:
            _, targets, tv = per_doc[name]
            h, m = exact(targets, tv, rules)
            hit, n = hit + h, n + m
        scores.append({"fold": k, "exact": round(hit / max(n, 1), 4), "mentions": n})
        total_hit, total_n = total_hit + hit, total_n + n
    rates = fit([c for cs, _, _ in per_doc.values() for c in cs])
    (OUT / "all.json").write_text(json.dumps({"about": header, "rates": rates}, indent=0) + "\n")
    result = {
        "command": "python train/mention_extents.py",
        "min_count": MIN_COUNT,
        "keys": len(rates),
        "cv_exact_per_mentions": round(total_hit / max(total_n, 1), 4),
        "cv_mentions": total_n,
        "folds": scores,
    }
    (OUT / "cv_scores.json").write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))
    print(f"{time.time() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
