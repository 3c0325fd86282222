"""Coreference metrics as the reference CoNLL-2012 scorer defines them (Pradhan et al. 2014): MUC, B³, CEAF-e.

Pure functions over clusters, standard library only.

* A *clustering* is a sequence of clusters; a cluster is any iterable of hashable mention keys, typically
  ``(start, end)`` character spans. Mentions are matched by exact key (no partial or head matching).
* Empty clusters are ignored. A mention may belong to at most one cluster on each side (``ValueError`` otherwise).
* MUC (Vilain et al. 1995) counts links: a key cluster K contributes ``|K| - |p(K)|`` to the recall numerator and
  ``|K| - 1`` to its denominator, where ``p(K)`` is the partition of K by the response clusters (a mention missing from
  the response is a part of its own). Precision swaps key and response. Singletons contribute nothing.
* B³ (Bagga & Baldwin 1998) averages over mentions, singletons included: recall is
  ``sum_K sum_R |K ∩ R|² / |K|`` over the number of key mentions; precision swaps key and response.
* CEAF-e (Luo 2005) aligns key and response entities one-to-one to maximise the total ``phi4`` similarity
  ``2 |K ∩ R| / (|K| + |R|)`` (Kuhn-Munkres); recall divides that total by the number of key entities, precision by
  the number of response entities.
* The CoNLL score is the unweighted mean of the three F1 values.

Every :class:`PRF` keeps its numerators and denominators, so :func:`pool` micro-averages documents the way the
reference scorer scores a multi-document file: sums of numerators over sums of denominators (for CEAF-e, the sum of
aligned similarities over the sum of entity counts).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "PRF",
    "Clusters",
    "CorefScores",
    "b_cubed",
    "ceaf_e",
    "conll",
    "evaluate",
    "max_weight_assignment",
    "mention_detection",
    "muc",
    "pool",
    "pool_coref",
    "prf",
]

Clusters = Iterable[Iterable[Hashable]]
"""A clustering: clusters of hashable mention keys."""


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _harmonic(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1, with the numerators and denominators they came from (for micro-pooling).

    Build one with :meth:`from_counts`; a ratio with a zero denominator is 0.0, as in the reference scorer.
    """

    p: float
    r: float
    f: float
    p_num: float = 0.0
    p_den: float = 0.0
    r_num: float = 0.0
    r_den: float = 0.0

    @classmethod
    def from_counts(cls, p_num: float, p_den: float, r_num: float, r_den: float) -> PRF:
        p = _ratio(p_num, p_den)
        r = _ratio(r_num, r_den)
        return cls(p, r, _harmonic(p, r), p_num, p_den, r_num, r_den)


@dataclass(frozen=True)
class CorefScores:
    """MUC, B³ and CEAF-e for one document or a pool of documents."""

    muc: PRF
    b_cubed: PRF
    ceaf_e: PRF

    @property
    def conll(self) -> float:
        """The CoNLL-2012 score: the mean of the MUC, B³ and CEAF-e F1 values."""
        return (self.muc.f + self.b_cubed.f + self.ceaf_e.f) / 3


def prf(tp: float, n_pred: float, n_gold: float) -> PRF:
    """Precision ``tp / n_pred``, recall ``tp / n_gold`` and their F1 (e.g. for exact-match mention detection)."""
    return PRF.from_counts(tp, n_pred, tp, n_gold)


def pool(results: Iterable[PRF]) -> PRF:
    """Micro-average: sum the numerators and denominators of several results, then recompute P, R and F1."""
    p_num = p_den = r_num = r_den = 0.0
    for res in results:
        p_num += res.p_num
        p_den += res.p_den
        r_num += res.r_num
        r_den += res.r_den
    return PRF.from_counts(p_num, p_den, r_num, r_den)


def pool_coref(results: Iterable[CorefScores]) -> CorefScores:
    """Micro-average each metric over documents (the CoNLL score of the pool is the mean of the pooled F1s)."""
    items = list(results)
    return CorefScores(
        muc=pool(x.muc for x in items),
        b_cubed=pool(x.b_cubed for x in items),
        ceaf_e=pool(x.ceaf_e for x in items),
    )


# --- clusters -------------------------------------------------------------------------------------------------


def _normalise(clusters: Clusters, side: str) -> list[frozenset[Hashable]]:
    """Clusters as frozensets, empty ones dropped; a mention in two clusters is an error."""
    out: list[frozenset[Hashable]] = []
    seen: set[Hashable] = set()
    for cluster in clusters:
        members = frozenset(cluster)
        if not members:
            continue
        clash = members & seen
        if clash:
            raise ValueError(f"{side} mention(s) in more than one cluster: {sorted(map(repr, clash))[:5]}")
        seen |= members
        out.append(members)
    return out


def _index(clusters: Sequence[frozenset[Hashable]]) -> dict[Hashable, int]:
    return {mention: i for i, cluster in enumerate(clusters) for mention in cluster}


def _muc_side(keys: Sequence[frozenset[Hashable]], responses: Sequence[frozenset[Hashable]]) -> tuple[int, int]:
    where = _index(responses)
    num = den = 0
    for key in keys:
        parts = set()
        missing = 0
        for mention in key:
            j = where.get(mention)
            if j is None:
                missing += 1
            else:
                parts.add(j)
        num += len(key) - (len(parts) + missing)
        den += len(key) - 1
    return num, den


def _b_cubed_side(keys: Sequence[frozenset[Hashable]], responses: Sequence[frozenset[Hashable]]) -> tuple[float, float]:
    where = _index(responses)
    num = 0.0
    den = 0
    for key in keys:
        overlaps = Counter(where[m] for m in key if m in where)
        num += math.fsum(n * n for n in overlaps.values()) / len(key)
        den += len(key)
    return num, float(den)


def muc(gold: Clusters, pred: Clusters) -> PRF:
    """MUC link-based precision, recall and F1; singletons contribute nothing."""
    keys, responses = _normalise(gold, "gold"), _normalise(pred, "predicted")
    r_num, r_den = _muc_side(keys, responses)
    p_num, p_den = _muc_side(responses, keys)
    return PRF.from_counts(p_num, p_den, r_num, r_den)


def b_cubed(gold: Clusters, pred: Clusters) -> PRF:
    """B³ mention-based precision, recall and F1, singletons included."""
    keys, responses = _normalise(gold, "gold"), _normalise(pred, "predicted")
    r_num, r_den = _b_cubed_side(keys, responses)
    p_num, p_den = _b_cubed_side(responses, keys)
    return PRF.from_counts(p_num, p_den, r_num, r_den)


def _phi4(key: frozenset[Hashable], response: frozenset[Hashable]) -> float:
    return 2 * len(key & response) / (len(key) + len(response))


def ceaf_e(gold: Clusters, pred: Clusters) -> PRF:
    """Entity-based CEAF with the phi4 similarity and an optimal one-to-one alignment."""
    keys, responses = _normalise(gold, "gold"), _normalise(pred, "predicted")
    total = _ceaf_similarity(keys, responses)
    return PRF.from_counts(total, len(responses), total, len(keys))


def _ceaf_similarity(keys: Sequence[frozenset[Hashable]], responses: Sequence[frozenset[Hashable]]) -> float:
    """The best total phi4 similarity. Only overlapping entities have a non-zero similarity, so the bipartite graph
    splits into connected components that are aligned separately (same optimum, far smaller matrices)."""
    where = _index(responses)
    # union-find over nodes: key i -> i, response j -> len(keys) + j
    parent = list(range(len(keys) + len(responses)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    edges: set[tuple[int, int]] = set()
    for i, key in enumerate(keys):
        for mention in key:
            j = where.get(mention)
            if j is not None and (i, j) not in edges:
                edges.add((i, j))
                a, b = find(i), find(len(keys) + j)
                if a != b:
                    parent[a] = b
    components: dict[int, tuple[set[int], set[int]]] = {}
    for i, j in edges:
        rows, cols = components.setdefault(find(i), (set(), set()))
        rows.add(i)
        cols.add(j)
    total: list[float] = []
    for rows, cols in components.values():
        row_ids, col_ids = sorted(rows), sorted(cols)
        if len(row_ids) == 1 or len(col_ids) == 1:  # a star: the best single edge
            total.append(max(_phi4(keys[i], responses[j]) for i in row_ids for j in col_ids))
            continue
        matrix = [[_phi4(keys[i], responses[j]) for j in col_ids] for i in row_ids]
        best, _ = max_weight_assignment(matrix)
        total.append(best)
    return math.fsum(total)


def evaluate(gold: Clusters, pred: Clusters) -> CorefScores:
    """MUC, B³ and CEAF-e of one document."""
    keys, responses = _normalise(gold, "gold"), _normalise(pred, "predicted")
    return CorefScores(muc=muc(keys, responses), b_cubed=b_cubed(keys, responses), ceaf_e=ceaf_e(keys, responses))


def conll(gold: Clusters, pred: Clusters) -> float:
    """The CoNLL-2012 score of one document: the mean of MUC, B³ and CEAF-e F1."""
    return evaluate(gold, pred).conll


def mention_detection(gold: Clusters, pred: Clusters) -> PRF:
    """Exact-match mention identification over all mentions of both clusterings (singletons included)."""
    gold_mentions = {m for cluster in _normalise(gold, "gold") for m in cluster}
    pred_mentions = {m for cluster in _normalise(pred, "predicted") for m in cluster}
    return prf(len(gold_mentions & pred_mentions), len(pred_mentions), len(gold_mentions))


# --- Kuhn-Munkres -----------------------------------------------------------------------------------------------


def max_weight_assignment(weights: Sequence[Sequence[float]]) -> tuple[float, list[tuple[int, int]]]:
    """A one-to-one assignment of rows to columns with the largest total weight (Kuhn-Munkres, O(n² m)).

    ``weights`` is a rectangular matrix of non-negative numbers; ``min(rows, cols)`` pairs are returned as
    ``(row, col)`` in row order, with their total weight.
    """
    n = len(weights)
    m = len(weights[0]) if n else 0
    if n == 0 or m == 0:
        return 0.0, []
    if any(len(row) != m for row in weights):
        raise ValueError("weights must be a rectangular matrix")
    if any(w < 0 for row in weights for w in row):
        raise ValueError("weights must be non-negative")
    if n > m:
        total, pairs = max_weight_assignment([[weights[i][j] for i in range(n)] for j in range(m)])
        return total, sorted((i, j) for j, i in pairs)
    top = max(max(row) for row in weights)
    cost = [[top - w for w in row] for row in weights]
    assigned = _min_cost_assignment(cost)
    pairs = [(i, assigned[i]) for i in range(n)]
    return math.fsum(weights[i][j] for i, j in pairs), pairs


def _min_cost_assignment(cost: Sequence[Sequence[float]]) -> list[int]:
    """Hungarian algorithm with potentials for ``n <= m``: the column given to each row, at minimum total cost."""
    n, m = len(cost), len(cost[0])
    inf = math.inf
    u = [0.0] * (n + 1)  # row potentials
    v = [0.0] * (m + 1)  # column potentials
    owner = [0] * (m + 1)  # owner[j]: row (1-based) holding column j; column 0 is a sentinel
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        min_slack = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            delta = inf
            j1 = 0
            row = cost[i0 - 1]
            for j in range(1, m + 1):
                if not used[j]:
                    slack = row[j - 1] - u[i0] - v[j]
                    if slack < min_slack[j]:
                        min_slack[j] = slack
                        way[j] = j0
                    if min_slack[j] < delta:
                        delta = min_slack[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    min_slack[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:  # flip the augmenting path
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    result = [-1] * n
    for j in range(1, m + 1):
        if owner[j]:
            result[owner[j] - 1] = j - 1
    return result
