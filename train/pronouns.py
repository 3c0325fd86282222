"""Learn the weights of the third-person pronoun scorer (``src/ficlens/resources/pronouns/``) from LitBank.

Run from the repository root (runtime requirements and numpy; a few minutes)::

    .venv/bin/python train/pronouns.py [--data ../shared/data/litbank] [--rounds 2]

1. Parses the 100 LitBank excerpts with ficlens' pipeline (structure and syntax) and runs the characters stage's
   clusterer on each, with the person nouns and extent rules of the fold that did not see the document, recording
   every (he/she pronoun, earlier mention) pair the pronoun scorer is asked about, with its features
   (:data:`ficlens.stages.antecedents.FEATURES`).
2. Labels a pair 1 when the two mentions' heads head mentions of the same LitBank coreference entity, 0 when not;
   a pronoun that heads no gold mention is left out.
3. For each of the 10 folds (``resources/person_nouns/folds.json``) fits an L2 logistic regression on the other nine
   folds' pairs (the regularisation chosen from a small grid by the held-out pairs' top-1 accuracy of the inner
   folds would be finer; one value is used, see MODEL_CARD.md) and measures on the held-out fold how often the
   best-scoring entity is right, against the hand-set weights; writes ``fold-K.json``. ``all.json`` is fitted on
   all pairs.
4. With ``--rounds 2`` the pairs are collected again with the round-1 weights in use (the clusters a pronoun sees
   depend on the earlier choices), and the weights refitted.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from person_nouns import fit_logreg

from ficlens.evaluation.harness import litbank_components
from ficlens.evaluation.litbank import LitBankDoc, folds, load_litbank
from ficlens.ingest import from_text
from ficlens.model import Document
from ficlens.pipeline import Pipeline, default_stages
from ficlens.stages.antecedents import FEATURES, PronounModel
from ficlens.stages.base import Context
from ficlens.stages.characters import CharactersStage
from ficlens.stages.mentions import MentionsStage
from ficlens.stages.quotes import QuotesStage
from ficlens.stages.scorers import HandPronounScorer, LinearPronounScorer, TracingPronounScorer
from ficlens.stages.tokenview import TokenView

OUT = Path(__file__).resolve().parent.parent / "src" / "ficlens" / "resources" / "pronouns"
LAMBDA = 0.001


@dataclass
class Pairs:
    pronoun: list[int]  # an id per pronoun (unique over the document)
    entity: list[int]  # the system entity of the earlier mention
    x: list[list[float]]
    y: list[int]


def gold_heads(gold: LitBankDoc, tv: TokenView) -> dict[int, str]:
    """Head token -> LitBank entity of the gold coreference mention it heads (the longest, when nested)."""
    out: dict[int, tuple[int, str]] = {}
    for m in gold.mentions:
        lo = bisect.bisect_left(tv.start, m.start)
        hi = bisect.bisect_left(tv.end, m.end)
        if lo >= len(tv.start) or hi >= len(tv.end):
            continue
        head = lo
        for i in range(lo, hi + 1):
            if not (lo <= tv.head[i] <= hi) or tv.head[i] == i:
                head = i
                break
        if head not in out or out[head][0] < m.end - m.start:
            out[head] = (m.end - m.start, m.entity)
    return {h: e for h, (_, e) in out.items()}


def collect(gold: LitBankDoc, parsed: Document, model: PronounModel | None) -> Pairs:
    comp = litbank_components(gold.name)
    # round 1 (``model`` None): the hand-set weights; the tracing scorer weighs each character's last three mentions
    tracing = TracingPronounScorer(HandPronounScorer() if model is None else LinearPronounScorer(model, "train", ""))
    doc = QuotesStage()(parsed, Context())
    doc = MentionsStage(person_nouns=comp.person_nouns, extents=comp.extents)(doc, Context())
    doc = CharactersStage(pronoun_scorer=tracing)(doc, Context())
    tv, cands = TokenView.cached(doc), doc.layer("mentions")
    heads = gold_heads(gold, tv)
    pairs = Pairs([], [], [], [])
    for k, idx, feats in tracing.trace:
        g = heads.get(cands[k].head)
        if g is None:
            continue
        pairs.pronoun.append(k)
        pairs.entity.append(cands[idx].character)
        pairs.x.append(feats)
        pairs.y.append(int(heads.get(cands[idx].head) == g))
    return pairs


def top1(pairs: list[Pairs], weights: np.ndarray) -> tuple[int, int]:
    """(right, pronouns with a right candidate): how often the best-scoring candidate mention is a right one."""
    right = total = 0
    for p in pairs:
        groups: dict[int, list[int]] = defaultdict(list)
        for r, k in enumerate(p.pronoun):
            groups[k].append(r)
        x = np.asarray(p.x) if p.x else np.zeros((0, len(FEATURES)))
        scores = x @ weights if len(x) else np.zeros(0)
        for rows in groups.values():
            if not any(p.y[r] for r in rows):
                continue
            total += 1
            best = max(rows, key=lambda r: scores[r])
            right += p.y[best]
    return right, total


HAND = {  # the hand-set weights the stage used before (the same score as ``scorers.HandPronounScorer``)
    "sent1": -1.0,
    "sent2": -2.0,
    "sent3+": -3.0,
    "o_subj": 1.0,
    "o_name": 0.5,
    "gender_unknown": -1.5,
    "quote_mismatch": -0.5,
    "scene_count": 0.3,
    "focal": 0.75,
}


def fit(pairs: list[Pairs]) -> np.ndarray:
    x = np.asarray([row for p in pairs for row in p.x], dtype=float)
    y = np.asarray([v for p in pairs for v in p.y], dtype=float)
    m = fit_logreg(x, y, np.ones(len(y)), LAMBDA)
    raw = m.beta[:-1] / m.scale
    raw[FEATURES.index("bias")] += m.beta[-1] - float(np.sum(m.beta[:-1] * m.mean / m.scale))
    return np.asarray(raw)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/litbank"))
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    t0 = time.time()
    docs = load_litbank(args.data)
    pipe = Pipeline.build(default_stages(characters=False))
    parsed = {d.name: pipe(from_text(d.text, path=d.name, format="plain"), Context(n_process=1)) for d in docs}
    print(f"parsed {len(docs)} documents in {time.time() - t0:.0f} s", file=sys.stderr)
    test_sets = [set(test) for _train, test in folds(docs, k=10, seed=0)]
    fold_of = {name: k for k, test in enumerate(test_sets) for name in test}
    hand = np.asarray([HAND.get(f, 0.0) for f in FEATURES])
    models: dict[str, PronounModel | None] = {d.name: None for d in docs}
    report: dict[str, object] = {"command": "python train/pronouns.py", "lambda": LAMBDA, "rounds": []}
    weights: list[np.ndarray] = []
    for rnd in range(args.rounds):
        pairs = {d.name: collect(d, parsed[d.name], models[d.name]) for d in docs}
        weights = []
        right = {"hand": 0, "learned": 0}
        total = 0
        for test in test_sets:
            w = fit([p for name, p in pairs.items() if name not in test])
            weights.append(w)
            held = [pairs[name] for name in test]
            r_hand, n = top1(held, hand)
            r_learned, _ = top1(held, w)
            right["hand"] += r_hand
            right["learned"] += r_learned
            total += n
        summary = {
            "round": rnd + 1,
            "pairs": sum(len(p.y) for p in pairs.values()),
            "pronouns_with_a_right_candidate": total,
            "cv_top1_hand": round(right["hand"] / max(total, 1), 4),
            "cv_top1_learned": round(right["learned"] / max(total, 1), 4),
        }
        report["rounds"].append(summary)  # type: ignore[attr-defined]
        print(json.dumps(summary), file=sys.stderr)
        models = {d.name: PronounModel(dict(zip(FEATURES, weights[fold_of[d.name]], strict=True))) for d in docs}
        all_w = fit(list(pairs.values()))
    OUT.mkdir(parents=True, exist_ok=True)
    about = "made by train/pronouns.py from LitBank coref (CC BY 4.0); logistic regression weights by feature"
    for k, w in enumerate(weights):
        data = {"about": about, "weights": {f: round(float(v), 5) for f, v in zip(FEATURES, w, strict=True)}}
        (OUT / f"fold-{k}.json").write_text(json.dumps(data, indent=1) + "\n")
    data = {"about": about, "weights": {f: round(float(v), 5) for f, v in zip(FEATURES, all_w, strict=True)}}
    (OUT / "all.json").write_text(json.dumps(data, indent=1) + "\n")
    (OUT / "cv_scores.json").write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))
    print(f"{time.time() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
