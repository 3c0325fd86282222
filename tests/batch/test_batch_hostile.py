"""Batch poison rows and special files (issue 18): every per-work failure, in the driver or a worker, is an
error row and the run goes on; listing reads regular files only and does not follow symbolic links out of the
inputs; the store's own failures (a full disk, a corrupted manifest) are one clear line."""

from __future__ import annotations

import io
import json
import os
import random
import sqlite3
import zipfile
from pathlib import Path

import pytest

from ficlens.batch.sources import Locator, SourceFailure, _lines, discover
from ficlens.cli.main import main

from .batch_fixtures import KETTLE, LAMPS, RAIN

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symbolic links")


def _rows(out: Path, sql: str) -> list[tuple[object, ...]]:
    import duckdb

    from ficlens.batch.store import view_sql

    con = duckdb.connect()
    for statement in view_sql(out):
        con.execute(statement)
    return con.execute(sql).fetchall()


def _hostile_folder(root: Path) -> Path:
    folder = root / "in"
    folder.mkdir()
    (folder / "kettle.txt").write_text(KETTLE, encoding="utf-8")
    lines = [
        json.dumps({"id": "ok", "text": RAIN}),
        json.dumps({"id": "surrogate", "text": LAMPS.replace("wind", "wi\ud800nd")}),  # "\ud800" as written
        '{"id": "huge", "text": "A story.", "meta": {"words": ' + "9" * 5000 + "}}",
        json.dumps({"id": "int64", "text": KETTLE.replace("Mara", "Nell"), "meta": {"words": 2**70}}),  # past int64
    ]
    (folder / "works.jsonl").write_text("\n".join(lines) + "\n", encoding="ascii")
    story = folder / "sidecar.txt"
    story.write_text(RAIN.replace("Ada", "Ines"), encoding="utf-8")  # no title of its own: the sidecar's is used
    (folder / "sidecar.json").write_text(json.dumps({"title": "Lamps\ud800", "author": "moth\udfff"}), "ascii")
    with zipfile.ZipFile(folder / "pack.zip", "w") as zf:
        zf.writestr("evil\x1b]0;owned\x07.txt", b"\x89PNG\r\n\x1a\n" + bytes(64))  # a member name with escapes
    os.mkfifo(folder / "blocks.jsonl")
    os.mkfifo(folder / "blocks.zip")
    (folder / "zero.jsonl").symlink_to("/dev/zero")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "inside.txt").symlink_to(folder / "kettle.txt")  # inside the input: the same work, listed once
    return folder


def test_poison_rows_and_special_files_are_error_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _hostile_folder(tmp_path)
    out = tmp_path / "out"
    argv = ["batch", str(folder), "-o", str(out), "--engine", "inline", "-q"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "\x1b" not in err and "\x07" not in err
    assert "pack.zip!evil\\x1b]0;owned\\x07.txt: is a PNG image" in err
    errors = dict(_rows(out, "select coalesce(path || ':' || line, path), error_type from errors"))  # type: ignore[arg-type]
    by_name = {Path(str(k)).name: v for k, v in errors.items()}
    assert by_name == {
        "works.jsonl:3": "JsonLineError",  # the 5,000-digit integer
        "works.jsonl:4": "RowError",  # words = 2**70: the works table's words column cannot hold it
        "blocks.jsonl": "NotAFileError",
        "blocks.zip": "NotAFileError",
        "zero.jsonl": "SymlinkError",  # to /dev/zero
        "passwd.txt": "SymlinkError",
        "pack.zip": "BinaryInputError",
    }
    assert "exceeds the limit" in err or "Exceeds the limit" in err
    ok = _rows(out, "select external_id, title, authors from works where status = 'ok' order by path, line")
    assert ("surrogate", "Lamps", ["moth"]) in ok
    assert (None, "Lamps\ufffd", ["moth\ufffd"]) in ok  # the sidecar, cleaned
    assert len(ok) == 4  # kettle (once), sidecar, and two lines
    assert main(argv) == 0  # a rerun: nothing left, nothing failed, nothing stuck
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]


def test_follow_symlinks_reads_links_out_of_the_input(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    elsewhere = tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    (elsewhere / "rain.txt").write_text(RAIN, encoding="utf-8")
    (folder / "rain.txt").symlink_to(elsewhere / "rain.txt")
    (folder / "more").symlink_to(elsewhere, target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    found = list(discover([str(folder)]))
    assert [type(x).__name__ for x in found] == ["SourceFailure", "SourceFailure"]
    assert all(isinstance(x, SourceFailure) and x.error_type == "SymlinkError" for x in found)
    followed = list(discover([str(folder)], follow_symlinks=True))
    assert [x.path for x in followed if isinstance(x, Locator)] == [str(folder / "rain.txt")]  # one work, once
    globbed = list(discover([str(folder / "*.txt")]))
    assert isinstance(globbed[0], SourceFailure) and globbed[0].error_type == "SymlinkError"
    (zero,) = discover(["/dev/zero"])  # named on the command line: followed, but not a regular file
    assert isinstance(zero, SourceFailure) and zero.error_type == "NotAFileError" and "a device" in zero.message


def test_a_row_no_table_can_hold_becomes_an_error_row() -> None:
    from ficlens.batch.guard import checked
    from ficlens.batch.work import WorkOptions, failure_result

    source = SourceFailure("w1", Locator("file", "a\udc80.txt"), "X", "x")
    result = failure_result(source, "X", "x", WorkOptions(pipeline_version="v"))
    result.status = "ok"
    result.rows["works"][0].update(status="ok", word_count=2**70)
    bad = checked(result)
    assert bad.status == "error" and bad.rows["errors"][0]["error_type"] == "RowError"
    assert bad.rows["works"][0]["path"] == "a\ufffd.txt" and "Overflow" in bad.rows["errors"][0]["message"]
    fine = checked(failure_result(source, "X", "x", WorkOptions(pipeline_version="v")))
    assert fine.status == "error" and fine.rows["errors"][0]["error_type"] == "X"


def test_json_lines_are_listed_a_block_at_a_time() -> None:
    rng = random.Random(18)
    for _ in range(200):
        data = b"".join(
            rng.choice([b"\n", b"  \n", b'{"text": "x"}\n', b"abc", b" "]) for _ in range(rng.randrange(30))
        )
        expected, offset = [], 0
        for number, line in enumerate(data.splitlines(keepends=True), start=1):
            expected.append((number, offset, len(line), not line.strip()))
            offset += len(line)
        assert list(_lines(io.BytesIO(data), block=rng.choice([1, 2, 3, 7, 64]))) == expected


def test_a_line_past_the_limit_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ficlens.batch import sources

    monkeypatch.setattr(sources, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "long.jsonl"
    path.write_bytes(b'{"text": "' + b"a" * 5000 + b'"}')  # no newline at all
    (loc,) = discover([str(path)])
    assert isinstance(loc, Locator) and loc.length == 5012
    with sources.Loader() as loader:
        failed = loader.load(loc)
    assert isinstance(failed, SourceFailure) and failed.error_type == "InputTooLargeError"


def test_a_corrupted_manifest_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(KETTLE, encoding="utf-8")
    out = tmp_path / "out"
    argv = ["batch", str(tmp_path / "a.txt"), "-o", str(out), "--engine", "inline", "-q"]
    assert main(argv) == 0
    (out / "manifest.sqlite").write_bytes(b"this is not a database at all" * 100)
    for leftover in ("manifest.sqlite-wal", "manifest.sqlite-shm"):
        (out / leftover).unlink(missing_ok=True)
    assert main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "manifest (manifest.sqlite) failed" in err[0], err


def test_a_full_disk_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow.parquet as pq

    (tmp_path / "a.txt").write_text(KETTLE, encoding="utf-8")
    out = tmp_path / "out"
    real = pq.write_table

    def full(table: object, where: object, **kw: object) -> None:
        if "part-" in str(where):
            Path(str(where)).write_bytes(b"half")
            raise OSError(28, "No space left on device")
        real(table, where, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pq, "write_table", full)
    assert main(["batch", str(tmp_path / "a.txt"), "-o", str(out), "--engine", "inline", "-q"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "No space left on device" in err[0] and "intact" in err[0], err
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]
    with sqlite3.connect(out / "manifest.sqlite") as db:
        assert db.execute("select count(*) from done").fetchone() == (0,)
