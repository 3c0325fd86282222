"""The library's front door: ``read`` a file into a Document, ``analyze`` it with a pipeline configuration."""

from __future__ import annotations

import os
from collections.abc import Sequence

from .config import PipelineConfig
from .ingest import DEFAULT_MAX_BYTES, from_text
from .ingest import read as _read
from .ingest.hints import hints_from_tags, merge_hints
from .model import CharacterHint, Document
from .pipeline import build_pipeline
from .stages.base import Context, ProgressFn, _no_progress


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
    with a line break in it). ``n_process=None`` or ``0`` uses every core for long works.

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
