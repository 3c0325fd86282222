"""Speed, scaling, memory and resume cost of `ficlens batch`, on a corpus cut from LitBank novels.

Run with ``make bench`` (or ``python bench/batch_speed.py [--quick]``). The corpus: chapter-sized pieces
(paragraphs gathered to about 22 kB) of a few novels from ``../shared/data/litbank/original`` (skipped with a
message when ``../shared`` is absent), 200+ works and about a million spaCy tokens in all (``--quick``: about a
quarter). Each piece is written as a file; every run reads the same folder into a fresh output folder:

* ``local-1``: the local engine with one worker process;
* ``local-2``: the local engine with two (target: at least 1.8x faster than one, on a machine with 2+ cores);
* ``dask-2``: a Dask LocalCluster of two single-threaded worker processes (target: within 15 % of local-2);
* ``resume``: ``local-2``'s command run again on its finished output (target: under 5 % of its time);

and the peak resident memory of any worker (target: at most 1 GB). Figures are printed as each run ends, and
saved to ``bench/results/batch-speed-<timestamp>.json``. Every time includes starting the workers (each loads
the spaCy pipeline), as a user's run does.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LITBANK = ROOT.parent / "shared" / "data" / "litbank" / "original"
NOVELS = [
    "105_persuasion.txt",
    "1342_pride_and_prejudice.txt",
    "113_the_secret_garden.txt",
    "1400_great_expectations.txt",
    "1260_jane_eyre_an_autobiography.txt",
    "158_emma.txt",
    "1155_the_secret_adversary.txt",
]
PIECE_CHARS = 22_000
CHARS_PER_TOKEN = 4.75  # what ficlens's tokenisation gives on these novels (Persuasion: 467 kB, ~98,000 tokens)
TARGETS = {"speedup": 1.8, "dask_within": 0.15, "worker_mb": 1024, "resume": 0.05}


def build_corpus(folder: Path, tokens: int, min_works: int) -> tuple[int, int]:
    """Write pieces of the novels into ``folder`` until both targets are met; returns (works, characters)."""
    folder.mkdir(parents=True, exist_ok=True)
    works = chars = 0
    goal = tokens * CHARS_PER_TOKEN
    for name in NOVELS:
        paragraphs = [p.strip() for p in (LITBANK / name).read_text(encoding="utf-8").split("\n\n") if p.strip()]
        piece: list[str] = []
        size = 0
        for para in paragraphs:
            piece.append(para)
            size += len(para) + 2
            if size >= PIECE_CHARS:
                text = "\n\n".join(piece) + "\n"
                (folder / f"{works:04d}_{Path(name).stem[:30]}.txt").write_text(text, encoding="utf-8")
                works += 1
                chars += len(text)
                piece, size = [], 0
                if chars >= goal and works >= min_works:
                    return works, chars
    return works, chars


def run(label: str, folder: Path, out: Path, **config: object) -> dict[str, object]:
    from ficlens.batch import BatchConfig, run_batch

    started = time.perf_counter()
    s = run_batch([str(folder)], BatchConfig(out=out, chunk_size=25, **config))  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    row = {
        "run": label,
        "works": s.done,
        "skipped": s.skipped,
        "failed": s.failed,
        "tokens": s.tokens,
        "words": s.words,
        "out_mb": round(sum(f.stat().st_size for f in out.rglob("*.parquet")) / 2**20, 2),
        "seconds": round(seconds, 2),
        "works_per_second": round((s.done + s.failed) / seconds, 3),
        "tokens_per_second": round(s.tokens / seconds),
        "peak_worker_mb": round(s.peak_worker_mb),
        "write_seconds": round(s.write_seconds, 2),
        "engine": s.engine,
    }
    print(
        f"{label:9} {s.done:>6} {s.skipped:>7} {s.failed:>6} {s.tokens:>9,} {seconds:>8.1f} "
        f"{row['works_per_second']:>8} {row['tokens_per_second']:>8,} {row['peak_worker_mb']:>9} "
        f"{s.write_seconds:>7.2f}",
        flush=True,
    )
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a quarter of the corpus (about 250,000 tokens)")
    parser.add_argument("--skip-dask", action="store_true", help="leave out the Dask run")
    args = parser.parse_args()
    missing = [n for n in NOVELS if not (LITBANK / n).exists()]
    if missing:
        print(f"bench: skipped, LitBank novels not found in {LITBANK} (../shared/data is needed)", file=sys.stderr)
        return 0
    cores = os.cpu_count() or 1
    tokens, min_works = (250_000, 50) if args.quick else (1_000_000, 200)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"ficlens batch benchmark: Python {platform.python_version()}, {cores} cores, load average {load:.1f}")
    with tempfile.TemporaryDirectory(prefix="ficlens-batch-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        works, chars = build_corpus(corpus, tokens, min_works)
        print(f"corpus: {works} works, {chars / 1e6:.2f} M characters (~{chars / CHARS_PER_TOKEN:,.0f} tokens)")
        header = (
            f"{'run':9} {'works':>6} {'skipped':>7} {'failed':>6} {'tokens':>9} {'seconds':>8} {'works/s':>8} "
            f"{'tok/s':>8} {'worker MB':>9} {'write s':>7}"
        )
        print(header)
        print("-" * len(header), flush=True)
        rows = {
            "local-1": run("local-1", corpus, Path(tmp) / "local-1", engine="local", jobs=1),
            "local-2": run("local-2", corpus, Path(tmp) / "local-2", engine="local", jobs=2),
        }
        if not args.skip_dask:
            rows["dask-2"] = run("dask-2", corpus, Path(tmp) / "dask-2", engine="dask", jobs=2)
        rows["resume"] = run("resume", corpus, Path(tmp) / "local-2", engine="local", jobs=2)
    t = {k: float(v["seconds"]) for k, v in rows.items()}  # type: ignore[arg-type]
    speedup = t["local-1"] / t["local-2"]
    resume = t["resume"] / t["local-2"]
    worker_mb = max(float(r["peak_worker_mb"]) for r in rows.values())  # type: ignore[arg-type]
    checks = {
        "speedup": speedup >= TARGETS["speedup"] or cores < 2,
        "worker_mb": worker_mb <= TARGETS["worker_mb"],
        "resume": resume < TARGETS["resume"],
    }
    print(f"  => 2 local workers vs 1: {speedup:.2f}x (target >= {TARGETS['speedup']} on 2+ cores)")
    if "dask-2" in t:
        gap = t["dask-2"] / t["local-2"] - 1
        checks["dask"] = gap <= TARGETS["dask_within"]
        print(f"  => Dask LocalCluster (2 workers) vs local (2): {gap:+.1%} time (target within +15 %)")
    print(f"  => peak worker memory {worker_mb:.0f} MB (target <= {TARGETS['worker_mb']})")
    print(f"  => resume of a finished batch: {t['resume']:.2f}s, {resume:.1%} of the run (target < 5 %)")
    missed = [k for k, ok in checks.items() if not ok]
    print("all targets met" if not missed else f"MISSED: {', '.join(missed)}")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"batch-speed-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(
        json.dumps(
            {"cores": cores, "load": load, "works": works, "chars": chars, "runs": rows, "checks": checks}, indent=2
        ),
        encoding="utf-8",
    )
    print(f"results written to {out.relative_to(ROOT)}")
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
