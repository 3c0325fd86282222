"""A batch runs one PipelineConfig: its version follows the configuration and the resources the stages load (a
retrain reprocesses the works, nothing else does), and each worker builds the pipeline once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from ficlens import pipeline as pipeline_module
from ficlens.batch import BatchConfig, pipeline_version, run_batch
from ficlens.batch.local import serve
from ficlens.batch.sources import Locator, WorkSource
from ficlens.batch.work import WorkOptions
from ficlens.config import PipelineConfig
from ficlens.stages import places

from .batch_fixtures import BELL, KETTLE, RAIN, sha, small_inputs


def _versions(out: Path) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(out / "corpus.duckdb"), read_only=True, config={"file_search_path": str(out)})
    try:
        return con.execute("select pipeline_version, count(*) from works group by 1").fetchall()
    finally:
        con.close()


@pytest.fixture
def fresh_pipelines() -> Any:
    """No pipeline built by an earlier test (the cache is per process and configuration)."""
    pipeline_module._cached_pipeline.cache_clear()
    yield
    pipeline_module._cached_pipeline.cache_clear()


def test_a_swapped_resource_moves_the_version_and_reprocesses_the_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_pipelines: None
) -> None:
    inputs, out = small_inputs(tmp_path, KETTLE, RAIN), tmp_path / "out"
    first = run_batch(inputs, BatchConfig(out=out, engine="inline"))
    assert (first.done, first.skipped) == (2, 0)
    again = run_batch(inputs, BatchConfig(out=out, engine="inline"))
    assert (again.done, again.skipped) == (0, 2)  # nothing changed: nothing to do

    real = places.resource_bytes
    monkeypatch.setattr(
        places, "resource_bytes", lambda rel: real(rel) + (b"byre\tFAC\t0.9\n" if rel.startswith("entity_") else b"")
    )  # the entity-noun lexicon was retrained (nothing else)
    pipeline_module._cached_pipeline.cache_clear()  # a new process would build the pipeline afresh
    retrained = run_batch(inputs, BatchConfig(out=out, engine="inline"))
    assert (retrained.done, retrained.skipped) == (2, 0)
    assert retrained.pipeline_version != first.pipeline_version
    moved = set(retrained.pipeline_version.split()) ^ set(first.pipeline_version.split())
    assert {tag.split("@")[0] for tag in moved} == {"places"}  # only the places stage's version moved
    assert _versions(out) == [(retrained.pipeline_version, 2)]


def test_the_configuration_is_part_of_the_version(tmp_path: Path, fresh_pipelines: None) -> None:
    inputs, out = small_inputs(tmp_path, KETTLE), tmp_path / "out"
    full = run_batch(inputs, BatchConfig(out=out, engine="inline"))
    lean = PipelineConfig(characters=False)
    syntax_only = run_batch(inputs, BatchConfig(out=out, engine="inline", pipeline=lean))
    assert syntax_only.pipeline_version == pipeline_version(lean) != full.pipeline_version
    assert (syntax_only.done, syntax_only.skipped) == (1, 0)  # another configuration: processed again
    assert "characters@" not in syntax_only.pipeline_version
    assert _versions(out) == [(syntax_only.pipeline_version, 1)]


def test_the_inline_engine_builds_the_pipeline_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_pipelines: None
) -> None:
    builds: list[int] = []
    real = pipeline_module.Pipeline.build.__func__  # type: ignore[attr-defined]

    def counting(cls: Any, stages: Any, *args: Any, **kwargs: Any) -> Any:
        builds.append(len(stages))
        return real(cls, stages, *args, **kwargs)

    monkeypatch.setattr(pipeline_module.Pipeline, "build", classmethod(counting))
    summary = run_batch(small_inputs(tmp_path, KETTLE, RAIN, BELL), BatchConfig(out=tmp_path / "out", engine="inline"))
    assert summary.done == 3 and len(builds) == 1


class FakeConn:
    """A worker's end of the pipe: hands out ``inbox`` and keeps what the worker sends."""

    def __init__(self, inbox: list[Any]) -> None:
        self.inbox, self.sent = list(inbox), []  # type: ignore[var-annotated]

    def recv(self) -> Any:
        return self.inbox.pop(0)

    def send(self, msg: Any) -> None:
        self.sent.append(msg)


def test_a_worker_warms_up_once_with_the_batch_config_and_then_serves(
    monkeypatch: pytest.MonkeyPatch, fresh_pipelines: None
) -> None:
    configs: list[PipelineConfig] = []
    real = pipeline_module.build_stages

    def counting(config: PipelineConfig | None = None) -> Any:
        configs.append(config or PipelineConfig())
        return real(config)

    monkeypatch.setattr(pipeline_module, "build_stages", counting)
    config = PipelineConfig(characters=False)
    works = [WorkSource(sha(t), Locator("file", f"{i}.txt"), data=t.encode()) for i, t in enumerate((KETTLE, BELL))]
    conn = FakeConn([(works[0], 1), (works[1], 1), None])
    serve(conn, WorkOptions("test", config=config))
    assert [kind for kind, _ in conn.sent] == ["ready", "result", "result"]
    assert [r.status for _, r in conn.sent[1:]] == ["ok", "ok"]
    assert all(not r.rows["characters"] for _, r in conn.sent[1:])  # the batch's config, not the default
    assert configs == [config]  # built once, when the worker started


def test_a_worker_that_cannot_build_the_pipeline_says_so(fresh_pipelines: None) -> None:
    conn = FakeConn([])
    serve(conn, WorkOptions("test", config=PipelineConfig(model="en_core_web_nonesuch")))
    assert conn.sent[0][0] == "fatal" and "en_core_web_nonesuch" in conn.sent[0][1]
