"""The per-work function every engine schedules: :func:`process_work` reads and analyses one work and returns
a :class:`WorkResult` holding plain-data rows (dicts of str, int, float, bool, lists, None) for every table.

It never raises for a bad work: a work that cannot be read or analysed gives an ``error`` result (a ``works``
row with status ``error`` and an ``errors`` row). Only a dying process (a crash, a memory limit) loses a
result; the engines turn that into :func:`failure_result` after one retry.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import resource
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import PipelineConfig
from ..errors import FiclensError
from ..ingest import DEFAULT_MAX_BYTES
from ..model import Document, Metadata
from ..tables import COUNT_COLUMNS, analysis_rows, metadata_row, work_row
from .sources import Locator, SourceFailure, WorkSource, _cause

TABLES = ("works", "characters", "quotes", "mentions", "scenes", "errors")

# Test hook, read in the worker: "PREFIX:crash" makes process_work call os._exit(1) for works whose id starts
# with PREFIX; "PREFIX:memory" allocates memory until the process is stopped; "PREFIX:delay=SECONDS" sleeps
# first ("*" matches every work). Several are separated by commas. Never set outside tests.
FAULT_ENV = "FICLENS_BATCH_TEST_FAULT"


@dataclass(frozen=True, slots=True)
class WorkOptions:
    """What every work of a batch is processed with (sent once to each worker)."""

    pipeline_version: str
    config: PipelineConfig = field(default_factory=PipelineConfig)  # the pipeline every work is analysed with
    json_dir: str | None = None  # write each work's ficlens JSON here (``--per-work-json``)
    input_format: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(slots=True)
class WorkResult:
    """One work's outcome: ``status`` ok or error, and its rows by table (no ``chunk`` column: the writer adds it)."""

    work_id: str
    label: str
    status: str
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    seconds: float = 0.0
    tokens: int = 0
    words: int = 0
    error: str | None = None  # "ErrorType: message", for the log
    peak_rss_mb: float = 0.0  # the worker process's peak resident memory so far


def _peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _base_row(locator: Locator, work_id: str, external_id: str | None, options: WorkOptions) -> dict[str, Any]:
    """A works row before analysis: where the work came from, no metadata, no counts, status error."""
    row: dict[str, Any] = {
        "work_id": work_id,
        "source_kind": locator.kind,
        "path": locator.path,
        "member": locator.member,
        "line": locator.line,
    }
    row.update(metadata_row(Metadata()))
    row.update({name: None for name in ("format", "size_bytes", *COUNT_COLUMNS)})
    row.update(
        external_id=external_id,
        status="error",
        error_type=None,
        seconds=0.0,
        attempts=1,
        pipeline_version=options.pipeline_version,
        processed_at=time.time(),
        worker=_worker_name(),
    )
    return row


def failure_result(
    source: WorkSource | SourceFailure,
    error_type: str,
    message: str,
    options: WorkOptions,
    *,
    attempts: int = 1,
    seconds: float = 0.0,
) -> WorkResult:
    """An error result for a work (or an input that never became one): a ``works`` row and an ``errors`` row."""
    loc = source.locator
    external = source.external_id if isinstance(source, WorkSource) else None
    work = _base_row(loc, source.work_id, external, options)
    work.update(error_type=error_type, seconds=round(seconds, 4), attempts=attempts)
    error = {
        "work_id": source.work_id,
        "path": loc.path,
        "member": loc.member,
        "line": loc.line,
        "error_type": error_type,
        "message": message,
        "attempts": attempts,
    }
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    rows["works"].append(work)
    rows["errors"].append(error)
    return WorkResult(
        source.work_id, source.label, "error", rows, seconds=seconds, error=f"{error_type}: {message}",
        peak_rss_mb=_peak_rss_mb(),
    )  # fmt: skip


def _document(source: WorkSource, options: WorkOptions) -> Document:
    from ..ingest import calibre, fanficfare, from_text, read, sanitise

    loc = source.locator
    if source.text is not None:
        doc = from_text(source.text, path=source.label, format=options.input_format)
    else:
        assert source.data is not None
        doc = read(source.data, format=options.input_format, max_bytes=options.max_bytes, name=source.label)
        if loc.kind == "file":  # FanFicFare's JSON metadata beside the file, when it can be seen from here
            meta = fanficfare.sidecar_metadata(Path(loc.path), doc.meta)
            if meta is not doc.meta:
                doc = doc.with_meta(meta)
        if loc.opf:  # a Calibre library's book: its metadata.opf over the file's own
            doc = doc.with_meta(calibre.merge(doc.meta, calibre.opf_metadata_file(Path(loc.opf))))
    if source.meta:
        doc = doc.with_meta(dataclasses.replace(doc.meta, **dict(source.meta)))
    return sanitise(doc)  # the sidecar and the JSON line's meta pass the door too


def _inject_fault(work_id: str) -> None:
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    for item in spec.split(","):
        prefix, _, action = item.strip().partition(":")
        if not prefix or not (prefix == "*" or work_id.startswith(prefix)):
            continue
        if action == "crash":
            os._exit(1)
        elif action == "memory":
            hog = []
            while True:  # until the engine stops this process (past the address-space backstop, just wait)
                with contextlib.suppress(MemoryError):
                    hog.append(bytearray(b"x" * (16 * 1024 * 1024)))
                time.sleep(0.01)
        elif action.startswith("delay="):
            time.sleep(float(action.removeprefix("delay=")))


def process_work(source: WorkSource, options: WorkOptions | None = None, attempt: int = 1) -> WorkResult:
    """Read and analyse one work; every failure is an error result, never an exception. ``options`` default to
    the default pipeline and its version. The pipeline is built once per process and configuration
    (:func:`ficlens.pipeline.build_pipeline`), so a worker's works share it."""
    if options is None:
        from .version import pipeline_version

        options = WorkOptions(pipeline_version=pipeline_version())
    _inject_fault(source.work_id)
    started = time.perf_counter()
    try:
        from ..api import analyze

        doc = analyze(_document(source, options), n_process=1, config=options.config)
        rows = document_rows(doc, source, options)
        if options.json_dir:
            _write_json(doc, Path(options.json_dir), source.work_id)
    except FiclensError as exc:
        return failure_result(
            source, type(exc).__name__, _cause(exc), options, attempts=attempt, seconds=time.perf_counter() - started
        )
    except (MemoryError, RecursionError) as exc:
        return failure_result(
            source, type(exc).__name__, "ran out of memory or recursion depth", options, attempts=attempt,
            seconds=time.perf_counter() - started,
        )  # fmt: skip
    except Exception as exc:
        return failure_result(
            source, "InternalError", f"{type(exc).__name__}: {exc}", options, attempts=attempt,
            seconds=time.perf_counter() - started,
        )  # fmt: skip
    seconds = time.perf_counter() - started
    work = rows["works"][0]
    work.update(seconds=round(seconds, 4), attempts=attempt)
    return WorkResult(
        source.work_id, source.label, "ok", rows, seconds=seconds, tokens=work["token_count"], words=work["word_count"],
        peak_rss_mb=_peak_rss_mb(),
    )  # fmt: skip


def _write_json(doc: Document, folder: Path, work_id: str) -> None:
    from ..model import to_json
    from ..writers import write_atomic  # removes its temporary file on failure

    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / f"{work_id}.json", to_json(doc))


def document_rows(doc: Document, source: WorkSource, options: WorkOptions) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table for an analysed work (``ficlens.tables``: the same rows ``to_frames`` gives)."""
    work = _base_row(source.locator, source.work_id, source.external_id, options)
    work.update(work_row(doc), status="ok")
    work["external_id"] = source.external_id or doc.meta.work_id  # a JSON line's id, else the archive's
    return {"works": [work], **analysis_rows(doc, source.work_id), "errors": []}
