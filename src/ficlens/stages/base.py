"""The stage protocol and the run context shared by all stages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ..model import Document

ProgressFn = Callable[[str, int, int], None]  # (stage name, done, total)


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


@dataclass(frozen=True)
class Context:
    """What a run gives its stages: how many processes they may use and where to report progress."""

    n_process: int = 1
    progress: ProgressFn = field(default=_no_progress)


@runtime_checkable
class Stage(Protocol):
    """A pipeline step. It never mutates ``doc``; it returns ``doc.with_layers(...)``."""

    name: str
    version: int
    requires: tuple[str, ...]
    produces: tuple[str, ...]

    def __call__(self, doc: Document, ctx: Context) -> Document: ...


def source_tag(stage: Stage) -> str:
    """The provenance string records carry: ``"structure@1"``."""
    return f"{stage.name}@{stage.version}"
