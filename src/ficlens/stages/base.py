"""The stage protocol and the run context shared by all stages."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
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
    version: str  # code version and a fingerprint of the resources it loads: see :func:`stage_version`
    requires: tuple[str, ...]
    produces: tuple[str, ...]

    def __call__(self, doc: Document, ctx: Context) -> Document: ...


def source_tag(stage: Stage) -> str:
    """The provenance string records carry: ``"structure@1"``, ``"speakers@2+3f9a1c20"``."""
    return f"{stage.name}@{stage.version}"


def fingerprint(*parts: bytes | str) -> str:
    """Eight hex digits of SHA-256 over ``parts`` (each length-prefixed, so that no two splits collide)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:8]


def resource_bytes(relpath: str) -> bytes:
    """The bytes of the packaged file ``ficlens/resources/<relpath>`` (``b""`` when it is not there, so that a
    missing resource and a present one give different fingerprints)."""
    try:
        return resources.files("ficlens").joinpath(f"resources/{relpath}").read_bytes()
    except (FileNotFoundError, OSError):
        return b""


def stage_version(code: int, *resources_used: bytes | str) -> str:
    """A stage's honest version: its code version, then ``+`` and a fingerprint of what it loads (weights,
    lexicons, tables, a scorer's identity) when it loads anything: ``"2+3f9a1c20"``. Retraining a model changes the
    bytes and so the version, so that ``ficlens batch`` reprocesses exactly the works it affects."""
    return f"{code}+{fingerprint(*resources_used)}" if resources_used else str(code)
