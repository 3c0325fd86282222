"""One local batch run over the invented corpus, shared by the tests of this folder (a run costs seconds: each
worker process loads spaCy)."""

from __future__ import annotations

import pytest

from ficlens.batch import BatchConfig, run_batch

from .batch_fixtures import Run, make_corpus


@pytest.fixture(scope="package")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The corpus through the local engine (2 worker processes), with --per-work-json."""
    root = tmp_path_factory.mktemp("batch")
    corpus = make_corpus(root / "in")
    out = root / "out"
    summary = run_batch(corpus.inputs, BatchConfig(out=out, jobs=2, chunk_size=3, per_work_json=True))
    return Run(corpus, out, summary)
