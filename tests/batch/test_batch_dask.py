"""The Dask engine on a LocalCluster of two worker processes gives the same rows as the local engine."""

from __future__ import annotations

import dataclasses
import logging
import os
from pathlib import Path

import dask
import duckdb
import pytest
from distributed import Client, LocalCluster

from ficlens.batch import TABLES, BatchConfig, run_batch
from ficlens.batch.dask_engine import LOCAL_CLUSTER_CONFIG, restore_environ
from ficlens.batch.local import EngineError
from ficlens.batch.work import FAULT_ENV

from .batch_fixtures import KETTLE, Run, sha

# columns that say when, where and in which commit a row was made, not what it says
VOLATILE = {"chunk", "seconds", "processed_at", "worker", "attempts"}


def _table(out: Path, table: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(out / "corpus.duckdb"), read_only=True, config={"file_search_path": str(out)})
    try:
        columns = [c for (c,) in con.execute(f"select column_name from (describe {table})").fetchall()]
        keep = ", ".join(f'"{c}"' for c in columns if c not in VOLATILE)
        return sorted(con.execute(f"select {keep} from {table}").fetchall(), key=repr)
    finally:
        con.close()


def test_dask_local_cluster_gives_the_same_rows_as_the_local_engine(
    local_run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.setenv(FAULT_ENV, f"{sha(KETTLE)[:12]}:crash")  # a worker dies on this work, each time
    saved = dict(os.environ)  # the cluster's nannies (in this process) set variables for their workers here
    request.addfinalizer(lambda: restore_environ(saved))
    out = tmp_path / "dask-out"
    with (
        dask.config.set(LOCAL_CLUSTER_CONFIG),  # among others: retry a work once, as the local engine does
        LocalCluster(
            processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=logging.CRITICAL
        ) as cluster,
        Client(cluster),
    ):
        summary = run_batch(
            local_run.corpus.inputs,
            BatchConfig(out=out, engine="dask", scheduler=cluster.scheduler_address, chunk_size=4, per_work_json=True),
        )
        # workers that run another pipeline than the driver are refused (their rows would be mislabelled)
        config = BatchConfig(out=tmp_path / "other", engine="dask", scheduler=cluster.scheduler_address)
        with pytest.raises(EngineError, match="run another pipeline"):
            run_batch(local_run.corpus.inputs, dataclasses.replace(config, pipeline_version="ficlens 9.9"))
    assert (summary.done, summary.failed) == (4, 5)
    assert "dask engine" in summary.engine and summary.peak_worker_mb > 0
    crashed = _table(out, "errors")
    assert next(r for r in crashed if r[0] == sha(KETTLE))[4:6] == (
        "WorkerCrashError",
        "the worker process died running it, also on retry (KilledWorker)",
    )
    for table in TABLES:
        local = [r for r in _table(local_run.out, table) if r[0] != sha(KETTLE)]
        remote = [r for r in _table(out, table) if r[0] != sha(KETTLE)]
        assert remote == local, table
    assert {p.name for p in (out / "json").glob("*.json")} == {
        f"{w}.json" for w in local_run.corpus.ok_ids - {sha(KETTLE)}
    }
