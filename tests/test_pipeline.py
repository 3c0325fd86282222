"""Pipelines: requires/produces checked when built; stage failures become StageErrors naming the file."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import ficlens
from ficlens.errors import FiclensError, PipelineError, SchemaError, StageError
from ficlens.model import Document, SourceInfo, Span
from ficlens.pipeline import Pipeline, default_pipeline, default_stages
from ficlens.stages.base import Context, Stage


@dataclass
class FakeStage:
    """A stage that adds a one-span layer for each name in ``produces``."""

    name: str = "fake"
    version: str = "1"
    requires: tuple[str, ...] = ()
    produces: tuple[str, ...] = ("fakes",)

    def __call__(self, doc: Document, ctx: Context) -> Document:
        return doc.with_layers(**{p: [Span(0, 1, source=f"{self.name}@{self.version}")] for p in self.produces})


@dataclass
class FailingStage(FakeStage):
    """Raises on documents whose text contains ``trigger``."""

    name: str = "failing"
    trigger: str = "bad"
    error: Exception | None = None

    def __call__(self, doc: Document, ctx: Context) -> Document:
        if self.trigger in doc.text:
            raise self.error or RuntimeError("the moon is in the wrong phase")
        return super().__call__(doc, ctx)


@dataclass
class ForgetfulStage(FakeStage):
    """Declares two layers but only adds the first."""

    name: str = "forgetful"
    produces: tuple[str, ...] = ("first", "second")

    def __call__(self, doc: Document, ctx: Context) -> Document:
        return doc.with_layers(first=[Span(0, 1)])


def make_doc(text: str = "A tale.\n", path: str | None = "stories/tale.txt") -> Document:
    return Document(text=text, source=SourceInfo(path=path))


# -- build-time checks -------------------------------------------------------------------------------


def test_build_accepts_stages_whose_requirements_are_met() -> None:
    pipeline = Pipeline.build([FakeStage(), FakeStage(name="reader", requires=("fakes", "regions"))])
    assert [s.name for s in pipeline.stages] == ["fake", "reader"]
    assert pipeline.produces == ("fakes", "fakes")


def test_build_rejects_a_requirement_nobody_produces() -> None:
    with pytest.raises(PipelineError) as info:
        Pipeline.build([FakeStage(), FakeStage(name="quotes", requires=("fakes", "speakers"))])
    message = str(info.value)
    assert "stage 'quotes' requires speakers, which no earlier stage produces" in message  # not "fakes": it is there


def test_build_rejects_a_requirement_produced_only_later() -> None:
    with pytest.raises(PipelineError, match=r"stage 'reader' requires fakes"):
        Pipeline.build([FakeStage(name="reader", requires=("fakes",)), FakeStage()])


def test_build_rejects_the_default_stages_in_the_wrong_order() -> None:
    structure, syntax = default_stages(characters=False)
    with pytest.raises(PipelineError, match=r"'syntax' requires paragraphs") as info:
        Pipeline.build([syntax, structure])
    assert "add the stage that produces it" in str(info.value)


def test_build_uses_the_provided_layers() -> None:
    with pytest.raises(PipelineError, match="regions"):
        Pipeline.build(default_stages(syntax=False), provided=())
    Pipeline.build([FakeStage(name="reader", requires=("paragraphs",))], provided=("paragraphs",))


def test_build_rejects_a_repeated_stage_name() -> None:
    with pytest.raises(PipelineError, match=r"stage 'fake' appears twice"):
        Pipeline.build([FakeStage(), FakeStage(produces=("others",))])


@pytest.mark.parametrize(
    "thing",
    [object(), lambda doc, ctx: doc, "structure", None],
    ids=["object", "function", "string", "none"],
)
def test_build_rejects_objects_that_are_not_stages(thing: object) -> None:
    with pytest.raises(PipelineError, match="is not a stage"):
        Pipeline.build([FakeStage(), thing])  # type: ignore[list-item]


def test_build_rejects_a_stage_missing_produces() -> None:
    class NoProduces:
        name = "half"
        version = "1"
        requires = ()

        def __call__(self, doc: Document, ctx: Context) -> Document:
            return doc

    with pytest.raises(PipelineError, match="is not a stage"):
        Pipeline.build([NoProduces()])  # type: ignore[list-item]


def test_pipeline_errors_are_ficlens_errors() -> None:
    with pytest.raises(FiclensError):
        Pipeline.build([FakeStage(name="x", requires=("nothing",))])


# -- running -------------------------------------------------------------------------------------------


def test_run_adds_each_stage_layers_and_leaves_the_input_alone() -> None:
    doc = make_doc()
    out = Pipeline.build([FakeStage(), FakeStage(name="more", requires=("fakes",), produces=("mores",))])(doc)
    assert out.has("fakes") and out.has("mores")
    assert out.layer("mores")[0].source == "more@1"
    assert not doc.has("fakes")


def test_a_failing_stage_becomes_a_stage_error_naming_the_document() -> None:
    pipeline = Pipeline.build([FakeStage(), FailingStage()])
    with pytest.raises(StageError) as info:
        pipeline(make_doc("A bad tale.\n"))
    err = info.value
    assert err.path == "stories/tale.txt"
    message = str(err)
    assert message.startswith("stories/tale.txt: ")
    assert "failing" in message and "RuntimeError" in message and "the moon is in the wrong phase" in message
    assert isinstance(err.__cause__, RuntimeError)


def test_a_ficlens_error_from_a_stage_is_not_rewrapped() -> None:
    original = SchemaError("broken", path="stories/tale.txt")
    pipeline = Pipeline.build([FailingStage(error=original)])
    with pytest.raises(SchemaError) as info:
        pipeline(make_doc("bad"))
    assert info.value is original


def test_a_stage_that_forgets_a_layer_raises() -> None:
    pipeline = Pipeline.build([ForgetfulStage()])
    with pytest.raises(StageError) as info:
        pipeline(make_doc())
    message = str(info.value)
    assert "stage forgetful did not produce second" in message
    assert info.value.path == "stories/tale.txt"


def test_pipe_yields_errors_for_failing_documents_and_goes_on() -> None:
    pipeline = Pipeline.build([FailingStage()])
    docs = [make_doc("good one", "a.txt"), make_doc("bad one", "b.txt"), make_doc("good two", "c.txt")]
    results = list(pipeline.pipe(iter(docs)))
    assert len(results) == 3
    assert isinstance(results[0], Document) and results[0].has("fakes")
    assert isinstance(results[1], StageError) and results[1].path == "b.txt"
    assert isinstance(results[2], Document) and results[2].text == "good two"


def test_pipe_is_lazy() -> None:
    seen: list[str] = []

    def docs():
        for name in ("a", "b"):
            seen.append(name)
            yield make_doc("fine", name)

    results = Pipeline.build([FakeStage()]).pipe(docs())
    assert seen == []
    next(results)
    assert seen == ["a"]


# -- the default pipeline ------------------------------------------------------------------------------


@pytest.mark.parametrize("syntax", [True, False])
def test_default_stages_declare_what_they_need_and_make(syntax: bool) -> None:
    stages = default_stages(syntax=syntax)
    assert stages
    for stage in stages:
        assert isinstance(stage, Stage)
        assert isinstance(stage.name, str) and stage.name
        assert isinstance(stage.version, str) and stage.version[:1].isdigit()
        assert isinstance(stage.requires, tuple) and all(isinstance(r, str) for r in stage.requires)
        assert isinstance(stage.produces, tuple) and stage.produces
    assert [s.name for s in stages] == (
        [
            "structure",
            "syntax",
            "quotes",
            "mentions",
            "characters",
            "speakers",
            "addressees",
            "quote_pronouns",
            "cast",
            "places",
            "pov",
        ]
        if syntax
        else ["structure"]
    )


def test_default_pipeline_produces_what_analyze_returns(sample_path) -> None:
    pipeline = default_pipeline(syntax=False)
    assert set(pipeline.produces) == {"chapters", "scenes", "scene_breaks", "paragraphs"}
    assert set(default_pipeline().produces) >= {"tokens", "sentences", "entities", "paragraphs"}
    doc = ficlens.analyze(sample_path, syntax=False)
    assert all(doc.has(name) for name in pipeline.produces)
    assert not doc.has("tokens")
