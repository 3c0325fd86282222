"""The local engine: worker processes on this machine, each building the pipeline and loading spaCy once.

Each worker is a fresh (spawned) Python process that builds the batch's pipeline (its PipelineConfig comes with
the WorkOptions) and loads spaCy when it starts and then processes one
work at a time, sent over its own pipe. The engine therefore always knows which work a worker holds: when a
worker dies (a segfault, ``os._exit``, the OOM killer) or grows past the memory limit (its resident memory is
read from ``/proc`` several times a second; the engine kills it), that work is retried once on a fresh worker
and then recorded as an error, and a replacement worker takes the dead one's place. A work running longer than
the work timeout is stopped the same way and recorded as an error at once (it would hang again).

Workers ignore Ctrl-C (the engine stops them) and die with the engine (Linux ``PR_SET_PDEATHSIG``), so a
``kill -9`` of the batch leaves no worker running.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from ..errors import FiclensError
from .sources import WorkSource
from .work import WorkOptions, WorkResult, failure_result, process_work

POLL_SECONDS = 0.2
# Workers that die before they are ready (cannot even load the pipeline) this many times stop the batch.
MAX_START_FAILURES = 3


class EngineError(FiclensError):
    """The engine cannot run at all (its workers cannot start, the cluster cannot be reached)."""

    code = "E600"


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (best effort; nothing elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _limit_address_space(max_memory: int) -> None:
    """A backstop for allocations faster than the engine's polling: past it, allocations fail (MemoryError)."""
    if max_memory <= 0:
        return
    limit = max(2 * max_memory, max_memory + (1 << 30))
    with contextlib.suppress(ValueError, OSError, AttributeError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def worker_main(conn: Connection, options: WorkOptions, max_memory: int) -> None:
    """A worker process: set itself up, then :func:`serve` until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    _limit_address_space(max_memory)
    serve(conn, options)


def serve(conn: Any, options: WorkOptions) -> None:
    """Build the batch's pipeline and load spaCy once (:func:`ficlens.pipeline.warm_up`), say ``ready``, then
    answer each ``(source, attempt)`` on ``conn`` with a result until told to stop (``None``) or the pipe closes.
    A pipeline that cannot be built (a model not installed) is ``fatal``."""
    from ..pipeline import warm_up

    try:
        warm_up(options.config)
    except FiclensError as exc:
        with contextlib.suppress(OSError):
            conn.send(("fatal", str(exc)))
        return
    try:
        conn.send(("ready", os.getpid()))
        while True:
            msg = conn.recv()
            if msg is None:
                return
            source, attempt = msg
            conn.send(("result", process_work(source, options, attempt)))
    except (EOFError, OSError):  # the engine is gone
        return


def rss_bytes(pid: int) -> int:
    """The resident memory of process ``pid`` (0 when it cannot be read, e.g. off Linux)."""
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


@dataclass
class _Worker:
    proc: Any  # multiprocessing.Process (SpawnProcess)
    conn: Connection
    task: tuple[WorkSource, int] | None = None
    ready: bool = False
    killed_for_memory: int = 0  # the RSS it had when the engine killed it
    killed_for_time: bool = False
    started: float = 0.0  # when it was given its task


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exited with status {exitcode}"


class LocalEngine:
    """Runs :func:`process_work` on ``jobs`` worker processes (one spaCy pipeline each)."""

    def __init__(
        self, options: WorkOptions, *, jobs: int = 0, max_memory: int = 2 << 30, work_timeout: float = 0.0
    ) -> None:
        self.options = options
        self.jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
        self.max_memory = max_memory
        self.work_timeout = work_timeout
        self._ctx = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        self.start_failures = 0
        self.replaced = 0

    def describe(self) -> str:
        return f"local engine, {self.jobs} worker process(es)"

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(
            target=worker_main, args=(child, self.options, self.max_memory), daemon=True, name="ficlens-batch-worker"
        )
        proc.start()
        child.close()
        worker = _Worker(proc, parent)
        self.workers.append(worker)
        return worker

    def _stop_all(self) -> None:
        for w in self.workers:
            with contextlib.suppress(OSError, ValueError):
                w.conn.send(None)
        deadline = time.monotonic() + 5
        for w in self.workers:
            w.proc.join(max(0.0, deadline - time.monotonic()))
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join(1)
            w.conn.close()
        self.workers = []

    def map(self, tasks: Iterator[WorkSource]) -> Iterator[WorkResult | None]:
        """Results as they come (in any order); ``None`` now and then while waiting (a tick for the caller)."""
        retries: deque[tuple[WorkSource, int]] = deque()
        exhausted = False
        first = next(tasks, None)
        if first is None:  # nothing to do: start no worker (a finished batch reruns in moments)
            return
        tasks = itertools.chain([first], tasks)
        try:
            for _ in range(self.jobs):
                self._start()
            while True:
                # hand out work to idle workers
                for w in self.workers:
                    if w.task is not None or w.killed_for_memory or w.killed_for_time:
                        continue
                    if retries:
                        task = retries.popleft()
                    elif not exhausted:
                        source = next(tasks, None)
                        if source is None:
                            exhausted = True
                            continue
                        task = (source, 1)
                    else:
                        continue
                    w.task = task
                    w.started = time.monotonic()
                    w.conn.send(task)
                busy = [w for w in self.workers if w.task is not None]
                if not busy and exhausted and not retries:
                    return
                ready = wait([w.conn for w in self.workers] + [w.proc.sentinel for w in self.workers], POLL_SECONDS)
                results: list[WorkResult] = []
                dead: list[_Worker] = []
                for w in list(self.workers):
                    if w.conn in ready:
                        try:
                            kind, payload = w.conn.recv()
                        except (EOFError, OSError):
                            dead.append(w)
                            continue
                        if kind == "ready":
                            w.ready = True
                            w.started = time.monotonic()  # a work's time starts once the pipeline is loaded
                        elif kind == "fatal":
                            raise EngineError(f"a worker cannot start: {payload}")
                        elif kind == "result":
                            w.task = None
                            results.append(payload)
                    if w.proc.sentinel in ready and w not in dead:
                        dead.append(w)
                for w in dead:
                    results.extend(self._bury(w, retries))
                self._police_memory()
                self._police_time()
                if results:
                    yield from results
                else:
                    yield None
                # replace the dead while there is work left
                missing = self.jobs - len(self.workers)
                if missing > 0 and (not exhausted or retries):
                    for _ in range(missing):
                        self._start()
        finally:
            self._stop_all()

    def _bury(self, w: _Worker, retries: deque[tuple[WorkSource, int]]) -> list[WorkResult]:
        """A worker died: take it out, and retry its work once or record the work as failed."""
        w.proc.join(1)
        self.workers.remove(w)
        w.conn.close()
        if not w.ready and not w.killed_for_memory and not w.killed_for_time:
            self.start_failures += 1
            if self.start_failures >= MAX_START_FAILURES:
                raise EngineError(f"worker processes die while starting ({_death(w.proc.exitcode)})")
        self.replaced += 1
        if w.task is None:
            return []
        source, attempt = w.task
        if w.killed_for_time:  # a work that hangs would hang again: no retry
            message = f"took longer than {self.work_timeout:g}s (--work-timeout) and was stopped"
            return [failure_result(source, "WorkerTimeoutError", message, self.options, attempts=attempt)]
        if w.killed_for_memory:
            error_type = "WorkerMemoryError"
            message = (
                f"the worker grew to {w.killed_for_memory / 2**20:,.0f} MB, over the "
                f"{self.max_memory / 2**20:,.0f} MB limit (--max-worker-memory), and was stopped"
            )
        else:
            error_type = "WorkerCrashError"
            message = f"the worker process died ({_death(w.proc.exitcode)})"
        if attempt < 2:
            retries.append((source, attempt + 1))
            return []
        return [failure_result(source, error_type, f"{message}, twice", self.options, attempts=attempt)]

    def _police_time(self) -> None:
        if self.work_timeout <= 0:
            return
        now = time.monotonic()
        for w in self.workers:
            if w.task is not None and w.ready and not w.killed_for_time and now - w.started > self.work_timeout:
                w.killed_for_time = True
                with contextlib.suppress(OSError):
                    w.proc.kill()

    def _police_memory(self) -> None:
        if self.max_memory <= 0:
            return
        for w in self.workers:  # an idle worker over the limit is replaced too, before it takes more work
            if w.killed_for_memory:
                continue
            rss = rss_bytes(w.proc.pid)
            if rss > self.max_memory:
                w.killed_for_memory = rss
                with contextlib.suppress(OSError):
                    w.proc.kill()
