"""The LitBank harness turning a ficlens Document into a LitBank prediction (maximal name phrases, nested titles in
the entity layer, unlinked pronouns left out) and choosing each document's fold components. The story is written
for these tests; nothing here needs ../shared."""

from __future__ import annotations

import json
from dataclasses import fields
from importlib import resources

import pytest

import ficlens
from ficlens import Document
from ficlens.evaluation.harness import litbank_components, litbank_fold_of, litbank_prediction
from ficlens.evaluation.litbank import PredictedCluster, Prediction
from ficlens.stages.antecedents import load_pronoun_model
from ficlens.stages.extents import ExtentRules, load_extent_rules
from ficlens.stages.lexicon import load_person_nouns

STORY = (
    "They said the storm would break by noon.\n\n"
    "Mr. Harrow walked down to the village in the rain. He bought bread from old Mrs. Pell, who kept the shop, "
    "and she gave him a cake for the road.\n"
)


@pytest.fixture(scope="module")
def doc() -> Document:
    return ficlens.analyze(STORY)


@pytest.fixture(scope="module")
def prediction(doc: Document) -> Prediction:
    return litbank_prediction(doc)


def span(doc: Document, context: str, phrase: str | None = None) -> tuple[int, int]:
    """The offsets of ``phrase`` inside the first occurrence of ``context`` (the whole context by default)."""
    at = doc.text.index(context)
    phrase = context if phrase is None else phrase
    start = at + context.index(phrase)
    return start, start + len(phrase)


def texts(doc: Document, mentions: object) -> list[tuple[str, str | None, str | None]]:
    return [(doc.text[m.start : m.end], m.category, m.kind) for m in mentions]  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------------------ the layers


def test_titles_are_person_mentions_of_their_own_in_the_entity_layer(doc: Document, prediction: Prediction) -> None:
    entities = {(m.start, m.end): m for m in prediction.entities or ()}
    for context in ("Mr. Harrow", "Mrs. Pell"):
        title = span(doc, context, context.split()[0])
        assert title in entities, texts(doc, prediction.entities or ())
        assert entities[title].category == "PER"
    # the name's own mention is there too
    assert span(doc, "Mr. Harrow") in entities


def test_bare_titles_are_not_coreference_mentions(doc: Document, prediction: Prediction) -> None:
    spans = {(m.start, m.end) for m in prediction.mentions}
    cluster_spans = {s for c in prediction.clusters for s in c.spans}  # type: ignore[union-attr]
    for context in ("Mr. Harrow", "Mrs. Pell"):
        title = span(doc, context, context.split()[0])
        assert title not in spans and title not in cluster_spans
    assert span(doc, "Mr. Harrow") in spans


def test_a_name_takes_in_its_adjective(doc: Document, prediction: Prediction) -> None:
    pell = span(doc, "old Mrs. Pell")
    assert pell in {(m.start, m.end) for m in prediction.mentions}
    assert pell in {(m.start, m.end) for m in prediction.entities or ()}
    # the characters stage itself keeps the name as written
    assert span(doc, "Mrs. Pell") in {(m.start, m.end) for m in doc.layer("mentions") if m.kind == "name"}


def test_a_name_leaves_out_a_relative_clause_after_a_comma(doc: Document, prediction: Prediction) -> None:
    spans = {(m.start, m.end) for m in prediction.mentions}
    assert span(doc, "old Mrs. Pell") in spans
    assert span(doc, "old Mrs. Pell, who kept the shop") not in spans


def test_pronouns_linked_to_no_one_are_left_out(doc: Document, prediction: Prediction) -> None:
    they = span(doc, "They said", "They")
    unlinked = [m for m in doc.layer("mentions") if (m.start, m.end) == they]
    assert unlinked and unlinked[0].kind == "pronoun" and unlinked[0].character == -1
    spans = {(m.start, m.end) for m in prediction.mentions}
    assert they not in spans
    # linked pronouns stay, as PRON
    kinds = {(m.start, m.end): m.kind for m in prediction.mentions}
    for context, word in (("He bought", "He"), ("and she", "she"), ("gave him", "him")):
        assert kinds.get(span(doc, context, word)) == "PRON", word


def test_the_entity_layer_has_no_pronouns(doc: Document, prediction: Prediction) -> None:
    entities = prediction.entities or ()
    assert entities and all(m.kind != "PRON" and m.category == "PER" for m in entities)


def test_clusters_gather_each_character(doc: Document, prediction: Prediction) -> None:
    people = [c for c in prediction.clusters if isinstance(c, PredictedCluster) and c.category == "PER"]
    as_text = sorted(sorted(doc.text[s:e] for s, e in c.spans) for c in people)
    assert as_text == [["He", "Mr. Harrow", "him"], ["old Mrs. Pell", "she"]]
    spans = {(m.start, m.end) for m in prediction.mentions}
    assert all(s in spans for c in people for s in c.spans)


def test_a_fold_s_rules_can_be_passed(doc: Document, prediction: Prediction) -> None:
    other = litbank_prediction(doc, load_extent_rules("fold-3"))
    assert span(doc, "Mr.") in {(m.start, m.end) for m in other.entities or ()}
    # rules that leave every dependent out give the name as written
    bare = litbank_prediction(doc, ExtentRules({}, default_left=False, default_right=False))
    assert span(doc, "Mrs. Pell") in {(m.start, m.end) for m in bare.mentions}


# ------------------------------------------------------------------------------------------- fold components


def test_a_document_outside_litbank_gets_the_packaged_components() -> None:
    assert litbank_fold_of("not-a-litbank-doc") is None
    c = litbank_components("not-a-litbank-doc")
    assert all(getattr(c, f.name) is None for f in fields(c))


def test_a_fold_member_gets_its_fold_s_components() -> None:
    folds = json.loads(resources.files("ficlens").joinpath("resources/person_nouns/folds.json").read_text())
    k = 4
    name = folds["folds"][k][0]
    assert litbank_fold_of(name) == k
    c = litbank_components(name)
    assert all(getattr(c, f.name) is not None for f in fields(c))
    assert c.person_nouns == load_person_nouns(f"fold-{k}")
    assert c.extents is load_extent_rules(f"fold-{k}")
    assert c.pronouns is load_pronoun_model(f"fold-{k}")
    # the fold's rules are not the packaged ones trained on every document
    assert c.extents.rates != load_extent_rules("all").rates  # type: ignore[union-attr]
