"""The corpus tables as a SQL user meets them: every metadata field in works, SQL-friendly names, NULLs, no
``chunk``, documented Parquet files, and views that travel with a copied corpus (DuckDB 2.x here, 1.x when a
Python with duckdb 1.x is named by FICLENS_DUCKDB1_PYTHON)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from ficlens.batch import BatchConfig, run_batch
from ficlens.batch.schema import SCHEMAS
from ficlens.cli.main import main
from ficlens.model import Metadata
from ficlens.tables import ANALYSIS_TABLES, COLUMNS, META_RENAMES

from .batch_fixtures import BELL, KETTLE

META = {
    "title": "Bells",
    "authors": ["moth", "wren"],
    "relationships": ["Pell/Marn"],
    "characters": ["Pell", "Marn"],
    "freeform": ["Fluff", "Bells"],
    "warnings": ["No Archive Warnings Apply"],
    "categories": ["M/M"],
    "series": "Towers",
    "series_part": 2,
    "status": "Completed",
    "published": "2024-01-02",
    "summary": "Two men and a bell.",
    "work_id": "4242",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tables")
    lines = root / "works.jsonl"
    lines.write_text(json.dumps({"text": BELL, "meta": META}) + "\n", encoding="utf-8")
    (root / "kettle.txt").write_text(KETTLE, encoding="utf-8")
    out = root / "out"
    summary = run_batch([str(lines), str(root / "kettle.txt")], BatchConfig(out=out, engine="inline"))
    assert summary.done == 2
    return out


def _con(out: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(out / "corpus.duckdb"), read_only=True, config={"file_search_path": str(out)})


def test_works_hold_every_metadata_field(corpus: Path) -> None:
    con = _con(corpus)
    columns = [r[0] for r in con.execute("describe works").fetchall()]
    for field in Metadata.__dataclass_fields__:
        assert META_RENAMES.get(field, field) in columns, field
    row = con.execute(
        "select title, authors, relationships, characters, freeform, warnings, categories, series, series_part,"
        " story_status, published, summary, external_id, character_count from works where title = 'Bells'"
    ).fetchone()
    assert row == (
        "Bells", ["moth", "wren"], ["Pell/Marn"], ["Pell", "Marn"], ["Fluff", "Bells"],
        ["No Archive Warnings Apply"], ["M/M"], "Towers", 2, "Completed", "2024-01-02", "Two men and a bell.",
        "4242", row[-1],
    )  # fmt: skip
    assert row[-1] >= 2


def test_names_are_sql_friendly_with_nulls_and_no_chunk(corpus: Path) -> None:
    con = _con(corpus)
    for table in ("works", "works_all", *ANALYSIS_TABLES, "errors"):
        names = [r[0] for r in con.execute(f"describe {table}").fetchall()]
        assert "chunk" not in names and not {"end", "group", "start", "first", "last", "character_id"} & set(names)
        if table in COLUMNS:
            assert tuple(names) == COLUMNS[table]  # the same columns as ficlens.to_frames
    # end_offset needs no quoting; an unlinked mention is NULL, never -1
    assert con.execute("select count(*) from mentions where end_offset <= start_offset").fetchone() == (0,)
    assert con.execute("select count(*) from mentions where character < 0").fetchone() == (0,)
    assert con.execute("select count(*) from quotes where speaker < 0 or utterance < 0").fetchone() == (0,)
    assert con.execute("select count(*) from mentions where character is null").fetchone()[0] >= 0


def test_parquet_files_carry_the_version_and_column_docs(corpus: Path) -> None:
    for table in SCHEMAS:
        part = sorted((corpus / table).glob("part-*.parquet"))[0]
        schema = pq.read_schema(part)
        assert schema.metadata[b"ficlens.table"] == table.encode()
        assert b"ficlens.version" in schema.metadata and b"ficlens.batch_format" in schema.metadata
        assert schema.field("work_id").metadata[b"description"]
    quotes = pq.read_schema(sorted((corpus / "quotes").glob("part-*.parquet"))[0])
    assert b"null: unknown" in quotes.field("speaker").metadata[b"description"]


def test_a_copied_corpus_reads_its_own_files(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(corpus, copy)
    before = _con(copy).execute("select count(*) from quotes").fetchone()
    # the original gone, the copy must not have read it: break the original's files
    moved = tmp_path / "gone"
    corpus.rename(moved)
    try:
        assert _con(copy).execute("select count(*) from quotes").fetchone() == before
        monkeypatch.chdir(copy)  # views.sql runs in any DuckDB, from inside the folder
        con = duckdb.connect()
        con.execute((copy / "views.sql").read_text(encoding="utf-8"))
        assert con.execute("select count(*) from quotes").fetchone() == before
        assert main(["query", str(copy), "select count(*) from works"]) == 0
    finally:
        moved.rename(corpus)


def test_duckdb_1_reads_the_views_file(corpus: Path) -> None:
    python = os.environ.get("FICLENS_DUCKDB1_PYTHON")
    if not python:
        pytest.skip("set FICLENS_DUCKDB1_PYTHON to a Python with duckdb 1.x to check the file with DuckDB 1")
    code = (
        "import duckdb, sys; print(duckdb.__version__);"
        "con = duckdb.connect('corpus.duckdb', read_only=True);"
        "print(con.execute('select count(*) from works').fetchone()[0])"
    )
    done = subprocess.run([python, "-c", code], cwd=corpus, capture_output=True, text=True, check=True)
    version, count = done.stdout.split()
    assert version.startswith("1.") and count == "2"


def test_query_without_sql_lists_the_tables_and_columns(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "works (2 rows)" in out and "quotes (" in out and "speakers (" in out
    assert "start_offset BIGINT" in out and "relationships VARCHAR[]" in out and "chunk" not in out


def test_query_shell_opens_duckdb_in_the_corpus(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["query", str(corpus), "--shell"]) == 2
    assert "the duckdb command" in capsys.readouterr().err
    fake = tmp_path / "duckdb"  # records how it was started
    fake.write_text(f'#!/bin/sh\necho "$PWD $*" > {tmp_path}/called\n', encoding="utf-8")
    fake.chmod(0o755)
    assert main(["query", str(corpus), "--shell"]) == 0
    assert (tmp_path / "called").read_text(encoding="utf-8").split() == [str(corpus), "-init", "views.sql"]


def test_a_missing_extra_is_one_line_naming_it(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    missing = {"pyarrow", "distributed", "duckdb"}
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a: None if n in missing else real(n, *a))
    assert main(["batch", str(tmp_path), "-o", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err.strip() == (
        "ficlens: error: ficlens batch needs pyarrow, which is not installed (pip install 'ficlens[corpus]')"
    )
    missing.discard("pyarrow")
    missing.discard("duckdb")
    assert main(["batch", str(tmp_path), "-o", str(tmp_path / "o"), "--engine", "dask"]) == 2
    assert "pip install 'ficlens[dask]'" in capsys.readouterr().err
    missing.add("duckdb")
    assert main(["query", str(corpus), "select 1"]) == 2
    assert "ficlens query needs duckdb" in capsys.readouterr().err
