"""A real `ficlens batch` killed with SIGKILL part-way, then rerun: every work once, none missing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from ficlens.batch.work import FAULT_ENV

N = 12


def _stories(folder: Path) -> set[str]:
    import hashlib

    folder.mkdir()
    ids = set()
    for i in range(N):
        text = (
            f'Story {i} by quill\n\n"Is it morning yet, Hana?" Joss asked on day {i}.\n\n'
            f'"Not yet," said Hana. "Sleep a little longer, Joss."\n'
        )
        (folder / f"story-{i:02d}.txt").write_text(text, encoding="utf-8")
        ids.add(hashlib.sha256(text.encode()).hexdigest())
    return ids


def _committed(out: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{out / 'manifest.sqlite'}?mode=ro", uri=True, timeout=1)
        try:
            return int(con.execute("select count(*) from done").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _batch(folder: Path, out: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "ficlens", "batch", str(folder), "-o", str(out), "-j", "1", "--chunk-size", "2"]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_sigkill_then_rerun_finishes_with_no_duplicates_and_nothing_missing(tmp_path: Path) -> None:
    ids = _stories(tmp_path / "in")
    out = tmp_path / "out"
    env = dict(os.environ, **{FAULT_ENV: "*:delay=0.4"})  # slow works down so the kill lands mid-run
    proc = _batch(tmp_path / "in", out, env)
    deadline = time.monotonic() + 120
    while _committed(out) < 4 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    time.sleep(0.5)  # somewhere inside the next chunk
    assert proc.poll() is None, proc.communicate()
    children = _children(proc.pid)
    if Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists():
        assert children  # the worker process (and multiprocessing's resource tracker)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    killed_at = _committed(out)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in children if _alive(pid)]  # the batch's workers die with it
    assert 4 <= killed_at < N

    env.pop(FAULT_ENV)
    rerun = _batch(tmp_path / "in", out, env)
    stdout, stderr = rerun.communicate(timeout=180)
    assert rerun.returncode == 0, stderr
    assert f"{N - killed_at} done, {killed_at} skipped (already done), 0 failed of {N} work(s)" in stdout

    con = duckdb.connect(str(out / "corpus.duckdb"), read_only=True, config={"file_search_path": str(out)})
    try:
        works = con.execute("select work_id from works_all").fetchall()  # every row written, not just current
        quotes = con.execute("select work_id, count(*) from quotes group by 1").fetchall()
        raw_quotes = con.execute(f"select count(*) from read_parquet('{out}/quotes/*.parquet')").fetchone()
    finally:
        con.close()
    assert sorted(w for (w,) in works) == sorted(ids)  # each work exactly once
    assert {w for w, _n in quotes} == ids
    assert raw_quotes == (sum(n for _w, n in quotes),)  # no orphan rows from the killed chunk
    assert not list(out.rglob(".*tmp*"))
