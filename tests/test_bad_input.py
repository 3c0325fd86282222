"""Bad input: the library raises typed errors naming the file; the CLI prints one line per bad file and goes on."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import ficlens
from ficlens.cli.main import main
from ficlens.errors import (
    BinaryInputError,
    DecodingError,
    EmptyInputError,
    IngestError,
    InputNotFoundError,
    InputTooLargeError,
    NotAFileError,
)

GOOD_1 = "The kettle sang on the stove.\n\nAgnes did not move from the window.\n"
GOOD_2 = "Rain fell on the slate roofs of Harrowgate.\n\nNobody came to the door.\n"

PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
# Bytes without NULs that are not UTF-8 and fit no text encoding charset-normalizer knows.
UNDECODABLE = random.Random(0).randbytes(300).replace(b"\x00", b"\x01")
# A binary file with no magic number that a sniffer would recognise (a few NULs among random bytes).
NO_MAGIC_BINARY = random.Random(7).randbytes(3000)


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("chapter1.txt", "Once, by the harbour, a lantern went out.\n" * 20)
    return buf.getvalue()


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# -- library ------------------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "no-such-story.txt"
    with pytest.raises(InputNotFoundError) as info:
        ficlens.read(path)
    assert str(path) in str(info.value)
    assert "no such file" in str(info.value)


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "stories"
    folder.mkdir()
    with pytest.raises(NotAFileError) as info:
        ficlens.read(folder)
    assert str(folder) in str(info.value)
    assert "directory" in str(info.value)


@pytest.mark.parametrize("content", [b"", b"  \n\n\t \r\n"], ids=["zero-bytes", "whitespace"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = _write(tmp_path, "blank.txt", content)
    with pytest.raises(EmptyInputError) as info:
        ficlens.read(path)
    assert str(path) in str(info.value)
    assert "empty" in str(info.value)


def test_file_holding_only_a_bom_is_empty(tmp_path: Path) -> None:
    path = _write(tmp_path, "bom-only.txt", b"\xef\xbb\xbf\n")
    with pytest.raises(EmptyInputError) as info:
        ficlens.read(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [("cover.txt", PNG_BYTES, "PNG"), ("archive.txt", _zip_bytes(), "ZIP"), ("data.txt", NO_MAGIC_BINARY, "NUL")],
    ids=["png", "zip-renamed-txt", "no-magic-nul-bytes"],
)
def test_binary_file(tmp_path: Path, name: str, data: bytes, what: str) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(BinaryInputError) as info:
        ficlens.read(path)
    message = str(info.value)
    assert str(path) in message
    assert what in message


def test_undecodable_bytes(tmp_path: Path) -> None:
    assert b"\x00" not in UNDECODABLE
    path = _write(tmp_path, "garbled.txt", UNDECODABLE)
    with pytest.raises(DecodingError) as info:
        ficlens.read(path)
    assert str(path) in str(info.value)


def test_too_large_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "long.txt", GOOD_1)
    with pytest.raises(InputTooLargeError) as info:
        ficlens.read(path, max_bytes=10)
    assert str(path) in str(info.value)
    assert "size limit" in str(info.value)
    # the same file within the limit reads fine
    assert ficlens.read(path, max_bytes=len(GOOD_1.encode())).text == GOOD_1


def test_too_large_bytes() -> None:
    with pytest.raises(InputTooLargeError):
        ficlens.read(GOOD_1.encode(), max_bytes=10)


def test_all_ingest_errors_are_ingest_errors_and_one_line(tmp_path: Path) -> None:
    bad = [tmp_path / "missing.txt", _write(tmp_path, "e.txt", b""), _write(tmp_path, "p.txt", PNG_BYTES)]
    for path in bad:
        with pytest.raises(IngestError) as info:
            ficlens.read(path)
        assert "\n" not in str(info.value)
        assert info.value.path == str(path)


# -- CLI --------------------------------------------------------------------------------------------


def _bad_files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    return [
        tmp_path / "missing-story.txt",
        folder,
        _write(tmp_path, "empty-story.txt", b""),
        _write(tmp_path, "image-story.txt", PNG_BYTES),
        _write(tmp_path, "zipped-story.txt", _zip_bytes()),
        _write(tmp_path, "garbled-story.txt", UNDECODABLE),
    ]


def test_cli_reports_each_bad_file_on_one_line_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good1 = _write(tmp_path, "good1.txt", GOOD_1)
    good2 = _write(tmp_path, "good2.txt", GOOD_2)
    bad = _bad_files(tmp_path)
    out = tmp_path / "out"
    status = main(["analyze", str(good1), *map(str, bad), str(good2), "-o", str(out), "--quiet"])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""  # --quiet: nothing but errors
    lines = captured.err.splitlines()
    assert len(lines) == len(bad), captured.err
    for path in bad:
        assert sum(str(path) in line for line in lines) == 1, (path, captured.err)
    assert "Traceback" not in captured.err
    assert json.loads((out / "good1.json").read_text(encoding="utf-8"))["text"] == GOOD_1
    assert json.loads((out / "good2.json").read_text(encoding="utf-8"))["text"] == GOOD_2


def test_cli_all_good_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good1 = _write(tmp_path, "good1.txt", GOOD_1)
    status = main(["analyze", str(good1), "-o", str(tmp_path / "out"), "--quiet"])
    captured = capsys.readouterr()
    assert status == 0
    assert captured.err == ""
    assert (tmp_path / "out" / "good1.json").is_file()


def test_cli_max_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = _write(tmp_path, "story.txt", GOOD_1 * 10)  # 700 bytes, over 0.0001 MB (104 bytes)
    status = main(["analyze", str(story), "--max-size", "0.0001", "-o", str(tmp_path / "out"), "--quiet"])
    captured = capsys.readouterr()
    assert status == 1
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert str(story) in lines[0]
    assert "size limit" in lines[0]
    assert not (tmp_path / "out" / "story.json").exists()


@pytest.mark.parametrize("value", ["0", "-1", "lots"])
def test_cli_rejects_a_bad_max_size(tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    story = _write(tmp_path, "story.txt", GOOD_1)
    with pytest.raises(SystemExit) as info:
        main(["analyze", str(story), "--max-size", value, "-o", str(tmp_path / "out")])
    assert info.value.code == 2
    assert "--max-size" in capsys.readouterr().err


def test_cli_analyze_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["analyze", "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    assert "-o" in text
    assert "--quiet" in text
    assert "--max-size" in text


def test_cli_subprocess_bad_file_between_good_ones(tmp_path: Path) -> None:
    _write(tmp_path, "good1.txt", GOOD_1)
    _write(tmp_path, "good2.txt", GOOD_2)
    _write(tmp_path, "bad.txt", PNG_BYTES)
    result = subprocess.run(
        [sys.executable, "-m", "ficlens", "analyze", "good1.txt", "bad.txt", "good2.txt", "-o", "OUT", "--quiet"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "bad.txt" in lines[0]
    assert "PNG" in lines[0]
    assert (tmp_path / "OUT" / "good1.json").is_file()
    assert (tmp_path / "OUT" / "good2.json").is_file()
    assert not (tmp_path / "OUT" / "bad.json").exists()
