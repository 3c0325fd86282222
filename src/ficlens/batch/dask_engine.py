"""The Dask engine: :func:`process_work` as tasks on a ``dask.distributed`` cluster.

Each worker builds the batch's pipeline and loads spaCy once, when it joins (:class:`PipelinePlugin`, a
``WorkerPlugin`` carrying the PipelineConfig; the pipeline is cached per process and configuration, so tasks
reuse it). The driver (this process) keeps one task per worker thread in
flight, collects the rows and writes them, so the workers need ficlens and its model installed but no
access to the inputs; with ``--per-work-json`` they write the JSON files into ``OUT/json`` and need the output
folder on a shared filesystem.

A worker that dies while running a work (a crash, or its nanny's memory limit) makes the scheduler run the work
again elsewhere; once the scheduler gives up (``distributed.scheduler.allowed-failures``; the LocalCluster this
engine starts sets it to 1: one retry) the work becomes an error row. Losing the scheduler stops the batch
(what was done is committed).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import uuid
from collections.abc import Iterator
from concurrent.futures import CancelledError
from typing import Any

from distributed import Client, Future, KilledWorker, LocalCluster, WorkerPlugin, wait

from ..config import PipelineConfig
from ..errors import FiclensError
from .local import EngineError
from .sources import WorkSource
from .work import WorkOptions, WorkResult, failure_result, process_work

WORKER_TIMEOUT = 120.0  # seconds to wait for the cluster's first worker
# The settings of the LocalCluster this engine starts (set them on a real cluster too, see docs/scaling.md): one
# retry of a work whose worker died; no statistical profiler (it samples every thread's stack every 10 ms); and
# glibc's own malloc trim threshold instead of Dask's 64 kB, which makes ficlens's many small allocations about
# 20 % slower.
LOCAL_CLUSTER_CONFIG: dict[str, object] = {
    "distributed.scheduler.allowed-failures": 1,
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


class PipelinePlugin(WorkerPlugin):
    """Builds the pipeline of ``config`` and loads spaCy when a worker starts (once per worker process)."""

    name = "ficlens-pipeline"

    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.config = config or PipelineConfig()

    def setup(self, worker: Any) -> None:
        from ..pipeline import warm_up

        warm_up(self.config)


def worker_pipeline_version(config: PipelineConfig) -> str:
    """The pipeline version of ``config`` as a worker computes it (its error, when it cannot build it)."""
    from .version import pipeline_version

    try:
        return pipeline_version(config)
    except FiclensError as exc:
        return f"cannot build the pipeline: {exc}"


class DaskEngine:
    """Runs :func:`process_work` on a Dask cluster (``scheduler`` address), or on a LocalCluster of ``jobs``
    single-threaded worker processes started for the run when no address is given."""

    def __init__(
        self, options: WorkOptions, *, scheduler: str | None = None, jobs: int = 0, max_memory: int = 2 << 30
    ) -> None:
        self.options = options
        self.scheduler = scheduler
        self.jobs = jobs
        self.max_memory = max_memory
        self.workers = 0

    def describe(self) -> str:
        where = f"scheduler {self.scheduler}" if self.scheduler else "a local Dask cluster"
        return f"dask engine, {where}" + (f", {self.workers} worker(s)" if self.workers else "")

    def _client(self, stack: contextlib.ExitStack) -> Client:
        try:
            if self.scheduler:
                return stack.enter_context(Client(self.scheduler, timeout=WORKER_TIMEOUT))
            import dask

            # the cluster's nannies run in this process and set their workers' environment variables in it
            stack.callback(restore_environ, dict(os.environ))
            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=self.jobs if self.jobs > 0 else (os.cpu_count() or 1),
                        threads_per_worker=1,
                        processes=True,
                        memory_limit=self.max_memory if self.max_memory > 0 else None,
                        dashboard_address=None,
                        silence_logs=logging.ERROR,
                    )
                )
                return stack.enter_context(Client(cluster))
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler {self.scheduler or '(local)'}: {exc}") from None

    def map(self, tasks: Iterator[WorkSource]) -> Iterator[WorkResult | None]:
        """Results as they come; ``None`` about once a second while waiting."""
        first = next(tasks, None)
        if first is None:
            return
        tasks = itertools.chain([first], tasks)
        with contextlib.ExitStack() as stack:
            client = self._client(stack)
            client.register_plugin(PipelinePlugin(self.options.config), name=PipelinePlugin.name)
            try:
                client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
            except TimeoutError:
                raise EngineError(f"the Dask cluster has no worker after {WORKER_TIMEOUT:.0f}s") from None
            self._check_versions(client)
            pending: dict[Future, WorkSource] = {}
            exhausted = False
            while True:
                threads = sum(client.nthreads().values())
                self.workers = len(client.nthreads())
                # one work per worker thread: a worker that dies then takes no innocent queued work with it (the
                # scheduler counts every work a dead worker held against allowed-failures)
                while not exhausted and len(pending) < max(1, threads):
                    source = next(tasks, None)
                    if source is None:
                        exhausted = True
                        break
                    key = f"ficlens-work-{source.work_id[:16]}-{uuid.uuid4().hex[:8]}"
                    pending[client.submit(process_work, source, self.options, key=key, pure=False)] = source
                if not pending:
                    return
                try:
                    done, _ = wait(list(pending), timeout=1.0, return_when="FIRST_COMPLETED")
                except TimeoutError:
                    yield None
                    continue
                for fut in done:
                    source = pending.pop(fut)
                    yield self._result(fut, source)
                    fut.release()

    def _check_versions(self, client: Client) -> None:
        """Refuse a cluster whose workers run another pipeline for this configuration (another ficlens, stage,
        resource or model version): their rows would be recorded under this one's version."""
        versions: dict[str, str] = client.run(worker_pipeline_version, self.options.config)
        other = {addr: v for addr, v in versions.items() if v != self.options.pipeline_version}
        if other:
            addr, version = next(iter(other.items()))
            raise EngineError(
                f"{len(other)} Dask worker(s) run another pipeline ({addr}: {version!r}; here: "
                f"{self.options.pipeline_version!r}): install the same ficlens and model on every worker"
            )

    def _result(self, fut: Future, source: WorkSource) -> WorkResult:
        try:
            result: WorkResult = fut.result()
            return result
        except KilledWorker:
            return failure_result(
                source, "WorkerCrashError", "the worker process died running it, also on retry (KilledWorker)",
                self.options, attempts=2,
            )  # fmt: skip
        except (CancelledError, OSError) as exc:
            raise EngineError(f"lost the Dask cluster: {type(exc).__name__}: {exc}") from None
        except Exception as exc:  # raised by the task outside process_work (e.g. unpickling on the worker)
            return failure_result(source, "InternalError", f"{type(exc).__name__}: {exc}", self.options)


def restore_environ(saved: dict[str, str]) -> None:
    os.environ.clear()
    os.environ.update(saved)
