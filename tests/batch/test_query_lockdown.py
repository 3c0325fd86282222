"""`ficlens query` locked down by default (issue 18): one SELECT, reading only the batch's folder; nothing
written, attached, installed or downloaded; --unsafe opens everything. Output never holds a raw escape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ficlens.cli.main import main

from .batch_fixtures import KETTLE

EVIL_TITLE = "\x1b]0;owned\x07The Kettle\x1b[2J"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("query")
    (root / "works.jsonl").write_text(json.dumps({"text": KETTLE, "meta": {"title": EVIL_TITLE}}) + "\n", "utf-8")
    out = root / "out"
    assert main(["batch", str(root / "works.jsonl"), "-o", str(out), "--engine", "inline", "-q"]) == 0
    return out


def _query(out: Path, sql: str, *extra: str) -> None:
    assert main(["query", str(out), sql, *extra]) == 1


@pytest.mark.parametrize(
    ("sql", "said"),
    [
        ("select * from read_csv('/etc/passwd')", "query failed: Permission Error"),
        ("select * from read_text('/etc/passwd')", "query failed: Permission Error"),
        ("select * from read_text('{out}/../works.jsonl')", "query failed: Permission Error"),
        ("select * from read_parquet('https://example.org/x.parquet')", "query failed: Permission Error"),
        ("copy (select * from works_all) to '{out}/works/part-99999999.parquet'", "only a SELECT query runs, not COPY"),
        ("attach '{out}/other.db' as other", "only a SELECT query runs, not ATTACH"),
        ("install httpfs", "only a SELECT query runs, not LOAD"),
        ("load httpfs", "only a SELECT query runs, not LOAD"),
        ("set enable_external_access = true", "only a SELECT query runs, not SET"),
        ("select 1; select 2", "give exactly one statement, not 2"),
        ("select * from query('copy works to ''{out}/x.csv''')", "query failed"),
    ],
)
def test_refused_with_one_line(corpus: Path, capsys: pytest.CaptureFixture[str], sql: str, said: str) -> None:
    before = sorted(p.relative_to(corpus) for p in corpus.rglob("*"))
    _query(corpus, sql.format(out=corpus))
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert captured.out == "" and len(lines) == 1 and said in lines[0], lines
    assert "root:" not in captured.err
    assert sorted(p.relative_to(corpus) for p in corpus.rglob("*")) == before  # nothing written


def test_selects_still_run_and_unsafe_opens_everything(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(corpus), "with w as (select * from works) select count(*) as n from w"]) == 0
    assert capsys.readouterr().out.splitlines()[2].strip() == "1"
    assert main(["query", str(corpus), "describe works"]) == 0
    capsys.readouterr()
    outside = f"select count(*) as n from read_text('{corpus.parent / 'works.jsonl'}')"
    assert main(["query", str(corpus), outside, "--unsafe"]) == 0
    assert capsys.readouterr().out.splitlines()[2].strip() == "1"


@pytest.mark.parametrize("extra", [[], ["--csv"]])
def test_query_output_escapes_control_characters(
    corpus: Path, capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    assert main(["query", str(corpus), 'select title as "t\x1b[2J" from works', *extra]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;owned\\x07The Kettle\\x1b[2J" in out and "t\\x1b[2J" in out
