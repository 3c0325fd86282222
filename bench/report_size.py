"""Size and load time of the HTML report of a whole novel (``make bench``): under 5 MB and under 2 s.

Run with ``python bench/report_size.py [NOVEL]`` (default: PDNC's *Pride and Prejudice*, about 120,000 words,
from ``../shared/data``; skipped with a message when ``../shared`` is absent). It analyses the novel, writes its
report (``--format html``) and opens it in headless Chromium several times with ``--dump-dom``, which returns once
the page has loaded and its script has run. The load time is the median of those runs minus the median of the
same runs on a trivial page (Chromium's own start and exit); the report's script also records
``performance.now()`` at its ``load`` event (``data-load-ms`` on ``<html>``), printed alongside. Exits 1 when
the report is 5 MB or more or takes 2 s or more to load. Results also go to ``bench/results/report-<time>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from browser.chromium import FLAGS, find_chromium  # noqa: E402  (shared with the browser tests)

SHARED = ROOT.parent / "shared"
DEFAULT_NOVEL = SHARED / "data" / "pdnc" / "data" / "PrideAndPrejudice" / "novel_text.txt"
LIMIT_MB = 5.0
LIMIT_S = 2.0


def dump_dom(chromium: str, page: Path, profile: Path) -> tuple[float, str]:
    """Seconds for one headless Chromium run that loads ``page`` and prints its DOM, and the DOM."""
    started = time.perf_counter()
    done = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"chromium exited with {done.returncode}: {done.stderr[-1000:]}")
    return seconds, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("novel", nargs="?", type=Path, default=DEFAULT_NOVEL, help="the novel (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=5, help="Chromium runs per page (default: %(default)s)")
    parser.add_argument("--keep", type=Path, help="also copy the report here")
    args = parser.parse_args(argv)
    if not args.novel.exists():
        where = "../shared is absent" if not SHARED.exists() else f"{args.novel} does not exist"
        print(f"report_size: skipped: {where} (the benchmark needs a whole novel from ../shared/data)")
        return 0

    import ficlens
    from ficlens.writers import writer

    started = time.perf_counter()
    doc = ficlens.analyze(args.novel, n_process=os.cpu_count() or 1)
    analysed = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="ficlens-report-") as tmp:
        out = Path(tmp)
        started = time.perf_counter()
        (report,) = writer("html")(doc, out, "report")
        written = time.perf_counter() - started
        size_mb = report.stat().st_size / 1_000_000
        if args.keep:
            shutil.copyfile(report, args.keep)
        print(
            f"{args.novel.name}: {doc.word_count:,} words, {len(doc.layer('quotes')):,} quotations, "
            f"{len(doc.layer('characters')):,} characters; analysed in {analysed:.1f}s, report written in "
            f"{written:.2f}s"
        )
        print(f"report size: {size_mb:.2f} MB (limit {LIMIT_MB:g} MB)")
        result: dict[str, object] = {
            "novel": str(args.novel.name),
            "words": doc.word_count,
            "size_mb": round(size_mb, 3),
            "write_s": round(written, 3),
            "platform": platform.platform(),
        }
        failed = size_mb >= LIMIT_MB

        chromium = find_chromium()
        if chromium is None:
            print("load time: not measured, headless Chromium is not installed (make chromium)")
        else:
            blank = out / "blank.html"
            blank.write_text("<!DOCTYPE html><html lang=en><title>x</title><p>x</p></html>\n", encoding="utf-8")
            profile = out / "profile"
            dump_dom(chromium, blank, profile)  # the first run sets the profile up: not timed
            base, full, in_page = [], [], []
            for _ in range(args.runs):
                base.append(dump_dom(chromium, blank, profile)[0])
                seconds, dom = dump_dom(chromium, report, profile)
                full.append(seconds)
                if 'data-ready="1"' not in dom[:2000]:
                    print("load time: the report's script did not run")
                    failed = True
                found = re.search(r'data-load-ms="(\d+)"', dom[:2000])
                if found:
                    in_page.append(int(found.group(1)) / 1000)
            load = statistics.median(full) - statistics.median(base)
            print(
                f"load time: {load:.2f} s (limit {LIMIT_S:g} s): Chromium run {statistics.median(full):.2f} s "
                f"minus {statistics.median(base):.2f} s for a trivial page, median of {args.runs}"
            )
            if in_page:
                print(f"  the page's own clock at its load event: {statistics.median(in_page):.2f} s")
            result.update(
                load_s=round(load, 3),
                chromium_s=round(statistics.median(full), 3),
                baseline_s=round(statistics.median(base), 3),
                in_page_load_s=round(statistics.median(in_page), 3) if in_page else None,
            )
            failed = failed or load >= LIMIT_S

    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    path = results / f"report-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(("FAIL" if failed else "ok") + f" (results in {path.relative_to(ROOT)})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
