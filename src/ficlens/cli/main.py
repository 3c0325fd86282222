"""The ``ficlens`` command. Thin wrappers over library calls: this module decides policy, not analysis."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ..api import analyze, read
from ..batch.limits import bounded
from ..errors import FiclensError
from ..ingest import DEFAULT_MAX_BYTES, EPUB_FORMATS, FORMATS, calibre
from ..ingest.folders import expand_inputs
from ..model import Document
from ..text.terminal import printable
from ..version import __version__
from ..writers import DEFAULT_FORMATS, output_name, parse_formats, write_json, writer
from ..writers import FORMATS as OUTPUT_FORMATS
from .args import add_pipeline_arguments, max_size, pipeline_config
from .batch import add_batch_parsers, parse_size
from .evaluate import add_eval_parser
from .progress import ProgressBar

DEFAULT_OUT = "ficlens-output"
DEFAULT_MAX_TIME = 3600.0  # seconds per work, as batch's --work-timeout
DEFAULT_MAX_MEMORY = 4 * 1024**3  # one work in the foreground: twice batch's --max-worker-memory

ANALYZE_HELP = """\
Analyse story files and write one NAME.json per work (the ficlens JSON document, docs/json-format.md), and
any other output formats asked for with --format (docs/outputs.md).

Each file is read (its format and encoding detected), split into chapters, scenes and paragraphs, and
parsed with spaCy. A file that cannot be read is reported on one line and skipped; the others go on.
The exit status is 0 when every file was analysed, 1 when any failed, 2 for a usage error (a --model that is
not installed included).

examples:
  ficlens analyze story.txt                 # writes ficlens-output/story.json
  ficlens analyze *.txt -o results/ --quiet
  cat story.txt | ficlens analyze - -o out/   # '-' reads standard input (out/stdin.json)
  ficlens analyze story.epub --format json,html,tei,booknlp,gexf   # or --format all
  ficlens analyze story.txt --model en_core_web_lg   # another installed spaCy English pipeline
"""


def _output_formats(value: str) -> tuple[str, ...]:
    try:
        return parse_formats(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ficlens", description="Read fan fiction and narrative fiction as literature."
    )
    parser.add_argument("--version", action="version", version=f"ficlens {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    a = sub.add_parser(
        "analyze",
        aliases=["analyse"],
        help="analyse story files and write one JSON document per work",
        description=ANALYZE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    a.add_argument(
        "stories",
        nargs="+",
        metavar="STORY",
        help="story files or folders to analyse ('-' for standard input; a folder: the works in it, a Calibre "
        "library: one work per book)",
    )
    a.add_argument("-o", "--output", metavar="DIR", default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    a.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    a.add_argument(
        "-f", "--format", type=_output_formats, default=DEFAULT_FORMATS, metavar="LIST",
        help=f"output formats, comma-separated: {', '.join(OUTPUT_FORMATS)}, or all (default: json)",
    )  # fmt: skip
    a.add_argument(
        "--input-format",
        choices=sorted({*FORMATS, *EPUB_FORMATS}),
        default=None,
        help="the input format (default: detect it from the file)",
    )
    a.add_argument(
        "--max-size", type=max_size, default=DEFAULT_MAX_BYTES, metavar="MB",
        help=f"refuse files larger than this many megabytes (default: {DEFAULT_MAX_BYTES // 1024 // 1024})",
    )  # fmt: skip
    a.add_argument(
        "-j", "--jobs", type=int, default=0, metavar="N",
        help="processes for parsing a long work (default: 0 = all cores for long works, one for short ones)",
    )  # fmt: skip
    a.add_argument(
        "--max-time", type=float, default=DEFAULT_MAX_TIME, metavar="S",
        help=f"stop a work that takes longer than this many seconds (default: {DEFAULT_MAX_TIME:g}; 0: no limit)",
    )  # fmt: skip
    a.add_argument(
        "--max-memory", type=parse_size, default=DEFAULT_MAX_MEMORY, metavar="SIZE",
        help="stop a work when this process's resident memory grows past this (default: 4GB; 0: no limit)",
    )  # fmt: skip
    a.add_argument("--indent", type=int, default=None, metavar="N", help="indent the JSON (default: compact)")
    add_pipeline_arguments(a)
    a.add_argument("--debug", action="store_true", help="show the Python traceback of an unexpected error")
    a.set_defaults(func=cmd_analyze)
    add_eval_parser(sub)
    add_batch_parsers(sub)
    return parser


def summary_line(doc: Document, seconds: float, label: str) -> str:
    """``story.txt (Title by Author): 2,524 words, …``: the input first, so outputs that collide (``story-2``)
    can be told apart."""
    name = Path(label).name
    title = doc.meta.title
    author = f" by {', '.join(doc.meta.authors)}" if doc.meta.authors else ""
    about = f" ({title}{author})" if title else (f" ({author.strip()})" if author else "")
    return (
        f"{name}{about}: {doc.word_count:,} words, {len(doc.layer('chapters'))} chapter(s), "
        f"{len(doc.layer('scenes'))} scene(s), {seconds:.1f}s"
    )


def _error(message: str) -> None:
    print(f"ficlens: error: {printable(message)}", file=sys.stderr)


def cmd_analyze(args: argparse.Namespace) -> int:
    try:
        config = pipeline_config(args)
    except FiclensError as exc:
        _error(str(exc))
        return 2
    out = Path(args.output)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _error(f"{out}: cannot create the output folder: {exc.strerror or exc}")
        return 1
    taken: set[str] = set()
    failed = 0
    written: list[Path] = []
    for story, work in expand_inputs(args.stories):
        if work is None:
            failed += 1
            _error(f"{story}: is a folder with no story files in it (docs/ingest.md, Folders and Calibre libraries)")
            continue
        label = "<stdin>" if story == "-" else story
        bar = ProgressBar(Path(label).name, stream=sys.stderr)
        started = time.perf_counter()
        try:
            with bounded(label, max_seconds=args.max_time, max_memory=args.max_memory):
                doc = read(story, format=args.input_format, max_bytes=args.max_size)
                if work.opf is not None:  # a Calibre library's book: its metadata.opf over the file's own
                    doc = doc.with_meta(calibre.merge(doc.meta, calibre.opf_metadata_file(work.opf)))
                doc = analyze(doc, n_process=args.jobs, config=config, progress=None if args.quiet else bar)
                for notice in doc.meta.notices:
                    print(printable(f"ficlens: warning: {label}: {notice}"), file=sys.stderr)
                stem = output_name(story, taken)
                files: list[Path] = []
                for fmt in args.format:
                    if fmt == "json":
                        files += write_json(doc, out, stem, indent=args.indent)
                    else:
                        files += writer(fmt)(doc, out, stem)
                target = files[0]
        except FiclensError as exc:
            bar.close()
            failed += 1
            _error(str(exc) if exc.path else f"{label}: {exc}")
            continue
        except OSError as exc:
            bar.close()
            failed += 1
            _error(f"{label}: cannot write the result: {exc.strerror or exc}")
            continue
        except Exception as exc:
            bar.close()
            if args.debug:
                raise
            failed += 1
            _error(f"{label}: internal error: {type(exc).__name__}: {exc} (rerun with --debug and report it)")
            continue
        bar.close()
        written.append(target)
        if not args.quiet:
            print(printable(f"{summary_line(doc, time.perf_counter() - started, label)} -> {target}"))
            for extra in files[1:]:
                print(printable(f"  also -> {extra}"))
    if not args.quiet:
        ok = len(written)
        tail = f"; {failed} failed" if failed else ""
        print(printable(f"Analysed {ok} of {ok + failed} work(s); results are in {out.resolve()}{tail}"))
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:  # `ficlens` alone: what it can do, not an error
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("ficlens: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
