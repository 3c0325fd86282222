"""``ficlens eval pdnc`` and ``ficlens eval litbank``: score ficlens on the evaluation corpora."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..errors import FiclensError
from .args import add_pipeline_arguments, pipeline_config

PDNC_HELP = """\
Run ficlens over PDNC novels exactly as a user would and score it with ../shared/data/pdnc/SCORING.md.

Writes one prediction JSON per novel (SCORING.md §3) to --predictions-out and prints the §11 report:
detection, speaker attribution, character recall / purity / fragmentation / alias B3, addressees and
in-quote mentions, per novel with micro and macro averages.

settings: e2e (text only), gq (gold quote spans given), gqgc (gold quotes and gold characters given).
"""

LITBANK_HELP = """\
Run ficlens over the 100 LitBank excerpts and print person-mention P/R/F1 (entity layer, PROP+NOM) and
coreference MUC, B3, CEAF-e and CoNLL F1 for all entities and for persons only (micro-averaged).
"""

CAST_HELP = """\
Run ficlens over stories whose whole cast is annotated by hand (X.txt with X.json) and print cast precision: the
share of predicted characters (not groups) that match a real character, each real character matched once.
"""


def add_eval_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ev = sub.add_parser("eval", help="score ficlens on PDNC or LitBank", description="Score ficlens on a corpus.")
    evsub = ev.add_subparsers(dest="corpus", metavar="CORPUS")
    evsub.required = True

    p = evsub.add_parser(
        "pdnc", help="PDNC novels (characters, quotes)", description=PDNC_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.add_argument("--data", type=Path, default=Path("../shared/data/pdnc"), help="the PDNC folder (with data/)")
    p.add_argument("--split", choices=["dev", "train", "all"], default="dev")
    p.add_argument("--setting", choices=["e2e", "gq", "gqgc"], default="e2e")
    p.add_argument("--predictions-out", type=Path, default=None, metavar="DIR", help="write prediction JSON here")
    p.add_argument("--novel", action="append", default=None, help="only this novel (repeatable)")
    p.add_argument(
        "--people", type=Path, default=Path("tests/data/pdnc_dev_people.json"), metavar="FILE",
        help="hand-checked list of which characters are people (skipped when the file is missing)",
    )  # fmt: skip
    add_pipeline_arguments(p)
    p.set_defaults(func=cmd_eval_pdnc)

    lb = evsub.add_parser(
        "litbank", help="LitBank (person mentions, coreference)", description=LITBANK_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    lb.add_argument("--data", type=Path, default=Path("../shared/data/litbank"), help="the LitBank folder")
    lb.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N documents")
    add_pipeline_arguments(lb)
    lb.set_defaults(func=cmd_eval_litbank)

    cs = evsub.add_parser(
        "cast", help="cast precision on fully cast stories", description=CAST_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    cs.add_argument(
        "--data", type=Path, default=Path("tests/data/cast"), help="folder of X.txt stories with X.json casts"
    )
    add_pipeline_arguments(cs)
    cs.set_defaults(func=cmd_eval_cast)


def _fail(message: str) -> int:
    print(f"ficlens: error: {message}", file=sys.stderr)
    return 2


def cmd_eval_pdnc(args: argparse.Namespace) -> int:
    from ..evaluation import pdnc_run

    if not (args.data / "data").is_dir():
        return _fail(f"{args.data}: no PDNC data folder here (expected {args.data / 'data'}); pass --data")
    try:
        config = pipeline_config(args)
    except FiclensError as exc:
        return _fail(str(exc))

    def on_novel(name: str, seconds: float, error: FiclensError | None) -> None:
        if error is not None:
            print(f"ficlens: error: {error}", file=sys.stderr)
        else:
            print(f"{name}: analysed and scored in {seconds:.1f}s", file=sys.stderr)

    try:
        run = pdnc_run.evaluate(
            args.data, args.split, args.setting, config=config, novels=args.novel,
            predictions_out=args.predictions_out, on_novel=on_novel,
            people=args.people if args.people.is_file() else None,
        )  # fmt: skip
    except (ValueError, OSError) as exc:
        return _fail(f"{args.data}: {exc}")
    if not run.results:
        return _fail("no novels were scored")
    print(run.report())
    return 0


def cmd_eval_litbank(args: argparse.Namespace) -> int:
    from ..evaluation import harness, litbank

    if not (args.data / "coref").is_dir():
        return _fail(f"{args.data}: no LitBank coref folder here; pass --data")
    try:
        config = pipeline_config(args)
    except FiclensError as exc:
        return _fail(str(exc))
    started = time.perf_counter()

    def progress(name: str, done: int, total: int) -> None:
        print(f"\r{done}/{total} {name[:50]:50}", end="", file=sys.stderr, flush=True)

    scores = harness.run_litbank(args.data, limit=args.limit, progress=progress, config=config)
    print(file=sys.stderr)
    print(litbank.format_report(scores))
    print(f"({time.perf_counter() - started:.0f}s)")
    return 0


def cmd_eval_cast(args: argparse.Namespace) -> int:
    from ..evaluation import cast

    try:
        config = pipeline_config(args)
        scores = cast.run_cast(args.data, config)
    except FiclensError as exc:
        return _fail(str(exc))
    except (OSError, ValueError, KeyError) as exc:
        return _fail(f"{args.data}: {exc}")
    print(cast.format_cast_report(scores))
    return 0
