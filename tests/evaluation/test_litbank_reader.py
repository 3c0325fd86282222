"""LitBank reader and scorer: the real data (skipped when ../shared/data/litbank is absent) and synthetic cases."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from ficlens.evaluation.litbank import (
    EntityMention,
    GoldMention,
    LitBankDoc,
    PredictedCluster,
    PredictedMention,
    Prediction,
    entity_mentions,
    folds,
    format_report,
    gold_clusters,
    gold_person_spans,
    load_litbank,
    oracle_prediction,
    score_documents,
    token_offsets,
)

LITBANK = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "litbank"


@pytest.fixture(scope="module")
def docs() -> list[LitBankDoc]:
    if not LITBANK.exists():
        pytest.skip(f"{LITBANK} is not available (../shared is absent outside the development checkout)")
    return load_litbank(LITBANK)


# --- real data ----------------------------------------------------------------------------------------------


@pytest.mark.shared
def test_counts(docs: list[LitBankDoc]) -> None:
    assert len(docs) == 100
    assert len({d.name for d in docs}) == 100
    mentions = [m for d in docs for m in d.mentions]
    assert len(mentions) == 29_103  # README count
    assert Counter(m.kind for m in mentions) == {"PRON": 15_816, "NOM": 9_737, "PROP": 3_550}
    # 7,235 annotated entities (README); 4,351 of them PER
    assert sum(len({m.entity for m in d.mentions if m.linked}) for d in docs) == 7_235
    assert sum(len({m.entity for m in d.mentions if m.linked and m.category == "PER"}) for d in docs) == 4_351
    # 692 mentions are in no chain (the first arguments of 466 COP and 226 APPOS relations): singletons, as in
    # LitBank's CoNLL files, which have 7,235 + 692 = 7,927 clusters
    assert sum(not m.linked for m in mentions) == 692
    assert sum(len(gold_clusters(d)) for d in docs) == 7_927
    # an entity never mixes categories, so the PER clusters are exactly the PER entities
    assert sum(len(gold_clusters(d, ["PER"])) for d in docs) == 4_351 + sum(
        1 for m in mentions if not m.linked and m.category == "PER"
    )


@pytest.mark.shared
def test_mention_text_matches_offsets(docs: list[LitBankDoc]) -> None:
    for doc in docs:
        for m in doc.mentions:
            assert doc.text[m.start : m.end] == m.text, (doc.name, m)
        for e in doc.entities:
            assert doc.text[e.start : e.end] == e.text, (doc.name, e)


@pytest.mark.shared
def test_offsets_agree_with_brat_coref_files(docs: list[LitBankDoc]) -> None:
    brat_lines = 0
    for doc in docs:
        brat: dict[str, tuple[int, int, str]] = {}
        for line in (LITBANK / "coref" / "brat" / f"{doc.name}.ann").read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            label, start, end = fields[1].split(" ") if fields[0].startswith("T") else ("", "0", "0")
            if re.fullmatch(r"(PROP|NOM|PRON)_(PER|FAC|GPE|LOC|VEH|ORG)", label):
                brat[fields[0]] = (int(start), int(end), label)
                brat_lines += 1
        for m in doc.mentions:
            assert brat[m.mention_id] == (m.start, m.end, f"{m.kind}_{m.category}"), (doc.name, m)
    # brat holds one mention more than the tsv: "Miss." in Far from the Madding Crowd is annotated twice (T96
    # without a link, T110 with one); the reader, like the README, keeps the linked one
    assert brat_lines == 29_104
    madding = next(d for d in docs if d.name == "27_far_from_the_madding_crowd_brat")
    assert [m.mention_id for m in madding.mentions if m.span == (5693, 5698)] == ["T110"]


def conll_clusters(path: Path, text: str) -> list[frozenset[tuple[int, int]]]:
    """Clusters of a LitBank CoNLL file as character spans (sentence = block, token index in column 3)."""
    offsets = token_offsets(text)
    sentence = 0
    seen_token = False
    open_: dict[str, list[int]] = {}
    clusters: dict[str, set[tuple[int, int]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if seen_token:
                sentence += 1
                seen_token = False
            continue
        seen_token = True
        fields = line.split("\t")
        token = int(fields[2])
        for part in fields[-1].split("|"):
            if part in ("", "_", "-"):
                continue
            cid = part.strip("()")
            if part.startswith("("):
                open_.setdefault(cid, []).append(token)
            if part.endswith(")"):
                start = open_[cid].pop()
                span = (offsets[sentence][start][0], offsets[sentence][token][1])
                clusters.setdefault(cid, set()).add(span)
    return [frozenset(c) for c in clusters.values()]


@pytest.mark.shared
def test_clusters_agree_with_litbank_conll_files(docs: list[LitBankDoc]) -> None:
    differ = []
    for doc in docs:
        ours = {frozenset(c) for c in gold_clusters(doc)}
        theirs = conll_clusters(LITBANK / "coref" / "conll" / f"{doc.name}.conll", doc.text)
        assert len(theirs) == len(ours), doc.name
        assert {s for c in theirs for s in c} == {m.span for m in doc.mentions}, doc.name
        if set(theirs) != ours:
            differ.append(doc.name)
    # Same mentions and cluster counts everywhere, same clusters in 99 documents. In Great Expectations the CoNLL
    # file puts two copula mentions (T20 "the churchyard", T99 "the river") into their subjects' chains and leaves
    # T16 "the churchyard" and T71 "the sea" alone, unlike its own tsv and brat files, which the reader follows.
    assert differ == ["1400_great_expectations_brat"]


@pytest.mark.shared
def test_entity_layer(docs: list[LitBankDoc]) -> None:
    entities = [e for d in docs for e in d.entities]
    assert len(entities) == 13_912
    assert Counter(e.category for e in entities)["PER"] == 9_383
    assert sum(len(gold_person_spans(d)) for d in docs) == 9_383  # no two PER mentions share a span
    assert entity_mentions(LITBANK) == {d.name: d.entities for d in docs}
    # the entity layer is not the coreference layer without pronouns
    only_entity = only_coref = 0
    for d in docs:
        coref = {m.span for m in d.mentions if m.category == "PER" and m.kind != "PRON"}
        only_entity += len(gold_person_spans(d) - coref)
        only_coref += len(coref - gold_person_spans(d))
    # 874 entity-layer PER spans are not non-pronoun PER coreference mentions (851 of them are no coreference
    # mention at all, the other 23 have another category there); 220 such coreference mentions are not entity-layer
    assert (only_entity, only_coref) == (874, 220)


@pytest.mark.shared
def test_gold_scores_one(docs: list[LitBankDoc]) -> None:
    scores = score_documents((d, oracle_prediction(d)) for d in docs)
    assert len(scores.documents) == 100
    for res in (scores.persons, scores.mentions):
        assert (res.p, res.r, res.f) == (1.0, 1.0, 1.0)
    for coref in (scores.coref, scores.coref_persons):
        for res in (coref.muc, coref.b_cubed, coref.ceaf_e):
            assert (res.p, res.r, res.f) == (pytest.approx(1.0), pytest.approx(1.0), pytest.approx(1.0))
        assert coref.conll == pytest.approx(1.0)
    assert scores.persons.r_den == 9_383
    assert scores.coref.ceaf_e.r_den == 7_927
    assert "100.00" in format_report(scores)


@pytest.mark.shared
def test_folds_partition_documents(docs: list[LitBankDoc]) -> None:
    names = {d.name for d in docs}
    splits = folds(docs)
    assert len(splits) == 10
    tests = [set(test) for _, test in splits]
    assert all(len(t) == 10 for t in tests)
    assert set().union(*tests) == names
    assert sum(len(t) for t in tests) == 100  # disjoint
    for train, test in splits:
        assert set(train) | set(test) == names
        assert not set(train) & set(test)
        assert list(train) == sorted(train) and list(test) == sorted(test)
    assert folds(docs) == splits  # deterministic
    assert folds([d.name for d in docs]) == splits
    assert folds(docs, seed=1) != splits


# --- synthetic documents (always run) -------------------------------------------------------------------------

#        0         1         2         3
#        0123456789012345678901234567890123
TEXT = "Ann met Bob in Paris .\nShe waved ."
ANN, BOB, PARIS, SHE = (0, 3), (8, 11), (15, 20), (23, 26)


def toy_doc() -> LitBankDoc:
    mentions = (
        GoldMention(*ANN, "Ann", "PER", "PROP", "Ann-0", "T1"),
        GoldMention(*BOB, "Bob", "PER", "PROP", "Bob-1", "T2"),
        GoldMention(*PARIS, "Paris", "GPE", "PROP", "Paris-2", "T3"),
        GoldMention(*SHE, "She", "PER", "PRON", "Ann-0", "T4"),
    )
    entities = (
        EntityMention(*ANN, "Ann", "PER"),
        EntityMention(*BOB, "Bob", "PER"),
        EntityMention(*PARIS, "Paris", "GPE"),
    )
    return LitBankDoc("toy", TEXT, mentions, entities)


def test_toy_doc_is_consistent() -> None:
    doc = toy_doc()
    assert all(doc.text[m.start : m.end] == m.text for m in doc.mentions)
    assert token_offsets(TEXT)[1][0] == SHE
    assert gold_clusters(doc) == [{ANN, SHE}, {BOB}, {PARIS}]
    assert gold_clusters(doc, ["GPE"]) == [{PARIS}]


def test_oracle_on_toy_doc() -> None:
    scores = score_documents([(toy_doc(), oracle_prediction(toy_doc()))])
    assert scores.coref.conll == pytest.approx(1.0)
    assert scores.persons.f == 1.0


def test_scores_on_toy_doc() -> None:
    # the system merges Ann with Bob and leaves She alone; Paris is a GPE singleton
    pred = Prediction(
        clusters=[[ANN, BOB], PredictedCluster((SHE,), "PER")],
        mentions=[PredictedMention(*PARIS, "GPE"), PredictedMention(*SHE, kind="PRON")],
    )
    scores = score_documents([(toy_doc(), pred)])
    # person mentions: Ann and Bob (unknown category counts as PER); She is a pronoun, Paris a GPE -> 2/2, 2/2
    assert (scores.persons.p, scores.persons.r) == (1.0, 1.0)
    # all entities: gold {Ann,She},{Bob},{Paris} vs {Ann,Bob},{She},{Paris}
    #   MUC: neither gold link Ann-She nor predicted link Ann-Bob is right -> 0
    #   B³ per mention: Ann 1/2, She 1/2, Bob 1, Paris 1 (the same both ways): R = P = 3/4
    #   CEAF-e: {Ann,She}-{She} 2/3 + {Bob}-{Ann,Bob} 2/3 + Paris 1 = 7/3 over 3 entities each side -> 7/9
    coref = scores.coref
    assert coref.muc.f == 0.0
    assert (coref.b_cubed.p, coref.b_cubed.r) == (pytest.approx(0.75), pytest.approx(0.75))
    assert (coref.ceaf_e.p, coref.ceaf_e.r) == (pytest.approx(7 / 9), pytest.approx(7 / 9))
    # persons only: Paris drops out of both sides
    #   B³: (1/2 + 1/2 + 1)/3 = 2/3 both ways; CEAF-e: (2/3 + 2/3)/2 = 2/3 both ways
    persons = scores.coref_persons
    assert (persons.b_cubed.p, persons.b_cubed.r) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert (persons.ceaf_e.p, persons.ceaf_e.r) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    report = format_report(scores, title="toy")
    assert report.startswith("toy: 1 document,")
    assert "CEAF-e" in report and "persons only" in report


def test_unknown_categories_count_as_persons() -> None:
    # the same output without categories or kinds: Paris stays in the person clusters, She in the person mentions
    pred = Prediction(clusters=[[ANN, BOB], [SHE], [PARIS]])
    scores = score_documents([(toy_doc(), pred)])
    # person mentions: Ann, Bob, Paris, She predicted; Ann, Bob gold -> P = 2/4, R = 1
    assert (scores.persons.p, scores.persons.r) == (0.5, 1.0)
    # persons-only B³ precision: {Ann,Bob} 1/2 + 1/2, {She} 1, {Paris} 0 -> 2/4
    assert scores.coref_persons.b_cubed.p == pytest.approx(0.5)
    # a separate entity-layer output replaces the derived person mentions
    pred = Prediction(clusters=pred.clusters, entities=[PredictedMention(*ANN, "PER"), PredictedMention(*BOB)])
    assert score_documents([(toy_doc(), pred)]).persons.f == 1.0
