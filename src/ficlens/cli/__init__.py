"""The command-line interface (``ficlens``)."""

from .main import main

__all__ = ["main"]
