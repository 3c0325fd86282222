"""Writers: each projects an analysed Document into one output format; none computes new analysis.

``write(doc, out_dir, stem) -> list[Path]`` writes the files of one format (atomically: a temporary file renamed
into place) and returns their paths. ``ficlens analyze STORY --format json,html,tei,booknlp,gexf`` picks any
subset; ``docs/outputs.md`` describes every format field by field.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from ..model import Document, to_json

Writer = Callable[[Document, Path, str], list[Path]]


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, so a reader never sees half; the
    temporary file is removed when anything fails (the text cannot be encoded, the disk is full)."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8")  # fails before any file exists
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_bytes(raw)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_json(doc: Document, out_dir: Path, stem: str, indent: int | None = None) -> list[Path]:
    return [write_atomic(out_dir / f"{stem}.json", to_json(doc, indent=indent))]


# format name -> "module:function" (imported on first use, so a run that writes JSON only loads nothing else)
_WRITERS: dict[str, str] = {
    "json": "ficlens.writers:write_json",
    "html": "ficlens.writers.html_report:write",
    "tei": "ficlens.writers.tei:write",
    "booknlp": "ficlens.writers.booknlp:write",
    "gexf": "ficlens.writers.network:write_gexf",
    "graphml": "ficlens.writers.network:write_graphml",
    "script": "ficlens.writers.script:write",
}
FORMATS = tuple(_WRITERS)
DEFAULT_FORMATS = ("json",)


def writer(name: str) -> Writer:
    """The writer of output format ``name`` (ValueError for an unknown one)."""
    if name not in _WRITERS:
        raise ValueError(f"unknown output format {name!r}; known: {', '.join(FORMATS)}")
    module, func = _WRITERS[name].split(":")
    fn: Writer = getattr(importlib.import_module(module), func)
    return fn


def parse_formats(spec: str) -> tuple[str, ...]:
    """``"json,html"`` → ``("json", "html")``; ``"all"`` (alone or with others) → every format. ValueError names an
    unknown one."""
    names = [s.strip().lower() for s in spec.split(",") if s.strip()]
    if "all" in names:  # "all,json" is every format too
        names = [*FORMATS, *(n for n in names if n != "all")]
    for n in names:
        if n not in _WRITERS:
            raise ValueError(f"unknown output format {n!r}; known: {', '.join(FORMATS)}, all")
    return tuple(dict.fromkeys(names)) or DEFAULT_FORMATS


def resolve_formats(formats: str | Iterable[str]) -> tuple[str, ...]:
    """A comma-separated string (``parse_formats``) or names (each may be ``"all"``) → format names."""
    if isinstance(formats, str):
        return parse_formats(formats)
    return parse_formats(",".join(formats))


def output_name(label: str, taken: set[str]) -> str:
    """The stem of a work's output files: its input file's name without extension (``stdin`` for ``-``), made
    unique among ``taken`` with ``-2``, ``-3`` … (and added to it)."""
    stem = "stdin" if label == "-" else Path(label).stem or "story"
    name, n = stem, 2
    while name in taken:
        name, n = f"{stem}-{n}", n + 1
    taken.add(name)
    return name


__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "output_name",
    "parse_formats",
    "resolve_formats",
    "write_atomic",
    "write_json",
    "writer",
]
