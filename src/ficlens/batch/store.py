"""The output folder of a batch: Parquet tables written atomically per chunk, the manifest, DuckDB views.

Layout of ``OUT``::

    works/part-00000001.parquet …     one file per table per chunk (plus schema.parquet, no rows)
    characters/ quotes/ mentions/ scenes/ errors/
    manifest.sqlite                    chunks committed; each work's (id, pipeline version, status, chunk)
    corpus.duckdb, views.sql           views over the Parquet files (paths relative to OUT; DuckDB 1.0+ reads it)
    json/WORK_ID.json                  with --per-work-json
    .lock                              held by the one batch writing here

A chunk is committed in this order: every table's file written under a temporary name and fsynced, each renamed
into place, the folder fsynced, then one SQLite transaction records the chunk and its works. A process killed at
any moment leaves either a committed chunk or files the manifest does not know; :meth:`Store.recover` (run when a
batch opens the folder) deletes the latter, so their works are processed again and nothing is counted twice.

A work processed again (a new pipeline version, or ``--retry-errors``) gets a row in a newer chunk; the manifest
points at the newest, the views show only rows of the chunk the manifest would name (the newest chunk holding
the work), and a chunk left with no current work is deleted.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from .work import TABLES, WorkResult

MANIFEST = "manifest.sqlite"
DUCKDB_FILE = "corpus.duckdb"
VIEWS_FILE = "views.sql"
JSON_DIR = "json"
_PART = re.compile(r"^part-(\d+)\.parquet$")


class StoreError(Exception):
    """The output folder cannot be used (another batch holds it, or it cannot be written)."""


@contextlib.contextmanager
def _guarded(what: str) -> Iterator[None]:
    """Turn the store's own failures (a full disk, a corrupted or locked manifest) into one StoreError line."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StoreError(
            f"{what}: the manifest ({MANIFEST}) failed: {exc} (if it is corrupted, move the folder aside and rerun)"
        ) from None
    except OSError as exc:
        raise StoreError(f"{what}: {exc.strerror or exc} (the chunks committed before are intact)") from None


def part_name(chunk: int) -> str:
    return f"part-{chunk:08d}.parquet"


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class Store:
    """One batch's hold on its output folder (open with ``with Store(out) as store``)."""

    def __init__(self, out: str | os.PathLike[str]) -> None:
        self.out = Path(out)
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            for table in TABLES:
                (self.out / table).mkdir(exist_ok=True)
            self._lock: IO[bytes] | None = open(self.out / ".lock", "ab")  # noqa: SIM115 - held until close()
        except OSError as exc:
            raise StoreError(f"cannot create the output folder: {exc.strerror or exc}") from None
        try:
            fcntl.flock(self._lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            self._lock = None
            raise StoreError("another ficlens batch is writing to this folder (its .lock is held)") from None
        try:
            with _guarded("cannot open the output folder"):
                self._open_manifest()
        except BaseException:
            self.close()
            raise

    def _open_manifest(self) -> None:
        self.db = sqlite3.connect(self.out / MANIFEST, isolation_level=None)
        self.db.execute("pragma journal_mode=wal")
        self.db.execute("pragma synchronous=full")
        self.db.executescript(
            """
            create table if not exists chunks(
                chunk integer primary key, run text not null, created real not null, works integer not null);
            create table if not exists done(
                work_id text primary key, pipeline_version text not null, status text not null,
                chunk integer not null, label text, processed real not null);
            create index if not exists done_chunk on done(chunk);
            create table if not exists runs(
                run text primary key, started real not null, finished real, command text,
                done integer, skipped integer, failed integer);
            """
        )
        self._write_schema_files()

    # -- lifecycle ----------------------------------------------------------------------------------------------
    def close(self) -> None:
        if getattr(self, "db", None) is not None:
            self.db.close()
            self.db = None  # type: ignore[assignment]
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _write_schema_files(self) -> None:
        """A row-less file per table, so the views can be built (and queried) before any chunk exists."""
        import pyarrow.parquet as pq

        from .schema import SCHEMAS

        for table, schema in SCHEMAS.items():
            path = self.out / table / "schema.parquet"
            if not path.exists():
                tmp = path.with_name(f".schema.parquet.tmp-{os.getpid()}")
                try:
                    pq.write_table(schema.empty_table(), tmp)
                    tmp.replace(path)
                except BaseException:
                    tmp.unlink(missing_ok=True)
                    raise

    # -- the manifest -------------------------------------------------------------------------------------------
    def _recover(self) -> int:
        """Delete what a killed batch left behind: temporary files, chunk files the manifest does not hold, and
        chunks no work points to any more. Returns the number of files deleted."""
        committed = {row[0] for row in self.db.execute("select chunk from chunks")}
        live = {row[0] for row in self.db.execute("select distinct chunk from done")}
        dead = committed - live
        removed = 0
        for table in TABLES:
            folder = self.out / table
            for path in folder.iterdir():
                m = _PART.match(path.name)
                stale = path.name.startswith(".") and ".tmp" in path.name
                if stale or (m and (int(m.group(1)) not in committed or int(m.group(1)) in dead)):
                    path.unlink(missing_ok=True)
                    removed += 1
        if dead:
            self.db.executemany("delete from chunks where chunk = ?", [(c,) for c in dead])
        json_dir = self.out / JSON_DIR
        if json_dir.is_dir():
            for path in json_dir.glob(".*.tmp-*"):
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def _status(self, work_id: str) -> tuple[str, str] | None:
        """``(pipeline_version, status)`` of a work already committed, or None."""
        row = self.db.execute("select pipeline_version, status from done where work_id = ?", (work_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def next_chunk(self) -> int:
        row = self.db.execute("select coalesce(max(chunk), 0) from chunks").fetchone()
        return int(row[0]) + 1

    def _start_run(self, run: str, command: str) -> None:
        self.db.execute("insert into runs(run, started, command) values (?, ?, ?)", (run, time.time(), command))

    def _finish_run(self, run: str, done: int, skipped: int, failed: int) -> None:
        self.db.execute(
            "update runs set finished = ?, done = ?, skipped = ?, failed = ? where run = ?",
            (time.time(), done, skipped, failed, run),
        )

    def _commit(self, results: Sequence[WorkResult], run: str) -> int:
        """Write one chunk: every table's Parquet file atomically, then the manifest. Returns the chunk number."""
        import pyarrow.parquet as pq

        from .schema import to_table

        if not results:
            raise ValueError("an empty chunk")
        chunk = self.next_chunk()
        name = part_name(chunk)
        staged: list[tuple[Path, Path]] = []
        try:
            for table in TABLES:
                rows = [row for r in results for row in r.rows.get(table, ())]
                final = self.out / table / name
                tmp = final.with_name(f".{name}.tmp-{os.getpid()}")
                staged.append((tmp, final))  # before writing: a half-written file is removed too
                pq.write_table(to_table(table, rows, chunk), tmp, compression="zstd")
                with open(tmp, "rb") as fh:
                    os.fsync(fh.fileno())
        except BaseException:
            for tmp, _final in staged:
                tmp.unlink(missing_ok=True)
            raise
        for tmp, final in staged:
            tmp.replace(final)
        for table in TABLES:
            _fsync_dir(self.out / table)
        now = time.time()
        ids = [r.work_id for r in results]
        old: set[int] = set()
        for i in range(0, len(ids), 500):  # the chunks these works were in before (processed again now)
            part = ids[i : i + 500]
            sql = f"select distinct chunk from done where work_id in ({','.join('?' * len(part))})"
            old.update(c for (c,) in self.db.execute(sql, part))
        self.db.execute("begin immediate")
        try:
            self.db.execute(
                "insert into chunks(chunk, run, created, works) values (?, ?, ?, ?)", (chunk, run, now, len(results))
            )
            self.db.executemany(
                "insert into done(work_id, pipeline_version, status, chunk, label, processed) values (?, ?, ?, ?, ?, ?)"
                " on conflict(work_id) do update set pipeline_version = excluded.pipeline_version,"
                " status = excluded.status, chunk = excluded.chunk, label = excluded.label,"
                " processed = excluded.processed",
                [(r.work_id, r.rows["works"][0]["pipeline_version"], r.status, chunk, r.label, now) for r in results],
            )
            self.db.execute("commit")
        except BaseException:
            self.db.execute("rollback")
            raise
        self._drop_dead(sorted(old))
        return chunk

    def _drop_dead(self, chunks: Sequence[int]) -> None:
        """Delete chunks that no work points to any more (all their works were processed again)."""
        for chunk in chunks:
            (n,) = self.db.execute("select count(*) from done where chunk = ?", (chunk,)).fetchone()
            if n:
                continue
            for table in TABLES:
                (self.out / table / part_name(chunk)).unlink(missing_ok=True)
            self.db.execute("delete from chunks where chunk = ?", (chunk,))

    def _counts(self) -> dict[str, int]:
        """Works in the manifest by status."""
        return dict(self.db.execute("select status, count(*) from done group by status").fetchall())

    # -- every public operation turns sqlite3 and OS errors into one StoreError line -------------------------
    def recover(self) -> int:
        """Delete what a killed batch left behind (see :meth:`_recover`)."""
        with _guarded("cannot recover the output folder"):
            return self._recover()

    def status(self, work_id: str) -> tuple[str, str] | None:
        with _guarded("cannot read the manifest"):
            return self._status(work_id)

    def start_run(self, run: str, command: str) -> None:
        with _guarded("cannot record the run"):
            self._start_run(run, command)

    def finish_run(self, run: str, done: int, skipped: int, failed: int) -> None:
        with _guarded("cannot record the run"):
            self._finish_run(run, done, skipped, failed)

    def commit(self, results: Sequence[WorkResult], run: str) -> int:
        """Write one chunk (see :meth:`_commit`); returns the chunk number."""
        with _guarded("cannot commit a chunk"):
            return self._commit(results, run)

    def counts(self) -> dict[str, int]:
        with _guarded("cannot read the manifest"):
            return self._counts()

    # -- DuckDB -------------------------------------------------------------------------------------------------
    def write_views(self) -> str | None:
        """(Re)create ``corpus.duckdb``'s views; returns a warning instead of failing when it cannot."""
        return write_views(self.out)


def view_sql(out: str | os.PathLike[str] | None = None) -> Iterator[str]:
    """The statements creating the views over the Parquet files: paths under ``out`` (absolute), or relative to
    the corpus folder when ``out`` is None (``corpus.duckdb`` and ``views.sql``: run from inside the folder, or
    with DuckDB's ``file_search_path`` set to it). ``chunk`` stays behind the views: they show the rows of each
    work's newest chunk, without the column."""
    base = Path(out).resolve() if out is not None else None

    def files(table: str) -> str:
        pattern = str(base / table / "*.parquet") if base else f"{table}/*.parquet"
        return "read_parquet('{}', union_by_name = true)".format(pattern.replace("'", "''"))

    current = f"(select work_id, max(chunk) as chunk from {files('works')} group by work_id)"
    yield f"create or replace view works_all as select * exclude (chunk) from {files('works')}"
    yield (
        f"create or replace view works as select t.* exclude (chunk) from {files('works')} t"
        f" semi join {current} c on t.work_id = c.work_id and t.chunk = c.chunk"
    )
    for table in TABLES[1:]:
        yield (
            f"create or replace view {table} as select t.* exclude (chunk) from {files(table)} t"
            f" semi join {current} c on t.work_id = c.work_id and t.chunk = c.chunk"
        )
    yield (
        "create or replace view speakers as select name, sum(quote_count)::bigint as quote_count,"
        " sum(quote_words)::bigint as quote_words, count(distinct work_id) as works"
        " from characters where quote_count > 0 and name is not null group by name"
        " order by quote_words desc, quote_count desc, name"
    )


class QueryRefused(Exception):
    """A query the locked-down connection does not run (more than one statement, or not a SELECT)."""


# What a locked-down query may be: one SELECT (``with``, ``from``, ``describe``, ``show``, ``summarize`` parse as
# SELECT) or an EXPLAIN of one.
QUERY_TYPES = ("SELECT", "EXPLAIN")


def connect(out: str | os.PathLike[str], *, unsafe: bool = False) -> object:
    """An in-memory DuckDB connection with the views over ``out`` (what ``ficlens query`` uses).

    Locked down unless ``unsafe``: files are read only under ``out`` (DuckDB's ``allowed_directories`` with
    ``enable_external_access`` off: no other file, no URL, no extension installed or loaded), extensions are
    never auto-installed or auto-loaded, and the configuration is locked so a query cannot undo any of it.
    Run queries through :func:`run_query`, which also refuses anything but one SELECT.
    """
    import duckdb

    if unsafe:
        con = duckdb.connect()
    else:
        con = duckdb.connect(config={"autoload_known_extensions": False, "autoinstall_known_extensions": False})
        con.execute("set allowed_directories = ?", [[str(Path(out).resolve()) + os.sep]])
        con.execute("set enable_external_access = false")
    for sql in view_sql(out):
        con.execute(sql)
    if not unsafe:
        con.execute("set lock_configuration = true")
    return con


def run_query(con: Any, sql: str, *, unsafe: bool = False) -> Any:
    """Execute ``sql`` on a :func:`connect` connection; unless ``unsafe``, only one SELECT (or EXPLAIN) statement
    is run, and anything else raises :class:`QueryRefused` (nothing is written: no COPY, ATTACH, INSTALL, SET …)."""
    import duckdb

    if not unsafe:
        statements = duckdb.extract_statements(sql)
        if len(statements) != 1:
            raise QueryRefused(f"give exactly one statement, not {len(statements)} (--unsafe runs any SQL)")
        kind = statements[0].type.name
        if kind not in QUERY_TYPES:
            raise QueryRefused(f"only a SELECT query runs, not {kind} (--unsafe runs any SQL)")
    return con.execute(sql)


# DuckDB 1.x cannot read a database file in DuckDB 2's storage format: corpus.duckdb is written in the oldest
# format DuckDB 2 can write (``storage_compatibility_version``), which DuckDB 1.0 and later read.
DUCKDB_STORAGE = "v1.0.0"


def write_views(out: str | os.PathLike[str]) -> str | None:
    """(Re)write ``corpus.duckdb`` (views with paths relative to ``out``, readable by DuckDB 1.0 and later) and
    ``views.sql`` (the same statements, for any DuckDB), each atomically; a warning instead of an exception."""
    import duckdb

    folder = Path(out)
    path = folder / DUCKDB_FILE
    tmp = folder / f".{DUCKDB_FILE}.tmp-{os.getpid()}"
    statements = list(view_sql(None))
    try:
        tmp.unlink(missing_ok=True)
        config: dict[str, Any] = {
            "storage_compatibility_version": DUCKDB_STORAGE,
            "file_search_path": str(folder.resolve()),
        }
        con = duckdb.connect(str(tmp), config=config)
        try:
            for sql in statements:
                con.execute(sql)
        finally:
            con.close()
        tmp.replace(path)
        sql_text = "-- ficlens views: run inside this folder (cd OUT && duckdb < views.sql)\n"
        write_text_atomic(folder / VIEWS_FILE, sql_text + "".join(f"{sql};\n" for sql in statements))
    except (duckdb.Error, OSError) as exc:  # a full disk, a file someone holds open
        tmp.unlink(missing_ok=True)
        return f"{path}: views not refreshed: {str(exc).splitlines()[0]}"
    return None


def write_text_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
