"""`ficlens batch` on the local engine: tables, DuckDB, `ficlens query`, per-work JSON, reruns, versions,
and faults (a file that cannot be analysed, a worker that crashes, a worker that grows past its memory limit)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

import ficlens
from ficlens.batch import TABLES, BatchConfig, pipeline_version, process_work, run_batch
from ficlens.batch.schema import SCHEMAS, row_schema
from ficlens.batch.sources import Locator, WorkSource
from ficlens.batch.store import Store, part_name
from ficlens.batch.work import FAULT_ENV, WorkOptions
from ficlens.cli.main import main

from .batch_fixtures import BELL, KETTLE, LAMPS, RAIN, Run, sha, small_inputs


def _rows(out: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(out / "corpus.duckdb"), read_only=True, config={"file_search_path": str(out)})
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_summary_counts(local_run: Run) -> None:
    s = local_run.summary
    assert (s.total, s.done, s.skipped, s.failed) == (9, 5, 0, 4)
    assert s.tokens > 50 and s.tokens_per_second > 0 and 0 < s.peak_worker_mb < 2048
    assert s.chunks == 3  # 9 works in chunks of 3


def test_tables_have_their_schemas_and_rows(local_run: Run) -> None:
    out = local_run.out
    for table in TABLES:
        parts = sorted((out / table).glob("part-*.parquet"))
        assert [p.name for p in parts] == [part_name(c) for c in (1, 2, 3)]
        for part in parts:
            assert pq.read_schema(part).equals(SCHEMAS[table], check_metadata=False), (table, part)
    works = _rows(
        out,
        "select work_id, status, error_type, token_count, quote_count, character_count, mention_count, scene_count"
        " from works",
    )
    assert len(works) == 9 and len({w[0] for w in works}) == 9
    ok = {w[0] for w in works if w[1] == "ok"}
    assert ok == local_run.corpus.ok_ids
    assert sorted(w[2] for w in works if w[1] == "error") == [
        "ArchiveError", "BinaryInputError", "JsonLineError", "JsonLineError",
    ]  # fmt: skip
    # every per-work count matches the rows of its table
    for table, column in [("quotes", 4), ("characters", 5), ("mentions", 6), ("scenes", 7)]:
        counts = dict(_rows(out, f"select work_id, count(*) from {table} group by 1"))
        for w in works:
            assert counts.get(w[0], 0) == (w[column] or 0), (table, w)
    assert _rows(out, "select count(*), count(distinct work_id) from errors") == [(4, 4)]
    (kettle,) = _rows(
        out, f"select title, authors, path, member, line, pipeline_version from works where work_id = '{sha(KETTLE)}'"
    )
    assert kettle[0] == "The Kettle" and kettle[1] == ["wren"] and kettle[2].endswith("kettle.txt")
    assert kettle[5] == local_run.summary.pipeline_version
    (lamps,) = _rows(out, f"select path, member from works where work_id = '{sha(LAMPS)}'")
    assert lamps[0].endswith("pack.zip") and lamps[1] == "lamps.txt"
    (run,) = _rows(out, "select external_id, title, rating, line from works where external_id = 'w1'")
    assert run == ("w1", "Run", "G", 1)
    quote = _rows(
        out,
        f"select speaker_name, addressee_names, method, text from quotes where work_id = '{sha(BELL)}' order by quote",
    )
    assert quote[0] == ("Pell", ["Marn"], "explicit", '"You are late,"')


def test_duckdb_file_answers_who_speaks_most(local_run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the views hold relative paths: _rows sets file_search_path
    top = _rows(
        local_run.out,
        "select speaker_name, count(*) as n, count(distinct work_id) as works from quotes where speaker is not null"
        " group by 1 order by n desc limit 1",
    )
    assert top == [("Mara", 5, 2)]
    assert _rows(local_run.out, "select name, quote_count, works from speakers limit 1") == [("Mara", 5, 2)]


def test_query_command_prints_a_table_or_csv(local_run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(local_run.out)
    assert (
        main(["query", out, "select name, quote_count, works from speakers order by quote_count desc, name limit 3"])
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["name", "quote_count", "works"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].split() == ["Mara", "5", "2"]
    assert lines[-1] == "(3 rows)"
    assert len({len(line) for line in lines[:2]}) == 1 or lines[0].index("quotes") == lines[2].index("5") - 5
    assert main(["query", out, "select title, authors from works where title = 'The Kettle'", "--csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["title,authors", 'The Kettle,"[""wren""]"']
    assert main(["query", out, "select nonsense from works"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"ficlens: error: {out}: query failed:") and len(err.strip().splitlines()) == 1
    assert main(["query", str(local_run.out / "nowhere"), "select 1"]) == 1


def test_per_work_json(local_run: Run) -> None:
    files = sorted((local_run.out / "json").glob("*.json"))
    assert {f.stem for f in files} == local_run.corpus.ok_ids
    doc = ficlens.from_json((local_run.out / "json" / f"{sha(RAIN)}.json").read_text(encoding="utf-8"))
    assert doc.text == RAIN and {c.name for c in doc.layer("characters")} >= {"Ada", "Ben"}


def test_rerun_skips_everything_and_adds_no_rows(local_run: Run, tmp_path: Path) -> None:
    before = _rows(local_run.out, "select count(*) from works_all")
    again = run_batch(local_run.corpus.inputs, BatchConfig(out=local_run.out, jobs=2, chunk_size=3))
    assert (again.done, again.skipped, again.failed, again.chunks) == (0, 9, 0, 0)
    assert _rows(local_run.out, "select count(*) from works_all") == before == [(9,)]
    assert again.seconds < 5  # no worker is started when there is nothing to do


def test_pipeline_version_change_reprocesses_only_what_it_must(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ficlens.stages.pov import PovStage

    out = tmp_path / "out"
    a, b = small_inputs(tmp_path / "a", KETTLE), small_inputs(tmp_path / "b", RAIN)
    first = run_batch(a + b, BatchConfig(out=out, engine="inline"))
    assert (first.done, first.skipped) == (2, 0)
    monkeypatch.setattr(PovStage, "version", "2")  # a stage changed
    second = run_batch(a, BatchConfig(out=out, engine="inline"))
    assert (second.done, second.skipped) == (1, 0) and second.pipeline_version != first.pipeline_version
    assert "pov@2" in second.pipeline_version
    third = run_batch(a + b, BatchConfig(out=out, engine="inline"))
    assert (third.done, third.skipped) == (1, 1)  # only the work still at the old version
    versions = _rows(out, "select pipeline_version, count(*) from works group by 1")
    assert versions == [(third.pipeline_version, 2)]
    assert _rows(out, f"select count(*) from read_parquet('{out}/characters/*.parquet') where chunk = 1") == [(0,)]
    # the chunks whose works were all processed again are gone; the raw rows hold only the live ones
    assert sorted(p.name for p in (out / "works").glob("part-*")) == [part_name(2), part_name(3)]
    assert _rows(out, "select count(*) from works_all") == [(2,)]


def test_a_crashing_bloated_or_stuck_worker_becomes_an_error_row_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = small_inputs(tmp_path, KETTLE, RAIN, LAMPS, BELL)
    monkeypatch.setenv(FAULT_ENV, f"{sha(KETTLE)[:12]}:crash,{sha(RAIN)[:12]}:memory,{sha(BELL)[:12]}:delay=60")
    summary = run_batch(
        inputs,
        BatchConfig(out=tmp_path / "out", jobs=2, chunk_size=1, max_worker_memory=700 * 1024**2, work_timeout=12),
    )
    assert (summary.done, summary.failed) == (1, 3)
    errors = dict(
        (w, (t, a, m))
        for w, t, a, m in _rows(tmp_path / "out", "select work_id, error_type, attempts, message from errors")
    )
    assert errors[sha(KETTLE)][:2] == ("WorkerCrashError", 2)
    assert "exited with status 1" in errors[sha(KETTLE)][2]
    assert errors[sha(RAIN)][:2] == ("WorkerMemoryError", 2)
    assert "--max-worker-memory" in errors[sha(RAIN)][2]
    # (a timeout long enough that the memory fault reaches its limit first on a loaded 2-core machine)
    assert errors[sha(BELL)] == ("WorkerTimeoutError", 1, "took longer than 12s (--work-timeout) and was stopped")
    assert _rows(tmp_path / "out", "select status from works where work_id = '" + sha(LAMPS) + "'") == [("ok",)]


def test_process_work_rows_match_the_table_schemas() -> None:
    source = WorkSource(sha(BELL), Locator("file", "bell.txt"), data=BELL.encode())
    result = process_work(source)  # options default to this installation's pipeline version
    assert result.status == "ok" and result.tokens > 10
    assert result.rows["works"][0]["pipeline_version"] == pipeline_version()
    for table in TABLES:
        names = row_schema(table).names
        for row in result.rows[table]:
            assert list(row) == names, table
    bad = process_work(WorkSource("x" * 64, Locator("file", "empty.txt"), data=b"  \n"), WorkOptions("test"))
    assert bad.status == "error" and bad.rows["errors"][0]["error_type"] == "EmptyInputError"
    assert bad.rows["errors"][0]["message"].startswith("is empty")


def test_recover_removes_what_a_killed_commit_left(local_run: Run, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "copy"
    shutil.copytree(local_run.out, out, ignore=shutil.ignore_patterns(".lock"))
    for table in TABLES:  # a chunk renamed into place but never recorded, and a temporary file
        shutil.copy(out / table / part_name(3), out / table / part_name(4))
        (out / table / f".{part_name(5)}.tmp-1").write_bytes(b"half")
    with Store(out) as store:
        assert store.recover() == 2 * len(TABLES)
        assert store.counts() == {"ok": 5, "error": 4}
    assert sorted(os.listdir(out / "works")) == [part_name(1), part_name(2), part_name(3), "schema.parquet"]
