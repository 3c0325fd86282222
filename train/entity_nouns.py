"""Train the learned entity-noun lists in ``src/ficlens/resources/entity_nouns/`` from LitBank.

Run from the repository root, with the training requirements installed (``requirements/train.txt``)::

    .venv/bin/python train/entity_nouns.py

The non-person counterpart of ``train/person_nouns.py``, whose parsing, head finding, vocabulary, encoder and
smoothing it reuses (the model card, ``MODEL_CARD.md`` beside the lists, gives the reasons and the scores):

1. Labels every *noun-phrase head* of the 100 LitBank excerpts (as in ``person_nouns.py``: the syntactic head of a
   gold coreference mention; a NOUN token that is not a ``compound`` modifier) with one of seven classes, counted per
   lemma per document: PER, FAC, LOC, GPE, VEH, ORG (the head of a NOM mention of that category; a token heading NOM
   mentions of several categories takes the innermost, i.e. shortest, one's) or NONE (a noun-phrase head that heads
   no mention at all). Heads of PROP and PRON mentions only are left out.
2. Embeds each word as "the WORD" with all-MiniLM-L6-v2 and fits an L2-regularised multinomial (softmax) logistic
   regression (numpy + scipy L-BFGS) on the per-lemma class rates weighted by head counts. A word seen in the
   training documents then gets, per class, ``(its heads of the class + PRIOR * model probability) / (all its heads
   + PRIOR)``.
3. Cross-validates by document with the folds of ``person_nouns.py`` (``ficlens.evaluation.litbank.folds(docs,
   k=10, seed=0)``). For each outer fold, the regularisation and ``PRIOR`` are chosen by an inner leave-one-fold-out
   cross-validation over the nine training folds (criterion: typed micro F1 averaged over the thresholds 0.3, 0.4,
   0.5 and 0.6), then the model refitted on the nine folds scores every candidate word: ``fold-K.tsv``. The same
   selection over all ten folds gives the model behind ``all.tsv``. An inner split trains on eight folds; the 45
   distinct eight-fold training sets are each fitted once and scored on both folds they leave out.
4. Candidates: as in ``person_nouns.py``: the lower-case words occurring at least five times in LitBank's 100 full
   novels, less proper names, plus the training lemmas (a name-like lemma only if it headed a non-person NOM mention).
5. Scores each fold's held-out documents at the token level (every NOUN noun-phrase head that heads a gold NOM
   mention or no mention; positive = heads a FAC/LOC/GPE/VEH/ORG NOM mention; predicted positive = the lemma's best
   non-person category has probability >= the threshold), also for two baselines: the model alone (``PRIOR`` = inf)
   and the training words' own label rates alone (no model), and writes ``cv_scores.json``.

Output lines: ``word<TAB>CATEGORY<TAB>probability`` for every candidate whose best category among FAC, LOC, GPE,
VEH, ORG has probability >= 0.3, sorted by word, after one ``# `` header line.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the encoder is packaged; never reach for the hub
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # small fits; one thread is faster on 2 cores and deterministic
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
import person_nouns as pn
from scipy.optimize import minimize

from ficlens.evaluation.litbank import LitBankDoc, folds, load_litbank
from ficlens.stages.syntax import load_nlp

REPO = pn.REPO
DEFAULT_DATA = pn.DEFAULT_DATA
DEFAULT_OUT = REPO / "src" / "ficlens" / "resources" / "entity_nouns"

SEED = pn.SEED
K = pn.K
CLASSES = ("NONE", "PER", "FAC", "LOC", "GPE", "VEH", "ORG")
ENTITY = CLASSES[2:]  # the categories a list assigns
FIRST_ENTITY = CLASSES.index(ENTITY[0])
THRESHOLDS = (0.3, 0.4, 0.5, 0.6)
LIST_THRESHOLD = THRESHOLDS[0]  # a word is listed when its best entity category has at least this probability
TEMPLATE = "the"
LAMBDAS = pn.LAMBDAS  # L2 penalty on standardised features, loss averaged over heads
PRIORS = pn.PRIORS  # pseudo-counts of the model's guess for words seen in training; inf: the model alone
COMMAND = "python train/entity_nouns.py"

log = pn.log


# --- labels from LitBank ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocLabels:
    """Per-lemma class counts (``len(CLASSES)`` integers, in ``CLASSES`` order) of one document."""

    train: dict[str, np.ndarray]  # NOUN or PROPN heads of NOM mentions, and unannotated noun-phrase heads
    test: dict[str, np.ndarray]  # the same restricted to NOUN tokens: what the runtime looks up


def labels(doc: LitBankDoc, p: pn.Parsed) -> DocLabels:
    headed: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for m in doc.mentions:
        h = pn.span_head(p, m.start, m.end)
        if h >= 0:
            headed[h].append((m.end - m.start, m.kind, m.category))
    train: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(CLASSES), dtype=np.int64))
    test: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(CLASSES), dtype=np.int64))
    for i, lemma in enumerate(p.lemma):
        if not lemma.isalpha():
            continue
        marks = headed.get(i)
        if marks:
            nominal = sorted((length, category) for length, kind, category in marks if kind == "NOM")
            if not nominal or p.pos[i] not in ("NOUN", "PROPN"):
                continue  # heads only PROP/PRON mentions, or is no noun
            label = CLASSES.index(nominal[0][1])  # the innermost NOM mention's category
        elif p.pos[i] == "NOUN" and p.dep[i] != "compound":
            label = 0  # NONE
        else:
            continue
        train[lemma][label] += 1
        if p.pos[i] == "NOUN":
            test[lemma][label] += 1
    return DocLabels(dict(train), dict(test))


def pool(per_doc: dict[str, DocLabels], names: Iterable[str], part: str = "train") -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(CLASSES), dtype=np.int64))
    for name in names:
        for lemma, counts in getattr(per_doc[name], part).items():
            out[lemma] += counts
    return dict(out)


def candidates(
    train_counts: dict[str, np.ndarray], noun_counts: dict[str, np.ndarray], vocab: pn.Vocabulary
) -> set[str]:
    """The novels' words less names, and the training lemmas; a name-like lemma (by capitalisation) only when it
    headed a non-person NOM mention as a NOUN (``noun_counts``: the training documents' ``test`` counts), so that
    place names annotated NOM but tagged PROPN ("England") stay out."""
    out = set(vocab.words - vocab.names)
    out.update(w for w in train_counts if w not in vocab.names)
    out.update(w for w, c in noun_counts.items() if c[FIRST_ENTITY:].sum())
    return out


# --- softmax regression -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Softmax:
    mean: np.ndarray
    scale: np.ndarray
    beta: np.ndarray  # (features + 1, classes); last row: intercepts

    def predict(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.beta[:-1] + self.beta[-1]
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


def fit_softmax(x: np.ndarray, y: np.ndarray, w: np.ndarray, lam: float, start: Softmax | None = None) -> Softmax:
    """Weighted L2 multinomial logistic regression on soft targets ``y`` (rows sum to 1); intercepts not penalised.

    Minimises ``sum(w * crossentropy(y, p)) / sum(w) + lam / 2 * |beta|^2`` on standardised features by L-BFGS;
    ``start`` warm-starts from a model fitted on the same data (a regularisation path).
    """
    if start is not None:
        mean, scale = start.mean, start.scale
    else:
        mean = np.average(x, axis=0, weights=w)
        scale = np.sqrt(np.average((x - mean) ** 2, axis=0, weights=w)) + 1e-8
    xs = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    wn = w / w.sum()
    wy = wn[:, None] * y
    shape = (xs.shape[1], y.shape[1])
    reg = np.full(shape, lam)
    reg[-1] = 0.0

    def objective(flat: np.ndarray) -> tuple[float, np.ndarray]:
        b = flat.reshape(shape)
        z = xs @ b
        top = z.max(axis=1, keepdims=True)
        e = np.exp(z - top)
        total = e.sum(axis=1, keepdims=True)
        lse = (top + np.log(total))[:, 0]
        value = float(wn @ lse - np.sum(wy * z) + 0.5 * np.sum(reg * b * b))
        grad = xs.T @ (wn[:, None] * (e / total) - wy) + reg * b
        return value, grad.ravel()

    beta0 = start.beta if start is not None else np.zeros(shape)
    result = minimize(
        objective,
        beta0.ravel(),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 5000, "maxcor": 20, "ftol": 1e-12, "gtol": 1e-7},
    )
    return Softmax(mean, scale, result.x.reshape(shape))


# --- training, scoring and selection ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    lam: float
    prior: float  # pseudo-counts of the model's probabilities added to a training word's own counts; inf: model only

    def describe(self) -> str:
        prior = "none" if math.isinf(self.prior) else f"{self.prior:g}"
        return f"lambda={self.lam:g} prior={prior}"

    def order(self) -> tuple[float, float]:
        """Among equal scores, prefer the simpler setting: stronger penalty, less memory."""
        return (self.lam, self.prior)

    def header(self) -> str:
        prior = "" if math.isinf(self.prior) else "; a word seen in training is smoothed with its own LitBank counts"
        return (
            f"softmax regression over {'/'.join(CLASSES)} on {pn.ENCODER} embeddings of 'the WORD', "
            f"{self.describe()}{prior}"
        )


def matrix(counts: dict[str, np.ndarray], words: Sequence[str]) -> np.ndarray:
    zero = np.zeros(len(CLASSES))
    return np.array([counts.get(w, zero) for w in words], dtype=float).reshape(len(words), len(CLASSES))


def fit_path(
    counts: dict[str, np.ndarray], feats: pn.Features, stop: float | None = None
) -> list[tuple[float, Softmax]]:
    """Models for every lambda, strongest penalty first (each warm-starts the next); up to ``stop`` if given."""
    lemmas = sorted(counts)
    rows = np.array([feats.index[w] for w in lemmas])
    c = matrix(counts, lemmas)
    total = c.sum(axis=1)
    x = feats.embeddings[TEMPLATE][rows]
    path: list[tuple[float, Softmax]] = []
    model: Softmax | None = None
    for lam in sorted(LAMBDAS, reverse=True):
        model = fit_softmax(x, c / total[:, None], total, lam, start=model)
        path.append((lam, model))
        if lam == stop:
            break
    return path


def predict(model: Softmax, feats: pn.Features, words: Sequence[str]) -> np.ndarray:
    rows = np.array([feats.index[w] for w in words], dtype=int)
    if not len(rows):
        return np.zeros((0, len(CLASSES)))
    return model.predict(feats.embeddings[TEMPLATE][rows])


def blend(probs: np.ndarray, own: np.ndarray, prior: float) -> np.ndarray:
    """Per class: a word's own training counts ``own`` plus ``prior`` pseudo-counts at the model's probabilities."""
    if math.isinf(prior):
        return probs
    return (own + prior * probs) / (own.sum(axis=1, keepdims=True) + prior)


def decide(probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The best non-person category (index into ``CLASSES``) of every row, and its probability."""
    best = FIRST_ENTITY + probs[:, FIRST_ENTITY:].argmax(axis=1)
    return best, probs[np.arange(len(probs)), best]


def _prf(tp: float, fp: float, fn: float) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": int(tp), "fp": int(fp), "fn": int(fn), "precision": round(p, 4), "recall": round(r, 4), "f1": f}


@dataclass
class Tally:
    """Token counts at every threshold: rows ``THRESHOLDS``; per-category arrays indexed by ``ENTITY``."""

    tp: np.ndarray = field(default_factory=lambda: np.zeros(len(THRESHOLDS)))  # entity head predicted an entity
    fp: np.ndarray = field(default_factory=lambda: np.zeros(len(THRESHOLDS)))  # NONE/PER head predicted an entity
    fn: np.ndarray = field(default_factory=lambda: np.zeros(len(THRESHOLDS)))  # entity head not predicted
    correct: np.ndarray = field(default_factory=lambda: np.zeros(len(THRESHOLDS)))  # tp with the right category
    cat_tp: np.ndarray = field(default_factory=lambda: np.zeros((len(THRESHOLDS), len(ENTITY))))
    cat_pred: np.ndarray = field(default_factory=lambda: np.zeros((len(THRESHOLDS), len(ENTITY))))
    cat_gold: np.ndarray = field(default_factory=lambda: np.zeros(len(ENTITY)))

    def add(self, other: Tally) -> None:
        for name in ("tp", "fp", "fn", "correct", "cat_tp", "cat_pred", "cat_gold"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def detection(self, t: int) -> dict[str, float]:
        return _prf(self.tp[t], self.fp[t], self.fn[t])

    def typed(self, t: int) -> dict[str, float]:
        wrong = self.tp[t] - self.correct[t]
        return _prf(self.correct[t], self.fp[t] + wrong, self.fn[t] + wrong)

    def criterion(self) -> float:
        """Typed micro F1 averaged over the thresholds: what the selection maximises."""
        return float(np.mean([self.typed(t)["f1"] for t in range(len(THRESHOLDS))]))

    def report(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for t, threshold in enumerate(THRESHOLDS):
            row: dict[str, Any] = {k: _round(v) for k, v in self.detection(t).items()}
            row["category_accuracy"] = round(self.correct[t] / self.tp[t], 4) if self.tp[t] else 0.0
            row["typed"] = {k: _round(v) for k, v in self.typed(t).items()}
            row["per_category"] = {
                c: {
                    "gold": int(self.cat_gold[j]),
                    **{
                        k: _round(v)
                        for k, v in _prf(
                            self.cat_tp[t, j],
                            self.cat_pred[t, j] - self.cat_tp[t, j],
                            self.cat_gold[j] - self.cat_tp[t, j],
                        ).items()
                    },
                }
                for j, c in enumerate(ENTITY)
            }
            out[f"{threshold:g}"] = row
        return out


def _round(v: float) -> float:
    return v if isinstance(v, int) else round(v, 4)


def score(gold: np.ndarray, probs: np.ndarray) -> Tally:
    """Token-level tally of held-out class counts ``gold`` (rows: lemmas) given the lemmas' probabilities ``probs``
    (a lemma that is no candidate has a row of zeros: never predicted)."""
    best, top = decide(probs)
    entity = gold[:, FIRST_ENTITY:].sum(axis=1)
    other = gold[:, :FIRST_ENTITY].sum(axis=1)
    hit = gold[np.arange(len(gold)), best]
    cat = best - FIRST_ENTITY
    out = Tally()
    out.cat_gold = gold[:, FIRST_ENTITY:].sum(axis=0)
    for t, threshold in enumerate(THRESHOLDS):
        on = top >= threshold
        out.tp[t] = entity[on].sum()
        out.fp[t] = other[on].sum()
        out.fn[t] = entity[~on].sum()
        out.correct[t] = hit[on].sum()
        np.add.at(out.cat_tp[t], cat[on], hit[on])
        np.add.at(out.cat_pred[t], cat[on], gold[on].sum(axis=1))
    return out


@dataclass
class Split:
    """A training set (a set of folds) fitted once along the lambda path."""

    counts: dict[str, np.ndarray]
    cands: set[str]
    path: list[tuple[float, Softmax]]


class Trainer:
    def __init__(
        self, per_doc: dict[str, DocLabels], groups: Sequence[Sequence[str]], feats: pn.Features, vocab: pn.Vocabulary
    ):
        self.per_doc, self.groups, self.feats, self.vocab = per_doc, groups, feats, vocab
        self.splits: dict[frozenset[int], Split] = {}
        self.tallies: dict[tuple[frozenset[int], int], dict[Setting, Tally]] = {}

    def split(self, train: frozenset[int]) -> Split:
        if train not in self.splits:
            names = [n for g in sorted(train) for n in self.groups[g]]
            counts = pool(self.per_doc, names)
            cands = candidates(counts, pool(self.per_doc, names, "test"), self.vocab)
            self.splits[train] = Split(counts, cands, fit_path(counts, self.feats))
        return self.splits[train]

    def held_out(self, train: frozenset[int], held: int) -> dict[Setting, Tally]:
        """Every setting's tally on fold ``held`` of the models fitted on the folds ``train``."""
        key = (train, held)
        if key not in self.tallies:
            s = self.split(train)
            test = pool(self.per_doc, self.groups[held], "test")
            words = sorted(test)
            gold = matrix(test, words)
            own = matrix(s.counts, words)
            listed = np.array([w in s.cands for w in words], dtype=bool)
            out = {}
            for lam, model in s.path:
                probs = predict(model, self.feats, words)
                for prior in PRIORS:
                    out[Setting(lam, prior)] = score(gold, blend(probs, own, prior) * listed[:, None])
            self.tallies[key] = out
        return self.tallies[key]

    def select(self, folds_: Sequence[int]) -> tuple[Setting, dict[str, float]]:
        """The setting with the best criterion over leave-one-fold-out splits of ``folds_`` (ties: simpler)."""
        totals: dict[Setting, Tally] = defaultdict(Tally)
        for held in folds_:
            train = frozenset(folds_) - {held}
            for setting, tally in self.held_out(train, held).items():
                totals[setting].add(tally)
        crit = {s: totals[s].criterion() for s in totals}
        ranked = sorted(totals, key=lambda s: (round(crit[s], 10), *s.order()), reverse=True)
        return ranked[0], {s.describe(): round(crit[s], 4) for s in ranked}

    def word_probs(self, train: frozenset[int], setting: Setting) -> dict[str, np.ndarray]:
        """Every candidate word's class probabilities from the model fitted on ``train`` with ``setting``."""
        s = self.split(train)
        model = dict(s.path)[setting.lam]
        words = sorted(s.cands)
        probs = blend(predict(model, self.feats, words), matrix(s.counts, words), setting.prior)
        return dict(zip(words, probs, strict=True))


def write_list(path: Path, probs: dict[str, np.ndarray], header: str) -> dict[str, int]:
    lines = [f"# {header}"]
    listed: dict[str, int] = defaultdict(int)
    for word in sorted(probs):
        p = probs[word]
        best = FIRST_ENTITY + int(np.argmax(p[FIRST_ENTITY:]))
        if p[best] >= LIST_THRESHOLD:
            lines.append(f"{word}\t{CLASSES[best]}\t{p[best]:.3f}")
            listed[CLASSES[best]] += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dict(listed)


# --- main ---------------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the LitBank folder (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the lists go (default: %(default)s)")
    args = parser.parse_args(argv)

    random.seed(SEED)
    np.random.seed(SEED)
    began = time.perf_counter()
    clock = {}

    docs = load_litbank(args.data)
    splits = folds(docs, k=K, seed=SEED)
    groups = [list(test) for _, test in splits]
    log(f"{len(docs)} LitBank documents, {K} folds of {min(map(len, groups))}-{max(map(len, groups))}")

    t = time.perf_counter()
    nlp = load_nlp()
    per_doc = {d.name: labels(d, pn.parse(d, nlp)) for d in docs}
    clock["parse"] = time.perf_counter() - t
    everything = pool(per_doc, per_doc)
    heads = matrix(everything, sorted(everything)).sum(axis=0).astype(int)
    log(
        f"parsed in {clock['parse']:.0f}s: {len(everything)} lemmas; heads: "
        + ", ".join(f"{c} {n}" for c, n in zip(CLASSES, heads, strict=True))
    )

    t = time.perf_counter()
    vocab = pn.novel_vocabulary(args.data / "original")
    words = sorted(candidates(everything, pool(per_doc, per_doc, "test"), vocab) | set(everything))
    clock["vocabulary"] = time.perf_counter() - t
    log(f"{len(vocab.words)} novel words, {len(vocab.names)} of them names; {len(words)} words to embed")

    t = time.perf_counter()
    feats = pn.Features(
        words=words,
        index={w: i for i, w in enumerate(words)},
        embeddings={TEMPLATE: pn.embed(words, pn.TEMPLATES[TEMPLATE])},
        suffix=np.zeros((len(words), 0)),
    )
    clock["embed"] = time.perf_counter() - t
    log(f"embedded in {clock['embed']:.0f}s")

    args.out.mkdir(parents=True, exist_ok=True)
    trainer = Trainer(per_doc, groups, feats, vocab)
    t = time.perf_counter()
    table, unseen, model_only, counts_only = Tally(), Tally(), Tally(), Tally()
    fold_reports = []
    every = frozenset(range(K))
    for k, (train_names, test_names) in enumerate(splits):
        assert set(test_names) == set(groups[k]) and not set(train_names) & set(test_names)
        setting, _ = trainer.select([j for j in range(K) if j != k])
        train = every - {k}
        probs = trainer.word_probs(train, setting)
        listed = write_list(
            args.out / f"fold-{k}.tsv",
            probs,
            f"ficlens entity nouns, fold {k} of {K} (seed {SEED}): trained on the {len(train_names)} LitBank "
            f"documents outside fold {k}; {setting.header()}; word<TAB>best of {'/'.join(ENTITY)}<TAB>its "
            f"probability, listed when >= {LIST_THRESHOLD}; made by train/entity_nouns.py",
        )
        tally = trainer.held_out(train, k)[setting]
        table.add(tally)
        model_only.add(trainer.held_out(train, k)[Setting(setting.lam, math.inf)])
        test = pool(per_doc, test_names, "test")
        # baseline: a training word's own label rates, nothing for unseen words (no model)
        fitted = trainer.split(train)
        held = sorted(test)
        own = matrix(fitted.counts, held) * np.array([w in fitted.cands for w in held], dtype=float)[:, None]
        counts_only.add(score(matrix(test, held), own / np.maximum(own.sum(axis=1, keepdims=True), 1.0)))
        # unseen lemmas: held-out tokens whose lemma has no training label at all
        new = sorted(w for w in test if w not in fitted.counts)
        zero = np.zeros(len(CLASSES))
        u = score(matrix(test, new), np.array([probs.get(w, zero) for w in new]).reshape(len(new), len(CLASSES)))
        unseen.add(u)
        fold_reports.append(
            {
                "fold": k,
                "setting": setting.describe(),
                "listed": listed,
                "scores": tally.report(),
                "unseen_lemmas": u.report(),
            }
        )
        d = tally.detection(THRESHOLDS.index(0.5))
        log(
            f"fold {k}: {setting.describe()}; {sum(listed.values())} words; at 0.5: P {d['precision']:.3f} "
            f"R {d['recall']:.3f} F1 {d['f1']:.3f}; {len(trainer.splits)} fits so far, "
            f"{time.perf_counter() - t:.0f}s"
        )
    clock["cross-validation"] = time.perf_counter() - t

    t = time.perf_counter()
    setting, grid_scores = trainer.select(list(range(K)))
    counts = pool(per_doc, per_doc)
    path = fit_path(counts, feats, stop=setting.lam)
    trainer.splits[every] = Split(counts, candidates(counts, pool(per_doc, per_doc, "test"), vocab), path)
    probs = trainer.word_probs(every, setting)
    listed_all = write_list(
        args.out / "all.tsv",
        probs,
        f"ficlens entity nouns: trained on all {len(docs)} LitBank documents; {setting.header()} (chosen by "
        f"{K}-fold cross-validation); word<TAB>best of {'/'.join(ENTITY)}<TAB>its probability, listed when >= "
        f"{LIST_THRESHOLD}; made by train/entity_nouns.py",
    )
    clock["final model"] = time.perf_counter() - t
    log(f"all: {setting.describe()}; {sum(listed_all.values())} words: {listed_all}")
    clock["total"] = time.perf_counter() - began

    summary = {
        "command": COMMAND,
        "unit": (
            "held-out NOUN noun-phrase-head tokens that head a gold NOM mention or no mention; positive = heads a "
            "FAC/LOC/GPE/VEH/ORG NOM mention; predicted positive = the lemma's best non-person category has "
            "probability >= threshold; category_accuracy = share of true positives given the gold category; typed: "
            "a true positive with the wrong category counts as a false positive and a false negative"
        ),
        "folds": {"seed": SEED, "k": K, "same_as": "src/ficlens/resources/person_nouns/folds.json"},
        "gold_heads": {c: int(n) for c, n in zip(CLASSES, heads, strict=True)},
        "micro": table.report(),
        "micro_model_only": model_only.report(),
        "micro_counts_only": counts_only.report(),
        "micro_unseen_lemmas": unseen.report(),
        "per_fold": fold_reports,
        "all": {"setting": setting.describe(), "listed": listed_all, "selection_criterion": grid_scores},
    }
    (args.out / "cv_scores.json").write_text(json.dumps(summary, indent=1) + "\n")

    log("\n| threshold | precision | recall | F1 | category accuracy | typed F1 | unseen F1 |")
    log("|---|---|---|---|---|---|---|")
    for t, threshold in enumerate(THRESHOLDS):
        d, u = table.detection(t), unseen.detection(t)
        acc = table.correct[t] / table.tp[t] if table.tp[t] else 0.0
        log(
            f"| {threshold:g} | {d['precision']:.3f} | {d['recall']:.3f} | {d['f1']:.3f} | {acc:.3f} | "
            f"{table.typed(t)['f1']:.3f} | {u['f1']:.3f} |"
        )
    log("\nF1 (detection) | " + " | ".join(f"{t:g}" for t in THRESHOLDS))
    for name, tally in (("learned", table), ("model only", model_only), ("training counts only", counts_only)):
        log(f"{name} | " + " | ".join(f"{tally.detection(t)['f1']:.3f}" for t in range(len(THRESHOLDS))))
    log("\ntime: " + ", ".join(f"{name} {v:.0f}s" for name, v in clock.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
