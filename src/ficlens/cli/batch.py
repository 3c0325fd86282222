"""``ficlens batch`` (analyse a corpus into Parquet tables, resumably) and ``ficlens query`` (SQL over them)."""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import shutil
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ..ingest import DEFAULT_MAX_BYTES, EPUB_FORMATS, FORMATS
from ..text.terminal import printable, printable_cell
from .args import add_pipeline_arguments, max_size, pipeline_config
from .progress import ProgressBar

BATCH_HELP = """\
Analyse a corpus: every work the inputs name, on all local cores (or a Dask cluster), into Parquet tables
(works, characters, quotes, mentions, scenes, errors) in OUT with DuckDB views in OUT/corpus.duckdb.

INPUT is a story file, a folder (searched recursively for .txt .text .md .htm .html .xhtml .epub .zip .jsonl),
a glob ('stories/**/*.epub', quoted), a zip archive (each member a work, read in place) or a JSON Lines file
(one work a line: {"id": ..., "text": ..., "meta": {...}}, meta keys being ficlens Metadata fields).

The run is resumable: results are committed in chunks, and rerunning the same command after a crash or a
kill processes only what is not yet done (a work is identified by the sha256 of its content; one done under
another pipeline version is processed again: another ficlens, a retrained model or changed lexicon, another
--model or scorer). A work that cannot be read or analysed, or whose worker
crashes twice or grows past --max-worker-memory, becomes a row in the errors table and the run goes on.
The exit status is 0 when no work failed in this run, 1 otherwise, 2 for a usage error.

examples:
  ficlens batch stories/ -o corpus/                  # every core
  ficlens batch 'dump/*.zip' works.jsonl -o corpus/ -j 8 --per-work-json
  ficlens batch stories/ -o /shared/corpus --engine dask --scheduler tcp://10.0.0.5:8786
  ficlens query corpus/ "select * from speakers limit 10"
"""

QUERY_HELP = """\
Run SQL over a batch's tables and print the result as an aligned table (or CSV). The views are works,
characters, quotes, mentions, scenes, errors (current rows only), works_all (every row ever written) and
speakers (quotations and their words per character name across works).

The query is locked down unless --unsafe is given: one SELECT statement, reading only the files under OUT
(no other file, URL, COPY, ATTACH, INSTALL or SET), with DuckDB's extension auto-install and auto-load off.

examples:
  ficlens query corpus/                                    # the tables and their columns
  ficlens query corpus/ "select * from speakers limit 10"
  ficlens query corpus/ "select title, word_count, quote_count from works order by 2 desc" --csv > works.csv
  ficlens query corpus/ --shell                            # DuckDB's shell (needs the duckdb command)
"""

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)


def parse_size(value: str) -> int:
    """``2GB``, ``1.5G``, ``800MB``, ``800`` (megabytes) as bytes; ``0`` is no limit."""
    m = _SIZE.match(value)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (say 2GB, 800MB or 0 for no limit)")
    number, unit = float(m.group(1)), m.group(2).lower()
    if not unit:
        unit = "b" if value.strip().lower().endswith("b") else "m"
    return int(number * 1024 ** "bkmgt".index(unit))


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 (every core) or more")
    return n


def _seconds(value: str) -> float:
    try:
        s = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not s > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return s


def add_batch_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``batch`` and ``query``."""
    b = sub.add_parser(
        "batch", help="analyse a corpus into Parquet tables (resumable, all cores or a Dask cluster)",
        description=BATCH_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    b.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, globs, .zip archives, .jsonl files")
    b.add_argument("-o", "--output", metavar="OUT", required=True, help="the output folder (created; reused to resume)")
    b.add_argument(
        "-j", "--jobs", type=_jobs, default=0, metavar="N",
        help="worker processes (local engine, or the LocalCluster the dask engine starts; default: every core)",
    )  # fmt: skip
    b.add_argument(
        "--engine", choices=["local", "dask", "inline"], default="local",
        help="local: worker processes on this machine (default); dask: a Dask cluster; inline: this process, "
        "one work after another, no isolation (debugging)",
    )  # fmt: skip
    b.add_argument(
        "--scheduler", metavar="ADDRESS", default=None,
        help="the Dask scheduler (tcp://host:8786) for --engine dask (default: start a LocalCluster of -j workers)",
    )  # fmt: skip
    b.add_argument(
        "--max-worker-memory", type=parse_size, default=2 * 1024**3, metavar="SIZE",
        help="stop a worker whose resident memory grows past this (2GB by default; 0: no limit); its work is "
        "retried once on a fresh worker, then recorded as an error",
    )  # fmt: skip
    b.add_argument(
        "--work-timeout", type=float, default=3600.0, metavar="S",
        help="local engine: stop a work that runs longer than this many seconds and record it as an error "
        "(default 3600; 0: no limit)",
    )  # fmt: skip
    b.add_argument(
        "--chunk-size", type=_positive_int, default=100, metavar="N",
        help="works per committed chunk (one Parquet file per table; default 100)",
    )  # fmt: skip
    b.add_argument(
        "--flush-seconds", type=_seconds, default=60.0, metavar="S",
        help="commit a partial chunk after this many seconds (default 60): a kill loses at most this much work",
    )  # fmt: skip
    b.add_argument("--per-work-json", action="store_true", help="also write each work's ficlens JSON to OUT/json/")
    b.add_argument("--retry-errors", action="store_true", help="process works recorded as failed again")
    b.add_argument(
        "--follow-symlinks", action="store_true",
        help="follow symbolic links that lead out of the input folders (default: such links are error rows)",
    )  # fmt: skip
    b.add_argument(
        "--input-format", choices=sorted({*FORMATS, *EPUB_FORMATS}), default=None,
        help="the input format of every work (default: detect it for each)",
    )  # fmt: skip
    b.add_argument(
        "--max-size", type=max_size, default=DEFAULT_MAX_BYTES, metavar="MB",
        help=f"refuse works larger than this many megabytes (default: {DEFAULT_MAX_BYTES // 1024 // 1024})",
    )  # fmt: skip
    b.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    b.add_argument(
        "--progress-interval", type=_seconds, default=10.0, metavar="S",
        help="seconds between progress lines when standard error is not a terminal (default 10)",
    )  # fmt: skip
    add_pipeline_arguments(b)
    b.set_defaults(func=cmd_batch)

    q = sub.add_parser(
        "query", help="run SQL over a batch's tables", description=QUERY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    q.add_argument("out", metavar="OUT", help="a ficlens batch output folder")
    q.add_argument("sql", metavar="SQL", nargs="?", help="the query (without it: list the tables and their columns)")
    q.add_argument(
        "--shell", action="store_true",
        help="open DuckDB's own interactive shell on the views (the duckdb command, if installed; not locked down)",
    )  # fmt: skip
    q.add_argument("--csv", action="store_true", help="print CSV instead of an aligned table")
    q.add_argument(
        "--unsafe", action="store_true",
        help="run any SQL with all of DuckDB (read and write any file, attach databases, install extensions); "
        "by default one SELECT runs, reading only the files under OUT",
    )  # fmt: skip
    q.add_argument(
        "--rebuild-views", action="store_true",
        help="rewrite OUT/corpus.duckdb and OUT/views.sql (after upgrading ficlens)",
    )  # fmt: skip
    q.set_defaults(func=cmd_query)


def _error(message: str) -> None:
    print(f"ficlens: error: {printable(message)}", file=sys.stderr)


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class BatchProgress(ProgressBar):
    """Works done, throughput and time left: a bar on a terminal, a plain line every ``interval`` seconds
    elsewhere, nothing when ``quiet``."""

    def __init__(self, stream: TextIO, *, quiet: bool = False, interval: float = 10.0) -> None:
        super().__init__("ficlens batch", stream=stream, width=20)
        self.quiet = quiet
        self.interval = interval
        self._last_line = time.monotonic()

    @staticmethod
    def text(p: Any) -> str:
        eta = p.eta_seconds
        left = "" if eta is None else f", {_duration(eta)} left"
        if p.finished == 0:
            return f"0/{p.total:,} works (starting the workers, each loads the spaCy pipeline)"
        skipped = f", {p.skipped:,} skipped" if p.skipped else ""
        failed = f", {p.failed:,} failed" if p.failed else ""
        return (
            f"{p.finished:,}/{p.total:,} works{skipped}{failed}, {p.works_per_second:.2f} works/s, "
            f"{p.tokens_per_second:,.0f} tokens/s{left}"
        )

    def update(self, p: Any) -> None:
        if self.quiet:
            return
        now = time.monotonic()
        if self.enabled:
            if now - self._last < 0.2 and p.finished < p.total:
                return
            self._last = now
            frac = p.finished / p.total if p.total else 1.0
            filled = int(frac * self.width)
            bar = "█" * filled + "░" * (self.width - filled)
            line = f"{bar} {frac:4.0%} {self.text(p)}"
            self.stream.write("\r\033[K" + line[: shutil.get_terminal_size().columns - 1])
            self.stream.flush()
            self.drawn = True
        elif now - self._last_line >= self.interval:
            self._last_line = now
            print(f"ficlens batch: {self.text(p)}", file=self.stream, flush=True)

    def message(self, line: str) -> None:
        """Print a line (an error) without tearing the bar."""
        if self.drawn:
            self.stream.write("\r\033[K")
        print(printable(line), file=sys.stderr, flush=True)


def summary_text(s: Any, out: str) -> str:
    failed = f", {s.failed:,} failed" if s.failed else ", 0 failed"
    lines = [
        f"Batch finished: {s.done:,} done, {s.skipped:,} skipped (already done){failed} of {s.total:,} work(s) "
        f"in {_duration(s.seconds)}: {s.works_per_second:.2f} works/s, {s.tokens_per_second:,.0f} tokens/s "
        f"({s.engine}; peak worker memory {s.peak_worker_mb:,.0f} MB)",
        f"Tables in {Path(out).resolve()} (DuckDB: {Path(out, 'corpus.duckdb')}); try: "
        f'ficlens query {out} "select * from speakers limit 10"',
    ]
    return "\n".join(printable(line) for line in lines)


def _extras(*needs: tuple[str, str, str]) -> bool:
    """Whether every ``(module, extra, what)`` is installed; prints the one-line error naming the extra if not."""
    from ..errors import MissingExtraError, require

    try:
        for module, extra, what in needs:
            require(module, extra, what)
    except MissingExtraError as exc:
        _error(str(exc))
        return False
    return True


def cmd_batch(args: argparse.Namespace) -> int:
    corpus = [("pyarrow", "corpus", "ficlens batch"), ("duckdb", "corpus", "ficlens batch")]
    dask = [("distributed", "dask", "ficlens batch --engine dask")] if args.engine == "dask" else []
    if not _extras(*corpus, *dask):
        return 2
    from ..batch import BatchConfig, WorkResult, run_batch
    from ..batch.local import EngineError
    from ..batch.store import StoreError
    from ..errors import FiclensError

    if args.scheduler and args.engine != "dask":
        _error("--scheduler needs --engine dask")
        return 2
    try:
        pipeline = pipeline_config(args)
    except FiclensError as exc:
        _error(str(exc))
        return 2
    config = BatchConfig(
        out=args.output,
        engine=args.engine,
        jobs=args.jobs,
        scheduler=args.scheduler,
        chunk_size=args.chunk_size,
        flush_seconds=args.flush_seconds,
        max_worker_memory=args.max_worker_memory,
        work_timeout=args.work_timeout,
        max_bytes=args.max_size,
        per_work_json=args.per_work_json,
        retry_errors=args.retry_errors,
        input_format=args.input_format,
        pipeline=pipeline,
        follow_symlinks=args.follow_symlinks,
    )
    progress = BatchProgress(sys.stderr, quiet=args.quiet, interval=args.progress_interval)

    def on_error(result: WorkResult) -> None:
        message = result.rows["errors"][0]["message"] if result.rows.get("errors") else result.error
        progress.message(f"ficlens: error: {result.label}: {message}")

    try:
        summary = run_batch(
            args.inputs, config, on_progress=progress.update, on_error=on_error, command=" ".join(sys.argv)
        )
    except (StoreError, EngineError) as exc:
        progress.close()
        _error(f"{args.output}: {exc}")
        return 1
    except FiclensError as exc:
        progress.close()
        _error(str(exc) if exc.path else f"{args.output}: {exc}")
        return 1
    except (OSError, sqlite3.Error) as exc:  # the output folder failed outside the store's own guard
        progress.close()
        _error(f"{args.output}: {type(exc).__name__}: {exc}")
        return 1
    progress.close()
    for warning in summary.warnings:
        print(f"ficlens: warning: {printable(warning)}", file=sys.stderr)
    if not args.quiet:
        print(summary_text(summary, args.output))
    return 1 if summary.failed else 0


# -- query ------------------------------------------------------------------------------------------------------
MAX_CELL = 80


def _cell(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, list | tuple):
        return _cell("[" + ", ".join(_cell(v) for v in value) + "]")
    if isinstance(value, float):
        return "nan" if math.isnan(value) else f"{value:.6g}"
    text = printable(str(value).replace("\n", " "))
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
        return printable_cell(json.dumps(value, ensure_ascii=False, default=str))
    return printable_cell(value) if isinstance(value, str) else value


def format_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """An aligned text table (numbers right-aligned) with a row count under it; control characters escaped."""
    columns = [printable(c) for c in columns]
    cells = [[_cell(v) for v in row] for row in rows]
    numeric = [
        all(isinstance(row[i], int | float) and not isinstance(row[i], bool) for row in rows if row[i] is not None)
        for i in range(len(columns))
    ]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def cmd_query(args: argparse.Namespace) -> int:
    if not _extras(("duckdb", "corpus", "ficlens query")):
        return 2
    from ..batch.store import MANIFEST, VIEWS_FILE, QueryRefused, connect, run_query, write_views

    out = Path(args.out)
    if not (out / MANIFEST).is_file():
        _error(f"{out}: not a ficlens batch output folder (no {MANIFEST} in it)")
        return 1
    if args.shell:
        return _shell(out, VIEWS_FILE)
    if args.rebuild_views:
        warning = write_views(out)
        if warning:
            _error(warning)
            return 1
        if not args.sql:
            print(f"views rewritten in {out / 'corpus.duckdb'}")
            return 0
    import duckdb

    if not args.sql:
        try:
            print(list_tables(connect(out)))
        except duckdb.Error as exc:
            _error(f"{out}: cannot read the tables: {str(exc).splitlines()[0]}")
            return 1
        return 0

    try:
        con: Any = connect(out, unsafe=args.unsafe)
        cursor = run_query(con, args.sql, unsafe=args.unsafe)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall() if columns else []
    except QueryRefused as exc:
        _error(f"{out}: query refused: {exc}")
        return 1
    except duckdb.Error as exc:
        _error(f"{out}: query failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
        return 1
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([printable_cell(c) for c in columns])
        writer.writerows([[_csv_value(v) for v in row] for row in rows])
    elif columns:
        print(format_table(columns, rows))
    return 0


def list_tables(con: Any) -> str:
    """Every view with its row count and columns (name and type), for ``ficlens query OUT`` without SQL."""
    import textwrap

    views = [r[0] for r in con.execute("select view_name from duckdb_views() where not internal order by 1").fetchall()]
    blocks = []
    for view in views:
        columns = con.execute(f'describe "{view}"').fetchall()
        (count,) = con.execute(f'select count(*) from "{view}"').fetchone()
        described = ", ".join(f"{name} {kind}" for name, kind, *_ in columns)
        body = textwrap.fill(described, width=110, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False)
        blocks.append(f"{view} ({count:,} row{'s' if count != 1 else ''})\n{body}")
    blocks.append('run SQL over them: ficlens query OUT "select …"  (docs/scaling.md describes every column)')
    return "\n".join(printable(line) for line in "\n".join(blocks).splitlines())


def _shell(out: Path, views_file: str) -> int:
    """DuckDB's interactive shell in ``out`` with the views loaded from ``views.sql`` (any DuckDB version)."""
    import subprocess

    program = shutil.which("duckdb")
    if program is None:
        _error(
            "--shell needs DuckDB's command-line tool (the duckdb command), which is not installed: see "
            'https://duckdb.org/docs/installation (ficlens query OUT "SQL" works without it)'
        )
        return 2
    if not (out / views_file).is_file():
        _error(f"{out}: no {views_file} (run ficlens query {out} --rebuild-views)")
        return 1
    return subprocess.run([program, "-init", views_file], cwd=out).returncode
