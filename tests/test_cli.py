"""The `ficlens analyze` job as a user runs it: output files, summaries, stdin, progress, quiet."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import ficlens
from ficlens.cli.main import main
from ficlens.cli.progress import MIN_CHARS_FOR_BAR, ProgressBar

STORY = """Small Hours by nightjar
A/N: For the night shift.

I wake before the alarm. The kettle ticks on the stove and the window is still black.

"You're up early," says Mara from the doorway.

* * *

By noon the snow has buried the gate, and neither of us mentions the letter.
"""


def test_analyze_writes_one_json_per_work_and_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = tmp_path / "small.txt"
    a.write_text(STORY, encoding="utf-8")
    b = tmp_path / "other" / "small.txt"  # same stem: the second output must not overwrite the first
    b.parent.mkdir()
    b.write_text(STORY.replace("nightjar", "owlet"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(a), str(b), "-o", str(out)]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == ["small-2.json", "small.json"]
    doc = ficlens.from_json((out / "small.json").read_text(encoding="utf-8"))
    assert doc.meta.title == "Small Hours"
    assert len(doc.layer("scenes")) == 2
    assert len(doc.tokens) > 20
    assert json.loads((out / "small-2.json").read_text(encoding="utf-8"))["meta"]["authors"] == ["owlet"]
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("small.txt (Small Hours by nightjar): ")  # the input first: outputs may collide
    assert "words" in lines[0] and "1 chapter(s), 2 scene(s)" in lines[0] and lines[0].endswith("small.json")
    assert lines[-1].startswith("Analysed 2 of 2 work(s)") and str(out.resolve()) in lines[-1]


def test_quiet_prints_nothing_on_success(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "s.txt"
    story.write_text(STORY, encoding="utf-8")
    assert main(["analyze", str(story), "-o", str(tmp_path / "o"), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    assert (tmp_path / "o" / "s.json").exists()


def test_standard_input(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ficlens", "analyze", "-", "-o", str(tmp_path)],
        input=STORY.encode("utf-8"),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads((tmp_path / "stdin.json").read_text(encoding="utf-8"))
    assert data["source"]["path"] == "<stdin>"
    assert data["meta"]["title"] == "Small Hours"


def test_json_output_is_indented_on_request(tmp_path: Path) -> None:
    story = tmp_path / "s.txt"
    story.write_text(STORY, encoding="utf-8")
    main(["analyze", str(story), "-o", str(tmp_path), "--quiet", "--indent", "2"])
    assert (tmp_path / "s.json").read_text(encoding="utf-8").startswith('{\n  "format": "ficlens-document"')


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_a_terminal_for_long_works_only() -> None:
    tty = _Terminal()
    bar = ProgressBar("long.txt", stream=tty)
    bar("syntax", 0, MIN_CHARS_FOR_BAR * 2)
    bar("syntax", MIN_CHARS_FOR_BAR * 2, MIN_CHARS_FOR_BAR * 2)
    bar.close()
    assert "100%" in tty.getvalue() and "long.txt" in tty.getvalue()

    short = _Terminal()
    bar = ProgressBar("short.txt", stream=short)
    bar("syntax", 10, 100)
    assert short.getvalue() == ""

    piped = io.StringIO()  # not a terminal: no bar, whatever the length
    bar = ProgressBar("long.txt", stream=piped)
    bar("syntax", MIN_CHARS_FOR_BAR, MIN_CHARS_FOR_BAR * 2)
    assert piped.getvalue() == ""


def test_unwritable_output_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    story = tmp_path / "s.txt"
    story.write_text(STORY, encoding="utf-8")
    assert main(["analyze", str(story), "-o", str(blocker / "sub")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot create the output folder" in err[0]


def test_analyze_accepts_text_and_rejects_an_empty_string() -> None:
    doc = ficlens.analyze(STORY, syntax=False)
    assert doc.meta.title == "Small Hours" and doc.source.path is None
    with pytest.raises(ficlens.IngestError, match="empty"):
        ficlens.analyze("")


@pytest.mark.parametrize(
    "text",
    ["***\n", "I.\n\nII.\n", "Chapter 1\n", "Title by Author\nSummary: nothing yet\n", "“An unclosed quote\n\nand on"],
    ids=["only-a-separator", "only-headings", "one-heading", "only-a-header", "unclosed-quote"],
)
def test_works_with_no_story_text_still_analyse(tmp_path: Path, text: str) -> None:
    story = tmp_path / "odd.txt"
    story.write_text(text, encoding="utf-8")
    assert main(["analyze", str(story), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    doc = ficlens.from_json((tmp_path / "out" / "odd.json").read_text(encoding="utf-8"))
    assert all(doc.span_text(p).strip() for p in doc.layer("paragraphs"))


def test_a_work_not_in_english_is_analysed_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "yu.txt"
    story.write_text(
        "第一章\n\n她走进房间，看见他坐在窗边。“你来了，”他说。她没有回答，只是把信放在桌上。\n", encoding="utf-8"
    )
    assert main(["analyze", str(story), "-o", str(tmp_path / "o"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert f"ficlens: warning: {story}: the work is in 'zh', not English" in err and err.count("\n") == 1
    data = json.loads((tmp_path / "o" / "yu.json").read_text(encoding="utf-8"))
    assert data["meta"]["language"] == "zh" and len(data["meta"]["notices"]) == 1
