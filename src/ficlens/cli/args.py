"""Argument types shared by the CLI's subcommands."""

from __future__ import annotations

import argparse


def max_size(value: str) -> int:
    """``--max-size MB``: a positive number of megabytes, as bytes."""
    try:
        mb = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of megabytes: {value!r}") from None
    if mb <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return max(1, int(mb * 1024 * 1024))
