"""Small CLI behaviours: help without a command, format lists, telling colliding outputs apart, eval's data."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.cli.main import main

STORY = '"Hello," said Ann.\n\n"Hello," said Bob.\n'


def test_ficlens_alone_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: ficlens") and "analyze" in out


def test_all_with_other_formats_and_colliding_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    argv = ["analyze", str(tmp_path / "a" / "story.txt"), str(tmp_path / "b" / "story.txt"), "-o", str(out)]
    assert main([*argv, "--format", "all,json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    firsts = [line for line in lines if " -> " in line and not line.startswith("  also")]
    assert firsts[0].startswith("story.txt: ") and firsts[0].endswith("story.json")
    assert firsts[1].startswith("story.txt: ") and firsts[1].endswith("story-2.json")
    assert (out / "story-2.script.csv").is_file() and (out / "story.cooccurrence.gexf").is_file()
    with pytest.raises(SystemExit):
        main([*argv, "--format", "all,pdf"])
    assert "unknown output format 'pdf'" in capsys.readouterr().err


def test_eval_without_data_names_the_option(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("FICLENS_DATA", raising=False)
    assert main(["eval", "pdnc"]) == 2
    assert "pass --data DIR" in capsys.readouterr().err
    assert main(["eval", "litbank"]) == 2
    assert "pass --data DIR" in capsys.readouterr().err
    monkeypatch.setenv("FICLENS_DATA", "/nonexistent")
    assert main(["eval", "pdnc"]) == 2
    assert "/nonexistent/pdnc: no PDNC data folder" in capsys.readouterr().err
