"""The learned scorer for he/she antecedents: its features, its packaged weights, and the characters stage using
it (and surviving useless weights). Every text here is written for these tests."""

from __future__ import annotations

import json
import math
from importlib import resources

import pytest

import ficlens
from ficlens import Document
from ficlens.pipeline import Pipeline, literary_core
from ficlens.stages.antecedents import FEATURES, PronounModel, load_pronoun_model
from ficlens.stages.characters import CharactersStage
from ficlens.stages.scorers import LinearPronounScorer, PronounScorer, TracingPronounScorer

STORY = "Maria met Tom at the station. She handed him the ticket. He thanked her.\n"


@pytest.fixture(scope="module")
def parsed() -> Document:
    """The story with structure and syntax, before the characters stage."""
    return ficlens.analyze(STORY, characters=False)


def links(doc: Document) -> dict[str, str]:
    """Each pronoun of the story (by its text) -> the name of its character ('' when none)."""
    names = {c.id: c.name for c in doc.layer("characters")}
    return {doc.span_text(m): names.get(m.character, "") for m in doc.layer("mentions") if m.kind == "pronoun"}


def run_stage(doc: Document, model: PronounModel | PronounScorer | None) -> Document:
    """The literary core over ``doc`` with the pronoun scorer of ``model`` (None: the packaged one)."""
    scorer = LinearPronounScorer(model, "test", "test") if isinstance(model, PronounModel) else model or "linear"
    return Pipeline.build(literary_core(pronoun_scorer=scorer), provided=doc.layers)(doc)


# ---------------------------------------------------------------------------------------------- the features


def test_features_are_unique_and_start_with_the_bias() -> None:
    assert FEATURES[0] == "bias"
    assert len(set(FEATURES)) == len(FEATURES)


def test_the_clusterer_computes_exactly_the_named_features(parsed: Document) -> None:
    model = load_pronoun_model()
    assert model is not None
    tracing = TracingPronounScorer(LinearPronounScorer(model, "linear", "x"))
    run_stage(parsed, tracing)
    seen = [f for _, _, f in tracing.trace]
    assert seen, "the pronoun model scored no pair"
    assert {len(f) for f in seen} == {len(FEATURES)}
    assert all(f[0] == 1.0 for f in seen)  # bias
    assert all(math.isfinite(x) for f in seen for x in f)
    # the sentence-distance features are one-hot
    sent = [FEATURES.index(n) for n in ("sent0", "sent1", "sent2", "sent3+")]
    assert all(sum(f[i] for i in sent) == 1.0 for f in seen)


# ------------------------------------------------------------------------------------------------ the model


def test_score_is_the_dot_product_of_weights_and_features() -> None:
    model = PronounModel({"bias": 0.5, "o_subj": 2.0, "not-a-feature": 100.0})
    feats = [0.0] * len(FEATURES)
    assert model.score(feats) == 0.0
    feats[FEATURES.index("bias")] = 1.0
    feats[FEATURES.index("o_subj")] = 1.0
    assert model.score(feats) == pytest.approx(2.5)
    with pytest.raises(ValueError):
        model.score([1.0])  # a feature vector of the wrong length is an error, not a silent truncation


def test_the_packaged_model_has_a_weight_for_every_feature() -> None:
    model = load_pronoun_model()
    assert model is not None
    assert set(model.weights) == set(FEATURES)
    assert all(math.isfinite(w) for w in model.weights.values())
    assert load_pronoun_model("all") is not None


def pronoun_files() -> list[str]:
    folder = resources.files("ficlens").joinpath("resources/pronouns")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".json") and p.name != "cv_scores.json")


@pytest.mark.parametrize("name", pronoun_files())
def test_every_packaged_weight_file_covers_the_features(name: str) -> None:
    data = json.loads(resources.files("ficlens").joinpath(f"resources/pronouns/{name}").read_text(encoding="utf-8"))
    assert set(data["weights"]) == set(FEATURES)
    model = load_pronoun_model(name.removesuffix(".json"))
    assert model is not None and set(model.weights) == set(FEATURES)


def test_all_and_ten_folds_are_packaged() -> None:
    assert pronoun_files() == sorted(["all.json", *(f"fold-{k}.json" for k in range(10))])
    assert load_pronoun_model("fold-0").weights != load_pronoun_model("all").weights  # type: ignore[union-attr]


def test_a_missing_model_is_none() -> None:
    assert load_pronoun_model("no-such-model") is None


# ------------------------------------------------------------------------------------------------ the stage


def test_the_learned_model_links_each_pronoun_to_its_character(parsed: Document) -> None:
    doc = run_stage(parsed, load_pronoun_model())
    assert sorted(c.name for c in doc.layer("characters")) == ["Maria", "Tom"]
    assert links(doc) == {"She": "Maria", "him": "Tom", "He": "Tom", "her": "Maria"}


def test_the_stage_uses_the_packaged_model_by_default(parsed: Document) -> None:
    assert CharactersStage().scorer.model is load_pronoun_model()  # type: ignore[attr-defined]
    assert links(run_stage(parsed, None)) == {"She": "Maria", "him": "Tom", "He": "Tom", "her": "Maria"}
    assert links(ficlens.analyze(STORY)) == {"She": "Maria", "him": "Tom", "He": "Tom", "her": "Maria"}


def test_the_stage_consults_the_model(parsed: Document) -> None:
    # weights that prefer an object antecedent send "She" to Tom (the object of "met"), not Maria (the subject)
    doc = run_stage(parsed, PronounModel({"o_obj": 10.0}))
    assert links(doc)["She"] == "Tom"


@pytest.mark.parametrize(
    "weights",
    [{}, {"bias": 1.0}, dict.fromkeys(FEATURES, -5.0), dict.fromkeys(FEATURES, 0.0)],
    ids=["empty", "bias-only", "all-negative", "all-zero"],
)
def test_the_stage_runs_with_degenerate_weights(parsed: Document, weights: dict[str, float]) -> None:
    doc = run_stage(parsed, PronounModel(weights))
    n = len(doc.layer("characters"))
    assert sorted(c.name for c in doc.layer("characters")) == ["Maria", "Tom"]
    assert all(-1 <= m.character < n for m in doc.layer("mentions"))
    assert [doc.span_text(m) for m in doc.layer("mentions") if m.kind == "pronoun"] == ["She", "him", "He", "her"]
