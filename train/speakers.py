"""Learn the speaker ranker's weights (``src/ficlens/resources/speakers/``) from the PDNC training novels.

Run from the repository root (numpy and scipy from ``requirements/train.txt``; about 5 minutes, most of it spaCy)::

    .venv/bin/python train/speakers.py [--data ../shared/data/pdnc] [--cache .cache/train-pdnc]

1. Parses each novel of the ``train`` split of ``splits.json`` with ficlens' pipeline (structure and syntax;
   cached as ficlens JSON under ``--cache``) and runs the characters stage's clusterer on it with the gold
   quotation spans given (PDNC's GQ setting), recording every (turn, candidate character, features) the speaker
   ranker scores (:data:`ficlens.stages.speakers.FEATURES`).
2. A candidate is right when its names map to the turn's gold speaker (SCORING.md §6,
   :func:`ficlens.evaluation.pdnc.map_character`); turns whose right speaker is not among the candidates are left
   out (their share is reported).
3. Fits a softmax over each turn's candidates with an L2 penalty (L-BFGS). The penalty is chosen by
   leave-three-novels-out cross-validation over the training novels (turn accuracy); the same folds report the
   hand-set weights' accuracy beside it. The dev novels are never read here: ``ficlens eval pdnc --split dev``
   measures the result.
4. ``--rounds 2`` collects the pairs again with the round-1 weights in use (the look-back features depend on the
   earlier decisions) and refits.
5. Decodes every training novel with its held-out (round-2) weights, as the stage does: beam widths 1 and 4, then
   the better one with explicit anchors; keeps what decides more held-out turns right, and fits Platt scaling of
   the decoded turns' probabilities on the same held-out turns whose gold speaker is one of ficlens' characters
   (``Quote.score`` is the calibrated probability).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from scipy.optimize import minimize

from ficlens.evaluation import pdnc
from ficlens.ingest import from_text
from ficlens.model import Document, Quote
from ficlens.model.serialize import from_json, to_json
from ficlens.pipeline import Pipeline, default_stages, literary_core
from ficlens.stages.base import Context
from ficlens.stages.scorers import BeamSpeakerScorer, LinearSpeakerScorer, SpeakerScorer, TracingSpeakerScorer
from ficlens.stages.speakers import FEATURES, HAND_WEIGHTS, NARRATOR_FEATURES, SpeakerModel, turns_of
from ficlens.stages.speakers_model import Calibration

OUT = Path(__file__).resolve().parent.parent / "src" / "ficlens" / "resources" / "speakers"
LAMBDAS = (0.00003, 0.0003, 0.003, 0.03)
WIDTHS = (1, 4)  # beam widths compared by decoding the held-out novels (then explicit anchors on or off)
GROUPS = 6


@dataclass
class Turns:
    """One novel's training turns: for each, the candidates' features and which are right."""

    x: list[np.ndarray]
    y: list[np.ndarray]
    covered: int = 0
    total: int = 0


def parsed(folder: Path, cache: Path) -> Document:
    path = cache / f"{folder.name}.json"
    if path.exists():
        return from_json(path.read_text(encoding="utf-8"))
    text = (folder / "novel_text.txt").read_text(encoding="utf-8")
    doc = Pipeline.build(default_stages(characters=False))(from_text(text, path=folder.name), Context(n_process=0))
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(to_json(doc), encoding="utf-8")
    return doc


def run_core(doc: Document, gold: pdnc.PdncGold, scorer: SpeakerScorer) -> tuple[Document, dict[int, str | None]]:
    """The document after the speakers stage (gold quotation spans given), and each character's gold id."""
    ids = {q.id: n for n, q in enumerate(gold.quotes)}
    given = [(s, e, ids[q.id]) for q in gold.quotes for s, e in q.spans]
    for stage in Pipeline.build(literary_core(quotes=given, speaker_scorer=scorer), provided=doc.layers).stages:
        doc = stage(doc, Context())
        if stage.name == "speakers":
            break
    spoken = Counter(q.speaker for q in gold.quotes if q.speaker)
    chars = doc.layer("characters")
    return doc, {c.id: pdnc.map_character([n for n, _ in c.names], gold, spoken) if c.names else None for c in chars}


def gold_speaker(gold: pdnc.PdncGold, quotes: Sequence[Quote], qis: Sequence[int]) -> str | None:
    """The gold speaker of a turn (its quotations' most common one); None for none or a special one."""
    speaker = Counter(gold.quotes[quotes[qi].utterance].speaker for qi in qis).most_common(1)[0][0]
    return None if speaker is None or speaker in gold.special_ids else speaker


def collect(doc: Document, gold: pdnc.PdncGold, model: SpeakerModel) -> Turns:
    tracing = TracingSpeakerScorer(LinearSpeakerScorer(model, "train", ""))
    doc, gold_of = run_core(doc, gold, tracing)
    quotes = doc.layer("quotes")
    turns = turns_of(quotes)
    rows: dict[int, list[tuple[int, list[float]]]] = defaultdict(list)
    for ti, eid, feats in tracing.trace:
        rows[ti].append((eid, feats))
    out = Turns([], [])
    for ti, t in enumerate(turns):
        speaker = gold_speaker(gold, quotes, t.quotes)
        if speaker is None:
            continue
        out.total += 1
        cand = rows.get(ti, [])
        y = np.asarray([gold_of.get(eid) == speaker for eid, _ in cand], dtype=float)
        if not y.any():
            continue
        out.covered += 1
        out.x.append(np.asarray([f for _, f in cand], dtype=float))
        out.y.append(y)
    return out


def decoded(
    doc: Document, gold: pdnc.PdncGold, model: SpeakerModel, width: int, anchors: bool
) -> list[tuple[float, bool, bool]]:
    """(probability, right, known) of every turn with a gold speaker when ``model`` decodes the novel with a beam of
    ``width`` (and explicit anchors); ``known``: the gold speaker is one of ficlens' characters."""
    scorer = BeamSpeakerScorer(LinearSpeakerScorer(model, "train", ""), width, anchors=anchors)
    doc, gold_of = run_core(doc, gold, scorer)
    quotes = doc.layer("quotes")
    by_turn: dict[int, list[int]] = defaultdict(list)
    for qi, q in enumerate(quotes):
        by_turn[q.turn].append(qi)
    known = set(gold_of.values())
    out = []
    for qis in by_turn.values():
        speaker = gold_speaker(gold, quotes, qis)
        if speaker is not None:
            q = quotes[qis[0]]
            out.append((q.score or 0.0, q.speaker >= 0 and gold_of.get(q.speaker) == speaker, speaker in known))
    return out


def platt(pairs: list[tuple[float, bool]]) -> tuple[float, float]:
    """``a``, ``b`` of ``sigmoid(a * logit(p) + b)`` that fit the held-out (probability, right) pairs best."""
    p = np.clip(np.asarray([s for s, _ in pairs]), 1e-6, 1 - 1e-6)
    z = np.log(p / (1 - p))
    y = np.asarray([ok for _, ok in pairs], dtype=float)

    def loss(ab: np.ndarray) -> tuple[float, np.ndarray]:
        t = ab[0] * z + ab[1]
        q = 1 / (1 + np.exp(-t))
        ll = np.logaddexp(0, t) - y * t
        g = q - y
        return float(ll.mean()), np.asarray([float((g * z).mean()), float(g.mean())])

    res = minimize(loss, np.asarray([1.0, 0.0]), jac=True, method="L-BFGS-B")
    return float(res.x[0]), float(res.x[1])


def ece(pairs: list[tuple[float, bool]], calibrate: Calibration) -> float:
    """Expected calibration error over ten equal-width bins of the calibrated probability."""
    bins: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    for s, ok in pairs:
        c = calibrate(s)
        bins[min(int(c * 10), 9)].append((c, ok))
    return sum(abs(sum(c for c, _ in b) - sum(ok for _, ok in b)) for b in bins.values()) / max(len(pairs), 1)


LEARNED = np.asarray([f not in NARRATOR_FEATURES for f in FEATURES])


def narrator_rule(w: np.ndarray) -> np.ndarray:
    """Set the narrator features by rule: a narrator is an ordinary candidate ("narrator" 0), and "I said" (all
    its features together) is as strong as the strongest third-person evidence, "Tom said" or "he said" with a
    gender that agrees."""
    w = w.copy()
    idx = {f: i for i, f in enumerate(FEATURES)}
    strongest = max(
        w[idx["explicit_name"]] + w[idx["explicit_near"]],
        w[idx["explicit_pronoun"]] + w[idx["explicit_near"]] + w[idx["speech_pronoun_agrees"]],
    )
    w[idx["narrator"]] = 0.0
    w[idx["narrator_first_person_narration"]] = 0.0
    # "I said" also fires explicit_pronoun (and explicit_near): the total, not the feature, matches the strongest
    w[idx["explicit_first_person"]] = max(strongest - w[idx["explicit_pronoun"]] - w[idx["explicit_near"]], 3.0)
    return w


def fit(turns: list[Turns], lam: float) -> np.ndarray:
    """Softmax over each turn's candidates; the narrator features are left out of the fit and set by rule."""
    xs = [x[:, LEARNED] for t in turns for x in t.x]
    ys = [y for t in turns for y in t.y]
    sizes = np.asarray([len(x) for x in xs])
    x_all = np.vstack(xs)
    y_all = np.concatenate(ys)
    owner = np.repeat(np.arange(len(xs)), sizes)
    n = len(xs)

    def objective(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = x_all @ w
        m = np.full(n, -np.inf)
        np.maximum.at(m, owner, s)
        e = np.exp(s - m[owner])
        z = np.zeros(n)
        np.add.at(z, owner, e)
        zp = np.zeros(n)
        np.add.at(zp, owner, e * y_all)
        loss = float(np.sum(np.log(z) - np.log(zp))) / n + 0.5 * lam * float(w @ w)
        p = e / z[owner]  # model probability of each row
        q = e * y_all / zp[owner]  # posterior over the right rows
        grad = x_all.T @ (p - q) / n + lam * w
        return loss, grad

    res = minimize(objective, np.zeros(x_all.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    w = np.zeros(len(FEATURES))
    w[LEARNED] = res.x
    return narrator_rule(w)


def accuracy(turns: list[Turns], w: np.ndarray) -> tuple[int, int]:
    right = total = 0
    for t in turns:
        for x, y in zip(t.x, t.y, strict=True):
            total += 1
            right += bool(y[int(np.argmax(x @ w))])
    return right, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/pdnc"))
    ap.add_argument("--cache", type=Path, default=Path(".cache/train-pdnc"))
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    t0 = time.time()
    folders = pdnc.novels(args.data, "train")
    golds = {f.name: pdnc.load_gold(f) for f in folders}
    docs = {}
    for f in folders:
        docs[f.name] = parsed(f, args.cache)
        print(f"{f.name}: parsed ({time.time() - t0:.0f} s)", file=sys.stderr)
    names = sorted(docs)
    groups = [names[k::GROUPS] for k in range(GROUPS)]
    hand = np.asarray([HAND_WEIGHTS.get(f, 0.0) for f in FEATURES])
    models = {n: SpeakerModel(HAND_WEIGHTS) for n in names}
    report: dict[str, object] = {"command": "python train/speakers.py", "novels": names, "rounds": []}
    weights = hand
    for rnd in range(args.rounds):
        turns = {n: collect(docs[n], golds[n], models[n]) for n in names}
        cv: dict[str, list[int]] = {"hand": [0, 0], **{str(lam): [0, 0] for lam in LAMBDAS}}
        fold_w: dict[tuple[int, float], np.ndarray] = {}
        for k, test in enumerate(groups):
            train = [turns[n] for n in names if n not in test]
            held = [turns[n] for n in test]
            r, t = accuracy(held, hand)
            cv["hand"][0] += r
            cv["hand"][1] += t
            for lam in LAMBDAS:
                w = fit(train, lam)
                fold_w[(k, lam)] = w
                r, t = accuracy(held, w)
                cv[str(lam)][0] += r
                cv[str(lam)][1] += t
        scores = {key: round(r / max(t, 1), 4) for key, (r, t) in cv.items()}
        best = max(LAMBDAS, key=lambda lam: scores[str(lam)])
        weights = fit(list(turns.values()), best)
        covered = sum(t.covered for t in turns.values())
        total = sum(t.total for t in turns.values())
        summary = {
            "round": rnd + 1,
            "turns": total,
            "turns_with_right_candidate": covered,
            "cv_turn_accuracy": scores,
            "lambda": best,
        }
        report["rounds"].append(summary)  # type: ignore[attr-defined]
        print(json.dumps(summary), file=sys.stderr)
        # the next round's look-back features come from each novel's held-out model
        for k, test in enumerate(groups):
            for n in test:
                models[n] = SpeakerModel(dict(zip(FEATURES, fold_w[(k, best)].tolist(), strict=True)))
    # decode each novel with its held-out weights: the beam width, anchors, then Platt scaling of the probabilities
    held_out: dict[tuple[int, bool], list[tuple[float, bool, bool]]] = {}

    def decode_all(width: int, anchors: bool) -> float:
        turns = [turn for n in names for turn in decoded(docs[n], golds[n], models[n], width, anchors)]
        held_out[(width, anchors)] = turns
        print(f"width {width} anchors {anchors}: decoded ({time.time() - t0:.0f} s)", file=sys.stderr)
        return round(sum(ok for _, ok, _ in turns) / max(len(turns), 1), 4)

    width_acc = {w: decode_all(w, False) for w in WIDTHS}
    width = max(WIDTHS, key=lambda w: (width_acc[w], -w))
    anchored = decode_all(width, True)
    anchors = anchored > width_acc[width]
    # calibrate on the turns whose speaker is one of the characters: a speaker the character list lacks (an
    # unnamed "landlady", a name the mapping misses) is the list's failure, not a choice the score can weigh
    pairs = [(p, ok) for p, ok, known in held_out[(width, anchors)] if known]
    a, b = platt(pairs)
    calibration = Calibration(round(a, 5), round(b, 5))
    decoding = {
        "turns": len(held_out[(width, anchors)]),
        "held_out_turn_accuracy_by_beam_width": {str(w): acc for w, acc in width_acc.items()},
        "beam_width": width,
        "held_out_turn_accuracy_with_anchors": anchored,
        "anchors": anchors,
        "calibration_turns": len(pairs),
        "platt": [calibration.a, calibration.b],
        "held_out_ece_raw": round(ece(pairs, Calibration()), 4),
        "held_out_ece_calibrated": round(ece(pairs, calibration), 4),
    }
    report["decoding"] = decoding
    print(json.dumps(decoding), file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    about = "made by train/speakers.py from the PDNC train split (research use, see its LICENSE.md); softmax weights"
    data = {
        "about": about,
        "beam_width": width,
        "anchors": anchors,
        "calibration": {"a": calibration.a, "b": calibration.b},
        "weights": {f: round(float(v), 5) for f, v in zip(FEATURES, weights, strict=True)},
    }
    (OUT / "all.json").write_text(json.dumps(data, indent=1) + "\n")
    (OUT / "cv_scores.json").write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(data["weights"], indent=1))
    print(f"{time.time() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
