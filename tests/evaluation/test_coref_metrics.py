"""Known-answer tests for the CoNLL-2012 coreference metrics (MUC, B³, CEAF-e), the assignment and pooling."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest

from ficlens.evaluation.coref_metrics import (
    PRF,
    b_cubed,
    ceaf_e,
    conll,
    evaluate,
    max_weight_assignment,
    mention_detection,
    muc,
    pool,
    pool_coref,
    prf,
)

approx = pytest.approx

# The worked example of Pradhan et al. (2014), "Scoring coreference partitions of predicted mentions", fig. 1.
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def check(res: PRF, p: float, r: float, f: float) -> None:
    assert (res.p, res.r, res.f) == (approx(p), approx(r), approx(f))


# --- the Pradhan et al. example -----------------------------------------------------------------------------


def test_muc_worked_example() -> None:
    # Recall: K1={a,b,c} is split by the response into {a,b},{c}: 3-2 = 1 of its 3-1 = 2 links.
    #         K2={d,e,f,g} is split into {d},{e} (e is missing: a part of its own),{f,g}: 4-3 = 1 of 3 links.
    #         R = (1+1)/(2+3) = 2/5.
    # Precision: R1={a,b} -> {a,b}: 2-1 = 1 of 1; R2={c,d} -> {c},{d}: 0 of 1; R3={f,g,h,i} -> {f,g},{h},{i}: 1 of 3.
    #         P = (1+0+1)/(1+1+3) = 2/5. F = 2/5.
    res = muc(KEY, RESPONSE)
    check(res, 0.4, 0.4, 0.4)
    assert (res.r_num, res.r_den, res.p_num, res.p_den) == (2, 5, 2, 5)


def test_b_cubed_worked_example() -> None:
    # Recall, per key cluster sum_R |K∩R|²/|K|: K1: a,b in R1, c in R2 -> (2² + 1²)/3 = 5/3;
    #   K2: d in R2, e in no response cluster, f,g in R3 -> (1² + 2²)/4 = 5/4.
    #   5/3 + 5/4 = 35/12 over 7 key mentions -> R = 35/84 = 5/12.
    # Precision, per response cluster sum_K |K∩R|²/|R|: R1: 2²/2 = 2; R2: (1² + 1²)/2 = 1; R3: 2²/4 = 1 (h, i are in no
    #   key cluster): 4 over 8 response mentions -> P = 1/2.
    # F = 2 * 5/12 * 1/2 / (5/12 + 1/2) = (5/12) / (11/12) = 5/11.
    res = b_cubed(KEY, RESPONSE)
    check(res, 0.5, 5 / 12, 5 / 11)
    assert (res.r_num, res.r_den, res.p_num, res.p_den) == (approx(35 / 12), 7, 4, 8)


def test_ceaf_e_worked_example() -> None:
    # phi4(K,R) = 2|K∩R|/(|K|+|R|):   R1={a,b}   R2={c,d}   R3={f,g,h,i}
    #                     K1={a,b,c}    4/5        2/5        0
    #                     K2={d,e,f,g}  0          2/6        4/8
    # Best alignment K1-R1 + K2-R3 = 0.8 + 0.5 = 1.3 (the other, K1-R2 + K2-R3, is 0.9).
    # R = 1.3/2 = 0.65, P = 1.3/3 = 0.4333..., F = 2 * 0.65 * 1.3/3 / (0.65 + 1.3/3) = 0.52.
    res = ceaf_e(KEY, RESPONSE)
    check(res, 1.3 / 3, 0.65, 0.52)
    assert (res.r_num, res.r_den, res.p_num, res.p_den) == (approx(1.3), 2, approx(1.3), 3)


def test_conll_worked_example() -> None:
    # The paper's table: MUC F 0.40, B³ F 0.45, CEAF-e F 0.52.
    expected = (0.4 + 5 / 11 + 0.52) / 3
    assert conll(KEY, RESPONSE) == approx(expected)
    assert evaluate(KEY, RESPONSE).conll == approx(expected)


def test_key_and_response_swap_precision_and_recall() -> None:
    for metric in (muc, b_cubed, ceaf_e):
        forward, backward = metric(KEY, RESPONSE), metric(RESPONSE, KEY)
        assert (forward.p, forward.r, forward.f) == (approx(backward.r), approx(backward.p), approx(backward.f))


# --- reference-scorer test cases (conll/reference-coreference-scorers, test/TestCases.README) -----------------------

CASE_KEY = [{"a"}, {"b", "c"}, {"d", "e", "f"}]


@pytest.mark.parametrize(
    ("response", "r", "p"),
    [
        # TC2: common = 1 + 4/5 = 1.8; R = 1.8/3, P = 1.8/2
        ([{"a"}, {"d", "e"}], 0.6, 0.9),
        # TC3: common = 1 + 4/5 + 6/7; R = common/3 = 0.88571, P = common/4 = 0.66429
        ([{"a"}, {"b", "c", "x"}, {"d", "e", "f", "y"}, {"z"}], 0.88571, 0.66429),
        # TC4: common = 1 + 4/5 + 2/5 = 2.2; R = 2.2/3 = 0.73333, P = 2.2/4 = 0.55
        ([{"a"}, {"b", "c", "x"}, {"d", "y"}, {"z"}], 0.73333, 0.55),
    ],
)
def test_ceaf_e_reference_cases(response: list[set[str]], r: float, p: float) -> None:
    res = ceaf_e(CASE_KEY, response)
    assert (res.r, res.p) == (approx(r, abs=1e-5), approx(p, abs=1e-5))


# --- boundaries ---------------------------------------------------------------------------------------------


def test_identical_clusterings_score_one() -> None:
    clusters = [{(0, 3), (10, 12), (20, 23)}, {(5, 8), (30, 33)}, {(40, 44)}]
    scores = evaluate(clusters, [set(c) for c in reversed(clusters)])
    for res in (scores.muc, scores.b_cubed, scores.ceaf_e):
        check(res, 1.0, 1.0, 1.0)
    assert scores.conll == approx(1.0)
    check(mention_detection(clusters, clusters), 1.0, 1.0, 1.0)


def test_disjoint_mentions_score_zero() -> None:
    scores = evaluate([{"a", "b"}, {"c"}], [{"x", "y"}, {"z"}])
    for res in (scores.muc, scores.b_cubed, scores.ceaf_e):
        check(res, 0.0, 0.0, 0.0)
    assert scores.conll == 0.0
    check(mention_detection([{"a", "b"}], [{"x"}]), 0.0, 0.0, 0.0)


def test_empty_inputs_score_zero_without_errors() -> None:
    for gold, pred in (([], []), ([{"a"}], []), ([], [{"a", "b"}])):
        scores = evaluate(gold, pred)
        assert (scores.muc.f, scores.b_cubed.f, scores.ceaf_e.f) == (0.0, 0.0, 0.0)


def test_singletons_count_for_b_cubed_but_not_muc() -> None:
    gold = [{"a", "b"}, {"c"}]
    # missing the gold singleton c: MUC has no link to lose (R = (2-1)/(2-1) = 1); B³ recall = (2²/2 + 0)/3 = 2/3
    check(muc(gold, [{"a", "b"}]), 1.0, 1.0, 1.0)
    check(b_cubed(gold, [{"a", "b"}]), 1.0, 2 / 3, 0.8)
    # spurious singleton d: MUC still perfect; B³ precision = (2²/2 + 1 + 0)/4 = 3/4
    pred = [{"a", "b"}, {"c"}, {"d"}]
    check(muc(gold, pred), 1.0, 1.0, 1.0)
    check(b_cubed(gold, pred), 0.75, 1.0, 6 / 7)
    # CEAF-e counts entities: 2 of 3 response entities align perfectly -> P = 2/3, R = 1
    check(ceaf_e(gold, pred), 2 / 3, 1.0, 0.8)
    # all singletons on both sides: no links at all, so MUC is 0 (as in the reference scorer) while B³ is 1
    singles = [{"a"}, {"b"}]
    check(muc(singles, singles), 0.0, 0.0, 0.0)
    check(b_cubed(singles, singles), 1.0, 1.0, 1.0)


def test_muc_missing_mention_is_its_own_part() -> None:
    # K={a,b,c} vs R={a,b}: parts {a,b},{c} -> R = (3-2)/(3-1) = 1/2; P = (2-1)/(2-1) = 1
    check(muc([{"a", "b", "c"}], [{"a", "b"}]), 1.0, 0.5, 2 / 3)


def test_one_big_response_cluster() -> None:
    # K1={a,b}, K2={c,d} vs R={a,b,c,d}
    # MUC: R = (1+1)/(1+1) = 1; P = (4-2)/(4-1) = 2/3.
    # B³: R = 1; P = (2²/4 + 2²/4)/4 = 1/2.
    # CEAF-e: phi(K1,R) = phi(K2,R) = 4/6; one alignment: R = (2/3)/2 = 1/3, P = (2/3)/1.
    gold, pred = [{"a", "b"}, {"c", "d"}], [{"a", "b", "c", "d"}]
    check(muc(gold, pred), 2 / 3, 1.0, 0.8)
    check(b_cubed(gold, pred), 0.5, 1.0, 2 / 3)
    check(ceaf_e(gold, pred), 2 / 3, 1 / 3, 4 / 9)


def test_empty_clusters_are_ignored_and_duplicates_rejected() -> None:
    assert evaluate([{"a", "b"}, set()], [{"a", "b"}]) == evaluate([{"a", "b"}], [{"a", "b"}])
    assert ceaf_e([{"a", "b"}], [{"a", "b"}, []]).p_den == 1
    with pytest.raises(ValueError, match="more than one cluster"):
        muc([{"a", "b"}, {"b", "c"}], [{"a"}])
    with pytest.raises(ValueError, match="predicted"):
        b_cubed([{"a"}], [{"a"}, {"a", "c"}])


def test_clusters_may_be_any_iterables_of_hashables() -> None:
    gen = ((m for m in c) for c in KEY)
    assert muc(gen, [list(c) for c in RESPONSE]) == muc(KEY, RESPONSE)


# --- Kuhn-Munkres -------------------------------------------------------------------------------------------


def test_ceaf_e_alignment_beats_greedy() -> None:
    # K1={a,b,c}, K2={d} vs R1={a,b,d}, R2={c}
    # phi4:      R1           R2
    #   K1   2*2/(3+3)=2/3  2*1/(3+1)=1/2
    #   K2   2*1/(1+3)=1/2  0
    # Greedy takes the largest cell K1-R1 (2/3) and is left with K2-R2 = 0: total 2/3.
    # The optimum is K1-R2 + K2-R1 = 1/2 + 1/2 = 1, so R = P = F = 1/2.
    res = ceaf_e([{"a", "b", "c"}, {"d"}], [{"a", "b", "d"}, {"c"}])
    check(res, 0.5, 0.5, 0.5)
    assert res.r_num == approx(1.0)


def test_assignment_beats_greedy_on_a_matrix() -> None:
    total, pairs = max_weight_assignment([[3.0, 2.0], [2.0, 0.0]])
    assert total == 4.0
    assert pairs == [(0, 1), (1, 0)]


def brute_force(weights: list[list[float]]) -> float:
    n, m = len(weights), len(weights[0])
    if n <= m:
        return max(sum(weights[i][cols[i]] for i in range(n)) for cols in itertools.permutations(range(m), n))
    return max(sum(weights[rows[j]][j] for j in range(m)) for rows in itertools.permutations(range(n), m))


def test_assignment_matches_brute_force() -> None:
    rng = random.Random(7)
    for _ in range(150):
        n, m = rng.randint(1, 6), rng.randint(1, 6)
        weights = [[rng.choice([0.0, rng.random(), rng.randint(0, 3)]) for _ in range(m)] for _ in range(n)]
        total, pairs = max_weight_assignment(weights)
        assert total == approx(brute_force(weights))
        assert len(pairs) == min(n, m)
        assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
        assert total == approx(sum(weights[i][j] for i, j in pairs))


def test_assignment_rejects_bad_matrices() -> None:
    assert max_weight_assignment([]) == (0.0, [])
    with pytest.raises(ValueError):
        max_weight_assignment([[1.0, 2.0], [1.0]])
    with pytest.raises(ValueError):
        max_weight_assignment([[-1.0]])


def test_ceaf_e_matches_brute_force_on_random_clusterings() -> None:
    # the component decomposition must give the same optimum as one alignment over the whole matrix
    rng = random.Random(3)
    for _ in range(60):
        mentions = list(range(rng.randint(1, 12)))
        gold = [set[int]() for _ in range(rng.randint(1, 5))]
        pred = [set[int]() for _ in range(rng.randint(1, 5))]
        for x in mentions:
            gold[rng.randrange(len(gold))].add(x)
            if rng.random() < 0.8:
                pred[rng.randrange(len(pred))].add(x)
        pred.append({100 + x for x in range(rng.randint(0, 2))})  # spurious mentions
        keys = [g for g in gold if g]
        responses = [p for p in pred if p]
        if not keys or not responses:
            continue
        phi = [[2 * len(k & r) / (len(k) + len(r)) for r in responses] for k in keys]
        res = ceaf_e(gold, pred)
        assert res.r_num == approx(brute_force(phi))
        assert (res.r_den, res.p_den) == (len(keys), len(responses))


# --- pooling and mention scores -----------------------------------------------------------------------------


def test_prf() -> None:
    res = prf(3, 4, 6)
    check(res, 0.75, 0.5, 0.6)
    assert (res.p_num, res.p_den, res.r_num, res.r_den) == (3, 4, 3, 6)
    check(prf(0, 0, 0), 0.0, 0.0, 0.0)
    check(prf(0, 5, 0), 0.0, 0.0, 0.0)


def test_pool_sums_numerators_and_denominators() -> None:
    # document 1: the worked example; document 2: a perfect two-mention entity {x,y}
    doc1, doc2 = evaluate(KEY, RESPONSE), evaluate([{"x", "y"}], [{"x", "y"}])
    pooled = pool_coref([doc1, doc2])
    # MUC: (2+1)/(5+1) both ways
    check(pooled.muc, 0.5, 0.5, 0.5)
    # B³: R = (35/12 + 2)/(7 + 2) = 59/108; P = (4 + 2)/(8 + 2) = 3/5
    r = Fraction(59, 108)
    check(pooled.b_cubed, 0.6, float(r), float(2 * r * Fraction(3, 5) / (r + Fraction(3, 5))))
    # CEAF-e: sums of similarities over sums of entity counts: R = (1.3 + 1)/(2 + 1), P = (1.3 + 1)/(3 + 1)
    rc, pc = 2.3 / 3, 2.3 / 4
    check(pooled.ceaf_e, pc, rc, 2 * pc * rc / (pc + rc))
    assert pooled.conll == approx((pooled.muc.f + pooled.b_cubed.f + pooled.ceaf_e.f) / 3)
    # micro, not macro: the macro MUC F would be (0.4 + 1)/2 = 0.7
    assert pooled.muc.f != approx((doc1.muc.f + doc2.muc.f) / 2)


def test_pool_of_mention_scores() -> None:
    check(pool([prf(1, 2, 4), prf(3, 3, 4)]), 4 / 5, 4 / 8, 2 * 0.8 * 0.5 / 1.3)
    check(pool([]), 0.0, 0.0, 0.0)


def test_mention_detection_over_clusters() -> None:
    # gold mentions a..g (7), predicted a..d, f..i (8), common a,b,c,d,f,g (6)
    check(mention_detection(KEY, RESPONSE), 6 / 8, 6 / 7, 2 * (6 / 8) * (6 / 7) / (6 / 8 + 6 / 7))
