"""Time and peak memory of ``ficlens analyze`` on big allowed inputs (issue 18): a long story (the attack used
49 MB, inside the default --max-size) and a story of one-word paragraphs (the attack used 1,000,000). Not a test:
it reports figures, so that the growth with size can be seen and the issue's targets (the 49 MB story within 2 GB
and linear time) checked honestly.

    python bench/extreme_sizes.py                         # 1, 2 and 4 MB; 50,000, 100,000 and 200,000 paragraphs
    python bench/extreme_sizes.py --mb 49 --paragraphs 1000000 --max-memory 0 --max-time 0   # the full cases

Each run is ``ficlens analyze`` in a fresh subprocess (one process, ``-j 1``), so its peak resident memory
(ru_maxrss) is its own; with the default limits (--max-memory 4GB, --max-time 3600) a run past them ends in the
typed one-line error, which the table shows. The stories are generated: invented sentences, names and dialogue.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAMES = ["Mara", "Teodor", "Ines", "Ivo", "Pell", "Marn", "Ada", "Ben"]
LINES = [
    "{a} came up Quarry Lane an hour early, and {b} watched from the bakery step.",
    '"You are early," {a} said. "The fog has not even thought about coming in yet."',
    '"The fog thinks about nothing else," said {b}, and set the ladder against the post.',
    "Above them the first lamp caught, shivered, and settled into a small gold hum.",
    "{a} counted the lamps down the lane the way other people counted sheep.",
]


def story(megabytes: float, seed: int = 18) -> str:
    rng = random.Random(seed)
    parts: list[str] = ["The Lamplighter's Hour\nby moth\n\n"]
    size = 0
    chapter = 0
    while size < megabytes * 1024 * 1024:
        if size // 200_000 >= chapter:
            chapter += 1
            parts.append(f"Chapter {chapter}\n\n")
        a, b = rng.sample(NAMES, 2)
        para = " ".join(rng.choice(LINES).format(a=a, b=b) for _ in range(rng.randint(1, 4))) + "\n\n"
        parts.append(para)
        size += len(para)
    return "".join(parts)


def one_word_paragraphs(n: int) -> str:
    return "".join(f"{NAMES[k % len(NAMES)]}.\n\n" for k in range(n))


def run(path: Path, max_memory: str, max_time: str) -> tuple[float, float, str]:
    out = path.parent / "out"
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "ficlens", "analyze", str(path), "-o", str(out),
         "-q", "-j", "1", "--max-memory", max_memory, "--max-time", max_time, "--max-size", "100"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    *messages, peak_kb = proc.stderr.strip().splitlines()
    result = "ok" if proc.returncode == 0 else (messages[-1][:160] if messages else f"exit {proc.returncode}")
    return seconds, int(peak_kb) / 1024, result


# Runs its arguments as a child and prints the child's peak resident memory (kB) last on standard error: each
# case's own peak (ru_maxrss of RUSAGE_CHILDREN is the largest child so far, so it needs a fresh parent).
_MEASURE = (
    "import resource, subprocess, sys; p = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(p.returncode)"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, nargs="*", default=[1, 2, 4], help="story sizes in MB")
    parser.add_argument("--paragraphs", type=int, nargs="*", default=[50_000, 100_000, 200_000])
    parser.add_argument("--max-memory", default="4GB", help="ficlens analyze --max-memory (0: no limit)")
    parser.add_argument("--max-time", default="3600", help="ficlens analyze --max-time (0: no limit)")
    args = parser.parse_args()
    print(f"{'input':32} {'chars':>12} {'seconds':>9} {'s/MB':>7} {'peak MB':>8}  result")
    cases = [(f"story {mb:g} MB", lambda mb=mb: story(mb)) for mb in args.mb]
    cases += [(f"{n:,} one-word paragraphs", lambda n=n: one_word_paragraphs(n)) for n in args.paragraphs]
    for name, make in cases:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "story.txt"
            text = make()
            path.write_text(text, encoding="utf-8")
            seconds, peak, result = run(path, args.max_memory, args.max_time)
            per_mb = seconds / (len(text) / 2**20)
            print(f"{name:32} {len(text):>12,} {seconds:>9.1f} {per_mb:>7.1f} {peak:>8.0f}  {result}", flush=True)


if __name__ == "__main__":
    main()
