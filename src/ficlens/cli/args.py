"""Argument types shared by the CLI's subcommands."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import PipelineConfig


def max_size(value: str) -> int:
    """``--max-size MB``: a positive number of megabytes, as bytes."""
    try:
        mb = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of megabytes: {value!r}") from None
    if mb <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return max(1, int(mb * 1024 * 1024))


def add_pipeline_arguments(parser: argparse.ArgumentParser) -> None:
    """``--model``, ``--speaker-scorer`` and ``--pronoun-scorer``: the PipelineConfig flags every command shares."""
    from ..config import DEFAULT_SCORER
    from ..stages.syntax import DEFAULT_MODEL

    parser.add_argument(
        "--model", default=DEFAULT_MODEL, metavar="NAME",
        help=f"the spaCy English pipeline to parse with, any installed one (default: {DEFAULT_MODEL})",
    )  # fmt: skip
    parser.add_argument(
        "--speaker-scorer", default=DEFAULT_SCORER, metavar="NAME",
        help=f"the speaker stage's scorer (default: {DEFAULT_SCORER})",
    )  # fmt: skip
    parser.add_argument(
        "--pronoun-scorer", default=DEFAULT_SCORER, metavar="NAME",
        help=f"the pronoun antecedent scorer (default: {DEFAULT_SCORER})",
    )  # fmt: skip


def pipeline_config(args: argparse.Namespace) -> PipelineConfig:
    """The PipelineConfig the flags of :func:`add_pipeline_arguments` ask for, checked by building its stages
    (nothing is loaded): ModelNotInstalledError or PipelineError says in one line why it cannot run."""
    from ..config import PipelineConfig
    from ..pipeline import build_stages

    config = PipelineConfig(model=args.model, speaker_scorer=args.speaker_scorer, pronoun_scorer=args.pronoun_scorer)
    build_stages(config)
    return config
