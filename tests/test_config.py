"""The one frozen PipelineConfig: values, round trips, what it builds, and the --model flag as a user meets it."""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path

import pytest

import ficlens
from ficlens.batch import pipeline_version
from ficlens.cli.main import main
from ficlens.config import PipelineConfig
from ficlens.errors import ModelNotInstalledError, PipelineError
from ficlens.model import CharacterHint
from ficlens.pipeline import build_pipeline, build_stages
from ficlens.stages.base import source_tag
from ficlens.stages.syntax import DEFAULT_MODEL, SyntaxStage, model_meta_bytes

STORY = '"Is the kettle on?" Mara asked.\n\n"It is," said Tom.\n'
FULL = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]


def fake_pipeline(root: Path, monkeypatch: pytest.MonkeyPatch, name: str, **meta: object) -> str:
    """An importable package ``name`` with a spaCy-like meta.json (nothing that loads): enough for the checks
    and versions, which read the meta without importing the package."""
    package = root / name
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    data = {"lang": "en", "name": name, "version": "0.0.1", "pipeline": FULL, **meta}
    (package / "meta.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.syspath_prepend(str(root))
    model_meta_bytes.cache_clear()
    return name


def test_config_is_frozen_hashable_and_round_trips() -> None:
    config = PipelineConfig(
        model="en_core_web_lg",
        speaker_scorer="gbm",
        hints=[CharacterHint("Mara", ("Mar",))],  # type: ignore[arg-type]  # sequences become tuples
        quotes=[[0, 5, 0], [10, 20, 1]],  # type: ignore[list-item]
    )
    assert config.hints == (CharacterHint("Mara", ("Mar",)),) and config.quotes == ((0, 5, 0), (10, 20, 1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.model = "other"  # type: ignore[misc]
    assert hash(config) == hash(pickle.loads(pickle.dumps(config)))
    assert pickle.loads(pickle.dumps(config)) == config
    data = config.to_dict()
    assert PipelineConfig.from_dict(json.loads(json.dumps(data))) == config
    assert config.replace(model=DEFAULT_MODEL) != config
    assert PipelineConfig() == PipelineConfig.from_dict({}) and PipelineConfig().model == DEFAULT_MODEL
    with pytest.raises(ValueError, match="unknown PipelineConfig field"):
        PipelineConfig.from_dict({"modle": "x"})
    with pytest.raises(ValueError, match="model"):
        PipelineConfig(model="")


def test_build_stages_follows_the_config() -> None:
    assert [s.name for s in build_stages(PipelineConfig(syntax=False))] == ["structure"]
    assert [s.name for s in build_stages(PipelineConfig(characters=False))] == ["structure", "syntax"]
    assert build_pipeline() is build_pipeline(PipelineConfig())  # built once per process and configuration
    with pytest.raises(PipelineError, match="nonesuch"):  # a scorer no stage knows is refused when built
        build_stages(PipelineConfig(speaker_scorer="nonesuch"))


def test_a_model_that_is_not_installed_is_a_typed_error_naming_it() -> None:
    with pytest.raises(ModelNotInstalledError) as info:
        build_stages(PipelineConfig(model="en_core_web_nonesuch"))
    message = str(info.value)
    assert "'en_core_web_nonesuch' is not installed" in message and "spacy download en_core_web_nonesuch" in message
    assert "\n" not in message
    with pytest.raises(ModelNotInstalledError, match="not a spaCy pipeline package"):
        SyntaxStage(model="json")  # installed, but not a pipeline
    with pytest.raises(ModelNotInstalledError, match="not a pipeline package name"):
        SyntaxStage(model="../somewhere")


def test_a_pipeline_must_be_english_and_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    german = fake_pipeline(tmp_path, monkeypatch, "fake_de_pipeline", lang="de")
    with pytest.raises(PipelineError, match="is for language 'de'"):
        SyntaxStage(model=german)
    bare = fake_pipeline(tmp_path, monkeypatch, "fake_bare_pipeline", pipeline=["tok2vec", "tagger"])
    with pytest.raises(PipelineError, match="no parser, ner component"):
        SyntaxStage(model=bare)


def test_the_syntax_version_covers_the_model_and_the_pipeline_version_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = fake_pipeline(tmp_path, monkeypatch, "fake_en_pipeline")
    default = SyntaxStage()
    assert default.version.startswith("2+") and SyntaxStage().version == default.version
    assert SyntaxStage(model=other).version != default.version
    base = pipeline_version()
    assert source_tag(default) in base and f"model {DEFAULT_MODEL}@" in base
    versions = {
        base,
        pipeline_version(PipelineConfig(model=other)),
        pipeline_version(PipelineConfig(characters=False)),
        pipeline_version(PipelineConfig(hints=(CharacterHint("Mara"),))),
        pipeline_version(PipelineConfig(quotes=())),
    }
    assert len(versions) == 5
    assert "model fake_en_pipeline@0.0.1" in pipeline_version(PipelineConfig(model=other))
    # the meta changes (a new version of the same package): the version moves
    (tmp_path / other / "meta.json").write_text(
        json.dumps({"lang": "en", "name": other, "version": "0.0.2", "pipeline": FULL}), encoding="utf-8"
    )
    model_meta_bytes.cache_clear()
    assert pipeline_version(PipelineConfig(model=other)) not in versions


def test_analyze_takes_a_config_or_keywords(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[PipelineConfig] = []
    real = ficlens.api.build_pipeline

    def spy(config: PipelineConfig | None = None) -> object:
        seen.append(config or PipelineConfig())
        return real(config)

    monkeypatch.setattr(ficlens.api, "build_pipeline", spy)
    doc = ficlens.analyze(STORY, config=PipelineConfig(characters=False))
    assert doc.has("tokens") and not doc.has("characters")
    ficlens.analyze(STORY, config=PipelineConfig(characters=False), syntax=False)  # a keyword replaces a field
    assert seen == [PipelineConfig(characters=False), PipelineConfig(syntax=False, characters=False)]
    with pytest.raises(ModelNotInstalledError, match="en_core_web_nonesuch"):
        ficlens.analyze(STORY, model="en_core_web_nonesuch")


@pytest.mark.parametrize(
    "command",
    [
        ["analyze", "{story}", "-o", "{out}"],
        ["batch", "{story}", "-o", "{out}", "--engine", "inline"],
        ["eval", "pdnc", "--data", "{data}"],
    ],
)
def test_cli_model_not_installed_is_one_line_and_exit_2(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    (tmp_path / "pdnc" / "data").mkdir(parents=True)
    values = {"story": str(story), "out": str(tmp_path / "out"), "data": str(tmp_path / "pdnc")}
    argv = [part.format(**values) for part in command] + ["--model", "en_core_web_nonesuch"]
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ficlens: error: ")
    assert "'en_core_web_nonesuch' is not installed" in lines[0] and "spacy download" in lines[0]
    assert captured.out == "" and not (tmp_path / "out").exists()


def test_cli_unknown_scorer_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pdnc" / "data").mkdir(parents=True)
    assert main(["eval", "pdnc", "--data", str(tmp_path / "pdnc"), "--pronoun-scorer", "nonesuch"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("ficlens: error: ") and "'nonesuch'" in err[0]
