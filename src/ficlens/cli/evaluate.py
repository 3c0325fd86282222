"""``ficlens eval pdnc``, ``eval litbank`` and ``eval stories``: score ficlens on the evaluation corpora."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from ..errors import FiclensError
from ..text.terminal import printable
from .args import add_pipeline_arguments, pipeline_config

PDNC_HELP = """\
Run ficlens over PDNC novels exactly as a user would and score it with PDNC's SCORING.md.

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


# The folder holding pdnc/ and litbank/ when --data is not given (no default inside a checkout: an installed ficlens
# has no ../shared next to it).
DATA_ENV = "FICLENS_DATA"


def _data(given: Path | None, corpus: str) -> Path | None:
    if given is not None:
        return given
    root = os.environ.get(DATA_ENV)
    return Path(root) / corpus if root else None


def add_eval_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ev = sub.add_parser("eval", help="score ficlens on PDNC or LitBank", description="Score ficlens on a corpus.")
    evsub = ev.add_subparsers(dest="corpus", metavar="CORPUS")
    evsub.required = True

    p = evsub.add_parser(
        "pdnc", help="PDNC novels (characters, quotes)", description=PDNC_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.add_argument(
        "--data", type=Path, default=None, metavar="DIR",
        help=f"the PDNC folder, with data/ (default: ${DATA_ENV}/pdnc)",
    )  # fmt: skip
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
    lb.add_argument(
        "--data", type=Path, default=None, metavar="DIR", help=f"the LitBank folder (default: ${DATA_ENV}/litbank)"
    )
    lb.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N documents")
    add_pipeline_arguments(lb)
    lb.set_defaults(func=cmd_eval_litbank)

    st = evsub.add_parser(
        "stories", help="the project's own test stories (speakers)",
        description="Speaker accuracy on the stories of --data (NAME.txt with NAME.gold: fragment<TAB>speaker).",
    )  # fmt: skip
    st.add_argument("--data", type=Path, default=Path("tests/data/speakers"), help="the stories folder")
    add_pipeline_arguments(st)
    st.set_defaults(func=cmd_eval_stories)

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
    print(f"ficlens: error: {printable(message)}", file=sys.stderr)
    return 2


def cmd_eval_pdnc(args: argparse.Namespace) -> int:
    from ..evaluation import pdnc_run

    args.data = _data(args.data, "pdnc")
    if args.data is None:
        return _fail(f"eval pdnc: where is PDNC? pass --data DIR (the folder with data/) or set {DATA_ENV}")
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


def cmd_eval_stories(args: argparse.Namespace) -> int:
    from ..api import analyze
    from ..evaluation import stories

    if not stories.stories(args.data):
        return _fail(f"{args.data}: no stories here (NAME.txt beside NAME.gold); pass --data")
    try:
        config = pipeline_config(args)
    except FiclensError as exc:
        return _fail(str(exc))
    print(stories.report(stories.evaluate(args.data, lambda text: analyze(text, config=config))))
    return 0


def cmd_eval_litbank(args: argparse.Namespace) -> int:
    from ..evaluation import harness, litbank

    args.data = _data(args.data, "litbank")
    if args.data is None:
        return _fail(f"eval litbank: where is LitBank? pass --data DIR (the folder with coref/) or set {DATA_ENV}")
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
