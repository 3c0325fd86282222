"""The library's front door: ``read`` a file into a Document, ``analyze`` it (or ``analyze_text`` a string) with a
pipeline configuration, ``write`` it in any output format, or ``process`` files to output files in one call."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .config import PipelineConfig
from .ingest import DEFAULT_MAX_BYTES, from_text
from .ingest import read as _read
from .ingest.hints import hints_from_tags, merge_hints
from .model import CharacterHint, Document
from .pipeline import build_pipeline
from .stages.base import Context, ProgressFn, _no_progress
from .writers import DEFAULT_FORMATS, output_name, resolve_formats, write_json, writer


def read(
    path: str | os.PathLike[str] | bytes, *, format: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read a story file (path, ``-`` for stdin, or bytes) into a Document with metadata and regions."""
    return _read(path, format=format, max_bytes=max_bytes)


def _is_text(value: str) -> bool:
    """A string with a line break (or too long for a path) is a story's text; any other string is a path."""
    return "\n" in value or len(value) > 1024 or not value.strip()


def analyze(
    source: str | os.PathLike[str] | bytes | Document,
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    n_process: int | None = 1,
    config: PipelineConfig | None = None,
    model: str | None = None,
    speaker_scorer: str | None = None,
    pronoun_scorer: str | None = None,
    syntax: bool | None = None,
    characters: bool | None = None,
    hints: Sequence[CharacterHint] | None = None,
    tag_hints: bool = True,
    quotes: Sequence[tuple[int, int, int]] | None = None,
    progress: ProgressFn | None = None,
) -> Document:
    """Read (if needed) and analyse a work: structure, spaCy syntax, characters and point of view.

    ``source`` is a path, ``-``, raw bytes, a Document from :func:`read`, or the story's text itself (a string
    with a line break in it; :func:`analyze_text` takes text without guessing). ``n_process=None`` or ``0``
    uses every core for long works.

    What runs is ``config`` (a :class:`~ficlens.config.PipelineConfig`; default: the default pipeline), with
    any of these keywords given replacing its field: ``model`` (an installed spaCy English pipeline package),
    ``speaker_scorer`` and ``pronoun_scorer`` (scorer names, :mod:`ficlens.stages.scorers`), ``syntax``,
    ``characters``, ``hints`` (characters the caller knows: name and aliases) and ``quotes`` (quotation spans
    ``(start, end, utterance)`` into the read text to attribute instead of finding quotations; the parts of one
    utterance share its number). Unless ``tag_hints`` is False, the work's own character (and relationship) tags
    add hints after the caller's (``ficlens.ingest.hints``).
    """
    config = config_with(
        config,
        model=model,
        speaker_scorer=speaker_scorer,
        pronoun_scorer=pronoun_scorer,
        syntax=syntax,
        characters=characters,
        hints=hints,
        quotes=quotes,
    )
    if isinstance(source, Document):
        doc = source
    elif isinstance(source, str) and _is_text(source):
        doc = from_text(source, path=None, format=format)
    else:
        doc = _read(source, format=format, max_bytes=max_bytes)
    if tag_hints and (doc.meta.characters or doc.meta.relationships):
        tagged = merge_hints(config.hints, hints_from_tags(doc.meta.characters, doc.meta.relationships))
        config = config.replace(hints=tagged)
    ctx = Context(n_process=n_process or 0, progress=progress or _no_progress)
    return build_pipeline(config)(doc, ctx)


def config_with(config: PipelineConfig | None, **fields: object) -> PipelineConfig:
    """``config`` (or the default configuration) with the fields that are given (not None) replaced."""
    base = config or PipelineConfig()
    changes = {name: value for name, value in fields.items() if value is not None}
    return base.replace(**changes) if changes else base


def analyze_text(text: str, **options: Any) -> Document:
    """Analyse a story given as a string (its plain text, or HTML with ``format="html"``): ``analyze``'s keyword
    options apply. Unlike :func:`analyze`, a string is never taken for a path."""
    fmt = options.pop("format", None)
    return analyze(from_text(text, path=None, format=fmt), **options)


Formats = str | Iterable[str]


def write(
    doc: Document,
    output_dir: str | os.PathLike[str],
    formats: Formats = DEFAULT_FORMATS,
    *,
    stem: str | None = None,
    indent: int | None = None,
) -> list[Path]:
    """Write ``doc`` in ``formats`` (``"json,html"``, ``"all"``, or names: ``docs/outputs.md``) into ``output_dir``
    (created when missing) as ``STEM.*``, each file atomically (a reader never sees half a file). ``stem``
    defaults to the input file's name without its extension (``"story"`` when there is none). Returns the
    files written; ValueError names an unknown format."""
    names = resolve_formats(formats)
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = stem or output_name(doc.source.path or "story", set())
    files: list[Path] = []
    for name in names:
        files += write_json(doc, out, stem, indent=indent) if name == "json" else writer(name)(doc, out, stem)
    return files


def process(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    output_dir: str | os.PathLike[str],
    formats: Formats = DEFAULT_FORMATS,
    **options: Any,
) -> dict[str, list[Path]]:
    """Read, analyse and write story files in one call (as BookNLP's ``process``): ``inputs`` is one path or
    several; each work's files are named after its input file (``story.txt`` → ``story.json``; ``story-2`` when
    two inputs share a name). ``options`` are :func:`analyze`'s. Returns each input's files, in input order.
    The first file that cannot be read or analysed raises its ``FiclensError`` (files done before are kept)."""
    paths = [inputs] if isinstance(inputs, str | os.PathLike) else list(inputs)
    names = resolve_formats(formats)
    reading = {key: options.pop(key) for key in ("format", "max_bytes") if key in options}
    taken: set[str] = set()
    done: dict[str, list[Path]] = {}
    for path in paths:
        doc = analyze(read(path, **reading), **options)
        done[os.fspath(path)] = write(doc, output_dir, names, stem=output_name(os.fspath(path), taken))
    return done
