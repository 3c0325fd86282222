"""Hostile and extreme input, round two (issue 18): each attack is generated here, and must end in a typed error
or a bounded result, with no traceback and no raw terminal escape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ficlens
from ficlens.cli.main import main
from ficlens.writers import write_atomic

STORY = (
    "The lamplighter came up Quarry Lane an hour early, and Mara Quill watched him from the bakery step.\n\n"
    '"You are early," she said. "The fog has not even thought about coming in yet."\n\n'
    '"The fog thinks about nothing else," said Teodor Vance, and set his ladder against the post.\n'
)
LONE = "\ud800"


def _no_temp_files(folder: Path) -> None:
    assert [p.name for p in folder.rglob("*") if ".tmp" in p.name] == []


# -- text sanitised at the door ---------------------------------------------------------------------------------


def test_lone_surrogate_in_text_is_replaced_and_recorded() -> None:
    doc = ficlens.ingest.from_text(STORY.replace("bakery", f"bak{LONE}ry"), path="s.txt")
    assert LONE not in doc.text and "bak\ufffdry" in doc.text
    assert len(doc.text) == len(STORY)  # one code point for one: offsets unchanged
    assert any("lone surrogates" in c and "text" in c for c in doc.source.changes)
    doc.text.encode("utf-8")


def test_sidecar_with_a_lone_surrogate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """FanFicFare's JSON sidecar with "\\ud800" in its strings: read() cleans it; analyze writes every format and
    leaves no temporary file (it used to end in "internal error: UnicodeEncodeError" and a 0-byte .tmp file)."""
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    sidecar = {"title": f"Lamps{LONE}", "author": f"quill{LONE}", "storyUrl": "https://example.org/s/1"}
    (tmp_path / "story.json").write_text(json.dumps(sidecar), encoding="ascii")  # json.dumps writes \ud800
    doc = ficlens.read(story)
    assert doc.meta.title == "Lamps\ufffd" and doc.meta.authors == ("quill\ufffd",)
    assert any("metadata" in c for c in doc.source.changes)
    out = tmp_path / "out"
    assert main(["analyze", str(story), "-o", str(out), "--format", "json,html,tei,booknlp", "-q"]) == 0
    assert capsys.readouterr().err == ""
    assert (out / "story.json").is_file()
    _no_temp_files(out)


def test_writer_removes_its_temporary_file_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(UnicodeEncodeError):
        write_atomic(tmp_path / "x.json", f"bad {LONE}")
    assert list(tmp_path.iterdir()) == []

    def full_disk(self: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_atomic(tmp_path / "x.json", "fine")
    assert list(tmp_path.iterdir()) == []


# -- terminal escapes ---------------------------------------------------------------------------------------------

ESC_TITLE = "\x1b]0;owned\x07Lamps\x1b[2J"


def test_analyze_never_prints_a_raw_escape(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "evil\x1b[2J.txt"
    story.write_text(f"Title: {ESC_TITLE}\nAuthor: moth\x1b[31m\n\n{STORY}", encoding="utf-8")
    binary = tmp_path / "bad\x1b]0;x\x07.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert main(["analyze", str(story), str(binary), "-o", str(tmp_path / "out")]) == 1
    captured = capfd.readouterr()
    for stream in (captured.out, captured.err):
        assert "\x1b" not in stream and "\x07" not in stream
    assert "\\x1b]0;owned\\x07Lamps\\x1b[2J by moth\\x1b[31m" in captured.out
    assert "bad\\x1b]0;x\\x07.txt: is a PNG image" in captured.err


# -- analyze bounded like batch -------------------------------------------------------------------------------------


def test_analyze_stops_at_the_time_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import time

    story = tmp_path / "long.txt"
    story.write_text(STORY * 4000, encoding="utf-8")  # some 200,000 words: half a minute of CPU or more
    ok = tmp_path / "ok.txt"
    ok.write_text(STORY, encoding="utf-8")
    started = time.process_time()  # CPU time: the bound holds on a machine shared with other jobs
    assert main(["analyze", str(story), str(ok), "-o", str(tmp_path / "out"), "--max-time", "1", "-q"]) == 1
    assert time.process_time() - started < 20
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"ficlens: error: {story}: stopped after 1s, the --max-time limit (raise it with --max-time)"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ok.json"]  # the next file still ran


def test_analyze_stops_at_the_memory_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import resource

    story = tmp_path / "s.txt"
    story.write_text(STORY * 200, encoding="utf-8")
    before = resource.getrlimit(resource.RLIMIT_AS)
    assert main(["analyze", str(story), "-o", str(tmp_path / "out"), "--max-memory", "50MB", "-q"]) == 1
    assert resource.getrlimit(resource.RLIMIT_AS) == before  # the backstop is undone
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"ficlens: error: {story}: ")
    assert "--max-memory limit" in err[0] and "raise it with --max-memory" in err[0]
