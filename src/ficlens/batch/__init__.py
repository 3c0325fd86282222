"""Corpus-scale batch runs: ``ficlens batch INPUT... -o OUT`` (see ``docs/scaling.md``).

Every work the inputs name (files, folders, globs, zip archives, JSON Lines) is read and analysed by
:func:`process_work` on an engine (local worker processes, or a Dask cluster) and its rows are written to Parquet
tables in ``OUT``, chunk by chunk, with a manifest that makes a killed run resumable and DuckDB views
(``OUT/corpus.duckdb``) to query them.

>>> from ficlens.batch import BatchConfig, run_batch
>>> summary = run_batch(["stories/"], BatchConfig(out="corpus"))     # doctest: +SKIP
>>> summary.done, summary.failed, summary.tokens_per_second           # doctest: +SKIP
"""

from __future__ import annotations

from .runner import BatchConfig, BatchSummary, Progress, run_batch
from .sources import Locator, SourceFailure, WorkSource, discover
from .version import pipeline_version
from .work import TABLES, WorkOptions, WorkResult, process_work

__all__ = [
    "TABLES",
    "BatchConfig",
    "BatchSummary",
    "Locator",
    "Progress",
    "SourceFailure",
    "WorkOptions",
    "WorkResult",
    "WorkSource",
    "discover",
    "pipeline_version",
    "process_work",
    "run_batch",
]
