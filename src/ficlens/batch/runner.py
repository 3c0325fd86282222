"""A batch run: list the inputs, skip what the manifest says is done, schedule the rest on an engine, and commit
the results chunk by chunk."""

from __future__ import annotations

import os
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..config import PipelineConfig
from ..ingest import DEFAULT_MAX_BYTES
from .guard import checked
from .sources import Loader, Locator, SourceFailure, WorkSource, discover
from .store import JSON_DIR, Store
from .version import pipeline_version
from .work import WorkOptions, WorkResult, failure_result, process_work

ENGINES = ("local", "dask", "inline")


@dataclass(frozen=True)
class BatchConfig:
    """How to run a batch (the ``ficlens batch`` options)."""

    out: str | os.PathLike[str]
    engine: str = "local"  # local (worker processes), dask (a cluster), inline (this process: no isolation)
    jobs: int = 0  # local: worker processes (0: every core); dask without a scheduler: LocalCluster workers
    scheduler: str | None = None  # dask: the scheduler's address (None: start a LocalCluster)
    chunk_size: int = 100  # works per committed chunk
    flush_seconds: float = 60.0  # commit a partial chunk after this long, so a kill loses at most this much
    max_worker_memory: int = 2 * 1024**3  # bytes; 0: no limit
    work_timeout: float = 3600.0  # local engine: seconds one work may take (0: no limit)
    max_bytes: int = DEFAULT_MAX_BYTES
    per_work_json: bool = False
    retry_errors: bool = False  # process works recorded as failed again
    input_format: str | None = None
    pipeline: PipelineConfig = field(default_factory=PipelineConfig)  # what every work is analysed with
    pipeline_version: str | None = None  # None: pipeline_version(pipeline)
    follow_symlinks: bool = False  # follow symbolic links out of the input folders


@dataclass
class Progress:
    """Where a run stands (given to the progress callback after every result, and now and then while waiting)."""

    total: int = 0  # works listed (including those skipped)
    done: int = 0  # processed and committed or about to be
    skipped: int = 0  # already done under this pipeline version, or the same content seen earlier in the run
    failed: int = 0
    tokens: int = 0
    words: int = 0
    started: float = field(default_factory=time.monotonic)
    chunks: int = 0

    @property
    def elapsed(self) -> float:
        return max(1e-9, time.monotonic() - self.started)

    @property
    def finished(self) -> int:
        return self.done + self.skipped + self.failed

    @property
    def works_per_second(self) -> float:
        return (self.done + self.failed) / self.elapsed

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.elapsed

    @property
    def eta_seconds(self) -> float | None:
        """Seconds left at the current rate (None before anything was processed)."""
        rate = self.works_per_second
        left = self.total - self.finished
        return left / rate if rate > 0 else (0.0 if left == 0 else None)


@dataclass
class BatchSummary(Progress):
    out: str = ""
    engine: str = ""
    pipeline_version: str = ""
    peak_worker_mb: float = 0.0
    retried: int = 0  # worker processes replaced
    write_seconds: float = 0.0  # spent committing chunks (Parquet files and manifest) in this process
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


class Engine(Protocol):
    def map(self, tasks: Iterator[WorkSource]) -> Iterator[WorkResult | None]: ...

    def describe(self) -> str: ...


class InlineEngine:
    """Every work in this process, one after another: no isolation (for debugging and small tests)."""

    def __init__(self, options: WorkOptions) -> None:
        self.options = options

    def describe(self) -> str:
        return "inline engine (this process)"

    def map(self, tasks: Iterator[WorkSource]) -> Iterator[WorkResult | None]:
        for source in tasks:
            yield process_work(source, self.options)


def make_engine(config: BatchConfig, options: WorkOptions) -> Engine:
    if config.engine == "local":
        from .local import LocalEngine

        return LocalEngine(
            options, jobs=config.jobs, max_memory=config.max_worker_memory, work_timeout=config.work_timeout
        )
    if config.engine == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(options, scheduler=config.scheduler, jobs=config.jobs, max_memory=config.max_worker_memory)
    if config.engine == "inline":
        return InlineEngine(options)
    raise ValueError(f"unknown engine {config.engine!r}; known: {', '.join(ENGINES)}")


def run_batch(
    inputs: Iterable[str],
    config: BatchConfig,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    on_error: Callable[[WorkResult], None] | None = None,
    command: str = "",
) -> BatchSummary:
    """Process every work the inputs name into ``config.out``; works already done are skipped.

    Raises :class:`~ficlens.batch.store.StoreError` when the output folder cannot be used and
    :class:`~ficlens.batch.local.EngineError` when the engine cannot run, ModelNotInstalledError or PipelineError
    when ``config.pipeline`` cannot be built (before anything is touched); a bad work is an error row, never an
    exception. On any exception (Ctrl-C included) the results already in hand are committed first.
    """
    out = Path(config.out)
    version = config.pipeline_version or pipeline_version(config.pipeline)
    options = WorkOptions(
        pipeline_version=version,
        config=config.pipeline,
        json_dir=str((out / JSON_DIR).resolve()) if config.per_work_json else None,
        input_format=config.input_format,
        max_bytes=config.max_bytes,
    )
    engine = make_engine(config, options)
    summary = BatchSummary(out=str(out), engine=engine.describe(), pipeline_version=version)
    with Store(out) as store:
        store.recover()
        warning = store.write_views()
        if warning:
            summary.warnings.append(warning)
        items = list(discover(inputs, exclude=[out], follow_symlinks=config.follow_symlinks))
        summary.total = len(items)
        run = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
        store.start_run(run, command)
        early: deque[WorkResult] = deque()  # inputs that failed before reaching the engine
        seen: set[str] = set()

        def skip(work_id: str) -> bool:
            if work_id in seen:
                summary.skipped += 1
                return True
            seen.add(work_id)
            state = store.status(work_id)
            if state and state[0] == version and (state[1] == "ok" or not config.retry_errors):
                summary.skipped += 1
                return True
            return False

        def tasks() -> Iterator[WorkSource]:
            with Loader(max_bytes=config.max_bytes) as loader:
                for item in items:
                    loaded = loader.load(item) if isinstance(item, Locator) else item
                    if skip(loaded.work_id):
                        continue
                    if isinstance(loaded, SourceFailure):
                        early.append(failure_result(loaded, loaded.error_type, loaded.message, options))
                        continue
                    yield loaded

        buffer: list[WorkResult] = []
        last_flush = time.monotonic()

        def flush() -> None:
            nonlocal last_flush
            if buffer:
                started = time.perf_counter()
                store.commit(buffer, run)
                summary.write_seconds += time.perf_counter() - started
                summary.chunks += 1
                buffer.clear()
            last_flush = time.monotonic()

        def take(result: WorkResult) -> None:
            result = checked(result)  # a poison row becomes an error row, not a failed chunk
            buffer.append(result)
            summary.peak_worker_mb = max(summary.peak_worker_mb, result.peak_rss_mb)
            if result.status == "ok":
                summary.done += 1
                summary.tokens += result.tokens
                summary.words += result.words
            else:
                summary.failed += 1
                if on_error:
                    on_error(result)

        try:
            for result in engine.map(tasks()):
                while early:
                    take(early.popleft())
                if result is not None:
                    take(result)
                if len(buffer) >= config.chunk_size or (
                    buffer and time.monotonic() - last_flush >= config.flush_seconds
                ):
                    flush()
                if on_progress:
                    on_progress(summary)
            while early:
                take(early.popleft())
                if len(buffer) >= config.chunk_size:
                    flush()
        finally:
            flush()  # what is done is kept, whatever stopped the run
            store.finish_run(run, summary.done, summary.skipped, summary.failed)
        summary.retried = getattr(engine, "replaced", 0)
        summary.engine = engine.describe()
        warning = store.write_views()
        if warning:
            summary.warnings.append(warning)
    summary.seconds = summary.elapsed
    if on_progress:
        on_progress(summary)
    return summary
