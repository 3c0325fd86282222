"""The `ficlens batch` command's own behaviour: messages, summary, exit status, progress lines, usage errors."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from ficlens.cli.batch import BatchProgress, format_table, parse_size
from ficlens.cli.main import main

from .batch_fixtures import KETTLE, make_corpus


def test_batch_command_prints_errors_progress_and_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = make_corpus(tmp_path / "in")
    out = tmp_path / "out"
    argv = ["batch", *corpus.inputs, "-o", str(out), "--engine", "inline", "--progress-interval", "0.001"]
    assert main(argv) == 1  # some works failed
    captured = capsys.readouterr()
    errors = [line for line in captured.err.splitlines() if line.startswith("ficlens: error:")]
    assert len(errors) == 4
    assert f"ficlens: error: {tmp_path / 'in' / 'works.jsonl'}:2: is not valid JSON" in captured.err
    assert f"ficlens: error: {tmp_path / 'in' / 'pack.zip'}!../escape.txt: has an unsafe member name" in captured.err
    assert "ficlens batch: 9/9 works, 4 failed" in captured.err  # plain progress lines: stderr is not a terminal
    assert captured.out.startswith("Batch finished: 5 done, 0 skipped (already done), 4 failed of 9 work(s)")
    assert "tokens/s" in captured.out and "ficlens query" in captured.out

    assert main([*argv[:-2], "--quiet"]) == 0  # nothing left to do: nothing failed in this run
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(KETTLE, encoding="utf-8")
    assert main(["batch", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o"), "--scheduler", "tcp://x:1"]) == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["batch", str(tmp_path / "a.txt")])  # no -o
    assert exit_info.value.code == 2
    assert main(["query", str(tmp_path)]) == 1  # not a batch output folder
    assert "not a ficlens batch output folder" in capsys.readouterr().err


def test_a_folder_held_by_another_batch_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ficlens.batch.store import Store

    (tmp_path / "a.txt").write_text(KETTLE, encoding="utf-8")
    with Store(tmp_path / "out"):
        assert main(["batch", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--engine", "inline"]) == 1
    assert "another ficlens batch is writing to this folder" in capsys.readouterr().err


def test_sizes_and_tables() -> None:
    assert parse_size("2GB") == 2 * 1024**3
    assert parse_size("1.5g") == int(1.5 * 1024**3)
    assert parse_size("800") == parse_size("800MB") == 800 * 1024**2
    assert parse_size("4096b") == 4096
    assert parse_size("0") == 0
    with pytest.raises(argparse.ArgumentTypeError):
        parse_size("lots")
    table = format_table(["name", "n", "names"], [("Mara", 5, ["M", "Mara"]), ("Tom", 12, None)])
    assert table.splitlines() == [
        "name   n  names",
        "----  --  ---------",
        "Mara   5  [M, Mara]",
        "Tom   12  NULL",
        "(2 rows)",
    ]


def test_progress_text() -> None:
    from ficlens.batch.runner import Progress

    p = Progress(total=10, done=3, skipped=1, failed=1, tokens=900)
    p.started -= 10
    assert BatchProgress.text(p).startswith("5/10 works, 1 skipped, 1 failed, 0.40 works/s, 90 tokens/s, 12s left")
